"""The README is the front door and cannot drift from the code: its plugins are pelicanconf.py's PLUGINS, its commands
are the CLI's subcommands, every path it lists exists, and every relative link in it and in docs/ resolves."""

from __future__ import annotations

import argparse
import re
import runpy
from pathlib import Path

import pytest

from portal.cli import registry as registry_cli
from portal.cli.bench import BENCHMARKS
from portal.cli.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
LIMIT = 12 * 1024


def table_rows(heading: str) -> list[list[str]]:
    """The rows (cells) of the first table under a README heading that starts with `heading`."""
    section = README.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]  # past the header


def code_spans(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def test_the_readme_is_short():
    assert len(README.encode("utf-8")) <= LIMIT


def test_the_plugins_listed_are_the_builds_plugins_in_order():
    row = next(cells for cells in table_rows("目录结构") if cells[0] == "`plugins/`")
    listed = [name for name in code_spans(row[1]) if re.fullmatch(r"[a-z_]+", name)]
    assert listed == runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]


def test_the_commands_listed_are_the_clis_subcommands():
    rows = table_rows("命令行")
    listed = [code_spans(cells[0])[0].split()[1] for cells in rows]
    assert listed == list(COMMANDS)
    details = {code_spans(cells[0])[0].split()[1]: code_spans(cells[1]) for cells in rows}
    subparsers = next(a for a in registry_cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(details["registry"]) == sorted(subparsers.choices)
    assert sorted(details["bench"]) == sorted(BENCHMARKS)


def test_every_path_in_the_layout_exists():
    for cells in table_rows("目录结构"):
        for path in re.split(r",\s*", cells[0].replace("`", "")):
            assert (ROOT / path).exists(), path


@pytest.mark.parametrize(
    "document", ["README.md", "CONTRIBUTING.md", *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("docs/**/*.md"))]
)
def test_every_relative_link_resolves(document):
    path = ROOT / document
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("/"):
            continue  # a web address, or a path on the built site
        assert (path.parent / target).exists(), f"{document}: {target}"
