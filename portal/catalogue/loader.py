"""Load data/ into a Catalogue. The one entry point the plugins and scripts use; it validates everything first."""

from __future__ import annotations

from pathlib import Path

from portal.catalogue import validate
from portal.catalogue.datafiles import read
from portal.catalogue.model import Catalogue
from portal.errors import DataError, Problem
from portal.workdays import WorkCalendar


def check(root: Path) -> list[Problem]:
    """Every problem in data/, all at once (the validate command prints these)."""
    files = read(root)
    return sorted(files.problems + validate.check(files))


def load(root: Path) -> Catalogue:
    """The validated catalogue; raises DataError listing every problem if there is any."""
    files = read(root)
    problems = files.problems + validate.check(files)
    if problems:
        raise DataError(problems)
    by_id = lambda folder: {f.data["id"]: f.data for f in files.folders[folder]}  # noqa: E731
    certificates = sorted(by_id("certificates").values(), key=lambda c: (c["batch"], c.get("list_row", 0), c["id"]))
    return Catalogue(
        certificates={c["id"]: c for c in certificates},
        organisations=dict(sorted(by_id("organisations").items(), key=lambda kv: kv[1]["name"])),
        standards=by_id("standards"),
        documents=dict(sorted(by_id("documents").items(), key=lambda kv: (kv[1]["date"] or "9999", kv[0]))),
        batches={f.data["number"]: f.data for f in sorted(files.folders["batches"], key=lambda f: f.data["number"])},
        exam_costs=files.singles["exam_costs.yaml"].data,
        changes=files.singles["changes.yaml"].data,
        majors=files.majors,
        crosswalk=files.singles["majors/crosswalk.yaml"].data,
        search_terms=files.singles["search_terms.yaml"].data,
        working_days=WorkCalendar.of_years(files.singles["working_days.yaml"].data["years"]),
    )
