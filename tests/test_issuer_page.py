"""The issuer page (issue 34), as organisation staff use it: the downloaded single file, opened from disk with no
network, opens the organisation's key file and signs a 1,000-row export saved by Chinese Excel (GB18030). The zip
it gives holds the records file the CLI writes for the same rows and codes, byte for byte, and a site built with
that file verifies every holder as 有效. One bad row: nothing is made and the row is named. Revocation gives the
CLI's revocations file. Both languages pass axe and the Nu Html Checker."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from conftest import ROOT, X1PORTAL, serving, settings_for
from PIL import Image
from test_browser import AXE
from test_html import VNU

from portal.registry.issue import demo
from portal.registry.keys import keyfile
from portal.site import build

PASSPHRASE = "issuer page passphrase"
SITE_URL = "https://certificates.example.org"
BATCH = "2026-11-issuer"
HEADER = ["序号", "证书编号", "姓名", "身份证号", "证书", "等级", "颁发日期"]
LEVELS = ["初级", "中级", "高级"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


@pytest.fixture(scope="module")
def key_file(tmp_path_factory) -> Path:
    """miit-eec's demo key (endorsed for web-frontend) in a key file of keyfile.py, Argon2id moderate."""
    path = tmp_path_factory.mktemp("keys") / "miit-eec.key.json"
    key = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    keyfile.write(path, key.seed, PASSPHRASE, repository=ROOT)
    return path


def export_rows(count: int) -> list[list[str]]:
    rows = []
    for n in range(1, count + 1):
        name = SURNAMES[n % len(SURNAMES)] + ("𠮷祥" if n % 97 == 0 else "小明" if n % 2 else "欣怡")
        id_number = f"1101051990{n % 12 + 1:02d}{n % 28 + 1:02d}{n:04d}"  # ignored, never read
        rows.append([str(n), f"ISS-2026-{n:06d}", name, id_number, "Web 前端开发", LEVELS[n % 3], "2026-11-20"])
    return rows


def write_export(path: Path, rows: list[list[str]], encoding: str = "gb18030") -> Path:
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def codes_csv(path: Path, count: int) -> Path:
    """Verification codes given in (as an organisation re-signing keeps the printed ones): the same in page and CLI."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["证书编号", "验证码"])
        for n in range(1, count + 1):
            code = "".join(alphabet[(n * 7919 + i * 104729) % 32] for i in range(12))
            writer.writerow([f"ISS-2026-{n:06d}", f"{code[:4]}-{code[4:8]}-{code[8:]}"])
    return path


def open_issuer(browser, site: Path, **options):
    """The single file from disk, every request it makes recorded; the key not yet open."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True, **options)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / "issue" / "issuer.html").as_uri())
    page.locator("#issuer[data-state=ready]").wait_for()
    return context, page, requests


def open_key(page, key_file: Path, passphrase: str = PASSPHRASE) -> None:
    page.set_input_files("#key-file", str(key_file))
    page.fill("#passphrase", passphrase)
    page.locator("#open-key").click()
    page.locator("#issuer[data-state=open], #issuer[data-state=ready] #key-error:not(:empty)").wait_for()


def sign(page, export: Path, codes: Path | None = None, batch: str = BATCH) -> None:
    page.set_input_files("#export-file", str(export))
    page.fill("#batch-name", batch)
    page.fill("#site-url", SITE_URL)
    if codes:
        page.locator("#issuer details summary").click()
        page.set_input_files("#codes-file", str(codes))
    page.get_by_role("button", name="签发并生成压缩包").click()
    page.locator("#issuer[data-state=signed], #issuer[data-state=refused]").wait_for(timeout=120_000)


def cli(settings: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORTAL_KEY_PASSPHRASE": PASSPHRASE}
    command = [X1PORTAL, "registry", "--settings", str(settings), "--quiet", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def test_the_single_file_signs_1000_rows_offline_as_the_cli_does_and_the_site_verifies_them(
    browser, site, key_file, tmp_path, data_copy
):
    count = 1000
    export = write_export(tmp_path / "名单.csv", export_rows(count))
    codes = codes_csv(tmp_path / "codes.csv", count)
    context, page, requests = open_issuer(browser, site)
    loaded = len(requests)
    open_key(page, key_file)
    assert page.locator("#issuer").get_attribute("data-state") == "open"
    assert page.locator("#key-organisation").inner_text() == "工业和信息化部教育与考试中心（miit-eec）"
    assert "Web 前端开发职业技能等级证书（web-frontend）：初级、中级、高级" in page.locator("#key-scope").inner_text()
    with page.expect_download() as downloading:
        sign(page, export, codes)
        page.locator("#download").click()
    assert page.locator("#issuer").get_attribute("data-state") == "signed"
    took = int(page.locator("#issuer").get_attribute("data-took"))
    assert page.locator("#sign-result h3").inner_text() == "已签发 1000 张证书"
    zip_path = tmp_path / "issued.zip"
    downloading.value.save_as(zip_path)
    network = [url for url in requests[loaded:] if not url.startswith(("blob:", "data:"))]
    assert network == [], network  # nothing after load: no request at all, the file:// page itself included
    context.close()

    # the CLI, on the same data, rows, key, batch and codes
    settings = settings_for(data_copy, tmp_path)
    done = cli(settings, "sign", "--key", str(key_file), "--organisation", "miit-eec", "--input", str(export),
               "--batch", BATCH, "--out", str(tmp_path / "holders"), "--site-url", SITE_URL, "--codes", str(codes))  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = data_copy / "records" / "miit-eec" / f"{BATCH}.yaml"
    with zipfile.ZipFile(zip_path) as issued:
        names = set(issued.namelist())
        assert issued.read(f"data/records/miit-eec/{BATCH}.yaml") == records.read_bytes()
        assert issued.read("holders/codes.csv") == (tmp_path / "holders" / "codes.csv").read_bytes()
        credentials = sorted(n for n in names if n.endswith(".credential.json"))
        assert len(credentials) == count
        for name in credentials:
            assert issued.read(name) == (tmp_path / "holders" / Path(name).name).read_bytes(), name
        assert {n.rsplit(".", 2)[-2] + "." + n.rsplit(".", 1)[-1] for n in names if n.count(".") >= 2} >= {
            "credential.json",
            "vc.json",
            "qr.png",
        }
        assert sum(n.endswith(".html") for n in names) == count
        qr = Image.open(io.BytesIO(issued.read("holders/ISS-2026-000097.qr.png")))
        page_text = issued.read("holders/ISS-2026-000097.html").decode("utf-8")
        only_credentials = tmp_path / "credentials.zip"
        with zipfile.ZipFile(only_credentials, "w") as out:
            for name in credentials:
                out.writestr(name, issued.read(name))
    link = zxingcpp.read_barcodes(qr)[0].text
    assert link.startswith(f"{SITE_URL}/verify/#c=1.")
    assert "郭𠮷祥" in page_text and "<svg" in page_text and "演示证书" in page_text

    # a site built with the records file verifies every holder as 有效, on the batch page and from the QR
    output = tmp_path / "site"
    build.build(settings, output)
    with serving(output) as url:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(f"{url}/verify/batch/")
        page.locator("#batch[data-state=ready]").wait_for()
        page.locator("#batch-files").set_input_files(str(only_credentials))
        page.locator("#batch[data-state=done]").wait_for(timeout=300_000)
        verdicts = page.evaluate("[...document.querySelectorAll('#batch-table tbody tr')].map(r => r.dataset.verdict)")
        summary = page.locator("#summary").inner_text()
        assert summary.startswith("共 1000 行") and "1000 有效 · 0 已撤销 · 0 无效 · 0 待确认" in summary, summary
        assert set(verdicts) == {"valid"}
        page.goto(f"{url}/verify/#c={link.split('#c=', 1)[1]}")
        page.locator("#verifier[data-state=valid]").wait_for()
        assert "𠮷 U+20BB7" in page.locator("#result table.fields").inner_text()
        context.close()
    print(f"issuer: 1,000 rows signed in {took} ms")  # scripts/benchmark_issuer.py measures it properly
    assert took < 60_000


def test_one_bad_row_makes_nothing_and_is_named_by_row_and_column(browser, site, key_file, tmp_path):
    rows = export_rows(200)
    rows[120][5] = "特级"  # spreadsheet row 122
    rows[150][6] = "2026-02-30"  # row 152
    export = write_export(tmp_path / "bad.csv", rows, "utf-8-sig")
    context, page, _ = open_issuer(browser, site)
    open_key(page, key_file)
    sign(page, export)
    assert page.locator("#issuer").get_attribute("data-state") == "refused"
    assert page.locator("#download").count() == 0
    cells = page.locator("table.problems tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    assert cells == [
        ["122", "等级", "等级“特级”不对：应为 初级、中级 或 高级"],
        ["152", "颁发日期", "颁发日期“2026-02-30”不是存在的日期 YYYY-MM-DD"],
    ]
    assert "未生成任何文件" in page.locator("#sign-result").inner_text()
    context.close()


def test_a_wrong_passphrase_a_foreign_file_and_idle_minutes_close_the_door(browser, site, key_file, tmp_path):
    context, page, _ = open_issuer(browser, site)
    open_key(page, key_file, "not the passphrase")
    assert page.locator("#key-error").inner_text() == "无法打开密钥：口令错误，或文件已被改动。"
    changed = tmp_path / "changed.json"
    content = json.loads(key_file.read_text())
    content["box"] = ("A" if content["box"][0] != "A" else "B") + content["box"][1:]
    changed.write_text(json.dumps(content))
    open_key(page, changed)
    assert page.locator("#key-error").inner_text() == "无法打开密钥：口令错误，或文件已被改动。"
    other = tmp_path / "other.json"
    other.write_text('{"format": "something else"}')
    open_key(page, other)
    assert "这不是本平台的密钥文件" in page.locator("#key-error").inner_text()
    stranger = tmp_path / "stranger.json"
    keyfile.write(stranger, demo.seed("a key nobody endorsed"), PASSPHRASE, repository=ROOT, opslimit=2, memlimit=2**16)
    open_key(page, stranger)
    assert "未经注册中心背书" in page.locator("#key-error").inner_text()
    open_key(page, key_file)
    assert (
        page.locator("#issuer").get_attribute("data-state") == "open"
        and page.locator("#passphrase").input_value() == ""
    )
    page.clock.run_for(15 * 60 * 1000 + 1000)
    assert page.locator("#issuer").get_attribute("data-state") == "ready"
    assert page.locator("#sign-section").is_hidden() and "15 分钟无操作" in page.locator("#issuer-status").inner_text()
    context.close()


def test_revoking_in_the_page_gives_the_clis_revocations_file(browser, site, key_file, tmp_path, data_copy):
    holder, record, _ = demo_holder()
    context, page, _ = open_issuer(browser, site)
    open_key(page, key_file)
    page.fill("#revoke-number", holder.number)
    page.fill("#revoke-code", holder.code)
    page.select_option("#revoke-reason", "issued-in-error")
    page.fill("#revoke-date", "2026-11-25")
    with page.expect_download() as downloading:
        page.get_by_role("button", name="生成撤销文件").click()
        page.locator("#revoke-result #download").click()
    got = tmp_path / "page.yaml"
    downloading.value.save_as(got)
    context.close()
    settings = settings_for(data_copy, tmp_path)
    done = cli(settings, "revoke", "--key", str(key_file), "--organisation", "miit-eec", "--number", holder.number,
               "--code", holder.code, "--date", "2026-11-25", "--reason", "issued-in-error")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert got.read_bytes() == (data_copy / "revocations" / "miit-eec.yaml").read_bytes()
    assert record.lookup in got.read_text(encoding="utf-8")


def demo_holder():
    from test_verify_page import demo_credential

    for index in range(50):
        holder, record, key = demo_credential(index)
        if record.key == next(k for k in demo.KEYS if k.label == "miit-eec-2021").key:
            return holder, record, key
    raise AssertionError("no demo holder of miit-eec-2021")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_issuer_has_no_accessibility_or_html_errors_in_either_language(browser, site, key_file, language, tmp_path):
    """axe (WCAG 2.2 AA) with the key open, and the Nu Html Checker on the page as shown, in Chinese and English."""
    context, page, _ = open_issuer(browser, site, bypass_csp=True, viewport={"width": 375, "height": 812})
    if language == "en":
        page.get_by_role("button", name="English").click()
        assert page.locator("h1").inner_text() == "1+X certificate issuer (single file)"
    open_key(page, key_file)
    bad = write_export(tmp_path / "bad.csv", [["1", "", "张三", "", "web-frontend", "中级", "2026-11-20"]])
    page.set_input_files("#export-file", str(bad))
    page.fill("#batch-name", "x")
    page.fill("#site-url", SITE_URL)
    page.locator("#sign").click()
    page.locator("#issuer[data-state=refused]").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations""")
    assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])
    shown = tmp_path / "shown.html"
    page.evaluate("for (const s of document.querySelectorAll('script:not([type=\"application/json\"])')) s.remove()")
    shown.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"), encoding="utf-8")
    context.close()
    checked = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(shown)],
                             capture_output=True, text=True)  # fmt: skip
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps([(m["message"], m.get("extract", "")[:80]) for m in messages], ensure_ascii=False)
    assert shutil.which("java")


def test_an_xlsx_export_with_date_cells_signs_as_the_cli_signs_it(browser, site, key_file, tmp_path, data_copy):
    """Excel's own format: the first sheet, dates typed as dates (Excel stores a serial number; openpyxl reads a
    date), numbers as text; the same records file as `registry sign` reads from the same workbook."""
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["证书编号", "姓名", "证书", "等级", "颁发日期", "备注"])
    for n in range(1, 21):
        sheet.append([f"XLSX-2026-{n:04d}", f"学员{n}", "web-frontend", LEVELS[n % 3], dt.date(2026, 11, 19), "x"])
        sheet.cell(row=n + 1, column=5).number_format = "yyyy/m/d"
    export = tmp_path / "名单.xlsx"
    book.save(export)
    codes = tmp_path / "codes.csv"
    with codes.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["证书编号", "验证码"])
        rows.writerows([f"XLSX-2026-{n:04d}", f"{n:04d}-XLSX-0000".replace("L", "1")] for n in range(1, 21))
    context, page, _ = open_issuer(browser, site)
    open_key(page, key_file)
    with page.expect_download() as downloading:
        sign(page, export, codes, batch="2026-11-xlsx")
        page.locator("#download").click()
    zip_path = tmp_path / "issued.zip"
    downloading.value.save_as(zip_path)
    context.close()
    settings = settings_for(data_copy, tmp_path)
    done = cli(settings, "sign", "--key", str(key_file), "--organisation", "miit-eec", "--input", str(export),
               "--batch", "2026-11-xlsx", "--out", str(tmp_path / "holders"), "--site-url", SITE_URL,
               "--codes", str(codes))  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli_records = (data_copy / "records" / "miit-eec" / "2026-11-xlsx.yaml").read_bytes()
    with zipfile.ZipFile(zip_path) as issued:
        assert issued.read("data/records/miit-eec/2026-11-xlsx.yaml") == cli_records
    assert cli_records.count(b" 2026-11-19 ") == 20


def test_the_sites_issuer_page_asks_nothing_after_load_and_its_search_box_opens_the_search_page(
    browser, server, key_file
):
    """/issue/ on the site: its policy forbids connections, so the header's search box makes no suggestions there;
    it is a plain form to the search page. Opening a key sends nothing."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server}/issue/")
    page.locator("#issuer[data-state=ready]").wait_for()
    page.wait_for_load_state("networkidle")
    loaded = len(requests)
    csp = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "connect-src 'none'" in csp and "'wasm-unsafe-eval'" in csp
    open_key(page, key_file)
    assert page.locator("#issuer").get_attribute("data-state") == "open"
    page.fill("#site-search-q", "前端")
    page.wait_for_timeout(300)  # where suggestions would be fetched
    assert requests[loaded:] == []
    page.press("#site-search-q", "Enter")
    page.wait_for_url(f"{server}/search/?q=*")
    context.close()
