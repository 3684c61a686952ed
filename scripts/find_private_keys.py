"""Fail if any file holds private key material (PEM, PuTTY, a keygen key file, a private-key field).

    python scripts/find_private_keys.py [FILE ...]     # default: every file git would commit

The same check scripts/pr_check.py runs on a pull request; pre-commit runs it on the files of each commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import guards, revisions  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    files = [Path(name).resolve() for name in names] if names else revisions.tree_files(ROOT)
    problems = guards.private_keys([f for f in files if ROOT in f.parents], ROOT)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
