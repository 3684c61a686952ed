"""The public lookup store: verified records as sharded JSON under verify/records/, found by lookup id.

A verifier that knows a lookup id fetches exactly one shard: index.json gives the number of prefix bits; the
shard of a lookup id is the top `bits` bits of its first four hex digits, at records/<hh>/<hh>.json (two folder
levels, at most 256 files per folder). Every shard exists, even an empty one, so a fetch tells nothing about
whether a given id is registered. Shards hold about SHARD_TARGET records: a few KB gzip each.

Every byte a verifier reads is signed. Each folder of shards has a file `digests`: the SHA-256 of each of its
shards, in order, 32 bytes each. index.json lists the SHA-256 of every folder's `digests` (`digests`, in hex), and
the signed snapshot lists the SHA-256 of index.json. A reader checks the chain, index -> the folder's digests ->
the shard, before it reads a row (`find`): a shard missing, altered, stale or swapped makes the lookup fail (the
verdict is then unconfirmed), never "not registered". A lookup reads index.json, one digests file (8 KB when the
folder is full) and one shard.

A row keeps only the first COMMITMENT_PREFIX characters of the record's commitment (48 bits of 256): whoever looks
a record up has the holder's number, name and code and computes the whole commitment; the prefix tells a wrong
name from a forgery, and the signature and the log's inclusion proof, checked over the whole record, do the rest.
The commitment is 35 of the 140 bytes a row took gzipped; the whole records stay in the log.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from portal.cache import KeptFolder
from portal.errors import Problem, VerificationError
from portal.files import write_bytes_atomically, write_text_atomically
from portal.registry.credentials.records import Record
from portal.registry.log.ledger import Batch
from portal.registry.store.background import APART, start
from portal.registry.store.loading import Registry, check_lookups
from portal.registry.store.record_db import RecordDb
from portal.vocab import COMMITMENT_PREFIX, STORE_FORMAT

SHARD_TARGET = 128
MAX_BITS = 16
PER_FOLDER = 256  # shards per folder: shard_path's second level
DIGESTS = "digests"  # in each folder: the SHA-256 of each shard, in order


def shard_bits(count: int) -> int:
    return min(MAX_BITS, max(0, math.ceil(math.log2(max(count, 1) / SHARD_TARGET))))


def shard_of(lookup: str, bits: int) -> int:
    return int(lookup[:4], 16) >> (MAX_BITS - bits)


def shard_path(index: int) -> str:
    digits = f"{index:04x}"
    return f"{digits[:2]}/{digits[2:]}.json"


def folders_of(bits: int) -> int:
    """How many folders the shards of a store with these bits fill (the last shard's folder, plus one)."""
    return ((1 << bits) - 1) // PER_FOLDER + 1


def digests_path(folder: int) -> str:
    return f"{folder:02x}/{DIGESTS}"


def shards_in(folder: int, bits: int) -> range:
    return range(folder * PER_FOLDER, min((folder + 1) * PER_FOLDER, 1 << bits))


class StoreRow(NamedTuple):
    """A row of a shard: a record with its commitment cut to a prefix, and its index in the transparency log."""

    organisation: str
    lookup: str
    commitment_prefix: str
    certificate: str
    level: str
    issued: str
    key: str
    signature: str
    log: int

    @classmethod
    def of(cls, values: list) -> StoreRow | None:
        """The row from a shard's JSON array; None if it has not the shape of one."""
        if len(values) != len(cls._fields) or not all(isinstance(v, str) for v in values[:-1]):
            return None
        if not isinstance(values[-1], int) or isinstance(values[-1], bool):
            return None
        return cls(*values)

    def record(self, commitment: str) -> Record | None:
        """The whole record, given the commitment computed from the holder's data; None if it is not this row's."""
        if not commitment.startswith(self.commitment_prefix):
            return None
        return Record(self.organisation, self.lookup, commitment, *self[3:8])

    def stands_for(self, record: Record) -> bool:
        return self.record(record.commitment) == record


FIELDS = list(StoreRow._fields)


def store_index(count: int, digests: list[str]) -> dict:
    """index.json: what a verifier needs to find a shard, check it and read its rows. digests: the SHA-256 (hex) of
    each folder's digests file."""
    bits = shard_bits(count)
    return {
        "format": STORE_FORMAT,
        "count": count,
        "shard_bits": bits,
        "shards": 1 << bits,
        "fields": FIELDS,
        "digests": digests,
    }


def shard_text(rows: list[tuple[str, str, int]]) -> str:
    """A shard's JSON: an array of rows (FIELDS), from (organisation, record line, log index).

    Written out directly: a verified line's values are plain (letters, digits, - and _: Record.check_form), so
    they need no escaping. tests/registry/test_scale.py holds it to json.dumps of the same rows."""
    out, between = [], '","'
    for organisation, line, at in rows:
        values = line.split(" ")
        values[1] = values[1][:COMMITMENT_PREFIX]
        out.append(f'["{organisation}","{between.join(values)}",{at}]')
    return "[" + ",".join(out) + "]"


def write_store(db: RecordDb, batches: list[Batch], folder: Path) -> tuple[dict, int]:
    """Every shard (an array of rows, in the order of "fields") under folder: (index.json's content, shards
    written; the build publishes index.json with the snapshot that signs it). When folder holds the store of a
    prefix of these batches with the same shard bits (a previous build's, portal/cache.py KeptFolder), only the shards the new records
    fall in are written again; otherwise every shard is. Rows are read from the record database in lookup-id order,
    a shard at a time."""
    count = sum(batch.count for batch in batches)
    bits = shard_bits(count)
    ids = [batch.id for batch in batches]
    kept = KeptFolder(folder)
    state = kept.previous(ids, bits=bits)
    if state:
        new = batches[len(state["ids"]) :]
        dirty = sorted({shard_of(line, bits) for batch in new if batch.digest for line in db.lines(batch.digest)})
        for shard in dirty:
            _write_shard(folder, shard, list(db.by_lookup(*_lookups_of(shard, shard + 1, bits))))
        written = len(dirty)
        changed = {shard // PER_FOLDER for shard in dirty}
    else:
        # every shard, the upper half in a process of its own for a large store (both cores, once the index is built)
        half = (1 << bits) // 2
        upper = start(db.path is not None and count >= APART, _write_shards, db, batches, folder, bits, half)
        _write_shards(db, batches, folder, bits, 0, half)
        upper()
        written = 1 << bits
        changed = set(range(folders_of(bits)))
    digests = [_folder_digests(folder, number, bits, number in changed) for number in range(folders_of(bits))]
    kept.done(ids)
    return store_index(count, digests), written


def _folder_digests(folder: Path, number: int, bits: int, changed: bool) -> str:
    """The SHA-256 (hex) of a folder's digests file, written again first if a shard in it changed."""
    path = folder / digests_path(number)
    if changed:
        shards = (hashlib.sha256((folder / shard_path(s)).read_bytes()).digest() for s in shards_in(number, bits))
        write_bytes_atomically(path, b"".join(shards))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_shards(db: RecordDb, _batches: list, folder: Path, bits: int, first: int, last: int | None = None) -> None:
    """Shards first..last-1 (last None: to the end) into a folder emptied for them, from one scan of the lookup-id
    index over their range."""
    last = 1 << bits if last is None else last
    current, rows = first, []
    for row in db.by_lookup(*_lookups_of(first, last, bits)):
        shard = shard_of(row[1], bits)  # the line starts with the lookup id
        while shard != current:
            _write_shard(folder, current, rows, replace=False)
            current, rows = current + 1, []
        rows.append(row)
    for shard in range(current, last):
        _write_shard(folder, shard, rows if shard == current else [], replace=False)


def _lookups_of(first: int, last: int, bits: int) -> tuple[str, str]:
    """The lookup ids of shards first..last-1, as the range low <= id < high that RecordDb.by_lookup reads ("g"
    is above every hex digit: to the end)."""
    low, high = first << (MAX_BITS - bits), last << (MAX_BITS - bits)
    return f"{low:04x}", f"{high:04x}" if high < 1 << MAX_BITS else "g"


def start_store(registry: Registry, folder: Path, apart: bool) -> Callable[[], tuple[list[Problem], dict, int]]:
    """The checks that need the lookup-id index (store.check_lookups), then write_store: in a process of its own if
    `apart` (the registry's database must then be a file), so that they overlap the log and the pages. The
    function returned waits and gives (problems, index.json's content, shards written); nothing is written when
    a check fails."""
    return start(apart, _checked_store, registry.db, registry.batches, registry.unchecked, folder)


def _checked_store(db: RecordDb, batches: list[Batch], unchecked: list | None, folder: Path) -> tuple[list, dict, int]:
    """unchecked: the revocations, when load_registry left check_lookups to this (None: it ran them)."""
    problems = check_lookups(db, batches, unchecked) if unchecked is not None else []
    if problems:
        return problems, {}, 0
    return [], *write_store(db, batches, folder)


def _write_shard(folder: Path, number: int, rows: list, replace: bool = True) -> None:
    """replace: the shard may exist (linked from the last output, which must keep its bytes): write a new file and
    rename it into place, never write into the old one."""
    path = folder / shard_path(number)
    if replace:
        write_text_atomically(path, shard_text(rows))
    else:
        path.parent.mkdir(exist_ok=True)
        path.write_text(shard_text(rows), encoding="utf-8")


class StoreIndex(NamedTuple):
    """index.json, read and checked for shape (open_index)."""

    bits: int
    count: int
    digests: tuple[bytes, ...]  # the SHA-256 of each folder's digests file, one per folder

    def signs_digests(self, folder: int, data: bytes) -> bool:
        """Is data the digests file of this folder that the index signs?"""
        return hashlib.sha256(data).digest() == self.digests[folder]


def signs_shard(digests: bytes, shard: int, data: bytes) -> bool:
    """Is data the shard that its folder's digests file (digests) lists?"""
    at = shard % PER_FOLDER
    return hashlib.sha256(data).digest() == digests[at * 32 : at * 32 + 32]


def open_index(text: bytes) -> StoreIndex:
    """index.json's text (the bytes the snapshot signs); VerificationError if it is not a lookup store's index."""
    try:
        index = json.loads(text)
        bits, count, digests = index["shard_bits"], index["count"], index["digests"]
        ok = (
            index["format"] == STORE_FORMAT
            and index["fields"] == FIELDS
            and type(bits) is int
            and 0 <= bits <= MAX_BITS
        )
        ok = ok and type(count) is int and isinstance(digests, list) and len(digests) == folders_of(bits)
        if ok and all(len(d) == 64 for d in digests):
            return StoreIndex(bits, count, tuple(bytes.fromhex(d) for d in digests))
    except (ValueError, KeyError, TypeError):  # json.JSONDecodeError and bytes.fromhex's errors are ValueErrors
        pass
    raise VerificationError(f"records/index.json 不是格式为 {STORE_FORMAT} 的查询库索引：站点数据已损坏")


def find(read: Callable[[str], bytes], lookup: str, index: StoreIndex) -> StoreRow | None:
    """The row with this lookup id, from the one shard that may hold it, as the browser reads it (lookup.js), or
    None if it is not there. index: the index the snapshot signs (open_index). read: a path inside
    verify/records/ -> its bytes (a folder's or a published site's, tlog.folder_fetch). VerificationError if a
    file is missing or is not the one the index signs: the data is damaged, which says nothing about the record."""
    shard = shard_of(lookup, index.bits)
    folder = shard // PER_FOLDER
    digests = read(digests_path(folder))
    if not index.signs_digests(folder, digests):
        raise VerificationError(f"查询库的 records/{digests_path(folder)} 与签名的索引不符：站点数据已损坏")
    text = read(shard_path(shard))
    if not signs_shard(digests, shard, text):
        raise VerificationError(f"查询库的 records/{shard_path(shard)} 与签名的摘要不符：站点数据已损坏")
    rows = (StoreRow.of(values) for values in json.loads(text) if isinstance(values, list) and values[1:2] == [lookup])
    return next((row for row in rows if row), None)
