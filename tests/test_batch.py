"""HR verifies a whole intake at once (issue 15): `x1portal registry verify --batch` on a mixed set of credential
files, a QR image, a zip with a zip bomb inside, and a candidates' table saved by Chinese Excel (GB18030), with
formulas in its cells. Each row's verdict is the single check's; the exported table opens in Excel and runs no
formula."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import runpy
import subprocess
import zipfile

import pytest
import segno
from conftest import ROOT, X1PORTAL

from portal.catalogue.loader import load
from portal.registry import credential, demo
from portal.registry.batch import flag_duplicates, items, summary
from portal.registry.holder import Holder
from portal.registry.judgement import Checker
from portal.registry.printable import verify_link
from portal.registry.store import load_registry
from portal.registry.trust import Root
from portal.tables import FORMULA_START

SITE = "https://example.org/portal"


@functools.cache
def checker() -> Checker:
    """The single check, against the repository's registry (as the CLI without --site)."""
    portal = runpy.run_path(str(ROOT / "pelicanconf.py"))["PORTAL"]
    data = ROOT / "data"
    registry = load_registry(data, load(data), Root.of_setting(portal["REGISTRY_ROOT"]), portal["SNAPSHOT_DATE"])
    return Checker(registry.snapshot, dt.datetime.now(dt.UTC), registry=registry)


def issued(kind: str):
    """The first demo record of the repository's registry that the single check finds `kind`: (holder, record)."""
    for holder, certificate, organisation, level, day, signer in demo.issues():
        record = credential.issue(holder, organisation, certificate, level, day, signer.key, signer.seed)
        if checker().credential(credential.dumps(holder, record)).kind == kind:
            return holder, record
    raise AssertionError(kind)


@pytest.fixture(scope="module")
def intake(tmp_path_factory):
    """The mixed set (folder, zip, table) and the verdict each row must get, in the order the rows come."""
    folder = tmp_path_factory.mktemp("intake")
    files = folder / "files"
    files.mkdir()
    valid, revoked = issued("valid"), issued("revoked")
    (files / "a-valid.credential.json").write_text(credential.dumps(*valid), encoding="utf-8")
    (files / "b-revoked.credential.json").write_text(credential.dumps(*revoked), encoding="utf-8")
    tampered = json.loads(credential.dumps(*valid))
    tampered["holder"]["name"] = "张冒名"
    (files / "c-tampered.credential.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    stranger = Holder.of("X-2026-1", "王陌生", "ABCDEFGHJKMN")
    unknown = credential.issue(
        stranger, "miit-eec", "web-frontend", "primary", "2026-11-01", "0123456789abcdef", demo.seed("not endorsed")
    )
    (files / "d-unknown-key.credential.json").write_text(credential.dumps(stranger, unknown), encoding="utf-8")
    key = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    fresh_holder = Holder.of("X-2026-2", "李新", "ABCDEFGHJKMP")
    fresh = credential.issue(fresh_holder, "miit-eec", "web-frontend", "primary", "2026-11-20", key.key, key.seed)
    (files / "e-not-yet-registered.credential.json").write_text(credential.dumps(fresh_holder, fresh), "utf-8")
    segno.make(verify_link(SITE, *valid), error="m").save(str(files / "f-valid-again.qr.png"), scale=6)
    (files / "g-broken.json").write_text('{"holder": ', encoding="utf-8")
    (files / "h-photo.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with zipfile.ZipFile(files / "i-more.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("revoked.json", credential.dumps(*revoked))
        archive.writestr("bomb.json", b"0" * 30_000_000)  # 30 MB of zeros packs into about 30 KB
    table = folder / "candidates.csv"
    rows = [
        ["序号", "证书编号", "姓名", "验证码"],
        ["1", valid[0].number, valid[0].name, valid[0].code],
        ["2", revoked[0].number, "另一个人", revoked[0].code],
        ["3", '=HYPERLINK("http://evil.example","点我")', "@SUM(A1)", "-1+1"],
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    table.write_bytes(text.getvalue().encode("gb18030"))  # as Chinese Excel saves CSV by default
    expected = [
        ("a-valid", "valid", ""),
        ("b-revoked", "revoked", ""),
        ("c-tampered", "invalid", "被改动"),
        ("d-unknown-key", "invalid", "密钥"),
        ("e-not-yet-registered", "unconfirmed", ""),
        ("f-valid-again", "valid", "同一证书，见第 1 行"),
        ("g-broken", "invalid", ""),
        ("h-photo", "invalid", "二维码"),
        ("i-more.zip:revoked.json", "revoked", "同一证书，见第 2 行"),
        ("i-more.zip:bomb.json", "invalid", "压缩炸弹"),
        ("candidates.csv:2", "valid", "同一证书，见第 1 行"),
        ("candidates.csv:3", "invalid", "姓名不符"),
        ("candidates.csv:4", "invalid", "输入有误"),
    ]
    return folder, [files, table], expected


def test_the_cli_gives_each_row_its_verdict_and_an_excel_table(intake):
    folder, paths, expected = intake
    out = folder / "result.csv"
    done = subprocess.run(
        [X1PORTAL, "registry", "verify", "--batch", *map(str, paths), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # not every row is valid
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == [
        "行",
        "来源",
        "姓名",
        "证书编号",
        "证书",
        "等级",
        "颁发组织",
        "颁发日期",
        "结论",
        "verdict",
        "原因",
        "重复",
    ]
    rows = table[1:]
    assert len(rows) == len(expected), "\n".join(map(str, rows))
    for row, (source, verdict, words) in zip(rows, expected, strict=True):
        assert source in row[1] and row[9] == verdict, row
        assert words in row[10] + row[11], (words, row)
    for row in rows:  # nothing a spreadsheet would run as a formula
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    holder, record = issued("valid")
    assert rows[0][2:8] == [
        holder.name,
        holder.number,
        "Web 前端开发",
        "初级中级高级"[["primary", "intermediate", "advanced"].index(record.level) * 2 :][:2],
        "工业和信息化部教育与考试中心",
        record.issued,
    ]
    # the summary counts each certificate once: 3 duplicates are not counted again
    assert "共 13 行：1 有效 · 1 已撤销 · 7 无效 · 1 待确认（另有 3 行是重复的证书，未重复计数）" in done.stdout


def test_a_table_is_read_from_gb18030_and_its_columns_found_by_name(intake):
    folder, paths, _ = intake
    found = list(items([paths[1]]))
    assert [item.source.rsplit(":", 1)[1] for item in found] == ["2", "3", "4"]
    assert found[1].printed[1] == "另一个人" and found[2].printed[0].startswith("=HYPERLINK")


def test_a_table_without_the_columns_is_one_clear_row(tmp_path):
    table = tmp_path / "wrong.csv"
    table.write_text("编号,名字\n1,张三\n", encoding="utf-8")
    [item] = items([table])
    assert "no column 证书编号" in item.problem and "columns are ['编号', '名字']" in item.problem


def test_duplicates_are_flagged_and_counted_once():
    from portal.registry.batch import Row

    rows = [
        Row("a", "valid", "", name="张三", lookup="L1"),
        Row("b", "valid", "", name="张三", lookup="L1"),
        Row("c", "revoked", "", name="张三", lookup="L2"),
        Row("d", "invalid", "broken"),
    ]
    flag_duplicates(rows)
    assert [r.duplicate.split(" / ")[0] for r in rows] == ["", "同一证书，见第 1 行", "同名者另有证书：第 1 行", ""]
    assert summary(rows) == "1 有效 · 1 已撤销 · 1 无效 · 0 待确认（另有 1 行是重复的证书，未重复计数）"
