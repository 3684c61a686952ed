#!/usr/bin/env python3
"""Lighthouse performance of the pages a student opens first, on its mobile profile (a mid-range phone on slow 4G,
simulated), the built site served gzip-compressed as a static host serves it. Target: 90 or more, median of 3 runs
per page (Lighthouse's own guidance). A benchmark, not a test: the score depends on how busy the machine is, so
tests/test_lighthouse.py keeps only what does not (accessibility, best practices, SEO).

    .venv/bin/x1portal bench lighthouse [--runs 3]      (make build first)
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from portal.site.preview import lighthouse, serving

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "certificates/web-frontend/", "majors/", "search/?q=前端", "guide/"]


def score(url: str) -> int:
    report = lighthouse(LIGHTHOUSE, url, "--only-categories=performance")
    return round(report["categories"]["performance"]["score"] * 100)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (OUTPUT / "index.html").exists():
        raise SystemExit("build the site first: make build")
    below = 0
    with serving(OUTPUT, compress=True) as site:
        print(f"Lighthouse mobile performance, median of {args.runs} runs (target >= 90)")
        for path in PAGES:
            runs = [score(f"{site}/{path}") for _ in range(args.runs)]
            median = statistics.median(runs)
            below += median < 90
            print(f"  /{path:<28} {median:>5.0f}   runs {runs}")
    print(f"{len(PAGES) - below} of {len(PAGES)} pages at 90 or more")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
