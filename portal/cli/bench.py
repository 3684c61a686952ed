"""Run one of the benchmark scripts of scripts/ (benchmarks, not timed tests: they print medians and p95)."""

from __future__ import annotations

import subprocess
import sys

from portal.cli.commands import command_parser
from portal.project import project_root

BENCHMARKS = {
    "site": "benchmark.py",
    "registry": "benchmark_registry.py",
    "verifier": "benchmark_verifier.py",
    "batch": "benchmark_batch.py",
    "search": "benchmark_search.py",
    "lighthouse": "benchmark_lighthouse.py",
    "issuer": "benchmark_issuer.py",
}


def main(argv: list[str] | None = None) -> int:
    parser = command_parser(
        "bench", epilog="其余参数原样传给脚本 / other options go to the script (x1portal bench registry --help)"
    )
    parser.add_argument("which", choices=sorted(BENCHMARKS), help="哪一项基准 / which benchmark")
    args, rest = parser.parse_known_args(argv)
    root = project_root()
    return subprocess.run([sys.executable, str(root / "scripts" / BENCHMARKS[args.which]), *rest], cwd=root).returncode
