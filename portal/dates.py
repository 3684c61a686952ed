"""Dates as the portal writes them: YYYY-MM-DD naming a real calendar day (2023-02-29 and 2023-02-30 are not).

Every place that reads a date checks it here (schemas give the shape, this the calendar); the browser verifier
applies the same rule (theme/verifier/steps.js isDate), and tests/vectors/credentials.json holds both to it."""

from __future__ import annotations

import datetime as dt
import re

from portal.errors import VerificationError

DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def is_date(value: object) -> bool:
    if not isinstance(value, str) or not DATE_SHAPE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def china_day(moment: dt.datetime) -> str:
    """The calendar day in China (UTC+8) at a moment with an offset: the day a snapshot issued then speaks for."""
    return moment.astimezone(CHINA).date().isoformat()


def build_time(environ: dict) -> str:
    """When this build happens, in China time with its offset (2026-11-24T10:00:00+08:00): SOURCE_DATE_EPOCH, the
    reproducible-builds convention, when it is set (the same inputs and epoch give the same bytes); else the clock.
    pelicanconf.py calls it, the one place a local build reads the clock; publishing passes the deploy's time."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch:
        if not epoch.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got {epoch!r}")
        moment = dt.datetime.fromtimestamp(int(epoch), CHINA)
    else:
        moment = dt.datetime.now(CHINA)
    return moment.replace(microsecond=0).isoformat()


def moment(text: str, name: str) -> dt.datetime:
    """An ISO 8601 time with its offset (2026-11-24T10:00:00+08:00); ValueError naming the setting otherwise."""
    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        value = None
    if value is None or value.tzinfo is None:
        raise VerificationError(f"{name} must be a time with its offset, e.g. 2026-11-24T10:00:00+08:00, got {text!r}")
    return value
