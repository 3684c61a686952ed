"""Build the site with Pelican into a temporary folder and swap it into place only when everything succeeded.

    python scripts/build.py [--settings publishconf.py] [--output output]

A data error prints every problem (file:line: field: what — fix) and exits 1; the previous output stays intact.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.problems import DataError  # noqa: E402


def build(settings_file: Path, output: Path) -> None:
    """Raises on any failure, leaving `output` as it was."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = output.resolve()
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(staging)})
        Pelican(settings).run()
        if not (staging / "index.html").exists():
            raise RuntimeError("the build wrote no index.html")
        swap(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap(new: Path, output: Path) -> None:
    """Replace output by new with two renames; the old tree is removed only after the new one is in place."""
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    if output.exists():
        output.rename(old)
    new.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the portal (atomically).")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"), help="Pelican settings file")
    parser.add_argument("--output", default=str(ROOT / "output"), help="output folder, replaced only on success")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    os.chdir(ROOT)
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


if __name__ == "__main__":
    sys.exit(main())
