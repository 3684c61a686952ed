"""Lighthouse (npm, run on Debian's Chromium) on the pages a student opens first, on its mobile profile (a mid-range
phone on slow 4G, simulated), with the site served gzip-compressed as a static host serves it
(portal.site.preview.serving(compress=True), what `x1portal serve` uses): performance, accessibility, best practices
and SEO each at least 90. Performance is the median of three runs, as Lighthouse's own guidance advises."""

from __future__ import annotations

import json
import os
import statistics
import subprocess

import pytest
from conftest import CHROMIUM, ROOT, serving

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "certificates/web-frontend/", "majors/", "search/?q=前端", "guide/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Issue 16 asks 90 everywhere. The search page reaches it with its index loaded and searched in a worker, started
# (and the index's download begun) in the page's head: no long task is left on the main thread (91 over 5 runs).
FLOOR: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def compressed(site):
    with serving(site, compress=True) as url:
        yield url


def lighthouse(url: str, out) -> dict:
    done = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_lighthouse_mobile_scores_at_least_90(compressed, path, tmp_path):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: run npm ci")
    runs = [lighthouse(f"{compressed}/{path}", tmp_path / f"run{n}.json") for n in range(3)]
    scores = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
    floor = FLOOR.get(path, {})
    assert all(score >= floor.get(name, 90) for name, score in scores.items()), (path, runs)


def test_the_preview_server_compresses_text_as_a_host_does(compressed, site):
    import urllib.request

    request = urllib.request.Request(f"{compressed}/search/index.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.read()) < (site / "search" / "index.json").stat().st_size / 3  # a third of the JSON
    with urllib.request.urlopen(f"{compressed}/certificates") as response:  # the folder's redirect still works
        assert response.url.endswith("/certificates/")
        assert b"<h1>" in response.read()  # read to the end: a half-read response breaks the server's pipe
