"""A problem in the data, told so a maintainer can fix it: file, line, field path, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    path: str
    message: str
    hint: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message} — 修改建议 / fix: {self.hint}"


class DataError(Exception):
    """The data has problems; nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in data/:\n" + "\n".join(map(str, self.problems)))


def format_path(parts: tuple) -> str:
    """('levels', 0, 'majors') -> 'levels[0].majors'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
