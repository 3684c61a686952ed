"""A build issues its signed snapshot at build time (SOURCE_DATE_EPOCH when set, else the clock), so the demo
verifies on any day; the same inputs with the same SOURCE_DATE_EPOCH give the same bytes."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, serving
from test_verify_page import demo_credential, open_verifier

from portal.dates import build_time
from portal.registry.credentials import credential

LATER = {
    "a year ahead": dt.datetime(2027, 12, 7, 1, 0, tzinfo=dt.UTC),
    "five years ahead": dt.datetime(2031, 12, 7, 1, 0, tzinfo=dt.UTC),
}


def built_at(moment: dt.datetime, output: Path) -> Path:
    """`x1portal build` in a process of its own, as `make serve` runs it, with SOURCE_DATE_EPOCH at moment."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}
    x1portal = str(Path(sys.executable).with_name("x1portal"))
    subprocess.run([x1portal, "build", "--output", str(output)], cwd=ROOT, env=env, check=True, capture_output=True)
    return output


def differing(a: Path, b: Path) -> list[str]:
    found = []
    for path in sorted(p for p in a.rglob("*") if p.is_file()):
        other = b / path.relative_to(a)
        if not other.is_file() or not filecmp.cmp(path, other, shallow=False):
            found.append(str(path.relative_to(a)))
    found += [str(p.relative_to(b)) for p in b.rglob("*") if p.is_file() and not (a / p.relative_to(b)).exists()]
    return found


@pytest.fixture(scope="module")
def later_sites(tmp_path_factory) -> dict[str, Path]:
    return {name: built_at(moment, tmp_path_factory.mktemp("later") / "output") for name, moment in LATER.items()}


def test_the_build_time_is_source_date_epoch_in_china_time_or_else_the_clock():
    assert build_time({"SOURCE_DATE_EPOCH": "1795485600"}) == "2026-11-24T10:00:00+08:00"
    now = dt.datetime.fromisoformat(build_time({}))
    assert now.utcoffset() == dt.timedelta(hours=8)
    assert abs(now - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)  # this one test reads the clock: it is the rule
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_time({"SOURCE_DATE_EPOCH": "yesterday"})


def test_the_same_inputs_and_epoch_give_the_same_bytes(later_sites, tmp_path):
    again = built_at(LATER["a year ahead"], tmp_path / "output")
    assert differing(later_sites["a year ahead"], again) == []
    snapshot = json.loads((again / "verify" / "snapshot.json").read_text(encoding="utf-8"))
    assert snapshot["issued"] == "2027-12-07T09:00:00+08:00"
    assert snapshot["expires"] == "2027-12-15T09:00:00+08:00"
    other = differing(later_sites["a year ahead"], later_sites["five years ahead"])
    assert "verify/snapshot.json" in other


@pytest.mark.parametrize("when", LATER)
def test_a_genuine_demo_certificate_is_valid_on_the_day_the_demo_is_built(browser, later_sites, when):
    moment = LATER[when]
    context = browser.new_context(locale="zh-CN")
    context.clock.set_system_time(moment + dt.timedelta(hours=2))
    page = context.new_page()
    holder, record, _ = demo_credential(3)
    with serving(later_sites[when]) as url:
        state = open_verifier(page, f"{url}/verify/#c={credential.to_compact(holder, record)}")
        text = page.locator("#result").inner_text()
    context.close()
    assert state == "valid", text
    assert "有效" in text and "过期" not in text
