"""Git revisions of the project, for comparing a pull request with the branch it targets."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

from portal.errors import RevisionError


def _git(repo: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    if done.returncode:
        raise RevisionError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def extract(repo: Path, revision: str, dest: Path, *paths: str) -> Path:
    """Write the tree of `revision` (or only `paths` of it) into dest, which must not exist yet."""
    try:
        archive = _git(repo, "archive", "--format=tar", revision, *paths)
    except RevisionError as exc:
        raise RevisionError(
            f"git cannot read revision {revision!r} ({exc}); fetch it first, e.g. "
            "`git fetch origin main`, or name another commit with --base"
        ) from None
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def describe(repo: Path, revision: str) -> str:
    """A short name for a revision: 'main (1a2b3c4)'."""
    commit = _git(repo, "rev-parse", "--short", f"{revision}^{{commit}}").decode().strip()
    return revision if revision == commit else f"{revision} ({commit})"


def tree_files(repo: Path) -> list[Path]:
    """Every file of the working tree that git would commit: tracked, or new and not ignored."""
    listed = _git(repo, "ls-files", "--cached", "--others", "--exclude-standard", "-z").decode("utf-8")
    return [repo / name for name in sorted(set(listed.split("\0"))) if name and (repo / name).is_file()]


def registry_root(tree: Path) -> dict:
    """PORTAL['REGISTRY_ROOT'] as the settings of `tree` define it (read by Pelican, in a separate process)."""
    program = (
        "import json, sys; from pelican.settings import read_settings; "
        "print(json.dumps(read_settings(sys.argv[1]).get('PORTAL', {}).get('REGISTRY_ROOT')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(tree / "pelicanconf.py")],
        capture_output=True,
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )
    if done.returncode:
        raise RevisionError(f"cannot read the settings of {tree}: {done.stderr.decode('utf-8', 'replace')[-400:]}")
    return json.loads(done.stdout)
