"""Results kept in the cache folder under the digest of everything they are made from: a build that changed none
of their inputs reads them instead of making them again (the charts, drawn by vl-convert; the search index, built
by lunr.py). The digest covers the inputs given and the portal's own source, so a change of code is a change of
input too. Without a cache folder, everything is made afresh."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

import portal
from portal.files import write_text_atomically


@functools.cache
def code_digest() -> bytes:
    """SHA-256 of the portal package's source, read once per process."""
    digest = hashlib.sha256()
    for path in sorted(Path(portal.__file__).parent.rglob("*.py")):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def remembered(cache: str | None, kind: str, inputs: bytes, make: Callable[[], str]) -> str:
    """make(), or what it gave before for the same inputs (kept in <cache>/<kind>/)."""
    if not cache:
        return make()
    path = Path(cache) / kind / f"{hashlib.sha256(code_digest() + inputs).hexdigest()}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = make()
        write_text_atomically(path, text)
        return text
