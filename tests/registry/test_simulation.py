"""A short run of the year-in-the-life simulation (scripts/simulate_year.py; the full 400-day run is the script):
the real CLI and build on a fake clock across 国庆节 2025, with weekly-style batches every other day, one published
late, a revocation, an organisation key that ends and its successor, and a log key rotation. Every day every
credential is checked with the CLI and the monitor runs; on three of the days, in the real batch page too."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("simulate_year", ROOT / "scripts" / "simulate_year.py")
simulate_year = sys.modules["simulate_year"] = importlib.util.module_from_spec(_spec)  # dataclasses look it up
_spec.loader.exec_module(simulate_year)
late_by_calendar, simulate = simulate_year.late_by_calendar, simulate_year.simulate


def test_the_oracle_counts_the_official_working_days():
    issued = dt.date(2025, 9, 30)
    assert not late_by_calendar(issued, dt.date(2025, 10, 10))  # only 2 working days: 9 and 10 October
    assert late_by_calendar(issued, dt.date(2025, 10, 17))


def test_twenty_four_days_across_national_day(browser, tmp_path):
    lines = []
    report = simulate(
        tmp_path,
        dt.date(2025, 9, 18),
        24,
        page_every=8,
        browser=browser.browser,
        say=lines.append,
        batch_every=2,
        late_by=20,
    )
    assert report.mismatches == []
    assert report.days == 24 and report.monitor_runs == 24
    # batch 5 (SIM-0005-*, issued Monday 22 September, published 20 days late): Monday-to-Friday counting made it
    # invalid on 1 October; by the State Council's calendar its 7 working days end on 30 September
    late = report.history["SIM-0005-0"]
    assert late["2025-10-08"] == "unconfirmed" and late["2025-10-09"] == "invalid"
    # every kind of verdict came up, a credential whose key had ended was still valid, and the page agreed
    assert {"valid", "revoked", "invalid", "unconfirmed"} <= set(report.verdicts), report.verdicts
    assert report.valid_after_key_end > 0
    assert report.page_checks > 0 and report.checks > 200
