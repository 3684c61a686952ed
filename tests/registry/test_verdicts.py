"""The four verdicts as an employer meets them, in Chromium at 1280 px and 375×812, through each way in (QR link,
credential file, number + name + code): the verdict is unmistakable (data-verdict, icon and words), its heading is
on screen and focused, revoked never looks valid; axe and the Nu Html Checker on every state; the report prints on
one A4 page with the code masked; the printed certificate's QR decodes with an independent decoder (zxing-cpp)."""

from __future__ import annotations

import datetime as dt
import io
import json
import runpy
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from conftest import ROOT, serving, settings_for
from PIL import Image

from portal.cli.main import main as x1portal_main
from portal.registry.credentials import credential
from portal.registry.issue import demo
from portal.registry.issue.printable import verify_link, write_holder_files
from portal.registry.keys import keyfile
from portal.registry.keys.signing import public_key_of
from portal.registry.keys.trust import Root, from_published
from portal.registry.validity.steps import verify_credential
from portal.site import build

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
WAYS = ("qr", "file", "lookup")
AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
PASSPHRASE = "correct horse battery staple"
REVOKED_FROM = "2024-01-01"  # the fixture site's registry revokes the key miit-eec-2021 from this date


@pytest.fixture(scope="module")
def verdict_site(tmp_path_factory):
    """A site whose registry revoked one organisation key (from REVOKED_FROM): records signed with it later are
    published and invalid, so every verdict can be met through the lookup too. Yields (url, credentials by kind)."""
    folder = tmp_path_factory.mktemp("verdicts")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    root_key = folder / "root.key"
    keyfile.write(root_key, demo.ROOT_SEED, PASSPHRASE, repository=ROOT)
    settings = settings_for(data, folder)
    key = next(k for k in demo.KEYS if k.label == "miit-eec-2021")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTAL_KEY_PASSPHRASE", PASSPHRASE)
        status = x1portal_main(
            [
                "registry",
                "--settings",
                str(settings),
                "--quiet",
                "revoke-key",
                "--root-key",
                str(root_key),
                "--organisation",
                "miit-eec",
                "--key-id",
                key.key,
                "--from",
                REVOKED_FROM,
                "--reason",
                "compromised",
            ]
        )
    assert status == 0
    output = folder / "output"
    build.build(settings, output)
    trust = json.loads((output / "verify/trust.json").read_text(encoding="utf-8"))
    revocations = json.loads((output / "verify/revocations.json").read_text(encoding="utf-8"))
    pinned = runpy.run_path(str(ROOT / "pelicanconf.py"))["PORTAL"]["REGISTRY_ROOT"]
    snapshot = from_published(trust, revocations, Root.of_setting(pinned))
    found: dict[str, tuple] = {}
    for holder, certificate, organisation, level, issued, signer in demo.issues():
        record = credential.issue(holder, organisation, certificate, level, issued, signer.key, signer.seed)
        found.setdefault(verify_credential(credential.to_compact(holder, record), snapshot).kind(), (holder, record))
        if len(found) == 3:
            break
    assert set(found) == {"valid", "revoked", "invalid"}, found.keys()
    found["unconfirmed"] = found["valid"]  # the same credential, checked when the snapshot is two months old
    with serving(output) as url:
        yield url, found, folder


def open_page(browser, viewport: str, kind: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    if kind == "unconfirmed":
        page.clock.set_system_time(dt.datetime(2027, 2, 1, 10, 0, tzinfo=dt.UTC))
    return context, page


def check_through(page, url: str, way: str, holder, record, tmp_path: Path) -> None:
    if way == "qr":
        page.goto(verify_link(url, holder, record))
        return
    page.goto(f"{url}/verify/")
    page.locator("#verifier[data-state=ready]").wait_for()
    if way == "file":
        path = tmp_path / "holder.credential.json"
        path.write_text(credential.dumps(holder, record), encoding="utf-8")
        page.locator("#credential-file").set_input_files(str(path))
    else:
        page.locator("#lookup-number").fill(holder.number)
        page.locator("#lookup-name").fill(holder.name)
        page.locator("#lookup-code").fill(holder.code)
        page.get_by_role("button", name="查询并核验").click()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("kind", ["valid", "revoked", "invalid", "unconfirmed"])
def test_each_verdict_through_each_way_is_unmistakable_and_on_screen(
    browser, verdict_site, tmp_path, kind, way, viewport
):
    url, found, _ = verdict_site
    holder, record = found[kind]
    context, page = open_page(browser, viewport, kind)
    try:
        check_through(page, url, way, holder, record, tmp_path)
        box = page.locator(".verdict[data-verdict]")
        box.wait_for()
        assert box.get_attribute("data-verdict") == kind
        heading = page.locator(".verdict-title")
        words = {"valid": "✓ 有效", "revoked": "⊘ 已撤销", "invalid": "✗ 无效", "unconfirmed": "? 待确认"}[kind]
        assert heading.inner_text() == words
        assert page.locator(".verdict-title:focus").count() == 1  # focused, so a screen reader announces it
        top = heading.bounding_box()
        assert top and top["y"] >= 0 and top["y"] + top["height"] <= VIEWPORTS[viewport]["height"], top
        if kind != "valid":
            assert page.locator(".verdict-valid").count() == 0 and "✓" not in heading.inner_text()
        if kind in ("valid", "unconfirmed"):
            assert "请核对候选人身份证件上的姓名与此一致" in box.inner_text()
        if kind == "revoked":
            assert "签名真实，但颁发组织已撤销此证书" in box.inner_text()
        if kind == "unconfirmed":
            assert "之后的撤销无法确认" in box.inner_text()
        assert "演示数据" in box.inner_text()  # the demo warning is inside the verdict, on the first screen
        assert holder.code not in page.locator("#result").inner_text()  # the code is masked in the report
    finally:
        context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_lookup_that_finds_nothing_is_summarised_on_screen_with_links_to_the_fields(browser, verdict_site, viewport):
    url, found, _ = verdict_site
    holder, _ = found["valid"]
    context, page = open_page(browser, viewport, "valid")
    try:
        page.goto(f"{url}/verify/")
        page.locator("#verifier[data-state=ready]").wait_for()
        page.locator("#lookup-number").fill(holder.number)
        page.locator("#lookup-name").fill("冒名顶替")
        page.locator("#lookup-code").fill(holder.code)
        page.get_by_role("button", name="查询并核验").click()
        title = page.locator(".error-summary-title:focus")
        title.wait_for()
        assert title.inner_text() == "姓名不符"
        top = title.bounding_box()
        assert top["y"] >= 0 and top["y"] + top["height"] <= VIEWPORTS[viewport]["height"]
        page.locator(".error-summary a[href='#lookup-name']").click()
        assert page.locator("#lookup-name:focus").count() == 1
    finally:
        context.close()


def in_language(link: str, lang: str) -> str:
    """A verify link that opens the page in a language (?lang=en; Chinese is the default)."""
    return link if lang == "zh" else link.replace("/verify/#", f"/verify/?lang={lang}#")


@pytest.mark.parametrize(("lang", "scheme"), [("zh", "light"), ("en", "light"), ("zh", "dark")])
def test_axe_and_the_html_checker_pass_on_every_verdict_and_the_error_summary(
    browser, verdict_site, tmp_path, lang, scheme
):
    url, found, _ = verdict_site
    states = []
    for kind in ("valid", "revoked", "invalid", "unconfirmed", "problem"):
        context = browser.new_context(
            viewport=VIEWPORTS["desktop"], locale="zh-CN", bypass_csp=True, color_scheme=scheme
        )
        page = context.new_page()
        if kind == "unconfirmed":
            page.clock.set_system_time(dt.datetime(2027, 2, 1, tzinfo=dt.UTC))
        if kind == "problem":
            page.goto(in_language(f"{url}/verify/#", lang))
            page.locator("#verifier[data-state=ready]").wait_for()
            page.locator("#lookup-number").fill("X-1")
            page.locator("#lookup-name").fill("某")
            page.locator("#lookup-code").fill("0000-0000-0000")
            page.get_by_role("button", name={"zh": "查询并核验", "en": "Look up and verify"}[lang]).click()
            page.locator(".error-summary").wait_for()
        else:
            page.goto(in_language(verify_link(url, *found[kind]), lang))
            page.locator(".verdict[data-verdict]").wait_for()
            page.locator(".technical summary").click()  # the technical details open, checked too
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations""")
        assert violations == [], (kind, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])
        page.evaluate("() => document.querySelectorAll('script:not([src])').forEach((s) => s.remove())")  # axe
        assert page.locator("main").get_attribute("lang") == {"zh": "zh-CN", "en": "en"}[lang]
        state = tmp_path / f"{kind}-{lang}.html"
        state.write_text(page.content(), encoding="utf-8")
        states.append(str(state))
        context.close()
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *states], capture_output=True, text=True
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages[:5], ensure_ascii=False, indent=1)


def test_the_language_switch_keeps_the_result_and_is_remembered(browser, verdict_site):
    """An employer abroad: the same verdict, every word of it in English (evidence, fields, report), the parts in
    each language marked with lang, the choice kept on the next visit, and back to Chinese unchanged."""
    url, found, _ = verdict_site
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(verify_link(url, *found["revoked"]))
        page.locator(".verdict[data-verdict=revoked]").wait_for()
        chinese = page.locator("#result").inner_text()
        switch = page.locator("#language")
        assert switch.inner_text() == "English" and switch.get_attribute("lang") == "en"
        switch.click()
        assert page.locator(".verdict").get_attribute("data-verdict") == "revoked"
        assert page.locator(".verdict-title").inner_text() == "⊘ Revoked"
        assert page.locator("main").get_attribute("lang") == "en"
        assert page.title().startswith("Verify a certificate · ")
        assert page.locator("html").get_attribute("lang") == "zh-CN", "the site's header and footer stay Chinese"
        assert switch.inner_text() == "中文" and switch.get_attribute("lang") == "zh-CN"
        result = page.locator("#result").inner_text()
        assert "the issuing organisation revoked this certificate" in result
        assert "Verification report VR-" in result and "(Beijing time)" in result and "by QR code link" in result
        evidence = page.locator(".step[data-step=signature] .step-evidence").text_content()
        assert evidence.startswith(": Ed25519 signature matches key")
        assert page.locator("#way-lookup").inner_text() == "Look up by number, name and verification code"
        top = page.locator("#result").bounding_box()["y"]
        assert 0 <= top < VIEWPORTS["phone"]["height"], "the result stays in view after switching"
        page.reload()  # the choice is remembered
        page.locator(".verdict[data-verdict=revoked]").wait_for()
        assert page.locator(".verdict-title").inner_text() == "⊘ Revoked"
        page.locator("#language").click()
        assert page.locator("main").get_attribute("lang") == "zh-CN"
        assert page.locator("#result").inner_text().split("核验报告编号")[0] == chinese.split("核验报告编号")[0]
    finally:
        context.close()


def test_the_english_report_prints_on_one_a4_page(browser, verdict_site):
    url, found, _ = verdict_site
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.goto(in_language(verify_link(url, *found["valid"]), "en"))
    page.locator(".verdict[data-verdict=valid]").wait_for()
    assert page.locator(".report-meta").inner_text().startswith("Verification report VR-")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    assert len(pdf_pages(pdf)) == 1


def pdf_pages(pdf: bytes) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].render(scale=150 / 72).to_pil() for i in range(len(document))]


@pytest.mark.parametrize("kind", ["valid", "revoked", "invalid"])
def test_the_report_prints_on_one_a4_page_with_the_verdict_and_a_report_number(browser, verdict_site, kind):
    url, found, _ = verdict_site
    holder, record = found[kind]
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.goto(verify_link(url, holder, record))
    page.locator(".verdict[data-verdict]").wait_for()
    report = page.locator(".report-meta").inner_text()
    assert (
        report.startswith("核验报告编号 VR-")
        and "数据截至" in report
        and "（北京时间）" in report
        and "方式：二维码链接" in report
    )
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    assert len(pdf_pages(pdf)) == 1
    text = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert holder.code not in text.replace("-", "") and holder.code[:4] in text  # masked: 7K2M-••••-••••
    assert {"valid": "有效", "revoked": "已撤销", "invalid": "无效"}[kind] in text


def decoded(image: Image.Image) -> list[str]:
    """The QR codes zxing-cpp finds (only QR: its 1D readers can take a line of monospace text for a barcode)."""
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_printed_certificate_is_one_a4_page_whose_qr_scans_and_verifies(browser, verdict_site, tmp_path):
    url, found, _ = verdict_site
    holder, record = found["valid"]
    key = next(k for k in demo.KEYS if k.key == record.key)
    paths = write_holder_files(
        tmp_path,
        "DEMO-1",
        holder,
        record,
        {"certificate": "Web 前端开发职业技能等级证书", "organisation": "工业和信息化部教育与考试中心"},
        url,
        True,
        key.seed,
        public_key_of(key.seed),
        "2026-11-24T00:00:00Z",
    )
    link = verify_link(url, holder, record)
    context = browser.new_context(viewport={"width": 794, "height": 1123}, locale="zh-CN")
    page = context.new_page()
    page.goto(paths["page"].as_uri())
    qr = page.locator(".qr svg").bounding_box()
    assert qr["width"] >= 3 / 2.54 * 96 and abs(qr["width"] - qr["height"]) < 1  # at least 3 cm, square
    screen = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    assert decoded(screen) == [link]  # the on-screen rendering scans
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    context.close()
    pages = pdf_pages(pdf)
    assert len(pages) == 1 and abs(pages[0].width / pages[0].height - 210 / 297) < 0.01  # one A4 page
    assert decoded(pages[0]) == [link]  # the printed page, rasterised at 150 dpi, scans
    page = browser.new_page()
    page.goto(decoded(pages[0])[0])  # the decoded link opens the verify page, which verifies it
    page.locator(".verdict[data-verdict]").wait_for()
    assert page.locator(".verdict[data-verdict]").get_attribute("data-verdict") == "valid"
    page.close()
    text = paths["page"].read_text(encoding="utf-8")
    assert "需要联网" in text and "断网时也能核验" in text and "离线核验" not in text
