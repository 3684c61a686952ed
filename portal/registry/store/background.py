"""Work of a build that can run in a process of its own while the build goes on (the lookup store, the log).

A large registry keeps both cores busy only if the store's checks and shards and the log's tiles are written beside
the pages; a small one gains nothing from a process. The process is forked, so it starts with the parent's modules;
it opens its own connection to the record database (a connection is never shared across a fork).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

from portal.registry.log.ledger import Batch, offsets
from portal.registry.store.record_db import RecordDb

T = TypeVar("T")

APART = 50_000  # records from which the store, the log and the store's two halves of shards each get a process


def start(apart: bool, work: Callable[..., T], db: RecordDb, batches: list[Batch], *args: object) -> Callable[[], T]:
    """work(db, batches, *args), here and now or, if apart, in a forked process with a connection of its own to the
    same database (db must then be a file); the function returned gives its result (and raises what it raised)."""
    if not apart:
        result = work(db, batches, *args)
        return lambda: result
    pool = ProcessPoolExecutor(1, mp_context=get_context("fork"))
    future = pool.submit(_with_own_connection, work, db.path, batches, *args)
    pool.shutdown(wait=False)
    return future.result


def _with_own_connection(work: Callable[..., T], path: Path, batches: list[Batch], *args: object) -> T:
    db = RecordDb(path)
    db.use(offsets(batches))
    return work(db, batches, *args)
