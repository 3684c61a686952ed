"""Lighthouse (npm, run on Debian's Chromium) on the pages a student opens first, on its mobile profile, with the site
served gzip-compressed as a static host serves it (portal.site.preview.serving(compress=True), what `x1portal serve`
uses): accessibility, best practices and SEO each at least 90. These do not depend on how busy the machine is;
performance does, so it is a benchmark (`x1portal bench lighthouse`, numbers in docs/measurements.md), not a test."""

from __future__ import annotations

import pytest
from conftest import ROOT, serving

from portal.site.preview import lighthouse

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["", "certificates/web-frontend/", "majors/", "search/?q=前端", "guide/"]
CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.fixture(scope="module")
def compressed(site):
    with serving(site, compress=True) as url:
        yield url


def scores(url: str) -> dict:
    report = lighthouse(LIGHTHOUSE, url, f"--only-categories={','.join(CATEGORIES)}")
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_lighthouse_mobile_accessibility_best_practices_and_seo_at_least_90(compressed, path):
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: run npm ci")
    found = scores(f"{compressed}/{path}")
    assert set(found) == set(CATEGORIES) and all(score >= 90 for score in found.values()), (path, found)


def test_the_preview_server_compresses_text_as_a_host_does(compressed, site):
    import urllib.request

    request = urllib.request.Request(f"{compressed}/search/index.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert len(response.read()) < (site / "search" / "index.json").stat().st_size / 3  # a third of the JSON
    with urllib.request.urlopen(f"{compressed}/certificates") as response:  # the folder's redirect still works
        assert response.url.endswith("/certificates/")
        assert b"<h1>" in response.read()  # read to the end: a half-read response breaks the server's pipe
