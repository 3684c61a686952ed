"""The atomic build: Pelican writes into a temporary folder, which replaces the output only when everything
succeeded, so a failed build (bad data, a bug, an interrupted run) leaves the last good site in place.

The temporary folder is not new each time: the output before last is kept beside the output (`.<output>.spare`)
and built over, so the folders and files a build writes again already exist. Making 2,000 folders and 18,000 files
afresh costs seconds on some disks (new inodes); writing over them does not. What the build did not write (a
removed page, a shard of another layout) is then removed: a file whose inode did not change since the build started
(its ctime; writing, copying or linking a file changes it). The result is the same files, byte for byte, as a
build into an empty folder (tests/registry/test_scale.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from pelican import Pelican  # the site extra: without it (the slim install) x1portal says what to install
from pelican.settings import read_settings


def build(settings_file: Path, output: Path) -> None:
    """Raises on any failure, leaving `output` as it was."""
    output = output.resolve()
    staging = output.parent / f".{output.name}.building-{os.getpid()}"
    spare = output.parent / f".{output.name}.spare"
    shutil.rmtree(staging, ignore_errors=True)
    if spare.is_dir():
        spare.rename(staging)
    started = filesystem_now(output.parent)
    try:
        settings = read_settings(
            str(settings_file), override={"OUTPUT_PATH": str(staging), "DELETE_OUTPUT_DIRECTORY": False}
        )
        Pelican(settings).run()
        remove_unwritten(staging, started)
        if not (staging / "index.html").exists():  # none written, or the clock went back: publish nothing
            raise RuntimeError("the build wrote no index.html")
        swap(staging, output, spare)
    finally:
        if staging.exists():  # the build failed: what it wrote is built over next time
            shutil.rmtree(spare, ignore_errors=True)
            staging.rename(spare)


def filesystem_now(folder: Path) -> int:
    """Now, by the clock that stamps the files' ctimes (the kernel's, in its coarse ticks), read from a file made for
    it in folder and removed: the process's clock may differ (moved by faketime, or stepped by NTP) and its finer
    ticks run ahead of the stamps, and either way files written by this build would look older than its start and
    be removed."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f".build-clock-{os.getpid()}"
    marker.write_bytes(b"")
    try:
        return marker.stat().st_ctime_ns
    finally:
        marker.unlink()


def remove_unwritten(folder: Path, since: int) -> None:
    """Remove every file under folder whose inode has not changed since `since` (ns), then the empty folders."""
    for root, folders, names in os.walk(folder, topdown=False):
        for name in names:
            path = os.path.join(root, name)
            if os.lstat(path).st_ctime_ns < since:
                os.unlink(path)
        for name in folders:
            with contextlib.suppress(OSError):  # not empty
                os.rmdir(os.path.join(root, name))


def swap(new: Path, output: Path, spare: Path) -> None:
    """Replace output by new with two renames; the old output becomes the spare the next build writes over."""
    shutil.rmtree(spare, ignore_errors=True)
    if output.exists():
        output.rename(spare)
    new.rename(output)
