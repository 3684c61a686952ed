"""Writing files so that a half-written file never exists under its real name."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary sibling (unique per process), then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def link_tree(source: Path, target: Path) -> int:
    """Put every file under source at the same place under target, as a hard link (a copy where links are not
    possible): how a build carries files kept in its cache into a new output without writing them again."""
    count = 0
    for folder, _, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(Path(folder, name), into / name)
            except OSError:
                shutil.copyfile(Path(folder, name), into / name)
            count += 1
    return count
