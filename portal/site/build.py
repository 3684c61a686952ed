"""The atomic build: Pelican writes into a temporary folder, which replaces the output only when everything
succeeded, so a failed build (bad data, a bug, an interrupted run) leaves the last good site in place."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


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
