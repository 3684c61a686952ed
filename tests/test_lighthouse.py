"""Lighthouse (npm, run on Debian's Chromium) on the pages a student opens first, on its mobile profile (a mid-range
phone on slow 4G, simulated), with the site served gzip-compressed as a static host serves it
(portal.site.preview.serving(compress=True), what `x1portal serve` uses): performance, accessibility, best practices
and SEO each at least 90. Performance is the median of three runs, as Lighthouse's own guidance advises."""

from __future__ import annotations

import statistics

import pytest
from conftest import ROOT, serving

from portal.site.preview import lighthouse

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "certificates/web-frontend/", "majors/", "search/?q=前端", "guide/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Issue 16 asks 90 everywhere. The search page reaches it with its index loaded and searched in a worker, started
# (and the index's download begun) in the page's head, and its first results drawn from its own HTML (94-97).
FLOOR: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def compressed(site):
    with serving(site, compress=True) as url:
        yield url


def scores(url: str) -> dict:
    report = lighthouse(LIGHTHOUSE, url, f"--only-categories={','.join(CATEGORIES)}")
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_lighthouse_mobile_scores_at_least_90(compressed, path):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: run npm ci")
    runs = [scores(f"{compressed}/{path}") for _ in range(3)]
    median = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
    floor = FLOOR.get(path, {})
    assert all(score >= floor.get(name, 90) for name, score in median.items()), (path, runs)


def test_the_preview_server_compresses_text_as_a_host_does(compressed, site):
    import urllib.request

    request = urllib.request.Request(f"{compressed}/search/index.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.read()) < (site / "search" / "index.json").stat().st_size / 3  # a third of the JSON
    with urllib.request.urlopen(f"{compressed}/certificates") as response:  # the folder's redirect still works
        assert response.url.endswith("/certificates/")
        assert b"<h1>" in response.read()  # read to the end: a half-read response breaks the server's pipe
