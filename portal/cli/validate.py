"""Check everything in data/ and print every problem at once (file:line: field: what — fix).

    x1portal validate [DATA_DIR]

Exit status 0 when the data is valid, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from portal.catalogue.loader import check
from portal.cli.commands import command_parser
from portal.errors import render
from portal.project import project_root


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("validate", epilog=__doc__)
    parser.add_argument("data", nargs="?", help="数据目录 / the data folder (default: data/)")
    args = parser.parse_args(argv)
    data = Path(args.data) if args.data else project_root() / "data"
    problems = check(data)
    for line in render(problems):
        print(line)
    if problems:
        print(f"{data} 中有 {len(problems)} 个问题 / {len(problems)} problem(s) in {data}", file=sys.stderr)
        return 1
    print(f"{data}：没有问题 / no problems")
    return 0
