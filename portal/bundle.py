"""Bundling the site's front-end modules with esbuild from npm (node_modules, installed by `npm ci`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def bundle(entry: Path, external: tuple[str, ...] = ()) -> str:
    """One minified ES module of entry and everything it imports (npm packages included)."""
    if not ESBUILD.exists():
        raise RuntimeError(f"{ESBUILD} is missing: run `npm ci` (make install does) to install the front-end tools")
    command = [str(ESBUILD), str(entry), "--bundle", "--format=esm", "--minify", "--target=es2022",
               "--charset=utf8", "--legal-comments=inline", *(f"--external:{name}" for name in external)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"esbuild could not bundle {entry.relative_to(ROOT)}:\n{result.stderr}")
    return result.stdout
