"""Check everything in data/ and print every problem at once (file:line: field: what — fix).

    x1portal validate [DATA_DIR]

Exit status 0 when the data is valid, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from portal.catalogue.loader import check
from portal.cli.commands import command_parser
from portal.project import project_root


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("validate", epilog=__doc__)
    parser.add_argument("data", nargs="?", help="数据目录 / the data folder (default: data/)")
    args = parser.parse_args(argv)
    data = Path(args.data) if args.data else project_root() / "data"
    problems = check(data)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {data}", file=sys.stderr)
        return 1
    print(f"{data}: no problems")
    return 0
