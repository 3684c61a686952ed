"""Writing files so that a half-written file never exists under its real name."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


def compact_json(value: object) -> str:
    """JSON as the site publishes it: UTF-8 text, no spaces."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary sibling (unique per process), then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def link_tree(source: Path, target: Path) -> int:
    """Put every file under source at the same place under target, as a hard link (a copy where links are not
    possible): how a build carries files kept in its cache into a new output without writing them again. A target
    that is already that file (same inode, read from the folder listing, no stat) is kept and marked written: its
    ctime is renewed, which portal.site.build reads."""
    count = 0
    for folder, _, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        kept = {entry.name: entry.inode() for entry in os.scandir(folder) if entry.name in names}
        there = {entry.name: entry.inode() for entry in os.scandir(into)}
        for name, inode in kept.items():
            placed = into / name
            if there.get(name) == inode:
                os.utime(placed, ns=_times(placed))  # the same times: only the ctime changes
                continue
            if name in there:
                placed.unlink()
            try:
                os.link(Path(folder, name), placed)
            except OSError:
                shutil.copyfile(Path(folder, name), placed)
            count += 1
    return count


def _times(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_atime_ns, stat.st_mtime_ns
