"""Multibase base58btc and Multikey encodings used by W3C Data Integrity (did:key, publicKeyMultibase, proofValue)."""

from __future__ import annotations

from portal.errors import VerificationError

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUBLIC = b"\xed\x01"  # multicodec ed25519-pub
ED25519_PRIVATE = b"\x80\x26"  # multicodec ed25519-priv


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = ALPHABET[digit] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def from_base58btc(text: str) -> bytes:
    number = 0
    for char in text:
        digit = ALPHABET.find(char)
        if digit < 0:
            raise VerificationError(f"not base58btc: {char!r}")
        number = number * 58 + digit
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode(data: bytes) -> str:
    """Multibase base58btc: 'z' + base58btc."""
    return "z" + base58btc(data)


def decode(text: str) -> bytes:
    if not text.startswith("z"):
        raise VerificationError("only multibase base58btc ('z…') is supported")
    return from_base58btc(text[1:])


def multikey(public_key: bytes) -> str:
    """An Ed25519 public key as a Multikey publicKeyMultibase (z6Mk…)."""
    return encode(ED25519_PUBLIC + public_key)


def public_key_of_multikey(text: str) -> bytes:
    data = decode(text)
    if data[:2] != ED25519_PUBLIC or len(data) != 34:
        raise VerificationError("not an Ed25519 Multikey public key")
    return data[2:]


def seed_of_private_multikey(text: str) -> bytes:
    data = decode(text)
    if data[:2] != ED25519_PRIVATE or len(data) != 34:
        raise VerificationError("not an Ed25519 Multikey secret key")
    return data[2:]
