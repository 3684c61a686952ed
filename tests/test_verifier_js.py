"""The browser verifier's modules (theme/verifier/) under Node's test runner: tests/js/verifier.test.mjs runs the
shared vectors, RFC 8785, Wycheproof and ed25519-speccheck through the WebCrypto and the pure-JS path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_node_test_runner_passes_on_both_crypto_paths():
    node = shutil.which("node")
    assert node, "Node.js is required (the README's set-up installs it)"
    result = subprocess.run([node, "--test", "--test-reporter=tap", "tests/js/verifier.test.mjs"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 12" in result.stdout, result.stdout[-2000:]
