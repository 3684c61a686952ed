"""C2SP tlog-cosignature, Ed25519 (`cosignature/v1`), written from c2sp.org/tlog-cosignature.

A witness (cosigner) states that, as of a time, the checkpoint is the largest consistent tree it has seen for the log.
Its cosignature is a note signature line on the checkpoint:

    — <witness name> base64(key id || u64 big-endian timestamp || Ed25519 signature)

where the key id is SHA-256(name || 0x0A || 0x04 || public key)[:4] and the signature is over

    cosignature/v1
    time <timestamp>
    <the checkpoint's text: origin, size, root hash and any extension lines>

The spec prefers ML-DSA-44 for new deployments; this registry uses the Ed25519 type, which every verifier here (the
browser's WebCrypto or noble, Python's ed25519) already has. A verifier counts the cosignatures of the witnesses its
policy names (portal/registry/keys/trust.py WitnessKey) and ignores any other signature line, as the spec says.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import ClassVar

from portal.errors import VerificationError
from portal.registry.keys.signing import sign_bytes, verify_bytes
from portal.registry.keys.trust import WitnessPolicy
from portal.registry.log.note import Verifier, key_id, split_note

COSIGNATURE_V1 = b"\x04"
HEADER = "cosignature/v1"
MAX_TIMESTAMP = 2**63 - 1
_LINE = re.compile(r"— (\S+) ([A-Za-z0-9+/=]+)\Z")


def signed_message(text: str, timestamp: int) -> bytes:
    """What a cosignature signs: the header line, the time line, then the checkpoint's text (ending in a newline)."""
    return f"{HEADER}\ntime {timestamp}\n{text}".encode()


@dataclass(frozen=True)
class Cosigner(Verifier):
    """A witness as a verifier knows it: the name its signature lines carry and its Ed25519 public key; its vkey has
    signature type 0x04, the spec's encoding of a cosigner key."""

    KIND: ClassVar[bytes] = COSIGNATURE_V1


def of_policy(policy: WitnessPolicy) -> list[Cosigner]:
    """The witnesses of the root's policy, as a verifier counts their cosignatures."""
    return [Cosigner(w.name, w.public_key_bytes) for w in policy.witnesses]


def cosign(text: str, name: str, seed: bytes, public_key: bytes, timestamp: int) -> str:
    """The cosignature line (ending in a newline) of `name` on a checkpoint's text, at a POSIX time."""
    if not 0 < timestamp <= MAX_TIMESTAMP:
        raise VerificationError(f"a cosignature's time is a POSIX timestamp from 1 to 2^63-1, got {timestamp}")
    signature = sign_bytes(seed, signed_message(text, timestamp))
    blob = key_id(name, public_key, COSIGNATURE_V1) + timestamp.to_bytes(8, "big") + signature
    return f"— {name} {base64.b64encode(blob).decode('ascii')}\n"


def cosigned(note: str, cosigners: list[Cosigner]) -> dict[str, int]:
    """The witnesses of `cosigners` whose cosignature on the note verifies, with its timestamp: {name: time}.

    Lines of other keys (the log's own signature, unknown witnesses) are ignored; a line that carries a listed
    witness's name and key id but does not verify makes the note malformed (VerificationError), as in the spec."""
    text, lines = split_note(note)
    found: dict[str, int] = {}
    for line in lines:
        match = _LINE.fullmatch(line)
        if not match:
            raise VerificationError(f"not a signature line: {line[:40]!r}")
        try:
            blob = base64.b64decode(match[2], validate=True)
        except ValueError:
            raise VerificationError(f"a signature of {match[1]} is not standard base64") from None
        for cosigner in cosigners:
            if match[1] != cosigner.name or blob[:4] != cosigner.id:
                continue
            timestamp = int.from_bytes(blob[4:12], "big")
            if len(blob) != 76 or not 0 < timestamp <= MAX_TIMESTAMP:
                raise VerificationError(f"the cosignature of {cosigner.name} is not a timestamped Ed25519 signature")
            if not verify_bytes(cosigner.public_key, signed_message(text, timestamp), blob[12:]):
                raise VerificationError(f"the cosignature of {cosigner.name} does not verify")
            found[cosigner.name] = max(timestamp, found.get(cosigner.name, 0))
    return found
