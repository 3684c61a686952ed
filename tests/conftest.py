"""Shared fixtures: a real Pelican build of the bundled data, a local HTTP server for it, and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from local_site import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402  (re-exported for the tests)


def settings_for(data: Path, folder: Path) -> Path:
    """A settings file: pelicanconf.py with another data folder (and its own cache of verified records)."""
    settings = folder / "conf.py"
    settings.write_text(f"from pelicanconf import *\nPORTAL = {{**PORTAL, 'DATA_PATH': {str(data)!r}, "
                        f"'CACHE_PATH': {str(folder / 'cache')!r}}}\n", encoding="utf-8")
    return settings


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site built once by real Pelican from data/ (through the same atomic build the README uses)."""
    import build

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
    if not Path(CHROMIUM).exists():
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()
