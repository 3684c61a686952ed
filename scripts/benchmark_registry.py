"""Measure the signed registry at scale: generate N signed demo records and build the site from them.

    x1portal bench registry --records 100000 1000000 [--json] [--keep FOLDER]

In one run, for each N: one core's raw Ed25519 verify rate (libsodium) and record-parse rate (libyaml); the full
build from an empty cache; the +1,000 incremental rebuild (one new records file per organisation) as CI runs it,
with the cache but no earlier output to build over, then once more as a maintainer's machine does, over the output
before last (incremental_over_last_output_s); the peak memory of the build's whole process tree (the sum of each process's PSS, sampled every 0.1 s: shared pages are counted
once); bytes per record in the lookup store (raw and gzip), its shards, and the files and bytes of the output. With
--json, one JSON object per N on its own line. A benchmark, not a test: README.md and docs/scale.md quote it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from multiprocessing import Pool
from pathlib import Path

import yaml

from portal.registry.credentials.records import Record, records_text
from portal.registry.issue import demo
from portal.registry.keys.signing import b64url, public_key_of, sign, sign_bytes, verify_bytes

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
    """Ed25519 verifications/s (libsodium, the best of five runs) and record lines parsed/s (libyaml), on one core."""
    seed = demo.seed("bench")
    public_key = public_key_of(seed)
    messages = [os.urandom(200) for _ in range(5000)]
    signatures = [sign_bytes(seed, m) for m in messages]
    best = float("inf")
    for _ in range(5):  # the best of five: the rate the core can give, not one moment's noise
        started = time.perf_counter()
        assert all(verify_bytes(public_key, m, s) for m, s in zip(messages, signatures, strict=False))
        best = min(best, time.perf_counter() - started)
    verify_rate = len(messages) / best
    text = records_text("miit-eec", 1, [make_record(n, 0) for n in range(20_000)])
    started = time.perf_counter()
    yaml.load(text, Loader=yaml.CSafeLoader)
    parse_rate = 20_000 / (time.perf_counter() - started)
    return verify_rate, parse_rate


def tree_pss_mb(pid: int) -> float:
    """The PSS of a process and all its descendants, in MB (0 once it has gone)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total / 1024


def build(settings: Path, output: Path) -> tuple[float, float, str]:
    """(seconds, peak PSS in MB of the process tree, log) of `x1portal build` as a child process."""
    os.sync()  # the files just generated are on disk first: their write-back is not counted in the build
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "portal.cli.main", "build", "--settings", str(settings), "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = [0.0]

    def sample() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], tree_pss_mb(child.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    log = child.communicate()[0]
    seconds = time.perf_counter() - started
    sampler.join()
    if child.returncode:
        raise SystemExit(log[-3000:])
    return seconds, peak[0], log


def inodes(folder: Path) -> dict[str, int]:
    """Each kept file of the cache (lookup shards, log tiles) and its inode: a file written again gets a new one."""
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for kept in ("store", "log")
        for p in (folder / kept).rglob("*")
        if p.is_file()
    }


def measure(size: int, verify_rate: float, parse_rate: float, keep: Path | None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="registry-bench-", dir=keep))
    try:
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
        full, peak, _ = build(settings, folder / "output")
        kept_before = inodes(folder / "cache")
        generate(data, 1000, first_batch=90_000)
        incremental, incremental_peak, _ = build(settings, folder / "output")
        kept_after = inodes(folder / "cache")
        generate(data, 1000, first_batch=90_001)  # once more: now the output before last is there to build over
        again, _, _ = build(settings, folder / "output")
        store = folder / "output" / "verify" / "records"
        shards = sorted(store.glob("*/*.json"))
        raw = sum(p.stat().st_size for p in shards)
        packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in shards)
        files = [p for p in (folder / "output").rglob("*") if p.is_file()]
        written = {p for p in kept_after if kept_before.get(p) != kept_after[p]}
        records = size + 2000  # in the store after the two incremental builds
        return {
            "records": size,
            "full_build_s": round(full, 2),
            "incremental_s": round(incremental, 2),
            "raw_verify_per_core_s": round(verify_rate),
            "raw_parse_per_core_s": round(parse_rate),
            "peak_mb": round(peak),
            "bytes_per_record_gzip": round(packed / records, 1),
            "bytes_per_record_raw": round(raw / records, 1),
            "records_per_s": round(size / full),
            "vs_2_core_verify": round(size / full / (2 * verify_rate), 3),
            "cores": os.cpu_count(),
            "generate_s": round(generated, 1),
            "incremental_peak_mb": round(incremental_peak),
            "incremental_over_last_output_s": round(again, 2),
            "incremental_shards_written": sum(p.startswith("store/") for p in written),
            "incremental_tiles_written": sum(p.startswith("log/") for p in written),
            "shards": len(shards),
            "output_files": len(files),
            "output_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
            "cache_mb": round(sum(p.stat().st_size for p in (folder / "cache").rglob("*") if p.is_file()) / 1e6, 1),
        }
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], metavar="N")
    parser.add_argument("--json", action="store_true", help="one JSON object per N, one per line")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the data, cache and output")
    args = parser.parse_args()
    verify_rate, parse_rate = raw_rates()
    if not args.json:
        print(
            f"this machine, one core: Ed25519 verify {verify_rate:,.0f}/s, record lines parsed {parse_rate:,.0f}/s, "
            f"{os.cpu_count()} cores",
            flush=True,
        )
    for size in args.records:
        row = measure(size, verify_rate, parse_rate, args.keep)
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            print(" | ".join(f"{k} {v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
