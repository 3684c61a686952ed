"""The code's shape, checked on every run: the linters pass (ruff for Python, ESLint and Prettier for the browser
modules), the import graph of portal/ has no cycle and flows down the layers, no file edits sys.path or reads
outside the project, and the browser's copy of the vocabulary is what portal/vocab.py generates."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, X1PORTAL

pytestmark = pytest.mark.js
# a layer may import from its own or lower layers only (the base modules sit below everything)
LAYERS = ["base", "catalogue", "registry", "search", "stats", "review", "site", "cli"]
BASE = {
    "portal",
    "portal.vocab",
    "portal.hanzi",
    "portal.settings",
    "portal.errors",
    "portal.files",
    "portal.urls",
    "portal.project",
    "portal.dates",
    "portal.workdays",
    "portal.cache",
    "portal.messages",
    "portal.tables",
}


def run(*command: str) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-4000:]}{done.stderr[-2000:]}"


def test_ruff_lint_passes():
    run(sys.executable, "-m", "ruff", "check", ".")


def test_ruff_format_is_applied():
    run(sys.executable, "-m", "ruff", "format", "--check", ".")


def test_eslint_passes():
    run(str(ROOT / "node_modules/.bin/eslint"), ".")


def test_prettier_format_is_applied():
    run(str(ROOT / "node_modules/.bin/prettier"), "--check", ".")


def test_browser_vocabulary_is_generated_from_portal_vocab():
    run(X1PORTAL, "vocab", "--check")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / "portal").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """Every portal module a file imports, at the top or inside a function."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("portal"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                out.add(name if name in known else node.module)
        elif isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name.startswith("portal")}
    return out & set(known)


def layer(module: str) -> int:
    return 0 if module in BASE else LAYERS.index(module.split(".")[1])


REGISTRY = ["keys", "credentials", "log", "validity", "store", "check", "issue"]


def test_the_registrys_subpackages_import_only_downwards():
    """keys -> credentials -> log -> validity -> store -> check -> issue (portal/registry/__init__.py), each saying
    in its docstring what it holds and what it may import; no module stands loose at the registry's top."""
    known = modules()
    loose = [name for name in known if name.startswith("portal.registry.") and name.count(".") == 2]
    assert sorted(loose) == [f"portal.registry.{p}" for p in sorted(REGISTRY)], loose
    for package in REGISTRY:
        assert "Imports" in (ROOT / "portal" / "registry" / package / "__init__.py").read_text(encoding="utf-8")
    below = lambda name: REGISTRY.index(name.split(".")[2])  # noqa: E731
    for name, path in known.items():
        if name.count(".") < 3 or not name.startswith("portal.registry."):
            continue
        for target in imports_of(path, known):
            if target.startswith("portal.registry.") and target.count(".") >= 2:
                assert below(target) <= below(name), f"{name} imports {target} (a later registry package)"


def test_the_verifier_path_raises_domain_errors_not_bare_value_errors():
    """A verifier's failures are VerificationError (settings: SettingsError), both PortalErrors: the CLI prints them
    once, in the person's words, and never a traceback."""
    path_modules = [*(ROOT / "portal" / "registry").glob("*/*.py"), ROOT / "portal" / "workdays.py"]
    checked = [p for p in path_modules if p.parent.name != "issue"]
    assert len(checked) > 25
    for path in checked:
        assert "raise ValueError" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)


def test_no_import_cycles_among_the_modules_of_portal():
    known = modules()
    graph = {name: imports_of(path, known) - {name} for name, path in known.items()}
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_imports_flow_down_the_layers_and_only_site_imports_pelican():
    known = modules()
    for name, path in known.items():
        for target in imports_of(path, known):
            if target == "portal":
                continue
            assert layer(target) <= layer(name), f"{name} ({LAYERS[layer(name)]}) imports {target} (a higher layer)"
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(from|import) (pelican|feedgenerator)\b", text, re.M):
            assert name.startswith("portal.site"), f"{name} imports Pelican (read settings with portal.site.context)"


def test_no_file_edits_sys_path_or_reads_the_shared_folder():
    for path in [
        *ROOT.glob("*.py"),
        *(ROOT / "portal").rglob("*.py"),
        *(ROOT / "scripts").glob("*.py"),
        *(ROOT / "plugins").rglob("*.py"),
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "tests").rglob("*.mjs"),
    ]:
        text = path.read_text(encoding="utf-8")
        if path.name == "test_lint.py":
            continue
        assert "sys.path.insert" not in text and "sys.path.append" not in text, path
        assert "../shared" not in text, f"{path} reads outside the project"


def test_plugins_are_thin_register_modules():
    for init in sorted((ROOT / "plugins").glob("*/__init__.py")):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        code = [node for node in tree.body if not isinstance(node, ast.Expr)]  # the docstring aside
        assert len(code) <= 2, f"{init}: a plugin is `from portal.site.<name> import register` and nothing more"
        assert any(isinstance(n, ast.ImportFrom) and n.module == f"portal.site.{init.parent.name}" for n in code), init


def test_make_install_installs_the_lock_with_hashes():
    """Every pinned package has its hashes, and `make install` refuses anything else (pip --require-hashes)."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", lock, re.M)
    named = re.findall(r"^[A-Za-z0-9_.-]+==", lock, re.M)
    assert len(pins) == len(named) > 90 and any(name == "setuptools" for name, _, _ in pins)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile and "--no-deps --no-build-isolation -e ." in makefile
