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


def write_store(rows: list[Record], folder: Path) -> dict:
    """Write index.json and every shard (each an array of rows, in the order of "fields"). Returns the index."""
    bits = shard_bits(len(rows))
    shards: list[list[list[str]]] = [[] for _ in range(1 << bits)]
    for row in sorted(rows, key=lambda r: r.lookup):
        shards[shard_of(row.lookup, bits)].append(row)
    index = {
        "format": STORE_FORMAT,
        "count": len(rows),
        "shard_bits": bits,
        "shards": len(shards),
        "fields": list(Record._fields),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for number, shard in enumerate(shards):
        path = folder / shard_path(number)
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(shard, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (folder / "index.json").write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return index


def find(folder: Path, lookup: str) -> Record | None:
    """Read the one shard that may hold lookup (what the browser does), and the row if it is there."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    shard = json.loads((folder / shard_path(shard_of(lookup, index["shard_bits"]))).read_text(encoding="utf-8"))
    return next((record for record in map(Record._make, shard) if record.lookup == lookup), None)
