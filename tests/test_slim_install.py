"""The slim install (issue 34): `pip install` of the package without extras gives a command line that signs, with
none of the site's, the tests' or the tools' packages, and signs exactly as the full install does. Its size is
measured here and written in docs/registry.md."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, X1PORTAL, settings_for

pytestmark = pytest.mark.build  # installs into a fresh virtual environment
HEAVY = {"pelican", "markdown", "jinja2", "lunr", "pypinyin", "vl-convert-python", "zxing-cpp", "pillow", "playwright"}


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def test_the_slim_install_signs_as_the_full_one_and_installs_nothing_of_the_site(tmp_path, data_copy):
    source = tmp_path / "source"  # only what the package is built from: nothing is written into the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "portal", source / "portal", ignore=shutil.ignore_patterns("__pycache__"))
    pins = re.findall(r"^([A-Za-z0-9_.-]+==\S+)", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("\n".join(pins) + "\n", encoding="utf-8")  # the locked versions, as make install has
    venv = tmp_path / "slim"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    empty = size_of(venv)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    installed = subprocess.run([*pip, "install", "-c", str(constraints), str(source)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]
    listed = subprocess.run([*pip[:-1], "list", "--format=json"], capture_output=True, text=True, check=True)
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert not names & HEAVY, names & HEAVY
    assert {"pynacl", "pyyaml", "segno", "openpyxl", "jsonschema", "rfc8785"} <= names
    megabytes = (size_of(venv) - empty) / 1e6
    print(f"slim install: {len(names)} packages, {megabytes:.1f} MB over an empty venv")
    assert megabytes < 60

    slim = str(venv / "bin" / "x1portal")
    assert subprocess.run([slim, "--version"], capture_output=True, text=True).stdout.startswith("x1portal ")
    built = subprocess.run([slim, "build"], capture_output=True, text=True)
    assert built.returncode == 2 and "pip install 'x1-certificate-portal[site]'" in built.stderr, built.stderr

    settings = settings_for(data_copy, tmp_path)
    env = {**os.environ, "PORTAL_KEY_PASSPHRASE": "slim install passphrase"}
    export, codes = tmp_path / "export.csv", tmp_path / "codes.csv"
    with export.open("w", encoding="utf-8", newline="") as out, codes.open("w", encoding="utf-8", newline="") as c:
        rows, keep = csv.writer(out), csv.writer(c)
        rows.writerow(["证书编号", "姓名", "证书", "等级", "颁发日期"])
        keep.writerow(["证书编号", "验证码"])
        for n in range(20):
            rows.writerow([f"SLIM-2026-{n:04d}", f"学员{n}", "Web 前端开发", "中级", "2026-11-20"])
            keep.writerow([f"SLIM-2026-{n:04d}", f"{n:04d}-ABCD-EFGH"])
    signed = {}
    for which, command in (("slim", slim), ("full", X1PORTAL)):
        key = tmp_path / f"{which}.key"
        base = [command, "registry", "--settings", str(settings), "--quiet"]
        made = subprocess.run(
            [*base, "demo-key", "miit-eec-2021", "--out", str(key)], capture_output=True, text=True, env=env
        )
        assert made.returncode == 0, made.stderr
        done = subprocess.run(
            [*base, "sign", "--key", str(key), "--organisation", "miit-eec", "--input", str(export), "--batch",
             f"slim-{which}", "--out", str(tmp_path / f"holders-{which}"), "--site-url", "https://certificates.example.org",
             "--codes", str(codes)], capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        path = data_copy / "records" / "miit-eec" / f"slim-{which}.yaml"
        signed[which] = path.read_text(encoding="utf-8").replace("sequence: ", "sequence:")
        path.unlink()  # the next run takes the same sequence
    assert signed["slim"] == signed["full"]
