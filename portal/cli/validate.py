"""Check everything in data/ and print every problem at once (file:line: field: what — fix).

    x1portal validate [DATA_DIR] [--json]

Exit status 0 when the data is valid, 1 otherwise. --json prints one object instead: {"format", "data", "count",
"problems": [{"file", "line", "column", "field", "code", "message", "hint"}]} (messages in Chinese, then English).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from portal.catalogue.loader import check
from portal.cli.commands import command_parser
from portal.errors import render
from portal.project import project_root


def main(argv: list[str] | None = None) -> int:
    parser = command_parser("validate", epilog=__doc__)
    parser.add_argument("data", nargs="?", help="数据目录 / the data folder (default: data/)")
    parser.add_argument("--json", action="store_true", help="以一个 JSON 对象输出 / print one JSON object")
    args = parser.parse_args(argv)
    data = Path(args.data) if args.data else project_root() / "data"
    problems = check(data)
    if args.json:
        fields = ("file", "line", "column", "path", "code", "message", "hint")
        found = [{("field" if f == "path" else f): getattr(p, f) for f in fields} for p in problems]
        report = {"format": "1x-portal/validate-result/v1", "data": str(data), "count": len(found), "problems": found}
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 1 if problems else 0
    for line in render(problems):
        print(line)
    if problems:
        print(f"{data} 中有 {len(problems)} 个问题 / {len(problems)} problem(s) in {data}", file=sys.stderr)
        return 1
    print(f"{data}：没有问题 / no problems")
    return 0
