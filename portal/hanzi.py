"""Characters a reader may not see: those outside 通用规范汉字表 (2013), or outside the basic CJK block.

A holder's name is compared with the ID card by eye. A character that the reader's fonts lack shows as an empty
box, so wherever a verified field is shown (the verify page, the single file, the batch page and their printed
reports, and the CLI) each such character is marked with its code point (U+20BB7), which can be checked even where
the glyph cannot.

Plain, and shown as it is: printable ASCII, the middle dot of transcribed names, and the table's characters in the
basic CJK Unified Ideographs block (U+4E00–U+9FFF). Everything else is marked, including the table's 273 characters
from the extension blocks (䶮 U+4DAE, 𬌗 U+2C317), which common fonts often lack, and any letter that only looks
like a Latin or CJK one. The table is portal/reference/tongyong_guifan_hanzi.txt (scripts/import_common_hanzi.py
says where it comes from); the browser reads the same set from theme/verifier/vocab.js (COMMON_HANZI).
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path

from portal.vocab import MIDDLE_DOT

TABLE = Path(__file__).resolve().parent / "reference" / "tongyong_guifan_hanzi.txt"
TABLE_SIZE = 8105
BASIC = (0x4E00, 0x9FFF)  # CJK Unified Ideographs: the block every CJK font covers


@functools.cache
def table() -> dict[str, int]:
    """The table's characters with their numbers (序号), 1 to 8,105."""
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            number, point, char = line.split("\t")
            rows[char] = int(number)
    return rows


@functools.cache
def _basic_common() -> frozenset[str]:
    return frozenset(char for char in table() if BASIC[0] <= ord(char) <= BASIC[1])


def plain(char: str) -> bool:
    """Whether a reader sees this character as it is (see the module's doc)."""
    return " " <= char <= "~" or char == MIDDLE_DOT or char in _basic_common()


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def uncommon(text: str) -> list[str]:
    """The characters of text to mark, once each, in order."""
    return list(dict.fromkeys(char for char in text if not plain(char)))


def marked(text: str) -> str:
    """text with each character to mark followed by its code point: 𠮷祥 -> 𠮷(U+20BB7)祥."""
    return "".join(char if plain(char) else f"{char}({code_point(char)})" for char in text)


def bitmap() -> str:
    """The basic block's common characters as a bitmap (bit i: U+4E00 + i, least significant bit first), base64:
    3.5 KB for the browser instead of 24 KB of characters."""
    bits = bytearray((BASIC[1] - BASIC[0] + 1) // 8)
    for char in _basic_common():
        offset = ord(char) - BASIC[0]
        bits[offset // 8] |= 1 << (offset % 8)
    return base64.b64encode(bytes(bits)).decode("ascii")
