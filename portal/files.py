"""Writing files so that a half-written file never exists under its real name."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path


def compact_json(value: object) -> str:
    """JSON as the site publishes it: UTF-8 text, no spaces."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary sibling (unique per process and thread: two threads may write the same file, as the
    statistics page's do when two charts are the same), then rename it into place."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """write_text_atomically, for bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def link_tree(source: Path, target: Path) -> int:
    """Put every file under source at the same place under target, as a hard link (a copy where links are not
    possible): how a build carries files kept in its cache into a new output without writing them again. A target
    that is already that file (same inode, read from the folder listing, no stat) is kept and marked written: its
    ctime is renewed, which portal.site.build reads. Plain strings, not Path objects: at 10^7 records this is
    146,000 files, and building a Path for each took longer than linking it."""
    count = 0
    source, target = os.fspath(source), os.fspath(target)
    for folder, _, names in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source)) if folder != source else target
        os.makedirs(into, exist_ok=True)
        wanted = set(names)
        kept = {entry.name: entry.inode() for entry in os.scandir(folder) if entry.name in wanted}
        there = {entry.name: entry.inode() for entry in os.scandir(into)}
        for name, inode in kept.items():
            placed = os.path.join(into, name)
            if there.get(name) == inode:
                os.utime(placed, ns=_times(placed))  # the same times: only the ctime changes
                continue
            if name in there:
                os.unlink(placed)
            try:
                os.link(os.path.join(folder, name), placed)
            except OSError:
                shutil.copyfile(os.path.join(folder, name), placed)
            count += 1
    return count


def _times(path: str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_atime_ns, stat.st_mtime_ns
