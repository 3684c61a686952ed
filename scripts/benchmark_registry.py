"""Measure the signed registry at scale: generate 10^4…10^6 signed records and build the site from them.

    python scripts/benchmark_registry.py [--sizes 10000 100000 1000000]

For each size it reports: full build time and peak memory (the build runs as a child process, from an empty cache),
incremental rebuild time after adding 1,000 records, records/s against this machine's raw Ed25519-verify and
record-parse rates measured in the same run, bytes per record in the lookup store (raw and gzip), and the number
and sizes of shards. A benchmark, not a test: the numbers go into README.md and the closing notes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from multiprocessing import Pool
from pathlib import Path

import yaml

from portal.registry import demo
from portal.registry.records import Record, records_text
from portal.registry.signing import b64url, public_key_of, sign, sign_bytes, verify_bytes

ROOT = Path(__file__).resolve().parent.parent
PER_FILE = 10_000
KEYS = {k.organisation: k for k in demo.KEYS if not k.revoked_from}  # the current key of each demo organisation
PLAN = [("web-frontend", "miit-eec"), ("logistics-management", "clpp-training")]


def make_record(n: int, batch: int) -> Record:
    certificate, organisation = PLAN[n % 2]
    key = KEYS[organisation]
    issued = (date.fromisoformat(key.valid_from) + timedelta(days=(n * 7919) % 1200)).isoformat()
    lookup = os.urandom(16).hex()
    unsigned = Record(
        organisation,
        lookup,
        b64url(os.urandom(32)),
        certificate,
        ("primary", "intermediate", "advanced")[n % 3],
        issued,
        key.key,
        "",
    )
    return unsigned._replace(signature=sign(key.seed, unsigned.signed_part()))


def make_file(args: tuple[Path, int, int, int]) -> int:
    """Records start..start+count into two files (one per organisation)."""
    data, start, count, batch = args
    records = [make_record(n, batch) for n in range(start, start + count)]
    for n, organisation in enumerate(KEYS):
        mine = [r for r in records if r.organisation == organisation]
        path = data / "records" / organisation / f"bench-{batch:05d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        sequence = 1_000_000 + batch * len(KEYS) + n  # after the demo's batches, one per file
        path.write_text(records_text(organisation, sequence, mine), encoding="utf-8")
    return count


def generate(data: Path, total: int, first_batch: int = 0) -> float:
    started = time.perf_counter()
    jobs = [
        (data, start, min(PER_FILE, total - start), first_batch + i)
        for i, start in enumerate(range(0, total, PER_FILE))
    ]
    with Pool() as pool:
        pool.map(make_file, jobs)
    return time.perf_counter() - started


def raw_rates() -> tuple[float, float]:
    """Ed25519 verifications/s (libsodium) and record lines parsed/s (libyaml), on one core."""
    seed = demo.seed("bench")
    public_key = public_key_of(seed)
    messages = [os.urandom(200) for _ in range(5000)]
    signatures = [sign_bytes(seed, m) for m in messages]
    started = time.perf_counter()
    assert all(verify_bytes(public_key, m, s) for m, s in zip(messages, signatures, strict=False))
    verify_rate = len(messages) / (time.perf_counter() - started)
    text = records_text("miit-eec", 1, [make_record(n, 0) for n in range(20_000)])
    started = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)
    parse_rate = 20_000 / (time.perf_counter() - started)
    return verify_rate, parse_rate


def build(settings: Path, output: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the build and its worker processes) of `x1portal build` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "portal.cli.main", "build", "--settings", str(settings), "--output", str(output)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def measure(size: int, verify_rate: float, parse_rate: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="registry-bench-") as folder:
        folder = Path(folder)
        data = folder / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("records", "revocations"))
        generated = generate(data, size)
        settings = folder / "conf.py"
        settings.write_text(
            f"from pelicanconf import *\nPORTAL = {{**PORTAL, 'DATA_PATH': {str(data)!r}, "
            f"'CACHE_PATH': {str(folder / 'cache')!r}}}\n",
            encoding="utf-8",
        )
        os.chdir(ROOT)
        full, peak = build(settings, folder / "output")
        generate(data, 1000, first_batch=90_000)
        incremental, _ = build(settings, folder / "output")
        shards = list((folder / "output" / "verify" / "records").glob("*/*.json"))
        raw = [p.stat().st_size for p in shards]
        packed = [len(gzip.compress(p.read_bytes(), 6)) for p in shards]
        return {
            "records": size,
            "generate s": generated,
            "full build s": full,
            "peak MB": peak,
            "incremental (+1,000) s": incremental,
            "records/s": size / full,
            "vs 1-core verify": size / full / verify_rate,
            "vs 1-core parse": size / full / parse_rate,
            "B/record raw": sum(raw) / (size + 1000),
            "B/record gzip": sum(packed) / (size + 1000),
            "shards": len(shards),
            "shard gzip KB min/median/max": f"{min(packed) / 1024:.1f}/{statistics.median(packed) / 1024:.1f}/{max(packed) / 1024:.1f}",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    verify_rate, parse_rate = raw_rates()
    print(
        f"this machine, one core: Ed25519 verify {verify_rate:,.0f}/s, record lines parsed {parse_rate:,.0f}/s, "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    header = False
    for size in args.sizes:
        row = measure(size, verify_rate, parse_rate)
        if not header:
            print("| " + " | ".join(row) + " |")
            print("|" + "---|" * len(row))
            header = True
        print(
            "| "
            + " | ".join(
                f"{v:,.2f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else v for v in row.values()
            )
            + " |",
            flush=True,
        )


if __name__ == "__main__":
    main()
