#!/usr/bin/env python3
"""Benchmark of the batch page (verify/batch/) in Debian's headless Chromium, on the built site (make build first).

Reports, as medians of --runs: 1,000 credential files verified (WebCrypto, and the pure-JS path), 1,000 rows of a
candidates' table looked up against the demo registry served locally (lookup shards fetched once each), and the
batch page's JavaScript beyond what the verify page loads (gzip). Targets (issue 15): ≤ 3 s, ≤ 6 s, ≤ 10 s, ≤ 30 KB.

    .venv/bin/python scripts/benchmark_batch.py [--runs 3] [--count 1000]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
from pathlib import Path

from benchlib import gz

from portal.registry.credentials import credential
from portal.registry.issue import demo
from portal.site.preview import CHROMIUM, CHROMIUM_ARGS, serving

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"


def intake(folder: Path, count: int) -> tuple[list[Path], Path]:
    """count credential files of published demo records, and a table of count rows (number, name, code)."""
    files, rows = [], [["证书编号", "姓名", "验证码"]]
    for n, (holder, certificate, organisation, level, issued, key) in enumerate(demo.issues()):
        if n == count:
            break
        record = credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
        path = folder / f"{holder.number}.credential.json"
        path.write_text(credential.dumps(holder, record), encoding="utf-8")
        files.append(path)
        rows.append([holder.number, holder.name, holder.code])
    table = folder / "candidates.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return files, table


def timed(browser, url: str, inputs: list[Path], count: int, table: bool) -> float:
    """Seconds from the files chosen to the table of verdicts, as the page measures it (1x-batch); for a table,
    from the columns confirmed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    page.locator("#batch[data-state=ready]").wait_for()
    page.locator("#batch-files").set_input_files([str(p) for p in inputs])
    if table:
        page.locator("#columns:not([hidden])").wait_for()
        page.evaluate("performance.clearMeasures(); performance.mark('1x-batch-start')")
        page.get_by_role("button", name="按这些列核验").click()
    page.locator("#batch[data-state=done]").wait_for(timeout=120_000)
    summary = page.locator("#summary").inner_text()  # the table draws 500 rows at a time: the summary counts all
    if not summary.startswith(f"共 {count} 行：") or " 0 无效 · 0 待确认" not in summary:
        raise SystemExit(f"not every row was judged valid or revoked: {summary}")
    measures = page.evaluate("performance.getEntriesByName('1x-batch').map((m) => m.duration)")
    context.close()
    return measures[-1] / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    if not (OUTPUT / "verify" / "batch" / "app.js").exists():
        raise SystemExit("build the site first: make build")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch, serving(OUTPUT) as site, sync_playwright() as playwright:
        files, table = intake(Path(scratch), args.count)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = f"{site}/verify/batch/"
        results = {
            f"{args.count} credential files, WebCrypto": [
                timed(browser, page, files, args.count, False) for _ in range(args.runs)
            ],
            f"{args.count} credential files, pure JS": [
                timed(browser, f"{page}?crypto=noble", files, args.count, False) for _ in range(args.runs)
            ],
            f"{args.count} table rows looked up": [
                timed(browser, page, [table], args.count, True) for _ in range(args.runs)
            ],
        }
        browser.close()
    for label, times in results.items():
        print(f"{label}: median {statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})")
    batch, verify = gz(OUTPUT / "verify/batch/app.js"), gz(OUTPUT / "verify/app.js")
    print(
        f"batch page JS {batch / 1000:.1f} KB gzip; the verify page's {verify / 1000:.1f} KB; beyond it {(batch - verify) / 1000:.1f} KB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
