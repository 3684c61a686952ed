"""Read a YAML file into plain data and remember the line of every field, so errors can name the line.

Dates stay strings (the schemas check their format): the timestamp resolver is removed so that a value such as
2019-04-15 is not silently turned into a date object, and 2019-13-45 is reported instead of crashing the load.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from portal.errors import Problem
from portal.messages import MESSAGES, problem

MAX_NESTING = 40  # the deepest data file (a standard's skills) nests 8 levels
MAX_DATA_BYTES = 1024 * 1024  # a catalogue data file (the largest is under 20 KB)

try:  # libyaml when present (it is in PyYAML's wheels)
    _FastLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _FastLoader = yaml.SafeLoader


class Refused(yaml.YAMLError):
    """What a data file may not use, though YAML allows it: aliases and anchors (one alias can stand for a billion
    values, a "billion laughs"), tags (a type the schema did not ask for), and nesting deep enough to exhaust the
    stack. Refused while the file is parsed, before any of it is expanded or walked; problem_mark is where."""

    def __init__(self, code: str, mark: yaml.Mark):
        text = MESSAGES[code]
        super().__init__(f"{text.zh} / {text.en}".format(depth=MAX_NESTING))
        self.code, self.mark = code, mark
        self.problem_mark = mark  # as yaml.MarkedYAMLError names it


def refusal(event: yaml.Event) -> str | None:
    """The code of what a data file may not use that this parser event is, or None."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return "yaml.alias"
    if getattr(event, "tag", None) is not None:
        return "yaml.tag"
    return None


class _Loader(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        code = refusal(event)
        if code:
            raise Refused(code, event.start_mark)
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise Refused("yaml.too_deep", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_data(text: str) -> Any:
    """Plain data from YAML written as data files are, at libyaml's speed (the review's diff, records files): Refused
    for an anchor, alias, tag or nesting deeper than MAX_NESTING, found by a first pass over the parser's events
    (libyaml's parser keeps its own stack, so 50,000 open brackets cost no recursion), before anything is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_FastLoader):
        code = refusal(event)
        if code:
            raise Refused(code, event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise Refused("yaml.too_deep", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=_FastLoader)


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Positions = dict[tuple, int]


def dumps(data: Any) -> str:
    """YAML as the data files are written: block style, Chinese as is, keys in the given order."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


class YamlFile:
    """One parsed file: its data, the line of each path, and the problems met while reading it."""

    def __init__(self, path: Path, label: str, text: str | None = None):
        """Read path, or parse `text` as if it were path's content (to check a file before writing it)."""
        self.path = path
        self.label = label
        self.data: Any = None
        self.lines: Positions = {}
        self.plain: dict[tuple, str] = {}  # unquoted values YAML read as a number or true/false: path -> text written
        self.problems: list[Problem] = []
        self._read(text)

    def line(self, path: tuple) -> int:
        """The line of the deepest known prefix of path (a missing field is reported at its parent)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    def _read(self, text: str | None) -> None:
        try:
            if text is None and self.path.stat().st_size > MAX_DATA_BYTES:
                size = self.path.stat().st_size
                self.problems.append(problem("file.too_large", self.label, 1, size=size, limit=MAX_DATA_BYTES))
                return
            text = self.path.read_text(encoding="utf-8") if text is None else text
        except UnicodeDecodeError as exc:
            self.problems.append(problem("file.not_utf8", self.label, 1, reason=exc.reason))
            return
        try:
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
                self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except Refused as exc:
            line, column = exc.mark.line + 1, exc.mark.column + 1
            self.problems.append(problem(exc.code, self.label, line, column=column, depth=MAX_NESTING))
            return
        except yaml.YAMLError as exc:
            self.problems.append(syntax_problem(self.label, text, exc))
            return
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    where = ".".join(map(str, path + (key,)))
                    self.problems.append(
                        problem("yaml.duplicate_key", self.label, line, where, key=key, first=seen[key])
                    )
                seen[key] = line
                self._walk(value_node, path + (key,))
                self.lines[path + (key,)] = line
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, path + (index,))
        elif node.style is None and node.tag != "tag:yaml.org,2002:str":
            self.plain[path] = node.value


_KEY_WITH_FULLWIDTH_COLON = re.compile(r"^\s*(?:- )?[^\s:#'\"][^:#]*?：")
_HAS_COLON = re.compile(r":(\s|$)")


def syntax_problem(label: str, text: str, exc: yaml.YAMLError) -> Problem:
    """A YAML syntax error at the line and column of the mistake, with the usual mistakes named. PyYAML notices a
    missing or full-width colon only on a later line (where the key's value should have ended); the mistake is the
    line before."""
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc)
    lines = text.splitlines()
    if mark is None:
        return problem("yaml.syntax", label, 1, what=what)
    line, column = mark.line, mark.column  # 0-based
    if "'\\t'" in what or "\t" in what:
        return problem("yaml.tab", label, line + 1, column=column + 1)
    suspect = None
    if "could not find expected ':'" in what and getattr(exc, "context_mark", None) is not None:
        suspect = exc.context_mark.line
    elif "mapping values are not allowed here" in what:
        before = [
            n
            for n in range(min(line, len(lines)) - 1, -1, -1)
            if lines[n].strip() and not lines[n].lstrip().startswith("#")
        ]
        if before and (not _HAS_COLON.search(lines[before[0]]) or _KEY_WITH_FULLWIDTH_COLON.match(lines[before[0]])):
            suspect = before[0]
    if suspect is not None and suspect < len(lines):
        written = lines[suspect]
        shown = written.strip()
        if _KEY_WITH_FULLWIDTH_COLON.match(written):
            return problem("yaml.fullwidth_colon", label, suspect + 1, column=written.index("：") + 1, text=shown)
        key_end = len(written) - len(written.lstrip()) + len(shown.split()[0])  # the colon goes after the key
        return problem("yaml.missing_colon", label, suspect + 1, column=key_end + 1, text=shown)
    opened = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    if opened is not None and ("flow" in context or "quoted" in context):  # an unclosed [ { ' or ": where it opened
        return problem("yaml.syntax", label, opened.line + 1, column=opened.column + 1, what=f"{context}: {what}")
    return problem("yaml.syntax", label, line + 1, column=column + 1, what=what)
