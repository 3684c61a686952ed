"""Bundling the site's front-end modules with esbuild from npm (node_modules, installed by `npm ci`), and the text a
page inlines in its <script> elements: a bundle (script_block) or JSON data (json_block), checked or escaped so that
nothing in it can close the element."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from portal.cache import remembered


def project_of(entry: Path) -> Path:
    """The checkout an entry module belongs to: the nearest folder above it with node_modules/.bin/esbuild."""
    for folder in entry.resolve().parents:
        if (folder / "node_modules" / ".bin" / "esbuild").exists():
            return folder
    raise RuntimeError(
        f"no node_modules/.bin/esbuild above {entry}: run `npm ci` (make install does) to install the front-end tools"
    )


def bundle(entry: Path, external: tuple[str, ...] = (), cache: str | None = None, inline: bool = False) -> str:
    """One minified ES module of entry and everything it imports (npm packages included); inline: a classic script
    instead, to be written into a page (script_block). cache: the build's cache folder, where a bundle is kept by
    the digest of the theme's scripts, the JSON they import (the verifier's message catalogues) and the npm lock
    file (portal/cache.py)."""
    root = project_of(entry)
    inputs = hashlib.sha256(f"{entry.resolve()}\n{external}\n{inline}".encode())
    theme = entry.resolve().parents[1]
    imported = root.glob("portal/**/*.html")  # templates a bundle imports as text (the printable certificate)
    for path in sorted([*theme.rglob("*.js"), *theme.rglob("*.json"), *imported, root / "package-lock.json"]):
        inputs.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return remembered(cache, "bundles", inputs.digest(), lambda: _esbuild(root, entry, external, inline))


def _esbuild(root: Path, entry: Path, external: tuple[str, ...], inline: bool) -> str:
    command = [
        str(root / "node_modules" / ".bin" / "esbuild"),
        str(entry),
        "--bundle",
        "--format=iife" if inline else "--format=esm",
        "--minify",
        "--target=es2022",
        "--charset=utf8",
        "--legal-comments=inline",
        "--loader:.html=text",
        *(f"--external:{name}" for name in external),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root)
    if result.returncode != 0:
        raise RuntimeError(f"esbuild could not bundle {entry.resolve().relative_to(root)}:\n{result.stderr}")
    return result.stdout


def script_block(script: str, name: str) -> str:
    """A classic script's text, checked to be safe inside <script>…</script> in a page."""
    if "</script" in script.lower() or "<!--" in script:
        raise RuntimeError(f"the {name} bundle contains '</script' or '<!--': it cannot be inlined in a page")
    return script


def json_block(value: object) -> str:
    """JSON safe inside <script type="application/json">: no '<' at all, so no '</script>' or '<!--'."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
