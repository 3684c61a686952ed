"""Explain in Chinese what changed in data/ between two git revisions: certificates, organisations, standards,
documents, batches and keys added, changed or removed; records per certificate and level; revocations.

    x1portal diff BASE [HEAD]     # e.g. main, origin/main, a commit; HEAD: the working tree

Prints Markdown (the pull-request workflow posts it as the job summary). Exit status 0, or 2 if a revision
cannot be read.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from portal.cli.commands import command_parser
from portal.project import project_root
from portal.review import diff as data_diff
from portal.review import revisions


def revision_diff(
    repo: Path, base: str, head: str | None, scratch: Path, base_tree: Path | None = None
) -> tuple[data_diff.Diff, str, str]:
    """(diff, base name, head name) of data/ at `base` against `head` (None: the working tree of repo).
    base_tree: `base` already extracted there, so it is not read from git again."""
    base_tree = base_tree or revisions.extract(repo, base, scratch / "base", "data")
    old = data_diff.read(base_tree / "data")
    if head is None:
        new, head_name = data_diff.read(repo / "data"), "工作区"
    else:
        new = data_diff.read(revisions.extract(repo, head, scratch / "head", "data") / "data")
        head_name = revisions.describe(repo, head)
    return data_diff.compare(old, new), revisions.describe(repo, base), head_name


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("diff", epilog=__doc__)
    parser.add_argument("base", help="比较的基准版本，如 main / the revision to compare with, e.g. main")
    parser.add_argument(
        "head", nargs="?", help="修改后的版本（默认工作区） / the changed revision (default: the working tree)"
    )
    parser.add_argument(
        "--repo",
        help="git 仓库（默认本项目） / the git repository (default: this project)",
    )
    args = parser.parse_args(argv)
    args.repo = args.repo or str(project_root())
    with tempfile.TemporaryDirectory() as scratch:
        try:
            diff, base_name, head_name = revision_diff(Path(args.repo), args.base, args.head, Path(scratch))
        except revisions.RevisionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    print(data_diff.markdown(diff, base_name, head_name))
    return 0
