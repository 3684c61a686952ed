"""A throwaway clone of this project, with a bare 'origin' on disk, for running the pull-request workflow for real.

The sandbox holds every file git would commit from the working tree (so uncommitted work is tested too), shares
.venv and node_modules by symlink, and is one commit on `main`. Its origin merges any pushed branch into main at
once (a post-receive hook), as a reviewer pressing "merge" on GitHub would, so a guide's next pull request starts
from a main that has the previous one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from portal.review import revisions

ROOT = Path(__file__).resolve().parent.parent
MERGE_ON_PUSH = """#!/bin/sh
# the reviewer merges every pushed branch into main (fast-forward)
while read old new ref; do
  [ "$ref" = refs/heads/main ] || git update-ref refs/heads/main "$new"
done
"""


def environment(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PORTAL_", "GITHUB_"))}
    return {
        **env,
        "HOME": str(home),
        "GIT_AUTHOR_NAME": "示例维护者",
        "GIT_AUTHOR_EMAIL": "maintainer@example.org",
        "GIT_COMMITTER_NAME": "示例维护者",
        "GIT_COMMITTER_EMAIL": "maintainer@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PORTAL_KEY_PASSPHRASE": "correct horse battery staple",
    }


def git(repo: Path, *args: str, env: dict) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def make(where: Path) -> tuple[Path, dict]:
    """(the sandbox repository, the environment to run commands in it with: its own HOME and git identity)."""
    home, repo, origin = where / "home", where / "repo", where / "origin.git"
    home.mkdir(parents=True)
    env = environment(home)
    for path in revisions.tree_files(ROOT):
        target = repo / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)  # keeps modification times, so make sees .venv as up to date
    for shared in (".venv", "node_modules"):
        (repo / shared).symlink_to(ROOT / shared)
    git(repo, "init", "-q", "-b", "main", env=env)
    git(repo, "add", "-A", env=env)
    git(repo, "commit", "-q", "-m", "main", env=env)
    git(where, "clone", "-q", "--bare", str(repo), str(origin), env=env)
    hook = origin / "hooks" / "post-receive"
    hook.write_text(MERGE_ON_PUSH, encoding="utf-8")
    hook.chmod(0o755)
    git(repo, "remote", "add", "origin", str(origin), env=env)
    git(repo, "fetch", "-q", "origin", env=env)
    git(repo, "branch", "-q", "--set-upstream-to=origin/main", "main", env=env)
    return repo, env
