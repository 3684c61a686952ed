"""Measure the site build: time (median of N full builds), pages, output size raw and gzip.

    python scripts/benchmark.py [--runs 5]

Numbers go into README.md and the closing notes. A benchmark, not a test: machines are noisy, so it reports the
median and the spread, and the ratio of the build to a plain data load measured in the same run.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

from portal.catalogue import loader
from portal.site import build

ROOT = Path(__file__).resolve().parent.parent


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "output"
        builds = [timed(lambda: build.build(ROOT / "pelicanconf.py", output)) for _ in range(args.runs)]
        loads = [timed(lambda: loader.load(ROOT / "data")) for _ in range(args.runs)]
        files = [p for p in output.rglob("*") if p.is_file()]
        html = [p for p in files if p.suffix == ".html"]
        raw = sum(p.stat().st_size for p in files)
        gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
        biggest = max(html, key=lambda p: p.stat().st_size)
        biggest_name, biggest_size = biggest.relative_to(output), biggest.stat().st_size
    b, lo = statistics.median(builds), statistics.median(loads)
    print(f"full build      median {b:.2f} s (min {min(builds):.2f}, max {max(builds):.2f}, {args.runs} runs)")
    print(f"data load+check median {lo:.2f} s; build / load = {b / lo:.1f}x")
    print(f"pages           {len(html)} HTML pages, {len(files)} files")
    print(f"output size     {raw / 1e6:.1f} MB raw, {gz / 1e6:.1f} MB gzip")
    print(f"largest page    {biggest_name}: {biggest_size / 1e3:.0f} KB raw")
    return 0


if __name__ == "__main__":
    sys.exit(main())
