"""Running a file of Node's test runner from pytest: it must exit 0 with no failed, skipped, cancelled or todo test
(counts of passing tests are not asserted: adding a JS test must not break the Python side)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_node_tests(test_file: str, env: dict | None = None) -> str:
    node = shutil.which("node")
    assert node, "Node.js is required (the README's set-up installs it)"
    result = subprocess.run(
        [node, "--test", "--test-reporter=tap", test_file],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    tail = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    counts = {
        name: int(n) for name, n in re.findall(r"^# (pass|fail|skipped|cancelled|todo) (\d+)$", result.stdout, re.M)
    }
    assert counts.get("pass", 0) > 0, tail
    assert counts.get("fail") == 0 and counts.get("skipped") == 0 and counts.get("cancelled") == 0, tail
    assert counts.get("todo") == 0, tail
    return result.stdout
