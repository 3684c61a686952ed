"""Check everything in data/ and print every problem at once (file:line: field: what — fix).

    python scripts/validate.py [DATA_DIR]

Exit status 0 when the data is valid, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.loader import check  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data = Path(argv[0]) if argv else ROOT / "data"
    problems = check(data)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {data}", file=sys.stderr)
        return 1
    print(f"{data}: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
