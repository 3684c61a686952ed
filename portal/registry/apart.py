"""Work of a build that can run in a process of its own while the build goes on (the lookup store, the log).

A large registry keeps both cores busy only if the store's checks and shards and the log's tiles are written beside
the pages; a small one gains nothing from a process. The process is forked, so it starts with the parent's modules;
it opens its own connection to the record database (a connection is never shared across a fork).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")


def start(apart: bool, work: Callable[..., T], *args: object) -> Callable[[], T]:
    """work(*args), here and now or, if apart, in a forked process; the function returned gives its result (and
    raises what it raised)."""
    if not apart:
        result = work(*args)
        return lambda: result
    pool = ProcessPoolExecutor(1, mp_context=get_context("fork"))
    future = pool.submit(work, *args)
    pool.shutdown(wait=False)
    return future.result
