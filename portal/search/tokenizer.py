"""The search tokenizer, specified once here and mirrored exactly by theme/search/tokenizer.js.

1. NFKC, then lower case (full-width Ｗｅｂ becomes web, ① becomes 1).
2. Walk the text by code point and sort each into one of three classes:
   - CJK: the Han ranges in CJK_RANGES, plus kana and Hangul;
   - word: any other letter, mark or number (Unicode categories L*, M*, N*);
   - separator: everything else (spaces, punctuation, symbols such as + and #).
3. A run of word characters is one token, kept whole ("vue", "5g", "b2b").
4. A run of CJK characters becomes its overlapping bigrams (前端开发 -> 前端 端开 开发); a run of one is kept as it is.

Bigrams make any two-character substring findable without a dictionary, the same way at index and at query time.
Golden vectors: tests/vectors/tokenizer.json, checked by the Python and the JavaScript tests.
"""

from __future__ import annotations

import unicodedata

# Han ideographs (CJK Unified, Extensions A-I, compatibility), 々 〆 〇, kana, Hangul syllables; inclusive.
CJK_RANGES = (
    (0x3005, 0x3007),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x323AF),
)


def is_cjk(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in CJK_RANGES)


def char_class(char: str) -> str:
    if is_cjk(char):
        return "cjk"
    return "word" if unicodedata.category(char)[0] in "LMN" else "sep"


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[tuple[str, str]]:
    """(class, run) for each maximal run of CJK or word characters of the normalized text, in order."""
    found: list[tuple[str, str]] = []
    current, start = "sep", 0
    text = normalize(text)
    for position, char in enumerate(text + " "):
        kind = char_class(char)
        if kind != current:
            if current != "sep":
                found.append((current, text[start:position]))
            current, start = kind, position
    return found


def tokens(text: str) -> list[str]:
    """The search terms of text, in order, repeats kept (term frequency matters to ranking)."""
    out: list[str] = []
    for kind, run in runs(text):
        if kind == "word" or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def compact(text: str) -> str:
    """The normalized text with separators removed: what 'the same name' means when ranking exact matches."""
    return "".join(run for _, run in runs(text))
