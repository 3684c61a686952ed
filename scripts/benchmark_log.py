"""Benchmark the transparency log (not a timed test): python scripts/benchmark_log.py [--leaves N] [--runs R]

Measures, on this machine: hashing and writing the tiles of N leaves from scratch; appending 1,000 leaves (files
written: only the right edge); an inclusion proof from the tiles (tile reads) and its verification, in Python and in
Debian's headless Chromium (the verify page's tlog.js, tiles fetched over HTTP, the snapshot's frontier given); the
snapshot chain (root -> log key -> snapshot signature -> list hashes) in the built site's verify page against the
whole verification (make build first); bytes per record of hash tiles and entry bundles, gzip.
Targets (issue 13): log <= 5 s of a 10^6 build; proof <= 3 tile fetches and <= 20 ms; snapshot chain <= 10 ms.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchlib import percentile

from portal.registry.credentials import credential
from portal.registry.issue import demo
from portal.registry.issue.printable import verify_link
from portal.registry.log import merkle, tlog
from portal.site.bundle import bundle
from portal.site.preview import CHROMIUM, CHROMIUM_ARGS, serving

ROOT = Path(__file__).resolve().parent.parent


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


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def browser_proofs(folder: Path, entries: list[bytes], levels: list[list[bytes]], runs: int) -> list[dict]:
    """Inclusion proofs of random leaves in Chromium, each from a fresh tile reader (no tile kept between runs)."""
    from playwright.sync_api import sync_playwright

    size = len(entries)
    (folder / "bench.js").write_text(bundle(ROOT / "scripts" / "benchmark_log_page.mjs"), encoding="utf-8")
    (folder / "index.html").write_text('<!DOCTYPE html><script type="module" src="bench.js"></script>')
    edge = [b64(levels[h][i]) for h, i in merkle.frontier(size)]
    root = b64(merkle.fold([levels[h][i] for h, i in merkle.frontier(size)]))
    picks = random.Random(13).sample(range(size), runs)
    with serving(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}/index.html")
        page.wait_for_function("() => typeof window.prove === 'function'")
        found = [
            page.evaluate("a => window.prove(...a)", [index, size, edge, root, b64(entries[index])]) for index in picks
        ]
        browser.close()
    return found


def snapshot_chain(runs: int) -> tuple[list[float], list[float]] | None:
    """('1x-snapshot', '1x-verify') durations in the built site's verify page, opened from a QR link."""
    output = ROOT / "output"
    if not (output / "verify" / "snapshot.json").exists():
        return None
    from playwright.sync_api import sync_playwright

    chain, verify = [], []
    holders = list(demo.issues())[:runs]
    with serving(output) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for holder, certificate, organisation, level, issued, key in holders:
            record = credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            page.goto(verify_link(url, holder, record))
            page.locator("#verifier:is([data-state=valid],[data-state=invalid])").wait_for()
            durations = page.evaluate(
                "() => ['1x-snapshot', '1x-verify'].map(n => performance.getEntriesByName(n)[0].duration)"
            )
            chain.append(durations[0])
            verify.append(durations[1])
            context.close()
        browser.close()
    return chain, verify


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    n = args.leaves
    entries = [entry(i) for i in range(n)]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        merkle.levels_of([merkle.leaf_hash(e) for e in entries])  # every level in memory, for comparison
        hashed = time.perf_counter() - start
        start = time.perf_counter()
        writer = tlog.TileWriter(out)
        writer.extend(entries)
        writer.finish()
        full, written = time.perf_counter() - start, writer.written
        more = entries + [entry(n + i) for i in range(1000)]
        start = time.perf_counter()
        writer = tlog.TileWriter(out, n)  # resumes from the right edge
        writer.extend(more[n:])
        writer.finish()
        incremental, again = time.perf_counter() - start, writer.written
        levels2 = merkle.levels_of([merkle.leaf_hash(e) for e in more])
        reads = []
        edge = [levels2[h][i] for h, i in merkle.frontier(len(more))]
        reader = tlog.TileReader(lambda p: (reads.append(p), (out / p).read_bytes())[1], len(more), edge)
        start = time.perf_counter()
        index = len(more) // 2
        proof = merkle.inclusion_proof(reader.subtree, index, len(more))
        root = merkle.root(lambda h, i: levels2[h][i], len(more))
        assert merkle.verify_inclusion(index, len(more), merkle.leaf_hash(more[index]), proof, root)
        proved = time.perf_counter() - start
        tiles = [p for p in out.rglob("*") if p.is_file()]
        gz = sum(len(gzip.compress(p.read_bytes())) for p in tiles)
        proofs = browser_proofs(out, more, levels2, args.runs)
    print(f"leaves {n:,}: hash in memory {hashed:.2f} s; streaming hash + write {full:.2f} s ({len(written):,} files)")
    print(f"+1,000 leaves: {incremental:.2f} s, {len(again)} files written: {sorted(again)}")
    print(f"inclusion proof of leaf {index:,}: {len(reads)} tile reads, {proved * 1000:.1f} ms (Python)")
    print(f"log bytes per record, gzip: {gz / len(more):.1f} B ({len(tiles):,} files)")
    assert all(p["ok"] for p in proofs)
    times, hashing = [p["ms"] for p in proofs[1:]], [p["hashing"] for p in proofs[1:]]  # the first warms up
    print(
        f"Chromium, inclusion proof of {len(times)} random leaves of {len(more):,}: "
        f"{max(p['fetches'] for p in proofs)} tile fetches at most; "
        f"{statistics.median(times):.1f} ms median / {percentile(times, 0.95):.1f} ms p95 with the tile fetches "
        f"(local HTTP), {statistics.median(hashing):.1f} ms / {percentile(hashing, 0.95):.1f} ms hashing and verifying"
    )
    chain = snapshot_chain(args.runs)
    if chain is None:
        print("snapshot chain: build the site first (make build)")
    else:
        spent, whole = chain
        print(
            f"Chromium, the signed snapshot's checks in the verify page: {statistics.median(spent):.1f} ms median / "
            f"{percentile(spent, 0.95):.1f} ms p95; one whole verification {statistics.median(whole):.1f} ms median"
        )


if __name__ == "__main__":
    main()
