"""The 2021 vocational major catalogue (职业教育专业目录) and the partial undergraduate catalogue."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from portal.errors import Problem
from portal.messages import problem
from portal.vocab import EDUCATION_LEVELS

_LEVEL_BY_CSV = {csv_name: key for key, (csv_name, _) in EDUCATION_LEVELS.items()}
VOCATIONAL_COLUMNS = [
    "education_level",
    "education_level_zh",
    "item_level",
    "code",
    "name",
    "category_code",
    "category_name",
    "class_code",
    "class_name",
    "parent_code",
]
UNDERGRADUATE_COLUMNS = ["code", "name", "class_code", "class_name", "catalog"]


@dataclass(frozen=True)
class Item:
    """A 大类 (category), 专业类 (class) or 专业 (major) of one education level."""

    level: str
    kind: str  # category | class | major
    code: str
    name: str
    category_code: str
    category_name: str
    class_code: str
    class_name: str


class MajorCatalogue:
    def __init__(self, items: list[Item], undergraduate: dict[str, str]):
        self.items = items
        self.by_code = {(i.level, i.code): i for i in items}
        self.majors_by_name = {(i.level, i.name): i for i in items if i.kind == "major"}
        self.classes_by_name = {(i.level, i.name): i for i in items if i.kind == "class"}
        self.undergraduate_by_name = undergraduate

    def of(self, level: str, kind: str) -> list[Item]:
        return [i for i in self.items if i.level == level and i.kind == kind]

    def children(self, item: Item) -> list[Item]:
        if item.kind == "category":
            return [i for i in self.of(item.level, "class") if i.category_code == item.code]
        if item.kind == "class":
            return [i for i in self.of(item.level, "major") if i.class_code == item.code]
        return []

    def counterpart_class(self, class_item: Item, level: str) -> Item | None:
        """The class of another level with the same 大类 and 专业类 names (codes differ between levels)."""
        found = self.classes_by_name.get((level, class_item.name))
        return found if found and found.category_name == class_item.category_name else None


def read_majors(folder: Path, label: str) -> tuple[MajorCatalogue, list[Problem]]:
    problems: list[Problem] = []
    items: list[Item] = []
    vocational = folder / "vocational-2021.csv"
    rows = _read_csv(vocational, f"{label}/vocational-2021.csv", VOCATIONAL_COLUMNS, problems)
    for line, row in rows:
        level = _LEVEL_BY_CSV.get(row["education_level"])
        kind = {"CATEGORY": "category", "CLASS": "class", "MAJOR": "major"}.get(row["item_level"])
        if level is None or kind is None:
            problems.append(
                problem(
                    "majors.unknown_level",
                    f"{label}/vocational-2021.csv",
                    line,
                    "education_level/item_level",
                    education_level=repr(row["education_level"]),
                    item_level=repr(row["item_level"]),
                    levels=", ".join(_LEVEL_BY_CSV),
                )
            )
            continue
        items.append(
            Item(
                level,
                kind,
                row["code"],
                row["name"],
                row["category_code"],
                row["category_name"],
                row["class_code"] or (row["code"] if kind == "class" else ""),
                row["class_name"],
            )
        )
    seen: dict[tuple, int] = {}
    for (line, _), item in zip(rows, items, strict=False):
        key = (item.level, item.code)
        if key in seen:
            problems.append(
                problem(
                    "majors.duplicate_code",
                    f"{label}/vocational-2021.csv",
                    line,
                    "code",
                    code=item.code,
                    level=EDUCATION_LEVELS[item.level][1],
                    first=seen[key],
                )
            )
        seen[key] = line
    undergraduate = {
        row["name"]: row["code"]
        for _, row in _read_csv(
            folder / "undergraduate-2026-partial.csv",
            f"{label}/undergraduate-2026-partial.csv",
            UNDERGRADUATE_COLUMNS,
            problems,
        )
    }
    return MajorCatalogue(items, undergraduate), problems


def _read_csv(path: Path, label: str, columns: list[str], problems: list[Problem]) -> list[tuple[int, dict]]:
    if not path.exists():
        problems.append(problem("file.missing", label, 0, restore=label))
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            problems.append(problem("majors.columns", label, 1, found=reader.fieldnames, expected=columns))
            return []
        return [(reader.line_num, row) for row in reader]
