"""The public lookup store: verified records as sharded JSON under verify/records/, found by lookup id.

A verifier that knows a lookup id fetches exactly one shard: index.json gives the number of prefix bits; the
shard of a lookup id is the top `bits` bits of its first four hex digits, at records/<hh>/<hh>.json (two folder
levels, at most 256 files per folder). Every shard exists, even an empty one, so a fetch tells nothing about
whether a given id is registered. Shards hold about SHARD_TARGET records: a few KB gzip each.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from portal.registry.records import Record
from portal.vocab import STORE_FORMAT

SHARD_TARGET = 128
MAX_BITS = 16


def shard_bits(count: int) -> int:
    return min(MAX_BITS, max(0, math.ceil(math.log2(max(count, 1) / SHARD_TARGET))))


def shard_of(lookup: str, bits: int) -> int:
    return int(lookup[:4], 16) >> (MAX_BITS - bits)


def shard_path(index: int) -> str:
    digits = f"{index:04x}"
    return f"{digits[:2]}/{digits[2:]}.json"


FIELDS = [*Record._fields, "log"]  # a record's columns, then its index in the transparency log


def store_index(rows: list[Record]) -> dict:
    """index.json: what a verifier needs to find a shard and read its rows."""
    bits = shard_bits(len(rows))
    return {"format": STORE_FORMAT, "count": len(rows), "shard_bits": bits, "shards": 1 << bits, "fields": FIELDS}


def write_store(rows: list[Record], folder: Path, positions: dict[str, int]) -> dict:
    """Write every shard (each an array of rows, in the order of "fields") and index.json. Returns the index."""
    index = store_index(rows)
    shards: list[list] = [[] for _ in range(index["shards"])]
    for row in sorted(rows, key=lambda r: r.lookup):
        shards[shard_of(row.lookup, index["shard_bits"])].append([*row, positions[row.lookup]])
    folder.mkdir(parents=True, exist_ok=True)
    for number, shard in enumerate(shards):
        path = folder / shard_path(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(shard, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return index


def find(folder: Path, lookup: str) -> Record | None:
    """Read the one shard that may hold lookup (what the browser does), and the row if it is there."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    shard = json.loads((folder / shard_path(shard_of(lookup, index["shard_bits"]))).read_text(encoding="utf-8"))
    return next((Record._make(row[: len(Record._fields)]) for row in shard if row[1] == lookup), None)
