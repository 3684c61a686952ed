"""Benchmark the transparency log (not a timed test): python scripts/benchmark_log.py [--leaves N]

Measures, on this machine: hashing and writing the tiles of N leaves from scratch; appending 1,000 leaves (files
written: only the right edge); an inclusion proof from the tiles (tile reads) and its verification; bytes per
record of hash tiles and entry bundles, gzip.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
import time
from pathlib import Path

from portal.registry import merkle, tlog


def entry(n: int) -> bytes:
    # the size of a real record entry (~220 bytes)
    return (
        f"1x-portal/record/v1 miit-eec {n:032x} "
        + "x" * 43
        + " web-frontend primary 2026-01-01 "
        + "0" * 16
        + " "
        + "s" * 86
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leaves", type=int, default=1_000_000)
    n = parser.parse_args().leaves
    entries = [entry(i) for i in range(n)]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        levels = merkle.levels_of([merkle.leaf_hash(e) for e in entries])
        hashed = time.perf_counter() - start
        written = tlog.write_tiles(out, entries, levels)
        full = time.perf_counter() - start
        more = entries + [entry(n + i) for i in range(1000)]
        start = time.perf_counter()
        levels2 = merkle.levels_of([merkle.leaf_hash(e) for e in more])
        again = tlog.write_tiles(out, more, levels2)
        incremental = time.perf_counter() - start
        reads = []
        reader = tlog.TileReader(lambda p: (reads.append(p), (out / p).read_bytes())[1], len(more))
        start = time.perf_counter()
        index = len(more) // 2
        proof = merkle.inclusion_proof(reader.subtree, index, len(more))
        root = merkle.root(lambda h, i: levels2[h][i], len(more))
        assert merkle.verify_inclusion(index, len(more), merkle.leaf_hash(more[index]), proof, root)
        proved = time.perf_counter() - start
        tiles = [p for p in out.rglob("*") if p.is_file()]
        gz = sum(len(gzip.compress(p.read_bytes())) for p in tiles)
    print(f"leaves {n:,}: hash {hashed:.2f} s, hash + write {full:.2f} s ({len(written):,} files)")
    print(f"+1,000 leaves: {incremental:.2f} s, {len(again)} files written: {sorted(again)}")
    print(f"inclusion proof of leaf {index:,}: {len(reads)} tile reads, {proved * 1000:.1f} ms (Python)")
    print(f"log bytes per record, gzip: {gz / len(more):.1f} B ({len(tiles):,} files)")


if __name__ == "__main__":
    main()
