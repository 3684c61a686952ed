"""Ed25519 signatures over RFC 8785 (JCS) canonical JSON, and the byte encodings the registry uses.

Every signed object carries a "type" naming what it is ("1x-portal/record/v1", …): a signature made for one kind of
object can never be replayed as another. Canonical JSON is RFC 8785, from the maintained `rfc8785` package
(json.dumps(sort_keys=True) differs from it on numbers such as 56.0 and on key order outside the BMP).
Signing and verifying use libsodium through PyNaCl, which rejects non-canonical S and small-order R and A.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

import rfc8785
from nacl.exceptions import BadSignatureError
from nacl.exceptions import ValueError as NaclValueError
from nacl.signing import SigningKey, VerifyKey

from portal.errors import VerificationError

SEED_BYTES = PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON as UTF-8 bytes."""
    return rfc8785.dumps(value)


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def b64url(data: bytes) -> str:
    """base64url without padding (RFC 4648 §5)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: str, length: int | None = None) -> bytes:
    """Strict inverse of b64url: no padding, no other alphabet, and the one canonical spelling of the bytes."""
    if not is_b64url(text):
        raise VerificationError("not base64url text without padding, in its canonical spelling")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))  # the alphabet was checked: nothing is dropped
    if length is not None and len(data) != length:
        raise VerificationError(f"expected {length} bytes, got {len(data)}")
    return data


def is_b64url(text: object, length: int | None = None) -> bool:
    """Is text the canonical unpadded base64url of some bytes (of `length` bytes, if given)? Checked without
    decoding (it runs for every record): the alphabet, a possible length, and the unused low bits of the last
    character all zero, which is exactly what makes a spelling canonical."""
    if not isinstance(text, str) or not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        return False
    if length is not None and len(text) != -(-length * 4 // 3):
        return False
    unused = (0, 0, 4, 2)[len(text) % 4]
    return not (unused and _B64URL_VALUE[text[-1]] & ((1 << unused) - 1))


_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_B64URL_VALUE = {c: n for n, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}


def key_id_of(public_key: bytes) -> str:
    """A key's id: the first 8 bytes of SHA-256 of the raw public key, hex. Binds the id to the key."""
    return sha256(public_key)[:8].hex()


def public_key_of(seed: bytes) -> bytes:
    return bytes(SigningKey(seed).verify_key)


def sign(seed: bytes, value: Any) -> str:
    """The base64url Ed25519 signature of the canonical JSON of value."""
    return b64url(SigningKey(seed).sign(canonical(value)).signature)


def sign_bytes(seed: bytes, message: bytes) -> bytes:
    return SigningKey(seed).sign(message).signature


def verify_bytes(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 verification, strict: False for any bad key, signature or message, never an exception."""
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        VerifyKey(public_key).verify(message, signature)
    except (BadSignatureError, NaclValueError, ValueError, TypeError):
        return False
    return True


def verify(public_key: bytes, value: Any, signature: str) -> bool:
    """Does signature (base64url) sign the canonical JSON of value under public_key?"""
    return verify_signature(public_key, canonical(value), signature)


def verify_signature(public_key: bytes, message: bytes, signature: str) -> bool:
    """Does signature (base64url) sign these bytes under public_key?"""
    try:
        raw = from_b64url(signature, SIGNATURE_BYTES)
    except ValueError:
        return False
    return verify_bytes(public_key, message, raw)
