"""The verify page and the single-file verifier, in Debian's headless Chromium against the built site.

Every way in (QR picture, QR link, pasted text, credential file, VC file, number + name + code), offline after the
first visit, the downloaded single file from file://, both crypto paths, hostile input, and the shared vectors
run inside the real page.
"""

from __future__ import annotations

import html
import json
import re
import struct
import subprocess
import time
import urllib.request
import zlib
from pathlib import Path

import pytest
import segno
import yaml

from portal.registry.credentials import credential, vc
from portal.registry.issue import demo
from portal.registry.issue.printable import verify_link
from portal.registry.keys.signing import public_key_of
from portal.registry.store import lookup_store

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def revoked_lookups() -> set[str]:
    return {
        entry["lookup"]
        for path in (ROOT / "data" / "revocations").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["revocations"]
    }


def demo_credential(index: int = 0, revoked: bool = False):
    """The index-th registered demo certificate (its record is in data/records) that is (not) revoked."""
    gone = revoked_lookups()
    issues = [issue for issue in demo.issues() if (issue[0].lookup in gone) == revoked]
    holder, certificate, organisation, level, issued, key = issues[index]
    return holder, credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed), key


def signed_index(server: str) -> lookup_store.StoreIndex:
    with urllib.request.urlopen(f"{server}/verify/records/index.json") as response:
        return lookup_store.open_index(response.read())


def white_png(path: Path, side: int = 120) -> None:
    """A plain white PNG (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\xff" * side for _ in range(side))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def state_in(page, *states: str) -> str:
    """Wait (without eval: the page's CSP forbids it) until the verifier is in one of states; return it."""
    while True:  # a check may start again (going offline re-checks): read the state it settles in
        page.locator(f"#verifier:is({', '.join(f'[data-state={s}]' for s in states)})").wait_for()
        state = page.locator("#verifier").get_attribute("data-state")
        if state in states:
            return state


def open_verifier(page, url: str) -> str:
    page.goto(url)
    return state_in(page, "valid", "invalid", "error", "ready", "broken")


def wait_result(page) -> str:
    return state_in(page, "valid", "invalid", "error")


def watch(page) -> dict:
    """Collect page errors, console errors (CSP violations among them) and every request."""
    seen = {"errors": [], "requests": []}
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    page.on("request", lambda request: seen["requests"].append(request.url))
    return seen


@pytest.fixture(scope="module")
def vectors_bundle() -> str:
    result = subprocess.run(
        [str(ESBUILD), "tests/js/page-vectors.mjs", "--bundle", "--format=esm"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("path", ["webcrypto", "noble"])
def test_shared_vectors_in_the_real_page(browser, server, vectors_bundle, path):
    context = browser.new_context(service_workers="block")  # Playwright routes do not see a worker's fetches
    page = context.new_page()

    def fulfil(route):
        name = route.request.url.rsplit("/", 1)[1]
        if name == "vectors.js":
            route.fulfill(body=vectors_bundle, content_type="text/javascript")
        else:
            route.fulfill(body=(VECTORS / name).read_bytes(), content_type="application/json")

    page.route("**/__test__/*", fulfil)
    seen = watch(page)
    assert open_verifier(page, f"{server}/verify/") == "ready"
    outcome = page.evaluate("async (path) => (await import('/__test__/vectors.js')).run(path)", path)
    assert outcome["path"] == path
    assert outcome["failures"] == []
    counts = [
        len(json.loads((VECTORS / name).read_text(encoding="utf-8"))["cases"])
        for name in ("credentials.json", "normalize.json", "signature-policy.json")
    ]
    counts.append(len(json.loads((VECTORS / "working-days.json").read_text(encoding="utf-8"))["registration"]))
    assert outcome["checked"] == sum(counts)
    assert seen["errors"] == []
    context.close()


def test_qr_picture_is_scanned_and_verified(page, server, tmp_path):
    holder, record, _ = demo_credential(0)
    picture = tmp_path / "qr.png"
    segno.make(verify_link("https://portal.example", holder, record), error="m").save(picture, scale=6, border=4)
    seen = watch(page)
    open_verifier(page, f"{server}/verify/")
    page.set_input_files("#qr-image", str(picture))
    assert wait_result(page) == "valid"
    fields = page.locator(".fields").inner_text()
    for value in (holder.name, holder.number, "Web 前端开发", record.issued, "工业和信息化部教育与考试中心"):
        assert value in fields
    assert page.locator(".step-passed").count() == 8
    assert "二维码图片" in page.locator(".report-meta").inner_text()
    assert all(url.startswith(server) for url in seen["requests"]), seen["requests"]
    assert seen["errors"] == []


def test_a_picture_without_a_qr_code_says_so(page, server, tmp_path):
    open_verifier(page, f"{server}/verify/")
    blank = tmp_path / "blank.png"
    white_png(blank)
    page.set_input_files("#qr-image", str(blank))
    page.get_by_text("图片中没有找到二维码").wait_for()


@pytest.mark.parametrize("form", ["credential.json", "vc.json"])
def test_credential_file_is_verified(page, server, tmp_path, form):
    holder, record, key = demo_credential(5)
    if form == "vc.json":
        names = {"certificate": "Web 前端开发职业技能等级证书", "organisation": "工业和信息化部教育与考试中心"}
        text = json.dumps(
            vc.add_proof(
                vc.credential(holder, record, names), key.seed, public_key_of(key.seed), "2024-01-01T00:00:00Z"
            ),
            ensure_ascii=False,
        )
    else:
        text = credential.dumps(holder, record)
    file = tmp_path / form
    file.write_text(text, encoding="utf-8")
    open_verifier(page, f"{server}/verify/")
    page.set_input_files("#credential-file", str(file))
    assert wait_result(page) == "valid"
    assert holder.name in page.locator(".fields").inner_text()
    assert page.locator("[data-step=proof].step-passed").count() == (1 if form == "vc.json" else 0)


def test_lookup_by_number_name_and_code_fetches_one_shard(page, server):
    holder, record, _ = demo_credential(7)
    seen = watch(page)
    open_verifier(page, f"{server}/verify/")
    seen["requests"].clear()
    page.locator("#lookup-number").fill(holder.number.lower())  # typed as people type: case and dashes vary
    page.locator("#lookup-name").fill(f" {holder.name} ")
    page.locator("#lookup-code").fill(holder.code.lower())
    page.get_by_role("button", name="查询并核验").click()
    assert wait_result(page) == "valid"
    assert page.locator(".verdict").get_attribute("data-verdict") == "valid"
    assert record.lookup in page.locator(".technical").text_content()  # in the collapsed technical details
    store = sorted(url.rsplit("/records/", 1)[1] for url in seen["requests"] if "/verify/records/" in url)
    shard = lookup_store.shard_path(lookup_store.shard_of(record.lookup, signed_index(server).bits))
    assert store == sorted(["00/digests", shard]), seen["requests"]  # the folder's digests and one shard: both signed
    assert all(url.startswith(server) for url in seen["requests"])

    page.locator("#lookup-name").fill("冒名顶替")
    page.get_by_role("button", name="查询并核验").click()
    page.get_by_role("heading", name="姓名不符").wait_for()
    page.locator("#lookup-code").fill("0000-0000-0000")
    page.get_by_role("button", name="查询并核验").click()
    page.get_by_role("heading", name="未找到").wait_for()


def test_a_name_typed_with_spaces_or_another_middle_dot_is_found(page, server):
    """A name is matched the way people type it (README, "Names"): the record signed for 林黛玉-style names."""
    holder, record, _ = demo_credential(8)
    spaced = holder.name[0] + "\u3000" + holder.name[1:]  # a full-width space typed into the name
    open_verifier(page, f"{server}/verify/")
    page.locator("#lookup-number").fill(holder.number)
    page.locator("#lookup-name").fill(spaced)
    page.locator("#lookup-code").fill(holder.code)
    page.get_by_role("button", name="查询并核验").click()
    assert wait_result(page) == "valid"
    page.locator("#lookup-name").fill(holder.name[0] + "\u200b" + holder.name[1:])  # an invisible character
    page.get_by_role("button", name="查询并核验").click()
    assert state_in(page, "error") == "error"
    assert "零宽字符" in page.get_by_role("alert").inner_text()


def test_a_huge_paste_is_refused_at_once_and_state_is_reset_on_every_check(page, server):
    holder, record, _ = demo_credential(9)
    open_verifier(page, f"{server}/verify/#c=1.AQ")
    assert page.locator("#result").get_attribute("data-error")
    box = page.get_by_label("或粘贴二维码内容")
    submit = page.locator("#paste button[type=submit]")
    box.fill("A" * 200_000)  # maxlength keeps the box to 65,536 characters; the check refuses it at once
    started = time.monotonic()
    submit.click()
    assert state_in(page, "error") == "error"
    assert time.monotonic() - started < 120  # a hang guard, not a speed limit
    assert page.locator("#result").get_attribute("data-error") in ("too-large", "not-ours")
    assert len(box.input_value()) <= 65_536
    box.fill(verify_link("https://portal.example", holder, record))
    submit.click()
    assert state_in(page, "valid") == "valid"
    assert page.locator("#result").get_attribute("data-error") is None  # nothing stale from the previous check


def test_tampered_credential_fails_at_the_signature_step(page, server):
    holder, record, _ = demo_credential(0)
    compact = credential.to_compact(holder, record)
    body = bytearray(credential.from_b64url(compact[2:]))
    fields = body[65:].decode().split("\x1f")
    fields[4] = "advanced" if fields[4] != "advanced" else "primary"  # the level, raised on paper
    tampered = "1." + credential.b64url(bytes(body[:65]) + "\x1f".join(fields).encode())
    assert open_verifier(page, f"{server}/verify/#c={tampered}") == "invalid"
    failed = page.locator(".step-failed")
    assert failed.count() == 1
    assert failed.get_attribute("data-step") == "signature"
    assert "签名有效" in page.get_by_role("alert").inner_text()
    assert "未能证实" in page.locator(".fields caption").inner_text()


def test_a_revoked_certificate_fails_at_not_revoked(page, server):
    holder, record, _ = demo_credential(0, revoked=True)
    assert open_verifier(page, f"{server}/verify/#c={credential.to_compact(holder, record)}") == "invalid"
    assert page.locator(".step-failed").get_attribute("data-step") == "not_revoked"
    assert "撤销" in page.get_by_role("alert").inner_text()


def test_without_webcrypto_the_pure_js_path_gives_the_same_answer(browser, server):
    holder, record, _ = demo_credential(3)
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined });")
    page = context.new_page()
    assert open_verifier(page, f"{server}/verify/#c={credential.to_compact(holder, record)}") == "valid"
    assert "纯 JavaScript" in page.locator("#snapshot").inner_text()
    context.close()


def test_offline_after_the_first_visit(browser, server, tmp_path):
    holder, record, _ = demo_credential(11)
    context = browser.new_context()
    page = context.new_page()
    open_verifier(page, f"{server}/verify/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.get_by_text("断网后仍可").wait_for()
    context.set_offline(True)
    page.goto(f"{server}/verify/#c={credential.to_compact(holder, record)}")
    assert wait_result(page) == "valid"
    assert "登记与撤销信息截至" in page.locator("#snapshot").inner_text()
    # the header's scripts are stored too: main.js and every module it imports (the HTTP cache is no guarantee)
    stored = page.evaluate("""async () => { const urls = [];
        for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        return urls; }""")
    imported = re.findall(
        r"import\(['\"]\./([\w-]+\.js)['\"]\)", (ROOT / "theme/static/js/main.js").read_text(encoding="utf-8")
    )
    assert "search-loader.js" in imported
    for name in ["main.js", *imported]:
        assert f"{server}/theme/js/{name}" in stored, name
    file = tmp_path / "credential.json"
    file.write_text(credential.dumps(holder, record), encoding="utf-8")
    page.reload()
    page.set_input_files("#credential-file", str(file))
    assert wait_result(page) == "valid"
    page.locator("#lookup-number").fill(holder.number)
    page.locator("#lookup-name").fill(holder.name)
    page.locator("#lookup-code").fill(holder.code)
    page.get_by_role("button", name="查询并核验").click()
    page.get_by_text("离线时也不能按编号查询").wait_for()  # unless that shard was fetched before: said plainly
    context.close()


def test_single_file_verifier_works_from_disk_with_no_network(browser, server, tmp_path):
    holder, record, _ = demo_credential(2)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    open_verifier(page, f"{server}/verify/")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载离线核验器").click()
    saved = tmp_path / "1x-verifier.html"
    download.value.save_as(saved)
    context.set_offline(True)
    seen = watch(page)
    assert open_verifier(page, saved.as_uri()) == "ready"
    page.get_by_label("或粘贴二维码内容").fill(verify_link("https://portal.example", holder, record))
    page.get_by_role("button", name="核验", exact=True).click()
    assert wait_result(page) == "valid"
    assert holder.name in page.locator(".fields").inner_text()
    assert page.locator("#lookup-number").is_disabled()  # no lookup store inside the file: said on the page
    assert "不能按编号查询" in page.locator("#lookup").inner_text()
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    page.locator("#language").click()  # the same file, its one catalogue per language inside: English offline
    assert page.locator(".verdict-title").inner_text() == "✓ Valid"
    assert page.locator("h1").inner_text() == "1+X certificate offline verifier"
    assert "cannot look up numbers" in page.locator("#lookup").inner_text()
    assert page.locator("main").get_attribute("lang") == "en"
    assert seen["errors"] == []
    context.close()


@pytest.mark.parametrize(
    "fragment",
    [
        "#c=" + "A" * 100_000,
        "#c=1.%00%FF%E2%98%83",
        "#c=1." + "_" * 700,
        "#c=1.AQ",
        "#c=" + "%F0%9F%98%80" * 2000,
    ],
)
def test_hostile_fragments_give_a_clear_error_quickly(page, server, fragment):
    seen = watch(page)
    started = time.monotonic()
    assert open_verifier(page, f"{server}/verify/{fragment}") == "error"
    assert time.monotonic() - started < 120  # a hang guard, not a speed limit
    assert "无法核验" in page.get_by_role("alert").inner_text()
    assert page.locator("#result").get_attribute("data-verdict") in (None, "invalid")
    assert seen["errors"] == []


def test_content_security_policy_is_strict(page, server, site):
    open_verifier(page, f"{server}/verify/")
    policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "script-src 'self';" in policy and "unsafe" not in policy and "default-src 'none'" in policy
    single = (site / "verify" / "verifier.html").read_text(encoding="utf-8")
    single_policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', single).group(1))
    assert "script-src 'sha256-" in single_policy and "connect-src 'none'" in single_policy
    assert "unsafe" not in single_policy and "default-src 'none'" in single_policy
    ran = page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';
                                    document.body.append(s); return window.injected === 1; }""")
    assert not ran  # an injected inline script is refused by the policy


def qr_video(path: Path, text: str, side: int = 640) -> None:
    """A Y4M clip (what Chromium's fake camera plays) showing the QR code of text on white."""
    matrix = segno.make(text, error="m").matrix
    scale = (side - 40) // (len(matrix) + 8)
    offset = (side - scale * len(matrix)) // 2
    luma = bytearray(b"\xeb" * side * side)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (offset + y * scale + dy) * side + offset + x * scale
                    luma[start : start + scale] = b"\x10" * scale
    chroma = b"\x80" * (side * side // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma
    path.write_bytes(f"YUV4MPEG2 W{side} H{side} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * 3)


def test_camera_scan_reads_the_qr_code(server, playwright, tmp_path):
    """The camera path, with Chromium's fake camera playing a clip of a certificate's QR code."""
    from conftest import CHROMIUM, CHROMIUM_ARGS

    holder, record, _ = demo_credential(4)
    clip = tmp_path / "qr.y4m"
    qr_video(clip, verify_link("https://portal.example", holder, record))
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS
        + [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={clip}",
        ],
    )
    try:
        context = browser.new_context(permissions=["camera"])
        tab = context.new_page()
        open_verifier(tab, f"{server}/verify/")
        tab.get_by_role("button", name="用摄像头扫描").click()
        assert wait_result(tab) == "valid"
        assert "摄像头扫描" in tab.locator(".report-meta").inner_text()
        assert holder.name in tab.locator(".fields").inner_text()
        assert tab.locator("#camera").is_hidden()  # the camera is released once the code is read
    finally:
        browser.close()
