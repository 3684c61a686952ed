"""HR verifies a whole intake at once (issue 15): `x1portal registry verify --batch` on a mixed set of credential
files, a QR image, a zip with a zip bomb inside, and a candidates' table saved by Chinese Excel (GB18030), with
formulas in its cells. Each row's verdict is the single check's; the exported table opens in Excel and runs no
formula."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import runpy
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import segno
from conftest import ROOT, TEST_NOW, TEST_NOW_ARG, X1PORTAL

from portal.catalogue.loader import load
from portal.registry.check.batch import flag_duplicates, items, summary
from portal.registry.check.verdicts import Checker
from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder
from portal.registry.issue import demo
from portal.registry.issue.printable import verify_link
from portal.registry.keys.trust import Root
from portal.registry.store.loading import load_registry
from portal.settings import settings_of
from portal.tables import FORMULA_START

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"

SITE = "https://example.org/portal"


@functools.cache
def checker() -> Checker:
    """The single check, against the repository's registry (as the CLI without --site)."""
    portal = settings_of({"PORTAL": runpy.run_path(str(ROOT / "pelicanconf.py"))["PORTAL"]})
    data = ROOT / "data"
    registry = load_registry(data, load(data), Root.of_setting(portal["REGISTRY_ROOT"]), portal["SNAPSHOT_DATE"])
    return Checker(registry.snapshot, TEST_NOW, registry=registry)


def issued(kind: str):
    """The first demo record of the repository's registry that the single check finds `kind`: (holder, record)."""
    for holder, certificate, organisation, level, day, signer in demo.issues():
        record = credential.issue(holder, organisation, certificate, level, day, signer.key, signer.seed)
        if checker().credential(credential.dumps(holder, record)).kind == kind:
            return holder, record
    raise AssertionError(kind)


HEADERS = {
    "zh": ["行", "来源", "姓名", "证书编号", "证书", "等级", "颁发组织", "颁发日期", "结论", "verdict", "原因", "重复"],
    "en": [
        *("Row", "Source", "Name", "Certificate number", "Certificate", "Level", "Organisation", "Issued"),
        *("Verdict", "verdict", "Reason", "Duplicate"),
    ],
}


def excel_table(raw: bytes, lang: str = "zh") -> list[list[str]]:
    """The exported table: CSV with a BOM (Excel needs it to read UTF-8) and the columns the CLI and page share."""
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == HEADERS[lang]
    for row in table[1:]:  # nothing a spreadsheet would run as a formula
        assert not any(cell.startswith(FORMULA_START) for cell in row), row
    return table


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
        [X1PORTAL, "registry", "verify", *TEST_NOW_ARG, "--batch", *map(str, paths), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # not every row is valid
    table = excel_table(out.read_bytes())
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


BATCH_ROWS = json.loads((ROOT / "tests" / "vectors" / "batch-rows.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BATCH_ROWS["cases"], ids=lambda c: c["name"])
def test_duplicates_are_flagged_and_counted_once(case):
    """The shared vectors (tests/js/batch.test.mjs runs the same on the page's batch.js)."""
    from portal.registry.check.batch import Row

    rows = [
        Row(str(n), row["verdict"], "", name=row["name"], lookup=row["lookup"]) for n, row in enumerate(case["rows"])
    ]
    flag_duplicates(rows)
    assert [r.duplicate for r in rows] == case["duplicates"]
    assert summary(rows) == case["summary"]


# --- the batch page in Chromium: the same set, the same verdicts ---------------------------------------------


def batch_page(browser, server, viewport=(1280, 900), query=""):
    # bypass_csp: only so that axe can be injected; the page's own scripts run under its policy either way
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN", accept_downloads=True, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{server}/verify/batch/{query}")
    page.locator("#batch[data-state=ready]").wait_for()
    return context, page


def run_intake(page, paths, confirm="按这些列核验"):
    files = sorted(p for p in paths[0].iterdir() if p.is_file())
    page.locator("#batch-files").set_input_files([str(p) for p in files] + [str(paths[1])])
    page.locator("#columns:not([hidden])").wait_for()
    chosen = {name: page.locator(f"#columns select[name={name}]").input_value() for name in ("number", "name", "code")}
    assert chosen == {"number": "1", "name": "2", "code": "3"}, "the columns are found by their Chinese headers"
    page.get_by_role("button", name=confirm).click()
    page.wait_for_function("document.querySelectorAll('#batch-table tbody tr').length === 13")
    page.locator("#batch[data-state=done]").wait_for()


def test_the_batch_page_gives_the_clis_verdicts_and_exports_them(browser, server, site, intake, tmp_path):
    folder, paths, expected = intake
    context, page = batch_page(browser, server)
    try:
        run_intake(page, paths)
        rows = page.locator("#batch-table tbody tr")
        shown = [
            (rows.nth(i).locator("td").last.inner_text(), rows.nth(i).get_attribute("data-verdict"))
            for i in range(rows.count())
        ]
        for (source, verdict), (wanted, kind, _words) in zip(shown, expected, strict=True):
            assert wanted in source and verdict == kind, (source, verdict, wanted, kind)
        summary = page.locator("#summary").inner_text()
        assert summary == "共 13 行：1 有效 · 1 已撤销 · 7 无效 · 1 待确认（另有 3 行是重复的证书，未重复计数）"
        with page.expect_download() as download:
            page.get_by_role("button", name="导出 CSV（Excel 可直接打开）").click()
        table = excel_table(Path(download.value.path()).read_bytes())
        assert [row[9] for row in table[1:]] == [kind for _, kind, _ in expected]
        for row in table[1:]:
            assert not any(cell.startswith(FORMULA_START) for cell in row), row
        assert "'=HYPERLINK" in table[13][3] and "'@SUM(A1)" in table[13][2]
        page.select_option("#filter", "invalid")
        assert {r.get_attribute("data-verdict") for r in page.locator("#batch-table tbody tr").all()} == {"invalid"}
    finally:
        context.close()
    # the CLI, against the same published site, says the same of every row
    done = subprocess.run(
        [
            X1PORTAL,
            "registry",
            "verify",
            *TEST_NOW_ARG,
            "--site",
            str(site),
            "--batch",
            *map(str, paths),
            "--out",
            str(tmp_path / "cli.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cli = list(csv.reader(io.StringIO((tmp_path / "cli.csv").read_text(encoding="utf-8-sig"))))[1:]
    assert [row[9] for row in cli] == [kind for _, kind, _ in expected], done.stdout[-2000:]


CONFIRM = {"zh": "按这些列核验", "en": "Verify with these columns"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_batch_page_reads_on_a_phone_with_no_accessibility_or_html_errors(browser, server, intake, tmp_path, lang):
    _, paths, _ = intake
    context, page = batch_page(browser, server, (375, 812), f"?lang={lang}")
    try:
        run_intake(page, paths, CONFIRM[lang])
        assert page.locator("main").get_attribute("lang") == {"zh": "zh-CN", "en": "en"}[lang]
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
        page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
        violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations""")
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        page.evaluate("() => document.querySelectorAll('script:not([src])').forEach((s) => s.remove())")  # axe
        state = tmp_path / f"batch-{lang}.html"
        state.write_text(page.content(), encoding="utf-8")
    finally:
        context.close()
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(state)], capture_output=True, text=True
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages[:5], ensure_ascii=False, indent=1)


def test_in_english_the_batch_page_gives_the_same_verdicts_and_an_english_table(browser, server, intake):
    """An HR team abroad: the same rows and verdicts, every word of the table and the export in English; switching
    back to Chinese keeps the results."""
    _, paths, expected = intake
    context, page = batch_page(browser, server, query="?lang=en")
    try:
        assert page.locator("h1").inner_text() == "Batch verification"
        run_intake(page, paths, CONFIRM["en"])
        rows = page.locator("#batch-table tbody tr")
        assert [rows.nth(i).get_attribute("data-verdict") for i in range(rows.count())] == [k for _, k, _ in expected]
        summary = page.locator("#summary").inner_text()
        assert summary == (
            "13 rows: 1 valid · 1 revoked · 7 invalid · 1 unconfirmed "
            "(rows repeating a certificate, not counted again: 3)"
        )
        report = page.locator("#report-meta").inner_text()  # what the printed batch report carries
        assert report.startswith("Batch verification report BR-") and "Only the first four characters" in report
        revoked = page.locator("#batch-table tbody tr[data-verdict=revoked]").first
        assert revoked.locator("td").nth(0).inner_text() == "Revoked"
        assert "the issuing organisation revoked this certificate" in revoked.inner_text()
        with page.expect_download() as download:
            page.get_by_role("button", name="Export CSV (opens in Excel)").click()
        assert download.value.suggested_filename.startswith("batch-verification-")
        table = excel_table(Path(download.value.path()).read_bytes(), "en")
        assert table[0][:3] == ["Row", "Source", "Name"] and table[0][8:] == [
            "Verdict",
            "verdict",
            "Reason",
            "Duplicate",
        ]
        assert [row[9] for row in table[1:]] == [kind for _, kind, _ in expected]
        words = " ".join(cell for row in table for i, cell in enumerate(row) if i in (5, 8, 10, 11))
        words = words.replace("工业和信息化部教育与考试中心", "")  # an organisation's name stays as it is
        assert not re.search(r"[\u4e00-\u9fff]", words), words  # level, verdict, reason, duplicate: all English
        page.locator("#language").click()
        assert page.locator("#summary").inner_text().startswith("共 13 行：1 有效")
        assert page.locator("main").get_attribute("lang") == "zh-CN"
        assert page.locator("#batch-table tbody tr").count() == 13
        # the reasons are redrawn whole, their dates too: written as Chinese writes them, not as judged in English
        valid = page.locator("#batch-table tbody tr[data-verdict=valid]").first.locator("td.col-reason").inner_text()
        assert re.search(r"截至 \d{4}/\d{1,2}/\d{1,2} ", valid), valid
    finally:
        context.close()


def test_hostile_input_gets_a_row_each_and_the_tab_stays_responsive(browser, server, tmp_path):
    """A file over 100 MB is told, not read; 10,000 files are judged in steps: the page answers while it works."""
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:
        out.truncate(101 * 1024 * 1024)  # sparse: its size is what the page sees first
    folder = tmp_path / "many"
    folder.mkdir()
    many = []
    for n in range(10_000):
        path = folder / f"f{n:05d}.json"
        path.write_text('{"holder": 1}' if n % 2 else "=cmd|' /C calc'!A0", encoding="utf-8")
        many.append(str(path))
    context, page = batch_page(browser, server)
    try:
        page.locator("#batch-files").set_input_files([str(huge), *many])
        answered = 0  # the tab answers while the batch runs (how fast: x1portal bench batch)
        deadline = time.perf_counter() + 300  # a hang guard, not a speed limit
        while page.locator("#batch").get_attribute("data-state") != "done" and time.perf_counter() < deadline:
            page.evaluate("document.title")
            answered += 1
        assert page.locator("#batch").get_attribute("data-state") == "done"
        assert answered >= 2, "the page did not answer while the batch ran"
        rows = page.locator("#batch-table tbody tr")
        assert rows.count() == 500  # drawn 500 at a time; the summary and the export have every row
        assert "超过 100 MB" in rows.first.inner_text()
        assert page.locator("#batch-table tbody tr[data-verdict=invalid]").count() == 500
        assert page.locator("#summary").inner_text() == "共 10001 行：0 有效 · 0 已撤销 · 10001 无效 · 0 待确认"
        page.get_by_role("button", name="显示接下来的 500 行（已显示 500 / 10001 行；导出的 CSV 含全部）").click()
        assert rows.count() == 1000
    finally:
        context.close()


def test_a_long_batch_can_be_cancelled(browser, server, tmp_path):
    qr = tmp_path / "qr.png"
    segno.make(verify_link(SITE, *issued("valid")), error="m").save(str(qr), scale=6)
    paths = []
    for n in range(3_000):  # QR images: each takes a decode, so the batch runs long enough to be cancelled
        path = tmp_path / f"f{n:05d}.png"
        path.write_bytes(qr.read_bytes())
        paths.append(str(path))
    context, page = batch_page(browser, server)
    try:
        page.locator("#batch-files").set_input_files(paths)
        page.locator("#progress:not([hidden])").wait_for()
        page.get_by_role("button", name="取消").click()
        page.locator("#batch[data-state=done]").wait_for(timeout=120_000)
        notice = page.locator("#notice").inner_text()
        assert notice.startswith("已取消：核验了 ") and notice.endswith(" / 3000 项。")
        assert 0 < page.locator("#batch-table tbody tr").count() < 3_000
    finally:
        context.close()


def workbook(path: Path, rows: list[list[str]]) -> None:
    """An .xlsx as Excel writes it: text in the shared strings table, cells addressed by reference."""
    strings = sorted({cell for row in rows for cell in row})
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    cells = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{"ABCDEFGH"[c]}{r}" t="s"><v>{strings.index(v)}</v></c>' for c, v in enumerate(row) if v)
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    escape = lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")  # noqa: E731
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="候选人" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f"<worksheet {ns}><sheetData>{cells}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<sst {ns} count="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)


def test_an_excel_workbook_of_candidates_gives_the_same_verdicts_in_the_page_and_the_cli(browser, server, tmp_path):
    valid, revoked = issued("valid"), issued("revoked")
    book = tmp_path / "candidates.xlsx"
    workbook(
        book,
        [
            ["Verification Code", "Name", "Certificate Number"],  # English headers, in another order
            [valid[0].code, valid[0].name, valid[0].number],
            [revoked[0].code, revoked[0].name, revoked[0].number],
            [valid[0].code, "别人", valid[0].number],
        ],
    )
    wanted = ["valid", "revoked", "invalid"]
    done = subprocess.run(
        [X1PORTAL, "registry", "verify", *TEST_NOW_ARG, "--batch", str(book), "--out", str(tmp_path / "cli.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert [row[9] for row in excel_table((tmp_path / "cli.csv").read_bytes())[1:]] == wanted, done.stdout
    context, page = batch_page(browser, server)
    try:
        page.locator("#batch-files").set_input_files([str(book)])
        page.locator("#columns:not([hidden])").wait_for()
        chosen = {n: page.locator(f"#columns select[name={n}]").input_value() for n in ("number", "name", "code")}
        assert chosen == {"number": "2", "name": "1", "code": "0"}
        page.get_by_role("button", name="按这些列核验").click()
        page.locator("#batch-table tbody tr").nth(2).wait_for()
        page.locator("#batch[data-state=done]").wait_for()
        rows = page.locator("#batch-table tbody tr")
        assert [rows.nth(i).get_attribute("data-verdict") for i in range(3)] == wanted
        assert "姓名不符" in rows.nth(2).inner_text()
    finally:
        context.close()


def test_the_batch_page_works_offline_after_one_visit(browser, server, intake):
    """Credential files are checked with no network once the page has been opened (the verify page's worker)."""
    _, paths, _ = intake
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{server}/verify/batch/")
        page.locator("#batch[data-state=ready]").wait_for()
        page.locator("#batch-offline:not([hidden])").wait_for()
        context.set_offline(True)
        page.reload()
        page.locator("#batch[data-state=ready]").wait_for()
        files = [paths[0] / "a-valid.credential.json", paths[0] / "b-revoked.credential.json"]
        page.locator("#batch-files").set_input_files([str(f) for f in files])
        page.locator("#batch[data-state=done]").wait_for()
        rows = page.locator("#batch-table tbody tr")
        assert [rows.nth(i).get_attribute("data-verdict") for i in range(rows.count())] == ["valid", "revoked"]
    finally:
        context.close()
