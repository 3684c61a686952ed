"""Dates as the portal writes them: YYYY-MM-DD naming a real calendar day (2023-02-29 and 2023-02-30 are not).

Every place that reads a date checks it here (schemas give the shape, this the calendar); the browser verifier
applies the same rule (theme/verifier/steps.js isDate), and tests/vectors/credentials.json holds both to it."""

from __future__ import annotations

import datetime as dt
import re

DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def is_date(value: object) -> bool:
    if not isinstance(value, str) or not DATE_SHAPE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
