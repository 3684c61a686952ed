#!/usr/bin/env python3
"""Benchmark of the browser verifier in Debian's headless Chromium, on the built site (make build first).

Reports: time from opening a QR link to the result (and from the page's load event), the check of the witnesses'
cosignatures (target < 2 ms, issue 33), lookup time (shard fetch + hashes + verify), the verifier's bytes (gzip), and the QR version of real and worst-case credentials.
Targets (issue 4): result <= 100 ms after page load, verifier JS <= 30 KB gzip, QR version <= 15 at level M.

    .venv/bin/python scripts/benchmark_verifier.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import segno
from benchlib import gz, percentile

from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder
from portal.registry.issue import demo
from portal.registry.issue.printable import verify_link
from portal.site.preview import CHROMIUM, CHROMIUM_ARGS, serving

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "output"


def qr_versions() -> dict[str, int]:
    holder, certificate, organisation, level, issued, key = next(iter(demo.issues()))
    record = credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
    typical = segno.make(verify_link("https://1x.example.cn", holder, record), error="m").version
    versions = {"demo credential": typical}
    for label, number, name in (
        ("number 20 + name 20 CJK", "X" * 20, "名" * 20),
        ("longest allowed: number 40 + name 60 CJK", "X" * 40, "名" * 60),
    ):
        other = Holder.of(number, name, holder.code)
        signed = credential.issue(other, organisation, certificate, level, issued, key.key, key.seed)
        versions[label] = segno.make(verify_link("https://1x.example.cn", other, signed), error="m").version
    return versions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not (OUTPUT / "verify" / "app.js").exists():
        raise SystemExit("build the site first: make build")
    from playwright.sync_api import sync_playwright

    holders = list(demo.issues())[100 : 100 + args.runs]
    results: dict[str, dict[str, list[float]]] = {}
    with serving(OUTPUT) as site, sync_playwright() as playwright:
        base = f"{site}/verify/"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in ("webcrypto", "noble"):
            timings = results.setdefault(
                path, {"open → result": [], "load → result": [], "verify": [], "cosignatures": [], "lookup": []}
            )
            for holder, certificate, organisation, level, issued, key in holders:
                record = credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                query = "?crypto=noble" if path == "noble" else ""
                page.goto(f"{base}{query}#c={credential.to_compact(holder, record)}")
                page.locator("#verifier:is([data-state=valid],[data-state=invalid])").wait_for()
                measure = page.evaluate("""() => { const m = performance.getEntriesByName('1x-verify')[0];
                    const nav = performance.getEntriesByType('navigation')[0];
                    return {end: m.startTime + m.duration, duration: m.duration, load: nav.loadEventEnd}; }""")
                timings["open → result"].append(measure["end"])
                timings["load → result"].append(max(0.0, measure["end"] - measure["load"]))
                timings["verify"].append(measure["duration"])
                timings["cosignatures"].append(  # the witnesses' cosignatures on the checkpoint (issue 33)
                    page.evaluate("() => performance.getEntriesByName('1x-cosignatures')[0]?.duration ?? -1")
                )
                page.fill("#lookup-number", holder.number)
                page.fill("#lookup-name", holder.name)
                page.fill("#lookup-code", holder.code)
                page.click("#lookup button[type=submit]")
                page.locator(".report-meta:has-text('编号、姓名与验证码查询')").wait_for()
                timings["lookup"].append(
                    page.evaluate("() => performance.getEntriesByName('1x-lookup')[0]?.duration ?? -1")
                )
                context.close()
        browser.close()

    print(f"Browser verifier, headless Chromium, {args.runs} runs each (milliseconds: median / p95)")
    for path, timings in results.items():
        print(f"  {path}:")
        for name, values in timings.items():
            print(f"    {name:<15} {statistics.median(values):7.1f} / {percentile(values, 0.95):7.1f}")
    verify = OUTPUT / "verify"
    print("Bytes shipped (raw → gzip -9):")
    for name in ("app.js", "qr-decode.js", "verifier.html", "trust.json", "revocations.json", "index.html", "sw.js"):
        print(f"  {name:<17} {(verify / name).stat().st_size:>8,} → {gz(verify / name):>7,}")
    shards = list((verify / "records").glob("*/*.json"))
    print(f"  one lookup shard  median {statistics.median(gz(s) for s in shards):,.0f} B gzip ({len(shards)} shards)")
    digests = list((verify / "records").glob("*/digests"))  # read with the shard: the SHA-256 of its folder's shards
    print(f"  its folder's digests {max(p.stat().st_size for p in digests):,} B ({len(digests)} folders; 8,192 B full)")
    print("QR version at error correction M (limit 15):", qr_versions())
    return 0


if __name__ == "__main__":
    sys.exit(main())
