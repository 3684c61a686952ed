"""Output kept in the cache between builds, and what it was made from, so a build writes only what is new.

A kept folder (the log's tiles, the lookup store's shards) has a state file beside it (<folder>.state.json) naming the batches it holds, in log
order (ledger.Batch.id), and the facts its layout depends on. A build whose batches start with those batches, with
the same facts, appends to it; any other build (a first one, another history, new facts, a state left by a build
that stopped half-way) empties it and writes it whole. Both give the same bytes: tests/test_scale.py builds both
ways and compares them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from portal.files import write_text_atomically
from portal.memo import code_digest


class KeptFolder:
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
