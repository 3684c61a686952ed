"""The signed registry end to end: the CLI, the build, the lookup store, privacy, and an independent VC verifier."""

from __future__ import annotations

import base64
import csv
import gzip
import html
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import ROOT, TEST_NOW_ARG, X1PORTAL, settings_for

from portal.catalogue.loader import load
from portal.cli.main import main as x1portal_main
from portal.errors import DataError, VerificationError
from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder
from portal.registry.credentials.records import Record, read_records_text, records_text
from portal.registry.issue import demo
from portal.registry.keys import keyfile
from portal.registry.keys.trust import Root
from portal.registry.log.tlog import folder_fetch
from portal.registry.store import loading as registry_module
from portal.registry.store import lookup_store
from portal.site import build

PASSPHRASE = "correct horse battery staple"
# Planted in the private export: none of it may appear in data/ or in the built site, in any encoding.
PLANTED = [
    ("PRIV-2026-000123", "王小明", "11010519491231002X"),
    ("PRIV-2026-000124", "欧阳娜娜", "31011519800101123X"),
    ("PRIV-2026-000125", "𠮷田花子", "440305200001010011"),
]

SITE = "https://certificates.example.org"


def registry_cli(argv: list[str]) -> int:
    """`x1portal registry …` in this process, through the dispatcher (which prints errors)."""
    return x1portal_main(["registry", *argv])


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Made once per module (key derivation is deliberately slow): a data copy, the demo root as a key file (outside
    the repo), a new endorsed key for miit-eec, and three signed holders."""
    tmp_path = tmp_path_factory.mktemp("prepared")
    data_copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_copy)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_KEY_PASSPHRASE", PASSPHRASE)
        return _prepare(tmp_path, data_copy)


@pytest.fixture
def workspace(prepared, tmp_path, monkeypatch):
    """A private copy of the prepared workspace that a test may change."""
    monkeypatch.setenv("PORTAL_KEY_PASSPHRASE", PASSPHRASE)
    for name in ("data", "keys", "holders"):
        shutil.copytree(prepared["tmp"] / name, tmp_path / name)
    settings = settings_for(tmp_path / "data", tmp_path)
    base = ["--settings", str(settings), "--quiet"]
    return {
        "base": base,
        "data": tmp_path / "data",
        "keys": tmp_path / "keys",
        "holders": tmp_path / "holders",
        "settings": settings,
        "tmp": tmp_path,
    }


def _prepare(tmp_path: Path, data_copy: Path) -> dict:
    keys = tmp_path / "keys"
    keyfile.write(keys / "root.key", demo.ROOT_SEED, PASSPHRASE, repository=ROOT)
    settings = settings_for(data_copy, tmp_path)
    base = ["--settings", str(settings), "--quiet"]
    assert registry_cli([*base, "keygen", "--out", str(keys / "org.key")]) == 0
    public_key = keyfile.public_part(keys / "org.key")["public_key"]
    assert (
        registry_cli(
            [
                *base,
                "endorse",
                "--root-key",
                str(keys / "root.key"),
                "--organisation",
                "miit-eec",
                f"--public-key={public_key}",
                "--valid-from",
                "2026-01-01",
                "--valid-until",
                "2030-12-31",
                "--scope",
                "web-frontend",
            ]
        )
        == 0
    )
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["证书编号", "姓名", "身份证号", "证书", "等级", "颁发日期"])
        for number, name, id_number in PLANTED:
            writer.writerow([number, name, id_number, "Web 前端开发", "中级", "2026-06-30"])
    holders = tmp_path / "holders"
    assert (
        registry_cli(
            [
                *base,
                "sign",
                "--key",
                str(keys / "org.key"),
                "--organisation",
                "miit-eec",
                "--input",
                str(export),
                "--batch",
                "2026-06",
                "--out",
                str(holders),
                "--site-url",
                SITE,
            ]
        )
        == 0
    )
    return {"base": base, "data": data_copy, "keys": keys, "holders": holders, "settings": settings, "tmp": tmp_path}


def codes(holders: Path) -> dict[str, str]:
    with (holders / "codes.csv").open(encoding="utf-8-sig") as source:
        return {row["证书编号"]: row["验证码"] for row in csv.DictReader(source)}


def verify(workspace, *args: str, capsys) -> tuple[int, str]:
    status = registry_cli([*workspace["base"], "verify", *TEST_NOW_ARG, *args])
    return status, capsys.readouterr().out


def test_key_files_are_encrypted_private_and_refused_inside_the_repo(tmp_path):
    path = tmp_path / "k.key"
    keyfile.write(path, b"\1" * 32, PASSPHRASE, repository=ROOT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"\1" * 8 not in path.read_bytes() and "box" in json.loads(path.read_text())
    assert keyfile.read(path, PASSPHRASE) == b"\1" * 32
    with pytest.raises(keyfile.KeyFileError, match="wrong passphrase"):
        keyfile.read(path, PASSPHRASE + "!")
    with pytest.raises(FileExistsError):
        keyfile.write(path, b"\2" * 32, PASSPHRASE, repository=ROOT)
    with pytest.raises(keyfile.KeyFileError, match="inside the repository"):
        keyfile.write(ROOT / "data" / "x.key", b"\1" * 32, PASSPHRASE, repository=ROOT)


def test_sign_then_verify_by_number_name_and_code(workspace, capsys):
    number, name, _ = PLANTED[0]
    code = codes(workspace["holders"])[number]
    status, out = verify(workspace, "--number", number, "--name", name, "--code", code.lower(), capsys=capsys)
    assert status == 0, out
    assert "结论：有效（valid）" in out and f"持证人：{name}" in out and "等级：中级" in out
    assert "请核对候选人身份证件上的姓名与此一致" in out
    assert "[登记] 记录在本仓库的登记数据中" in out  # expiry is the published snapshot's: test_log_attacks.py
    status, out = verify(workspace, "--number", number, "--name", "王小红", "--code", code, capsys=capsys)
    assert status == 1 and "姓名不符" in out
    status, out = verify(workspace, "--number", number, "--name", name, "--code", "0000-0000-0000", capsys=capsys)
    assert status == 1 and "未找到" in out


def test_credential_file_qr_and_vc_verify_with_the_same_signature(workspace, capsys):
    number = PLANTED[1][0]
    stem = workspace["holders"] / number
    for path in (f"{stem}.credential.json", f"{stem}.vc.json"):
        status, out = verify(workspace, path, capsys=capsys)
        assert status == 0, out
    holder, record = credential.from_json(json.loads(Path(f"{stem}.credential.json").read_text()))
    status, out = verify(
        workspace, "--qr", "https://x.example/verify/#c=" + credential.to_compact(holder, record), capsys=capsys
    )
    assert status == 0 and "签名有效" in out
    assert Path(f"{stem}.qr.png").read_bytes()[:4] == b"\x89PNG"
    assert holder.name in Path(f"{stem}.html").read_text() and "演示证书" in Path(f"{stem}.html").read_text()


def test_tampered_credential_fails_at_the_signature_step(workspace, capsys):
    path = workspace["holders"] / f"{PLANTED[0][0]}.credential.json"
    data = json.loads(path.read_text())
    data["record"]["level"] = "advanced"
    path.write_text(json.dumps(data, ensure_ascii=False))
    status, out = verify(workspace, str(path), capsys=capsys)
    assert status == 1 and "[未通过] 签名有效" in out and "结论：无效（invalid）" in out


def test_revoke_a_record_and_a_key(workspace, capsys):
    number, name, _ = PLANTED[2]
    code = codes(workspace["holders"])[number]
    org_key = str(workspace["keys"] / "org.key")
    assert (
        registry_cli(
            [
                *workspace["base"],
                "revoke",
                "--key",
                org_key,
                "--organisation",
                "miit-eec",
                "--number",
                number,
                "--code",
                code,
                "--date",
                "2026-07-01",
                "--reason",
                "issued-in-error",
            ]
        )
        == 0
    )
    status, out = verify(workspace, "--number", number, "--name", name, "--code", code, capsys=capsys)
    assert status == 3 and "[未通过] 证书未被撤销" in out and "信息有误" in out
    assert "结论：已撤销（revoked）——签名真实，但颁发组织已撤销此证书" in out
    key_id = keyfile.public_part(workspace["keys"] / "org.key")["key"]
    assert (
        registry_cli(
            [
                *workspace["base"],
                "revoke-key",
                "--root-key",
                str(workspace["keys"] / "root.key"),
                "--organisation",
                "miit-eec",
                "--key-id",
                key_id,
                "--from",
                "2026-06-01",
                "--reason",
                "compromised",
            ]
        )
        == 0
    )
    capsys.readouterr()
    number, name, _ = PLANTED[0]
    status, out = verify(
        workspace, "--number", number, "--name", name, "--code", codes(workspace["holders"])[number], capsys=capsys
    )
    assert status == 1 and "[未通过] 颁发日期在密钥有效期内" in out and "2026-06-01 起已吊销" in out


def test_sign_refuses_an_unknown_level_and_writes_nothing(workspace, capsys):
    status, records, holders = sign_export_file(
        workspace, [["B-1", "某人", "Web 前端开发", "特级", "2026-06-30"]], "bad", "--site-url", SITE
    )
    assert status == 2 and "bad.csv:2" in capsys.readouterr().err
    assert not records.exists() and not holders.exists()


@pytest.mark.build
def test_nothing_personal_is_published_in_any_encoding(workspace):
    """Names, ID numbers, certificate numbers and codes from the private export appear nowhere in data/ or the site."""
    output = workspace["tmp"] / "site"
    build.build(workspace["settings"], output)
    secrets = [value for row in PLANTED for value in row] + list(codes(workspace["holders"]).values())
    secrets += [code.replace("-", "") for code in codes(workspace["holders"]).values()]
    forms = set()
    for secret in secrets:
        raw = secret.encode("utf-8")
        forms |= {
            raw,
            secret.encode("utf-16-le"),
            secret.encode("utf-16-be"),
            json.dumps(secret).strip('"').encode(),
            json.dumps(secret).strip('"').upper().encode(),
            urllib.parse.quote(secret).encode(),
            html.escape(secret).encode(),
            "".join(f"&#{ord(c)};" for c in secret).encode(),
            "".join(f"&#x{ord(c):x};" for c in secret).encode(),
        }
        for offset in range(3):  # base64 of the bytes at each alignment
            chunk = raw[offset:]
            chunk = chunk[: len(chunk) // 3 * 3]
            if len(chunk) >= 6:
                forms |= {base64.b64encode(chunk), base64.urlsafe_b64encode(chunk).rstrip(b"=")}
    forms = {form for form in forms if len(form) >= 4}
    scanned = 0
    for folder in (workspace["data"], output):
        for path in folder.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                if path.suffix == ".gz":
                    content = gzip.decompress(content)
                scanned += 1
                leaked = [form for form in forms if form in content]
                assert not leaked, f"{path} contains {leaked[:3]}"
    assert scanned > 2000
    # the planting worked: the holders' private files do carry them
    assert PLANTED[0][1] in (workspace["holders"] / f"{PLANTED[0][0]}.html").read_text()


@pytest.mark.build
def test_build_stops_on_a_tampered_record_naming_file_line_and_check(workspace):
    output = workspace["tmp"] / "site"
    build.build(workspace["settings"], output)
    before = (output / "registry" / "index.html").read_bytes()
    path = workspace["data"] / "records" / "miit-eec" / "2026-06.yaml"
    lines = path.read_text().splitlines()
    lines[-1] = lines[-1].replace(" intermediate ", " advanced ")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as error:
        build.build(workspace["settings"], output)
    message = str(error.value)
    assert f"records/miit-eec/2026-06.yaml:{len(lines)}:" in message and "签名有效" in message
    assert (output / "registry" / "index.html").read_bytes() == before


def test_records_in_another_organisations_folder_are_refused(workspace):
    source = workspace["data"] / "records" / "miit-eec" / "2026-06.yaml"
    target = workspace["data"] / "records" / "clpp-training" / "moved.yaml"
    shutil.move(source, target)
    with pytest.raises(DataError, match="folder of clpp-training"):
        load_demo_registry(workspace["data"], None)


def test_a_records_file_over_the_size_limit_is_refused_unread(data_copy, monkeypatch):
    """A records file has a size limit (MAX_RECORDS_BYTES, 64 MiB: about 400,000 records), checked before it is read."""
    path = data_copy / "records" / "miit-eec" / "demo-2024.yaml"
    monkeypatch.setattr(registry_module, "MAX_RECORDS_BYTES", path.stat().st_size - 1)
    with pytest.raises(DataError) as raised:
        load_demo_registry(data_copy, None)
    found = [(p.file, p.code, p.line) for p in raised.value.problems]
    assert found == [("data/records/miit-eec/demo-2024.yaml", "file.too_large", 1)], found


def load_demo_registry(data: Path, cache: Path | None):
    root = Root(demo.public_key("root"), demo=True)
    return registry_module.load_registry(data, load(data), root, "2026-11-24", cache)


def test_verified_files_are_cached_by_content(data_copy, tmp_path, monkeypatch):
    calls = []
    original = registry_module.verify_records_file
    monkeypatch.setattr(registry_module, "verify_records_file", lambda *a: calls.append(a[0]) or original(*a))
    first = load_demo_registry(data_copy, tmp_path)
    assert len(calls) == 14 and first.count == 2000
    calls.clear()
    assert list(load_demo_registry(data_copy, tmp_path).records()) == list(first.records()) and calls == []
    # one records file changes (its last record dropped): only that file is verified again
    path = data_copy / "records" / "miit-eec" / "demo-2021.yaml"
    parsed = read_records_text("x", path.read_text())
    path.write_text(
        records_text("miit-eec", parsed.sequence, [Record.parse("miit-eec", line) for line in parsed.lines[:-1]])
    )
    assert load_demo_registry(data_copy, tmp_path).count == 1999
    assert calls == ["data/records/miit-eec/demo-2021.yaml"]


def test_published_lookup_store(site):
    index = json.loads((site / "verify" / "records" / "index.json").read_text())
    assert index["count"] == 2000 and index["shards"] == 2 ** index["shard_bits"]
    shards = list((site / "verify" / "records").glob("*/*.json"))
    assert len(shards) == index["shards"]
    assert max(len(gzip.compress(p.read_bytes())) for p in shards) < 32_000
    holder, certificate, organisation, level, issued, key = list(demo.issues())[5]
    read = folder_fetch(site / "verify" / "records")
    signed = lookup_store.open_index((site / "verify" / "records" / "index.json").read_bytes())
    row = lookup_store.find(read, holder.lookup, signed)
    assert (row.organisation, row.lookup, row.certificate, row.level, row.issued) == (
        organisation,
        holder.lookup,
        certificate,
        level,
        issued,
    )
    # the row keeps 8 characters of the commitment: the holder's data give the whole record, another name gives none
    assert len(row.commitment_prefix) == 8 and row.record(holder.commitment).commitment == holder.commitment
    assert row.record(Holder.of(holder.number, "另一人", holder.code).commitment) is None
    assert lookup_store.find(read, Holder.of("NOPE-1", "无", "0" * 12).lookup, signed) is None
    trust = json.loads((site / "verify" / "trust.json").read_text())
    assert trust["root"]["demo"] is True and len(trust["keys"]) == 4
    assert set(trust["certificates"]) == {"web-frontend", "logistics-management"}
    revocations = json.loads((site / "verify" / "revocations.json").read_text())["revocations"]
    assert len(revocations) == 24 and all(len(r["signature"]) == 86 for r in revocations)
    page = (site / "registry" / "index.html").read_text()
    assert "演示" in page and "自 2022年7月1日 起吊销" in page


def test_lookup_store_is_signed(site, tmp_path):
    """Every byte a lookup reads is bound to the signed index: a shard emptied, swapped, stale or deleted, or a
    digests file altered, is damage (VerificationError), never "no such record"."""
    holder = list(demo.issues())[5][0]
    records = site / "verify" / "records"
    signed = lookup_store.open_index((records / "index.json").read_bytes())
    shard = lookup_store.shard_of(holder.lookup, signed.bits)
    path = lookup_store.shard_path(shard)
    other = lookup_store.shard_path((shard + 1) % (1 << signed.bits))
    genuine = {name: (records / name).read_bytes() for name in (path, other, lookup_store.digests_path(0))}
    attacks = {
        "emptied": {path: b"[]"},
        "row removed": {path: genuine[path].replace(f'"{holder.lookup}"'.encode(), b'"0"')},
        "swapped": {path: genuine[other]},
        "digests altered": {lookup_store.digests_path(0): bytes(32) + genuine[lookup_store.digests_path(0)][32:]},
    }
    for files in [*attacks.values(), {path: None}]:  # and the shard deleted

        def read(relative, files=files):
            if relative in files:
                if files[relative] is None:
                    raise VerificationError(f"cannot read {relative}")
                return files[relative]
            return (records / relative).read_bytes()

        with pytest.raises(VerificationError, match="站点数据已损坏|cannot read"):
            lookup_store.find(read, holder.lookup, signed)
    with pytest.raises(VerificationError, match="站点数据已损坏"):
        lookup_store.open_index(b'{"format": "1x-portal/lookup-store/v2"}')


def test_publishing_with_the_demo_root_is_refused():
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_ROOT_PUBLIC_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import publishconf"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "DEMO registry root" in result.stderr


def test_vc_export_verifies_with_an_independent_implementation(workspace, tmp_path):
    """Digital Bazaar's eddsa-jcs-2022 cryptosuite (npm) verifies our W3C VC, and rejects it once tampered."""
    if not (ROOT / "node_modules" / "@digitalbazaar" / "eddsa-jcs-2022-cryptosuite").exists():
        pytest.fail("node_modules missing: run `npm ci` (make test does)")
    path = workspace["holders"] / f"{PLANTED[0][0]}.vc.json"

    def independent(file: Path) -> dict:
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "js" / "verify-vc.mjs"), str(file)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    assert independent(path) == {"verified": True, "error": None}
    document = json.loads(path.read_text())
    document["credentialSubject"]["achievement"]["level"] = "advanced"
    tampered = tmp_path / "tampered.vc.json"
    tampered.write_text(json.dumps(document, ensure_ascii=False))
    assert independent(tampered)["verified"] is False


# --- signing an export: all or nothing, safe file names (issue 18) ----------------------------------------------


def sign_export_file(workspace, rows, name: str, *extra: str, out: str | None = None) -> tuple[int, Path, Path]:
    """Write rows (证书编号, 姓名, 证书, 等级, 颁发日期) as a CSV and sign it; (status, records file, holder folder)."""
    export = workspace["tmp"] / f"{name}.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["证书编号", "姓名", "证书", "等级", "颁发日期"])
        writer.writerows(rows)
    holders = workspace["tmp"] / (out or f"holders-{name}")
    argv = [*workspace["base"], "sign", "--key", str(workspace["keys"] / "org.key"), "--organisation", "miit-eec"]
    argv += ["--input", str(export), "--batch", name, "--out", str(holders), *extra]
    return registry_cli(argv), workspace["data"] / "records" / "miit-eec" / f"{name}.yaml", holders


def test_sign_checks_every_row_first_and_writes_nothing_on_any_problem(workspace, capsys):
    rows = [
        ["LONG-1", "长" * 60, "Web 前端开发", "初级", "2026-06-30"],  # the QR would not fit the printed size
        ["DUP-1", "某甲", "Web 前端开发", "初级", "2026-06-30"],
        ["dup-1", "某乙", "Web 前端开发", "初级", "2026-06-30"],  # the same number, typed in lower case
        ["DATE-1", "某丙", "Web 前端开发", "初级", "2023-02-30"],
        ["ZW-1", "林\u200b黛玉", "Web 前端开发", "初级", "2026-06-30"],
        ["OK-1", "某丁", "Web 前端开发", "初级", "2026-06-30"],
    ]
    status, records, holders = sign_export_file(workspace, rows, "bad-rows", "--site-url", SITE)
    err = capsys.readouterr().err
    assert status == 2 and "nothing was written; 4 problem(s)" in err
    for row, what in ((2, "QR version"), (4, "also on row 3"), (5, "2023-02-30"), (6, "零宽字符")):
        assert re.search(rf"bad-rows\.csv:{row}: .*{what}", err), (row, err)
    assert not records.exists() and not holders.exists()
    assert not list(workspace["tmp"].glob(".holders-bad-rows*"))


def test_sign_requires_the_site_address_for_the_qr_codes(workspace, capsys, monkeypatch):
    monkeypatch.delenv("PORTAL_SITEURL", raising=False)
    rows = [["S-1", "某甲", "Web 前端开发", "初级", "2026-06-30"]]
    status, records, holders = sign_export_file(workspace, rows, "no-site")
    assert status == 2 and "--site-url is required" in capsys.readouterr().err
    assert not records.exists() and not holders.exists()
    status, *_ = sign_export_file(workspace, rows, "bad-site", "--site-url", "javascript:alert(1)")
    assert status == 2 and "is not a web address" in capsys.readouterr().err


def test_holder_files_have_safe_unique_names_inside_out(workspace):
    numbers = ["../ESCAPED-TRAV1", "A/1", "A_1", "A.1", "A.2", "..", "X" * 40, "B-1"]
    rows = [[n, f"持证人{i}", "Web 前端开发", "初级", "2026-06-30"] for i, n in enumerate(numbers)]
    status, records, holders = sign_export_file(workspace, rows, "names", "--site-url", SITE)
    assert status == 0 and records.exists()
    assert not (workspace["tmp"] / "ESCAPED-TRAV1.credential.json").exists()
    files = sorted(p.name for p in holders.iterdir())
    assert all("/" not in f and not f.startswith(".") for f in files)
    with (holders / "codes.csv").open(encoding="utf-8-sig") as source:
        table = list(csv.DictReader(source))
    assert [row["证书编号"] for row in table] == numbers
    stems = [row["文件名"] for row in table]
    assert len({s.lower() for s in stems}) == len(numbers)  # unique even on a case-insensitive disk
    assert "B-1" in stems and "X" * 40 in stems  # a plain number keeps its name
    for number, stem in zip(numbers, stems, strict=True):
        holder, _ = credential.from_json(json.loads((holders / f"{stem}.credential.json").read_text()))
        assert holder.number == number
    assert len(files) == 4 * len(numbers) + 1


def test_codes_csv_cannot_run_as_a_spreadsheet_formula(workspace):
    rows = [["F-1", '=HYPERLINK("http://x")', "Web 前端开发", "初级", "2026-06-30"]]
    status, _, holders = sign_export_file(workspace, rows, "formula", "--site-url", SITE)
    assert status == 0
    assert "'=HYPERLINK" in (holders / "codes.csv").read_text(encoding="utf-8-sig")


def test_sign_reads_a_gb18030_export_as_chinese_excel_saves_it(workspace):
    export = workspace["tmp"] / "gbk.csv"
    export.write_bytes(
        "证书编号,姓名,证书,等级,颁发日期\nG-1,欧阳娜娜,Web 前端开发,中级,2026-06-30\n".encode("gb18030")
    )
    holders = workspace["tmp"] / "holders-gbk"
    argv = [*workspace["base"], "sign", "--key", str(workspace["keys"] / "org.key"), "--organisation", "miit-eec"]
    assert (
        registry_cli([*argv, "--input", str(export), "--batch", "gbk", "--out", str(holders), "--site-url", SITE]) == 0
    )
    assert "欧阳娜娜" in (holders / "codes.csv").read_text(encoding="utf-8-sig")


@pytest.mark.build
def test_a_killed_sign_never_leaves_records_whose_codes_are_lost(workspace):
    """kill -9 at points spread over a whole run: a records file exists only with every holder's code beside it."""
    rows = [[f"K-{n:04d}", f"持证人{n}", "Web 前端开发", "初级", "2026-06-30"] for n in range(150)]
    export = workspace["tmp"] / "kill.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["证书编号", "姓名", "证书", "等级", "颁发日期"], *rows])
    env = {**os.environ, "PORTAL_KEY_PASSPHRASE": PASSPHRASE}

    def run(batch: str):
        command = [
            X1PORTAL,
            "registry",
            *workspace["base"],
            "sign",
            "--key",
            str(workspace["keys"] / "org.key"),
            "--organisation",
            "miit-eec",
            "--input",
            str(export),
            "--batch",
            batch,
            "--out",
            str(workspace["tmp"] / f"out-{batch}"),
            "--site-url",
            SITE,
        ]
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = time.monotonic()
    assert run("full").wait(timeout=300) == 0
    whole = time.monotonic() - started
    outcomes = set()
    for step in range(1, 12):
        batch = f"kill{step}"
        process = run(batch)
        time.sleep(whole * step / 12)
        process.send_signal(signal.SIGKILL)
        process.wait()
        records = workspace["data"] / "records" / "miit-eec" / f"{batch}.yaml"
        out = workspace["tmp"] / f"out-{batch}"
        if records.exists():
            outcomes.add("everything")
            with (out / "codes.csv").open(encoding="utf-8-sig") as source:
                assert len(list(csv.DictReader(source))) == len(rows)
            assert len(list(out.glob("*.credential.json"))) == len(rows)
        else:
            outcomes.add("nothing published")
    assert "nothing published" in outcomes  # the kills did land before the end


def test_sign_refuses_nul_overlong_and_unprintable_numbers_and_writes_nothing(workspace, capsys):
    rows = [
        ["N\x01UL", "某甲", "Web 前端开发", "初级", "2026-06-30"],
        ["Z" * 41, "某乙", "Web 前端开发", "初级", "2026-06-30"],
    ]
    status, records, holders = sign_export_file(workspace, rows, "numbers", "--site-url", SITE)
    err = capsys.readouterr().err
    assert status == 2 and "numbers.csv:2: 证书编号" in err and "numbers.csv:3: 证书编号" in err
    assert not records.exists() and not holders.exists()
    export = workspace["tmp"] / "nul.csv"
    export.write_bytes("证书编号,姓名,证书,等级,颁发日期\nA\x00B,某丙,Web 前端开发,初级,2026-06-30\n".encode())
    argv = [*workspace["base"], "sign", "--key", str(workspace["keys"] / "org.key"), "--organisation", "miit-eec"]
    status = registry_cli(
        [*argv, "--input", str(export), "--batch", "nul", "--out", str(workspace["tmp"] / "h-nul"), "--site-url", SITE]
    )
    assert status == 2 and "nul.csv" in capsys.readouterr().err
    assert not (workspace["data"] / "records" / "miit-eec" / "nul.yaml").exists()
