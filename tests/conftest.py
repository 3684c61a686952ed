"""Shared fixtures: a real Pelican build of the bundled data, a local HTTP server for it, and Debian's Chromium.

Every test gets one marker of pyproject.toml's list (`make test-fast` runs the unit and js ones): browser if it uses
Chromium, build if it uses a built site, else what its module or the test itself declares, else unit."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest

from portal.site import build
from portal.site.preview import CHROMIUM, CHROMIUM_ARGS, serving

ROOT = Path(__file__).resolve().parent.parent
X1PORTAL = str(Path(sys.executable).with_name("x1portal"))  # the console script `pip install -e .` made
__all__ = [
    "ROOT",
    "X1PORTAL",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "TEST_ISSUED",
    "TEST_NOW",
    "TEST_NOW_ARG",
    "serving",
    "settings_for",
]
BROWSER_FIXTURES = {"playwright", "browser", "page"}
BUILD_FIXTURES = {"site", "server", "built"}
KINDS = ("unit", "build", "browser", "js")


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        elif fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        elif not any(item.get_closest_marker(kind) for kind in KINDS):
            item.add_marker(pytest.mark.unit)


def settings_for(data: Path, folder: Path) -> Path:
    """A settings file: pelicanconf.py with another data folder (and its own cache of verified records)."""
    settings = folder / "conf.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() "
        "if k.isupper()})\n"
        f"PORTAL = {{**PORTAL, 'DATA_PATH': {str(data)!r}, 'CACHE_PATH': {str(folder / 'cache')!r}}}\n",
        encoding="utf-8",
    )
    return settings


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site built once by real Pelican from data/ (through the same atomic build the README uses)."""
    output = tmp_path_factory.mktemp("site") / "output"
    build.build(ROOT / "pelicanconf.py", output)
    return output


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture(scope="session")
def server(site) -> str:
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the session: its sync API cannot be started twice in one process."""
    if not Path(CHROMIUM).exists():  # never skipped: `make test` installs it, so a missing browser is a failure
        pytest.fail(
            f"Debian's chromium is not installed at {CHROMIUM}: run `make test` (it installs it) or "
            "`apt-get install chromium`, or set CHROMIUM=/path/to/chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


# The suite passes the clock in everywhere, so it gives the same results on any day (`make test CLOCK=+5y` runs it
# with the clock moved ahead). Every build is issued at TEST_ISSUED: SOURCE_DATE_EPOCH, which pelicanconf.py reads
# in this process and in every x1portal process a test starts. Every page's clock, and every `--now`, starts at
# TEST_NOW, inside that snapshot's signed validity (8 days); tests of expiry move it on with page.clock.
TEST_ISSUED = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)  # 2026-11-24 10:00 +08:00
os.environ["SOURCE_DATE_EPOCH"] = str(int(TEST_ISSUED.timestamp()))
TEST_NOW = dt.datetime(2026, 11, 26, 2, 0, tzinfo=dt.UTC)
TEST_NOW_ARG = ("--now", TEST_NOW.isoformat())  # for `x1portal registry verify`


class FixedClockBrowser:
    """The browser, with TEST_NOW installed in every context it opens."""

    def __init__(self, browser):
        self.browser = browser

    def __getattr__(self, name):
        return getattr(self.browser, name)

    def new_context(self, **options):
        context = self.browser.new_context(**options)
        context.clock.install(time=TEST_NOW)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()


@pytest.fixture(scope="session")
def browser(playwright):
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield FixedClockBrowser(instance)
    instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def copy(site, tmp_path):
    """A copy of the built site that a test may tamper with, served while the test runs (the attack tests)."""
    target = tmp_path / "site"
    shutil.copytree(site, target)
    with serving(target) as url:
        yield target, url


@pytest.fixture
def tab(browser):
    """A page with no service worker: what it shows comes from the site as the test left it."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    yield context.new_page()
    context.close()
