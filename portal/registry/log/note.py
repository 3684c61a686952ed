"""C2SP signed notes (Ed25519) and tlog checkpoints, written from c2sp.org/signed-note and c2sp.org/tlog-checkpoint.

A verifier key (vkey) is `<name>+<hex key id>+<base64(0x01 || public key)>`; the key id is the first four bytes of
SHA-256(name || 0x0A || 0x01 || public key). A note is its text (ending in a newline), a blank line, and lines
`— <name> <base64(key id || signature)>`. A checkpoint is a note whose text is origin, tree size, root hash.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from typing import ClassVar

from portal.errors import VerificationError
from portal.registry.keys.signing import public_key_of, sign_bytes, verify_bytes

ED25519 = b"\x01"
MAX_SIGNATURES = 16
_NAME = re.compile(r"[^\s+]+\Z")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise VerificationError(f"not standard base64: {text[:20]}…") from exc


def key_id(name: str, public_key: bytes, kind: bytes = ED25519) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + kind + public_key).digest()[:4]


@dataclass(frozen=True)
class Verifier:
    """A note verifier key: a name and an Ed25519 public key, of signature type KIND (0x01, a note's signer; a
    witness's cosignature key is 0x04, cosignature.Cosigner)."""

    name: str
    public_key: bytes
    KIND: ClassVar[bytes] = ED25519

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.public_key, self.KIND)

    @property
    def vkey(self) -> str:
        return f"{self.name}+{self.id.hex()}+{_b64(self.KIND + self.public_key)}"

    @classmethod
    def of_vkey(cls, vkey: str) -> Verifier:
        """ValueError if the text is not a vkey of this signature type whose id matches its name and key."""
        parts = vkey.split("+", 2)  # the key material is base64, which may hold "+"
        if len(parts) != 3 or not _NAME.match(parts[0]) or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
            raise VerificationError("a verifier key is <name>+<8 hex digits>+<base64 key>")
        material = _unb64(parts[2])
        if len(material) != 33 or material[:1] != cls.KIND:
            raise VerificationError(
                f"only Ed25519 keys of signature type 0x{cls.KIND.hex()} (a 32-byte key) are accepted"
            )
        verifier = cls(parts[0], material[1:])
        if verifier.id.hex() != parts[1]:
            raise VerificationError("the key id does not match the key name and public key")
        return verifier


def sign_note(text: str, name: str, seed: bytes) -> str:
    if not text.endswith("\n") or not _NAME.match(name):
        raise VerificationError("a note text ends in a newline, and a key name has no spaces or '+'")
    signature = key_id(name, public_key_of(seed)) + sign_bytes(seed, text.encode("utf-8"))
    return f"{text}\n— {name} {_b64(signature)}\n"


def split_note(note: str) -> tuple[str, list[str]]:
    """(text, signature lines) of a signed note; ValueError if it is not one."""
    if len(note) > 1_000_000 or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise VerificationError("a note is UTF-8 text without control characters")
    at = note.rfind("\n\n")
    if at < 0 or not note.endswith("\n"):
        raise VerificationError("a note is its text, a blank line, then signature lines")
    lines = note[at + 2 : -1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise VerificationError(f"more than {MAX_SIGNATURES} signatures")
    return note[: at + 1], lines


def open_note(note: str, verifier: Verifier) -> str:
    """The text of a note that the verifier's key signed; ValueError otherwise (signatures of other keys are
    ignored, as the spec requires; a failing signature of this key rejects the note)."""
    text, lines = split_note(note)
    verified = False
    for line in lines:
        match = re.fullmatch(r"— (\S+) (\S+)", line)
        if not match:
            raise VerificationError(f"not a signature line: {line[:40]!r}")
        name, signature = match[1], _unb64(match[2])
        if name != verifier.name or signature[:4] != verifier.id:
            continue
        if len(signature) != 68 or not verify_bytes(verifier.public_key, text.encode("utf-8"), signature[4:]):
            raise VerificationError(f"the signature of {name} does not verify")
        verified = True
    if not verified:
        raise VerificationError(f"no signature of {verifier.name} on the note")
    return text


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{_b64(self.root)}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "" or not all(lines[:-1]):
            raise VerificationError("a checkpoint has origin, size and root hash lines")
        if not re.fullmatch(r"0|[1-9][0-9]{0,19}", lines[1]):
            raise VerificationError(f"tree size {lines[1][:20]!r} is not a decimal number")
        root = _unb64(lines[2])
        if len(root) != 32:
            raise VerificationError("the root hash is not 32 bytes")
        return cls(lines[0], int(lines[1]), root)

    @classmethod
    def open(cls, note: str, verifier: Verifier, origin: str) -> Checkpoint:
        """A signed checkpoint of this log; ValueError if the signature or the origin is not the expected one."""
        checkpoint = cls.parse(open_note(note, verifier))
        if checkpoint.origin != origin:
            raise VerificationError(f"checkpoint origin {checkpoint.origin!r} is not this log's {origin!r}")
        return checkpoint
