"""What a build keeps in its cache folder, in one place, in two forms, both keyed by the portal's own source too (a
change of code is a change of input):
- remembered(): a result kept under the digest of everything it is made from (the charts drawn by vl-convert, the
  search index built by lunr.py, the esbuild bundles): a build that changed none of its inputs reads it;
- KeptFolder: output kept between builds and appended to (the log's tiles, the lookup store's shards).
Without a cache folder, everything is made afresh."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
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


class KeptFolder:
    """Output kept in the cache between builds, and what it was made from, so a build writes only what is new.

    A kept folder has a state file beside it (<folder>.state.json) naming the batches it holds, in log order
    (ledger.Batch.id), and the facts its layout depends on. A build whose batches start with those batches, with the
    same facts, appends to it; any other build (a first one, another history, new facts, a state left by a build
    that stopped half-way) empties it and writes it whole. Both give the same bytes: tests/registry/test_scale.py builds
    both ways and compares them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.state = folder.parent / f"{folder.name}.state.json"

    def previous(self, ids: list[str], **facts: object) -> dict | None:
        """The state to append to, or None (and the folder emptied) when this build must write everything. The
        portal's code is one of the facts: after any change of code the folder is written whole once."""
        self.facts = {**facts, "code": code_digest().hex()}
        try:
            state = json.loads(self.state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        usable = (
            isinstance(state, dict)
            and isinstance(state.get("ids"), list)
            and ids[: len(state["ids"])] == state["ids"]
            and all(state.get(name) == value for name, value in self.facts.items())
        )
        if not usable:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.state.unlink(missing_ok=True)  # while it is written, the folder matches no state
        return state if usable else None

    def done(self, ids: list[str], **more: object) -> None:
        """The folder now holds these batches: its state is them, the facts given to previous() and `more`."""
        write_text_atomically(self.state, json.dumps({"ids": ids, **self.facts, **more}, separators=(",", ":")))
