"""Read a YAML file into plain data and remember the line of every field, so errors can name the line.

Dates stay strings (the schemas check their format): the timestamp resolver is removed so that a value such as
2019-04-15 is not silently turned into a date object, and 2019-13-45 is reported instead of crashing the load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from portal.errors import Problem


class _Loader(yaml.SafeLoader):
    pass


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
            text = self.path.read_text(encoding="utf-8") if text is None else text
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(self.label, 1, "", f"not UTF-8 text ({exc.reason})", "save the file as UTF-8"))
            return
        try:
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
                self.data = loader.construct_document(node) if node is not None else None
            finally:
                loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            what = getattr(exc, "problem", None) or str(exc)
            self.problems.append(
                Problem(
                    self.label,
                    line,
                    "",
                    f"YAML syntax error: {what}",
                    "check indentation, colons and quotes on this line",
                )
            )
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
                    self.problems.append(
                        Problem(
                            self.label,
                            line,
                            ".".join(map(str, path + (key,))),
                            f"duplicate key '{key}' (first on line {seen[key]})",
                            "keep one of the two entries",
                        )
                    )
                seen[key] = line
                self._walk(value_node, path + (key,))
                self.lines[path + (key,)] = line
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, path + (index,))
