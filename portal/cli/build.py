"""Build the site with Pelican into a temporary folder and swap it into place only when everything succeeded.

    x1portal build [--settings publishconf.py] [--output output]

A data error prints every problem (file:line: field: what — fix) and exits 1; the previous output stays intact.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from portal.cli.commands import command_parser
from portal.errors import DataError
from portal.project import project_root
from portal.site.build import build


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("build")
    parser.add_argument(
        "--settings", help="Pelican 设置文件（默认 pelicanconf.py） / Pelican settings file (default: pelicanconf.py)"
    )
    parser.add_argument(
        "--output",
        help="输出目录，仅在构建成功后替换（默认 output/） / output folder, replaced only on success (default: output/)",
    )
    args = parser.parse_args(argv)
    args.settings = args.settings or str(project_root() / "pelicanconf.py")
    args.output = args.output or str(project_root() / "output")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    os.chdir(project_root())
    started = time.perf_counter()
    try:
        build(Path(args.settings), Path(args.output))
    except DataError as error:
        print(f"build stopped: {len(error.problems)} problem(s) in data/; {args.output} is unchanged", file=sys.stderr)
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - any failure must leave the last good build in place
        print(f"build failed: {type(error).__name__}: {error}; {args.output} is unchanged", file=sys.stderr)
        return 1
    pages = sum(1 for _ in Path(args.output).rglob("*.html"))
    print(f"built {pages} pages into {args.output} in {time.perf_counter() - started:.1f} s")
    return 0
