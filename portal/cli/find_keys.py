"""Fail if any file holds private key material (PEM, PuTTY, a keygen key file, a private-key field).

    x1portal find-keys [FILE ...]     # default: every file git would commit

The same check x1portal check runs on a pull request; pre-commit runs it on the files of each commit.
"""

from __future__ import annotations

from pathlib import Path

from portal.cli.commands import command_parser
from portal.project import project_root
from portal.review import guards, revisions


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("find-keys", epilog=__doc__)
    parser.add_argument("files", nargs="*", help="要检查的文件 / files to check (default: every file git would commit)")
    args = parser.parse_args(argv)
    root = project_root()
    files = [Path(name).resolve() for name in args.files] if args.files else revisions.tree_files(root)
    problems = guards.private_keys([f for f in files if root in f.parents], root)
    for problem in problems:
        print(problem)
    return 1 if problems else 0
