"""CONTRIBUTING.md and every guide, followed literally: each ```sh block is run, in order, in a sandbox clone.

A new maintainer adds an organisation with a key and a certificate, gives it a standard, publishes a batch of 100
records from the organisation's export (and corrects one), rotates the key and finally withdraws the organisation.
Every guide ends with `make check` (the pull request's checks) and a push that the sandbox's origin merges.
"""

from __future__ import annotations

import csv
import json
import re
import socket
import subprocess
from pathlib import Path

import pytest
import sandbox

from portal.registry.credentials.holder import Holder
from portal.registry.log.tlog import folder_fetch
from portal.registry.store import lookup_store

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.build  # builds the site or runs the project's commands in a sandbox clone
GUIDES = [
    "CONTRIBUTING.md",
    "docs/guides/add-organisation.md",
    "docs/guides/add-certificate.md",
    "docs/guides/publish-records.md",
    "docs/guides/rotate-or-revoke-key.md",
    "docs/guides/hand-out-to-holders.md",
    "docs/guides/withdraw.md",
    "docs/guides/edit-in-browser.md",  # no commands: tests/test_pr_check.py makes its commits the web editor's way
    "docs/guides/witness.md",
    "docs/guides/issue-in-browser.md",  # no commands: tests/test_pr_check.py and tests/test_issuer_page.py follow it
]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def blocks(guide: str, language: str = "sh") -> list[str]:
    return [body for lang, body in BLOCK.findall((ROOT / guide).read_text(encoding="utf-8")) if lang == language]


def test_every_command_block_is_a_run_block():
    """Commands are shown only in ```sh blocks (which the walk-through runs); other blocks are data, not commands."""
    documents = GUIDES + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs" / "guides").glob("*.md"))
    assert sorted(set(documents)) == sorted(set(GUIDES)), "a guide is missing from the walk-through"
    for guide in GUIDES:
        for lang, body in BLOCK.findall((ROOT / guide).read_text(encoding="utf-8")):
            assert lang in ("sh", "text"), f"{guide}: a ```{lang} block; use ```sh for commands, ```text for data"
            if lang == "text":
                assert not re.search(r"^\s*(\.venv/|make |git |python)", body, re.M), f"{guide}: a command in text"
    assert sum(len(blocks(g)) for g in GUIDES) >= 20


def export_file(home: Path) -> Path:
    """The organisation's export of 100 issued certificates, in the columns the guide shows (plus an ID column)."""
    header = blocks("docs/guides/publish-records.md", "text")[0].splitlines()[0].split(",")
    path = home / "1x-private" / "issued-2026-11.csv"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header + ["身份证号"])
        for n in range(1, 101):
            writer.writerow(
                [
                    f"EX-2026-{n:06d}",
                    f"示例学员{n:03d}",
                    "示例技能",
                    "初级中级高级"[(n % 3) * 2 : (n % 3) * 2 + 2],
                    f"2026-11-{n % 18 + 1:02d}",
                    f"11010119900101{n:04d}",
                ]
            )
    return path


def follow(guide: str, repo: Path, env: dict, port: str = "") -> str:
    """Run the guide's ```sh blocks in order. port: a free port to use for the guide's 8089 (the witness guide's
    example port, which another suite running on this machine may hold)."""
    script = "set -euo pipefail\n" + "\n".join(blocks(guide))
    if port:
        script = script.replace("8089", port)
    done = subprocess.run(["bash", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{guide} failed when followed literally:\n{output[-4000:]}"
    return output


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    repo, env = sandbox.make(tmp_path_factory.mktemp("contributing"))
    export_file(Path(env["HOME"]))
    outputs = {}

    def run(guide: str, port: str = "") -> str:
        outputs[guide] = follow(guide, repo, env, port)
        return outputs[guide]

    return repo, env, run


def test_new_maintainer_follows_the_guides(walk):
    repo, env, run = walk
    run("CONTRIBUTING.md")
    assert (repo / ".git" / "hooks" / "pre-commit").exists()

    added = run("docs/guides/add-organisation.md")
    assert "全部检查通过" in added
    assert "新增 **示例职业技能评价中心**（`example-org`）" in added
    assert "新增 **示例技能**（`example-skill`）：示例职业技能评价中心，第 4 批，等级 初级、中级、高级" in added
    assert "新增 示例职业技能评价中心 的密钥" in added

    standard = run("docs/guides/add-certificate.md")
    assert "新增 **示例技能职业技能等级标准**（`example-skill`）" in standard
    assert "修改 **示例技能**（`example-skill`）：新增标准：example-skill" in standard

    published = run("docs/guides/publish-records.md")
    assert "示例职业技能评价中心（`example-org`）新增 100 条" in published
    assert "| 示例技能 | 初级 | 33 |" in published and "| 示例技能 | 中级 | 34 |" in published
    assert "示例职业技能评价中心 吊销 1 条：信息有误或误发 1 条" in published
    assert published.count("全部检查通过") == 2

    # the site built by the last `make check` shows the organisation, the certificate and the 100 records
    site = repo / "output"
    organisation = (site / "organisations" / "example-org" / "index.html").read_text(encoding="utf-8")
    assert "示例职业技能评价中心" in organisation and "示例技能" in organisation
    certificate = (site / "certificates" / "example-skill" / "index.html").read_text(encoding="utf-8")
    assert "示例职业技能评价中心" in certificate and "示例〔2026〕1号" in certificate
    assert (site / "standards" / "example-skill" / "index.html").exists()
    rows = [
        row
        for shard in (site / "verify" / "records").glob("*/*.json")
        for row in json.loads(shard.read_text(encoding="utf-8"))
        if row[0] == "example-org"
    ]
    assert len(rows) == 100
    private = Path(env["HOME"]) / "1x-private"
    with (private / "holders-2026-11" / "codes.csv").open(encoding="utf-8-sig") as codes:
        number, name, code, *_ = next(r for r in csv.reader(codes) if r[0] == "EX-2026-000001")
    holder = Holder.of(number, name, code)
    signed = lookup_store.open_index((site / "verify" / "records" / "index.json").read_bytes())
    found = lookup_store.find(folder_fetch(site / "verify" / "records"), holder.lookup, signed)
    assert found and found.organisation == "example-org" and found.record(holder.commitment)
    registry = (site / "registry" / "index.html").read_text(encoding="utf-8")
    assert "示例职业技能评价中心" in registry
    feed = (site / "feeds" / "catalogue.atom").read_text(encoding="utf-8")
    assert "示例职业技能评价中心登记 100 张证书" in feed
    for text in [
        organisation,
        certificate,
        registry,
        *(p.read_text(encoding="utf-8") for p in (repo / "data").rglob("*.yaml") if "example" in p.as_posix()),
    ]:
        assert "示例学员001" not in text and "EX-2026-000001" not in text and "110101199001010001" not in text

    handed = run("docs/guides/hand-out-to-holders.md")
    assert "EX-2026-000003.credential.json" in handed and "有效" in handed

    rotated = run("docs/guides/rotate-or-revoke-key.md")
    assert "吊销 示例职业技能评价中心 的密钥" in rotated and "原因：已由新密钥替换" in rotated

    withdrawn = run("docs/guides/withdraw.md")
    assert "状态：试点组织（2026-10-09） → 已退出（2026-11-23）" in withdrawn
    assert "全部检查通过" in withdrawn
    page = (repo / "output" / "organisations" / "example-org" / "index.html").read_text(encoding="utf-8")
    assert "已退出" in page
    sandbox.git(repo, "fetch", "-q", "origin", env=env)
    log = sandbox.git(repo, "log", "--format=%s", "origin/main", env=env)
    assert "示例职业技能评价中心退出试点" in log and "新增培训评价组织 示例职业技能评价中心" in log

    # an independent party runs a witness, the root names it, and the site's next build is cosigned by it
    home = Path(env["HOME"])
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = str(probe.getsockname()[1])
        witnessed = run("docs/guides/witness.md", port)
    finally:
        pid = home / "witness.pid"
        if pid.exists():
            subprocess.run(["kill", pid.read_text().strip()], check=False)
    assert "witness example.edu.cn" not in witnessed and "全部检查通过" in witnessed
    checkpoint = (repo / "output" / "log" / "checkpoint").read_text(encoding="utf-8")
    assert checkpoint.splitlines()[-1].startswith("— witness.example.edu.cn/1 ")
    assert "### 公开登记日志的见证人" in witnessed and "须 1 个联署，共 1 个：`witness.example.edu.cn/1`" in witnessed
