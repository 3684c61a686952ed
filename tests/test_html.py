"""HTML validation of every page type with the Nu Html Checker (npm vnu-jar, run on the machine's Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_browser import PAGE_TYPES

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.build  # builds the site or runs the project's commands in a sandbox clone
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def file_of(site: Path, path: str) -> Path:
    if path.endswith(".html"):
        return site / path.strip("/")
    return site / path.strip("/") / "index.html" if path.strip("/") else site / "index.html"


def test_every_page_type_is_valid_html(site):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("the Nu Html Checker needs `npm ci` (vnu-jar) and Java")
    files = [str(file_of(site, path)) for path in PAGE_TYPES]
    assert all(Path(f).exists() for f in files)
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files], capture_output=True, text=True
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages[:10], ensure_ascii=False, indent=1)
