"""The portal's errors. Every error a user can cause is a PortalError, which the command line catches once and
prints; a data problem is told so a maintainer can fix it: file, line, field path, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field


class PortalError(Exception):
    """An error the user can act on: the message says what is wrong and what to do."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where (file, line, column, field path), what is wrong and how to fix it (Chinese, then English:
    portal.messages has every text by code). cause: the problem this one follows from, if any."""

    file: str
    line: int
    path: str
    message: str
    hint: str
    code: str = field(default="", compare=False)
    column: int = field(default=0, compare=False)
    cause: Problem | None = field(default=None, compare=False, repr=False)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "") if self.line else self.file

    def __str__(self) -> str:
        field_ = f" {self.path}:" if self.path else ""
        return f"{self.where}:{field_} {self.message} — 修改建议 / fix: {self.hint}"

    def annotation(self, title: str) -> str:
        """A GitHub Actions workflow command: the problem shows on its line in the pull request's diff."""
        where = f"file={_escape(self.file, True)}"
        if self.line:
            where += f",line={self.line}" + (f",col={self.column}" if self.column else "")
        field_ = f"{self.path}: " if self.path else ""
        cause = (
            f"（因 {self.cause.where} 的问题而起 / caused by the problem at {self.cause.where}）" if self.cause else ""
        )
        text = f"{field_}{self.message}{cause} — 修改建议：{self.hint}"
        return f"::error {where},title={_escape(title, True)}::{_escape(text)}"


def arrange(problems: list[Problem]) -> list[tuple[int, Problem]]:
    """Root causes first, in file order; each followed by the problems it causes, indented one level deeper.
    Returns (depth, problem) pairs. A problem whose cause is not in the list counts as a root."""
    listed = set(map(id, problems))
    under: dict[int, list[Problem]] = {}
    roots = []
    for p in problems:
        if p.cause is not None and id(p.cause) in listed:
            under.setdefault(id(p.cause), []).append(p)
        else:
            roots.append(p)
    out: list[tuple[int, Problem]] = []

    def visit(p: Problem, depth: int) -> None:
        out.append((depth, p))
        for q in sorted(under.get(id(p), [])):
            visit(q, depth + 1)

    for root in sorted(roots):
        visit(root, 0)
    return out


def render(problems: list[Problem]) -> list[str]:
    """One line per problem, in arrange() order; a consequence is indented under its cause."""
    return [
        f"{'    ' * depth}└ 由上面的问题引起 / caused by the problem above: {p}" if depth else str(p)
        for depth, p in arrange(problems)
    ]


def _escape(text: str, property_value: bool = False) -> str:
    """Workflow command escaping: % CR LF always, and : , in a property's value."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


class DataError(PortalError):
    """The data has problems; nothing may be built from it."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for _, p in arrange(problems)]
        super().__init__(
            f"data/ 中有 {len(problems)} 个问题 / {len(problems)} problem(s) in data/:\n" + "\n".join(render(problems))
        )


class VerificationError(PortalError, ValueError):
    """What a verifier was shown does not hold: a signature, a key, a proof, a note, a snapshot, a list, a record
    line. Raised on the whole verifier path (portal/registry/ but issue/, portal/workdays.py); the message says what,
    in Chinese where the person verifying reads it. Also a ValueError: every caller that refuses bad input catches it."""


class SettingsError(PortalError, ValueError):
    """A PORTAL setting is missing or malformed: the message names the setting and what it must be."""


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
