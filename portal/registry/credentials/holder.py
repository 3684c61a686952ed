"""What is printed on a certificate and never published: number, holder name, verification code.

The public registry holds only values derived from them:
- lookup id  = first 16 bytes of SHA-256(JCS {type: LOOKUP_TYPE, number, code}), hex: finds the record;
- commitment = SHA-256(JCS {type: COMMITMENT_TYPE, number, name, code}), base64url: binds the name.
Without the 60-bit random code neither can be recomputed, so the registry does not even tell whether a number
exists. Inputs are normalised first, identically here and in the browser (theme/verifier/holder.js; the shared
vectors in tests/vectors/normalize.json hold both to it). The rules use only what both languages agree on: an
explicit list of spaces (not str.split() or JS \\s, which differ), ASCII-only upper-casing, code-point lengths.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from portal.errors import PortalError
from portal.registry.keys.signing import b64url, canonical, sha256
from portal.vocab import COMMITMENT_TYPE, LOOKUP_TYPE, MIDDLE_DOT, NAME_DOTS, NAME_REFUSED, NAME_STOPS, NAME_WIDE

# Crockford base32: no I, L, O, U; read I and L as 1, O as 0; case-insensitive; hyphens and spaces ignored.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 bits
_CODE_READS = str.maketrans({"I": "1", "L": "1", "O": "0"})
MAX_NUMBER_LENGTH = 40
MAX_NAME_LENGTH = 60
FORBIDDEN = "\x1f"  # the field separator of the compact encoding
# Spaces removed from numbers and codes and trimmed from names: Unicode White_Space plus U+FEFF (a BOM pasted in).
SPACES = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SPACE = re.compile(f"[{SPACES}]+")
_TRIM = re.compile(f"^[{SPACES}]+|[{SPACES}]+$")
_NUMBER = re.compile(r"[!-~]+\Z")  # printable ASCII after NFKC (full-width digits typed on a Chinese IME become ASCII)
# The name rules' characters (refused, middle dots, full stops, wide scripts) are in portal/vocab.py.


HOLDER_ERRORS = {
    "number": f"证书编号应为 1–{MAX_NUMBER_LENGTH} 个字母、数字或符号",
    "name": f"姓名应为 1–{MAX_NAME_LENGTH} 个字符，不含控制字符、零宽字符或方向控制字符（请删除后重试）",
    "code": f"验证码应为 {CODE_LENGTH} 位（数字与字母，不含 U），如 7K2M-9QXR-4HTB",
}


class HolderError(PortalError, ValueError):
    """A holder field that cannot be normalised; field is number, name or code (see HOLDER_ERRORS)."""

    def __init__(self, field: str):
        super().__init__(HOLDER_ERRORS[field])
        self.field = field


def new_code(random_bytes=secrets.token_bytes) -> str:
    """A fresh random verification code (60 bits from the OS CSPRNG unless told otherwise)."""
    number = int.from_bytes(random_bytes(8), "big") >> 4
    return "".join(CODE_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))


def normalize_code(text: str) -> str:
    code = _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("-", "")
    if not code.isascii() or len(code) != CODE_LENGTH:
        raise HolderError("code")
    code = code.upper().translate(_CODE_READS)
    if any(c not in CODE_ALPHABET for c in code):
        raise HolderError("code")
    return code


def format_code(code: str) -> str:
    """As printed: three groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_number(text: str) -> str:
    number = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    if not _NUMBER.match(number) or len(number) > MAX_NUMBER_LENGTH:
        raise HolderError("number")
    return number.upper()


def trim_spaces(text: str) -> str:
    return _TRIM.sub("", text)


def utf16_length(text: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units), for limits both verifiers apply alike."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _in(ranges: tuple, char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in ranges)


def _wide(char: str) -> bool:
    return char == MIDDLE_DOT or _in(NAME_WIDE, char)


def normalize_name(text: str) -> str:
    """The one canonical form of a holder name (README, "Names"): NFC; refused characters; spaces collapsed and
    trimmed; middle dots folded; spaces next to CJK characters dropped. The same in theme/verifier/holder.js."""
    name = unicodedata.normalize("NFC", text)
    if any(_in(NAME_REFUSED, char) for char in name):
        raise HolderError("name")
    chars = list(trim_spaces(_SPACE.sub(" ", name)))
    for i, char in enumerate(chars):
        if char in NAME_DOTS or (char in NAME_STOPS and _wide_near(chars, i)):
            chars[i] = MIDDLE_DOT
    kept = [
        char
        for i, char in enumerate(chars)
        if char != " " or not (_wide(chars[i - 1]) or _wide(chars[i + 1]))  # never at either end: trimmed
    ]
    if not kept or len(kept) > MAX_NAME_LENGTH:
        raise HolderError("name")
    return "".join(kept)


def _wide_near(chars: list[str], i: int) -> bool:
    """Whether the nearest character before or after position i, past at most one space, is a CJK character."""
    for step in (-1, 1):
        j = i + step
        if 0 <= j < len(chars) and chars[j] == " ":
            j += step
        if 0 <= j < len(chars) and chars[j] != MIDDLE_DOT and _wide(chars[j]):
            return True
    return False


@dataclass(frozen=True)
class Holder:
    """Normalised on construction, so two spellings of the same certificate give the same ids."""

    number: str
    name: str
    code: str

    @classmethod
    def of(cls, number: str, name: str, code: str) -> Holder:
        return cls(normalize_number(number), normalize_name(name), normalize_code(code))

    @property
    def lookup(self) -> str:
        return sha256(canonical({"type": LOOKUP_TYPE, "number": self.number, "code": self.code}))[:16].hex()

    @property
    def commitment(self) -> str:
        return b64url(
            sha256(canonical({"type": COMMITMENT_TYPE, "number": self.number, "name": self.name, "code": self.code}))
        )
