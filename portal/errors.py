"""The portal's errors. Every error a user can cause is a PortalError, which the command line catches once and
prints; a data problem is told so a maintainer can fix it: file, line, field path, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


class PortalError(Exception):
    """An error the user can act on: the message says what is wrong and what to do."""


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

    def annotation(self, title: str) -> str:
        """A GitHub Actions workflow command: the problem shows on its line in the pull request's diff."""
        where = f"file={_escape(self.file, True)}" + (f",line={self.line}" if self.line else "")
        field = f"{self.path}: " if self.path else ""
        return (
            f"::error {where},title={_escape(title, True)}::{_escape(f'{field}{self.message} — 修改建议：{self.hint}')}"
        )


def _escape(text: str, property_value: bool = False) -> str:
    """Workflow command escaping: % CR LF always, and : , in a property's value."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


class DataError(PortalError):
    """The data has problems; nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in data/:\n" + "\n".join(map(str, self.problems)))


class CommandError(PortalError):
    """A command cannot do what it was asked (bad option, unreadable input, refused operation)."""


class KeyFileError(PortalError):
    """A private key file cannot be written or opened (wrong passphrase, inside the repository, …)."""


class RevisionError(PortalError):
    """git could not give a revision of the data."""


class ProjectNotFound(PortalError):
    """The command was run outside a checkout of the portal."""


def format_path(parts: tuple) -> str:
    """('levels', 0, 'majors') -> 'levels[0].majors'."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
