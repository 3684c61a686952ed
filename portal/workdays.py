"""China's official working days: Monday to Friday, less the public holidays, plus the make-up working days (调休).

The table comes from data/working_days.yaml (the State Council's notice of each year) and is published inside the
signed state (verify/trust.json), so the CLI, the page, the single file and the batch page count with one table
(theme/verifier/workdays.js is the same arithmetic). A day the table does not cover is not known to be a working
day or not: counts say how many working days are certain and whether every day was covered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from portal.dates import is_date
from portal.errors import VerificationError

ONE_DAY = dt.timedelta(days=1)


def days_between(first: str, last: str) -> list[str]:
    """Every day from first to last, both included (a holiday as its notice states it), as YYYY-MM-DD."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(start + n * ONE_DAY).isoformat() for n in range((end - start).days + 1)]


class Count(NamedTuple):
    days: int  # working days known to lie in the span
    complete: bool  # False if some day of the span lies outside the table


@dataclass(frozen=True)
class WorkCalendar:
    first: str  # first day covered, YYYY-MM-DD
    last: str  # last day covered
    holidays: frozenset[str]
    workdays: frozenset[str]  # make-up working days: Saturdays and Sundays worked

    @classmethod
    def of_years(cls, years: list[dict]) -> WorkCalendar:
        """From data/working_days.yaml's `years` (validated: consecutive years, holidays as from/to ranges)."""
        holidays = {day for year in years for h in year["holidays"] for day in days_between(h["from"], h["to"])}
        workdays = {day for year in years for day in year["workdays"]}
        return cls(f"{years[0]['year']}-01-01", f"{years[-1]['year']}-12-31", frozenset(holidays), frozenset(workdays))

    def to_data(self) -> dict:
        """The published form (trust.json's `calendar`): flat sorted lists, read as they are by the browser."""
        return {
            "from": self.first,
            "to": self.last,
            "holidays": sorted(self.holidays),
            "workdays": sorted(self.workdays),
        }

    @classmethod
    def of_data(cls, data: dict) -> WorkCalendar:
        """The published form back; VerificationError if it is not one (a verifier then answers nothing)."""
        days = [data["from"], data["to"], *data["holidays"], *data["workdays"]]
        if not all(is_date(day) for day in days) or data["from"] > data["to"]:
            raise VerificationError("工作日历的日期无效")
        if not all(data["from"] <= day <= data["to"] for day in days[2:]):
            raise VerificationError("工作日历中有日期不在它覆盖的范围内")
        return cls(data["from"], data["to"], frozenset(data["holidays"]), frozenset(data["workdays"]))

    def covers(self, day: str) -> bool:
        return self.first <= day <= self.last

    def is_working(self, day: dt.date) -> bool:
        """Only for a covered day."""
        text = day.isoformat()
        return text in self.workdays or (day.weekday() < 5 and text not in self.holidays)

    def working_days_after(self, issued: str, day: str) -> Count:
        """Working days after `issued` up to and including `day`: those certain, and whether all were covered."""
        start, end = dt.date.fromisoformat(issued), dt.date.fromisoformat(day)
        count, complete = 0, True
        current = start + ONE_DAY
        while current <= end:
            if self.covers(current.isoformat()):
                count += self.is_working(current)
            else:
                complete = False
            current += ONE_DAY
        return Count(count, complete)
