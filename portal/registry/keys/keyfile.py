"""Private keys on disk: the 32-byte Ed25519 seed, encrypted with a passphrase, mode 0600, never in the repository.

File format (JSON): {"format": KEY_FILE_FORMAT, "key": key id, "public_key": base64url, "kdf": "argon2id",
"opslimit", "memlimit", "salt", "box"}: the seed sealed with XSalsa20-Poly1305 (libsodium secretbox) under a key
derived from the passphrase with Argon2id. A wrong passphrase or a changed file fails to open, loudly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

from portal.errors import KeyFileError
from portal.registry.keys.signing import b64url, from_b64url, key_id_of, public_key_of
from portal.vocab import KEY_FILE_FORMAT

OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_MODERATE
MIN_PASSPHRASE = 12


def refuse_inside(path: Path, repository: Path) -> None:
    resolved, repo = path.resolve(), repository.resolve()
    if resolved == repo or repo in resolved.parents:
        raise KeyFileError(
            f"refusing to write a private key inside the repository ({path}); "
            f"keep private keys outside {repo}, e.g. in ~/.1x-portal/keys/"
        )


def write(
    path: Path, seed: bytes, passphrase: str, *, repository: Path, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT
) -> None:
    refuse_inside(path, repository)
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyFileError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box_key = nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE, passphrase.encode(), salt, opslimit=opslimit, memlimit=memlimit
    )
    public_key = public_key_of(seed)
    content = {
        "format": KEY_FILE_FORMAT,
        "key": key_id_of(public_key),
        "public_key": b64url(public_key),
        "kdf": "argon2id",
        "opslimit": opslimit,
        "memlimit": memlimit,
        "salt": b64url(salt),
        "box": b64url(bytes(nacl.secret.SecretBox(box_key).encrypt(seed))),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never overwrite a key
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(content, out, indent=2)
        out.write("\n")


def read(path: Path, passphrase: str) -> bytes:
    """The seed; KeyFileError if the file is not a key file, the passphrase is wrong or the file was altered."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
        if content.get("format") != KEY_FILE_FORMAT:
            raise KeyFileError(f"{path} is not a private key file of this registry")
        box_key = nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE,
            passphrase.encode(),
            from_b64url(content["salt"]),
            opslimit=content["opslimit"],
            memlimit=content["memlimit"],
        )
        seed = nacl.secret.SecretBox(box_key).decrypt(from_b64url(content["box"]))
    except nacl.exceptions.CryptoError:
        raise KeyFileError(f"cannot open {path}: wrong passphrase, or the file was changed") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyFileError(f"cannot read {path}: {exc}") from None
    if b64url(public_key_of(seed)) != content["public_key"]:
        raise KeyFileError(f"{path}: the sealed key does not match its public key")
    return seed


def public_part(path: Path) -> dict:
    """Key id and public key of a key file (readable without the passphrase)."""
    content = json.loads(Path(path).read_text(encoding="utf-8"))
    return {"key": content["key"], "public_key": content["public_key"]}
