#!/usr/bin/env python3
"""Benchmark of site search, on the built site (make build first), in Debian's headless Chromium.

Reports: the index's size (raw, gzip, bytes per document), the time to build it (lunr.py, from the loaded catalogue),
the time to load it (cold cache, new context each run) on the search page as a user gets it (the page's own
"1x-search-load" measure: the index fetched from the page's head and loaded by the search worker, until the page
has it, and page load event to ready); and query latency p50/p95 over the query set of
tests/vectors/search-queries.json as the page gets it (a message to the worker: tokenize, up to two lunr passes,
rank; then grouped in the page).
Targets (issue 5): index <= 500 KB gzip, load <= 150 ms, p95 query <= 30 ms.
And on a phone (issue 16): Lighthouse's mobile profile with its applied throttling (--throttling-method=devtools:
every request waits 562 ms, 1.6 Mbps, the CPU four times slower), the site served gzip-compressed, /search/?q=前端
opened: when the first results and the full ones are on screen (the page's marks "1x-search-first-results" and
"1x-search-all-results"), with first paint and the performance score; target first results <= 1 s.

    .venv/bin/python scripts/benchmark_search.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from benchlib import gz, percentile

from portal.catalogue.loader import load
from portal.search.index import search_data
from portal.site.preview import CHROMIUM, CHROMIUM_ARGS, lighthouse, serving

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"
QUERIES = json.loads((ROOT / "tests" / "vectors" / "search-queries.json").read_text(encoding="utf-8"))

QUERY = """async ([queries, repeat]) => {
  const search = await import("/search/search.js");
  const data = await search.loadSearch("/search/index.json", "/search/worker.js");
  await data.more;
  const times = {};
  for (let round = 0; round < repeat; round++) {
    for (const q of queries) {
      const started = performance.now();  // a query to the search worker and its answer, grouped as the page shows it
      search.grouped(data.docs, await data.search(q));
      (times[q] ||= []).push(performance.now() - started);
    }
  }
  return times;
}"""


def on_a_phone(url: str) -> dict[str, float]:
    """One Lighthouse run, mobile profile, applied throttling: the page's marks, first paint and the score."""
    report = lighthouse(
        ROOT / "node_modules" / ".bin" / "lighthouse",
        url,
        "--only-categories=performance",
        "--throttling-method=devtools",
    )
    marks = {item["name"]: item["startTime"] for item in report["audits"]["user-timings"]["details"]["items"]}
    return {
        "first results": marks["1x-search-first-results"],
        "all results": marks["1x-search-all-results"],
        "first paint": report["audits"]["first-contentful-paint"]["numericValue"],
        "score": report["categories"]["performance"]["score"] * 100,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--phone-runs", type=int, default=3, help="Lighthouse runs with applied throttling")
    args = parser.parse_args()
    index_file = OUTPUT / "search" / "index.json"
    if not index_file.exists():
        raise SystemExit("build the site first: make build")
    from playwright.sync_api import sync_playwright

    catalogue = load(ROOT / "data")
    builds = []
    for _ in range(5):
        started = time.perf_counter()
        data = search_data(catalogue)["index.json"]
        builds.append(time.perf_counter() - started)
    docs = len(data["docs"])
    queries = [c["query"] for c in QUERIES["cases"]]
    page_loads: dict[str, list[float]] = {
        "search page: first part ready": [],
        "search page: load event → ready": [],
        "search page: every part ready": [],
    }
    with serving(OUTPUT) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.runs):
            context = browser.new_context()  # a cold cache every run
            page = context.new_page()
            page.goto(f"{site}/search/")
            page.wait_for_selector("form.search-page[data-complete=true]")
            ready = page.evaluate("""() => { const m = performance.getEntriesByName('1x-search-load')[0];
                const all = performance.getEntriesByName('1x-search-load-all')[0];
                const nav = performance.getEntriesByType('navigation')[0];
                return {duration: m.duration, all: all.duration,
                        after_load: m.startTime + m.duration - nav.loadEventEnd}; }""")
            page_loads["search page: first part ready"].append(ready["duration"])
            page_loads["search page: every part ready"].append(ready["all"])
            page_loads["search page: load event → ready"].append(max(0.0, ready["after_load"]))
            context.close()
        page = browser.new_page()
        page.goto(f"{site}/search/")
        times = page.evaluate(QUERY, [queries, 5])
        browser.close()
    with serving(OUTPUT, compress=True) as site:
        phone = [on_a_phone(f"{site}/search/?q=前端") for _ in range(args.phone_runs)]

    every = [t for runs in times.values() for t in runs[1:]]  # the first round warms the JIT
    slowest = sorted(((statistics.median(runs[1:]), q) for q, runs in times.items()), reverse=True)[:3]
    print(f"Search index: {docs} documents, in parts (the first with what every result shows)")
    for part in [index_file, *(OUTPUT / "search" / name for name in data["parts"])]:
        print(f"  {part.name:<15} {part.stat().st_size:,} B raw, {gz(part):,} B gzip -9; target <= 250 KB each")
    for script, what in (("search.js", "the page's: no lunr"), ("worker.js", "the search worker's, lunr.js included")):
        path = OUTPUT / "search" / script
        print(f"  {script:<15} {path.stat().st_size:,} B raw, {gz(path):,} B gzip ({what})")
    print(f"  build (lunr.py) median {statistics.median(builds) * 1000:.0f} ms of 5 (catalogue already loaded)")
    print(f"Load in headless Chromium, cold cache, {args.runs} runs (ms, median / p95); target <= 150 ms:")
    for name, values in page_loads.items():
        print(f"  {name:<33} {statistics.median(values):6.1f} / {percentile(values, 0.95):6.1f}")
    print(
        f"Query latency over {len(queries)} queries x 4 rounds (ms): p50 {percentile(every, 0.5):.2f}, "
        f"p95 {percentile(every, 0.95):.2f}, max {max(every):.2f}; target p95 <= 30 ms"
    )
    print("  slowest (median):", ", ".join(f"{q} {t:.1f}" for t, q in slowest))
    print(f"On a phone: Lighthouse mobile, applied throttling, /search/?q=前端, median of {len(phone)} (ms):")
    for name in ("first paint", "first results", "all results"):
        print(f"  {name:<14} {statistics.median(run[name] for run in phone):6.0f}")
    print(f"  performance score {statistics.median(run['score'] for run in phone):.0f}; target first results <= 1000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
