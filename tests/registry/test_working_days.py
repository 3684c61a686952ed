"""China's official working days: data/working_days.yaml as the State Council's notices set them, the count the
7-working-day registration rule uses (portal/workdays.py), and its vectors (tests/vectors/working-days.json, also
run by Node in tests/js/verifier.test.mjs and by the real page in tests/test_verify_page.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import chinese_calendar
import pytest
from test_validation import edit, line_of, only_problem

from portal.catalogue.loader import load
from portal.registry.keys.trust import Root, from_published
from portal.registry.validity.registration import LATE, PENDING, missing
from portal.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests/vectors/working-days.json").read_text(encoding="utf-8"))
CALENDAR = load(ROOT / "data").working_days


def test_every_day_from_2019_agrees_with_an_independent_transcription_of_the_notices():
    day, last = dt.date(2019, 1, 1), dt.date.fromisoformat(CALENDAR.last)
    checked = 0
    while day <= last:
        assert CALENDAR.is_working(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
        checked += 1
    assert CALENDAR.first == "2019-01-01" and checked >= 8 * 365


@pytest.mark.parametrize(
    "day, working, why",
    [
        ("2025-10-01", False, "国庆节、中秋节 1-8 October 2025"),
        ("2025-10-08", False, "the last day of that holiday, a Wednesday"),
        ("2025-09-28", True, "a Sunday worked in its place"),
        ("2025-10-11", True, "a Saturday worked in its place"),
        ("2025-10-09", True, "an ordinary Thursday"),
        ("2026-02-14", True, "Saturday before 春节 2026, worked"),
        ("2026-02-23", False, "Monday, the last day of 春节 2026"),
        ("2026-02-28", True, "Saturday after 春节 2026, worked"),
        ("2020-02-01", False, "a make-up Saturday cancelled when 春节 2020 was extended"),
        ("2020-01-31", False, "the extension of 春节 2020"),
    ],
)
def test_the_notices_as_written(day, working, why):
    assert CALENDAR.is_working(dt.date.fromisoformat(day)) == working, why


def test_a_genuine_credential_issued_before_national_day_is_not_invalid_ten_days_later():
    """Issued 2025-09-30, checked 2025-10-10: Monday-to-Friday counted 8 days (invalid); only 2 were worked."""
    assert CALENDAR.working_days_after("2025-09-30", "2025-10-10") == (2, True)
    assert missing("2025-09-30", "2025-10-10", CALENDAR).state == PENDING
    assert missing("2025-09-30", "2025-10-17", CALENDAR).state == LATE  # the 8th working day


def test_a_period_the_table_does_not_cover_is_never_late_unless_the_covered_part_already_is():
    beyond = missing(CALENDAR.last, f"{int(CALENDAR.last[:4]) + 1}-03-01", CALENDAR)
    assert beyond.state == PENDING
    assert f"只收录到 {CALENDAR.last}" in beyond.evidence and "请向颁发组织核实" in beyond.evidence
    assert missing(f"{CALENDAR.last[:4]}-11-02", f"{int(CALENDAR.last[:4]) + 1}-02-01", CALENDAR).state == LATE


def test_the_vectors_hold():
    calendar = WorkCalendar.of_data(VECTORS["calendar"])
    assert calendar == CALENDAR
    for case in VECTORS["working"]:
        assert calendar.is_working(dt.date.fromisoformat(case["day"])) == case["working"], case
    assert len(VECTORS["working"]) > 200 and len(VECTORS["registration"]) > 500
    states = set()
    for case in VECTORS["registration"]:
        counted = calendar.working_days_after(case["issued"], case["checked"])
        assert (counted.days, counted.complete) == (case["days"], case["complete"]), case
        state = missing(case["issued"], case["checked"], calendar).state
        assert ("unknown" if state == PENDING and not counted.complete else state) == case["state"], case
        states.add(case["state"])
    assert states == {"late", "pending", "unknown"}


def test_a_trust_list_without_its_calendar_is_refused():
    credentials = json.loads((ROOT / "tests/vectors/credentials.json").read_text(encoding="utf-8"))
    root = Root.of_setting({"public_key": credentials["pinned_root"], "demo": True})
    trust = {k: v for k, v in credentials["trust"].items() if k != "calendar"}
    with pytest.raises(ValueError, match="工作日历"):
        from_published(trust, credentials["revocations"], root)
    broken = {**credentials["trust"], "calendar": {**credentials["trust"]["calendar"], "holidays": ["2031-02-30"]}}
    with pytest.raises(ValueError, match="工作日历"):
        from_published(broken, credentials["revocations"], root)


@pytest.mark.parametrize(
    "old, new, path, words",
    [
        ("  - year: 2021", "  - year: 2022", "years[2].year", "应为 2021 年"),
        ("{name: 春节, from: 2025-01-28", "{name: 春节, from: 2026-01-28", "years[6].holidays[1]", "不在 2025 年内"),
        ("{name: 清明, from: 2025-04-04", "{name: 清明, from: 2025-02-03", "years[6].holidays[2].from", "重叠"),
        ("2025-09-28, 2025-10-11]", "2025-09-29, 2025-10-11]", "years[6].workdays[3]", "不是 2025 年的周六或周日"),
    ],
)
def test_a_broken_calendar_is_one_clear_problem(data_copy, old, new, path, words):
    f = data_copy / "working_days.yaml"
    edit(f, old, new)
    p = only_problem(data_copy)
    assert p.file == "data/working_days.yaml" and p.path == path and words in p.message, p
    assert p.line == line_of(f, new), p
