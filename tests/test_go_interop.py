"""Go's own golang.org/x/mod reads the built site's transparency log (issue 32): an independent implementation of
signed notes and tiled logs. tests/interop/logcheck.go is built in GOPATH mode with Debian's golang-go and
golang-golang-x-mod-dev (`make test` installs them), with no network, and checks the checkpoint's signature, the
root from the tiles, every entry's inclusion proof and consistency proofs; a tile changed on its path fails."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

GOPATH = "/usr/share/gocode"  # where Debian's golang-golang-x-mod-dev puts golang.org/x/mod


@pytest.fixture(scope="module")
def logcheck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("go")
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": GOPATH,
        "GOCACHE": str(folder / "cache"),
        "GOPROXY": "off",
        "GOFLAGS": "",
        "CGO_ENABLED": "0",
    }
    program = folder / "logcheck"
    built = subprocess.run(
        ["go", "build", "-o", str(program), str(ROOT / "tests" / "interop" / "logcheck.go")],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    return program


def run(program, site):
    vkey = (site / "log" / "vkey").read_text(encoding="utf-8").strip()
    return subprocess.run([str(program), str(site), vkey], capture_output=True, text=True, timeout=300)


def test_go_x_mod_reads_the_built_log(logcheck, site):
    done = run(logcheck, site)
    assert done.returncode == 0, done.stdout + done.stderr
    snapshot = json.loads((site / "verify" / "snapshot.json").read_text(encoding="utf-8"))
    root = base64.b64encode(base64.urlsafe_b64decode(snapshot["checkpoint"]["root_hash"] + "=")).decode()
    assert done.stdout.split() == ["ok", str(snapshot["checkpoint"]["size"]), root]


@pytest.mark.parametrize("damage", ["tile", "checkpoint", "entry"])
def test_go_x_mod_refuses_a_damaged_log(logcheck, site, tmp_path, damage):
    copy = tmp_path / "site"
    shutil.copytree(site / "log", copy / "log")
    path = {
        "tile": copy / "log/tile/0/003",
        "checkpoint": copy / "log/checkpoint",
        "entry": copy / "log/tile/entries/001",
    }[damage]
    data = bytearray(path.read_bytes())
    data[len(data) // 3 if damage != "checkpoint" else data.index(b"\n") + 1] ^= 1
    path.write_bytes(bytes(data))
    done = run(logcheck, copy)
    assert done.returncode == 1 and not done.stdout.startswith("ok"), done.stdout
