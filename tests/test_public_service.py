"""What a public service owes its public (issue 35): every page links the contact page and both statements; each
certificate, organisation and verify result offers a report link that never carries a holder's data; the issue
forms it opens are well formed; and the privacy statement is held to the verify page's own request log."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from test_cli import x1
from test_verify_page import demo_credential, open_verifier, wait_result

from portal.registry.credentials import credential
from portal.registry.credentials.holder import Holder
from portal.registry.issue import demo
from portal.site.report import KINDS, issue_url

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}  # GitHub's issue-form syntax


def test_every_page_links_the_contact_page_and_both_statements(site):
    pages = list(site.rglob("index.html"))
    assert len(pages) > 1000
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for path in ("/contact/", "/privacy/", "/accessibility/"):
            assert f'href="{path}"' in text, (page, path)
    contact = (site / "contact" / "index.html").read_text(encoding="utf-8")
    assert 'id="report"' in contact and 'href="../organisations/"' in contact


@pytest.mark.parametrize("form", sorted(FORMS.glob("*.yml")), ids=lambda p: p.name)
def test_each_issue_form_is_well_formed_and_asks_for_no_holder_data(form):
    """GitHub's issue-form syntax: name, description, a body of known field types with unique ids and labels;
    the fields the report links fill in (page, kind) exist; the form warns against holder data."""
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert isinstance(data["name"], str) and isinstance(data["description"], str) and data["body"]
    ids = []
    for field in data["body"]:
        assert field["type"] in FIELD_TYPES, field
        if field["type"] == "markdown":
            assert field["attributes"]["value"].strip()
            continue
        assert field["attributes"]["label"].strip() and re.fullmatch(r"[a-z0-9_-]+", field["id"])
        ids.append(field["id"])
        if field["type"] == "dropdown":
            assert field["attributes"]["options"]
    assert len(ids) == len(set(ids)) and {"page", "kind"} <= set(ids)
    assert "不要填写" in form.read_text(encoding="utf-8")


def test_report_links_open_a_form_with_the_page_and_the_kind_and_nothing_else():
    used = {template for template, _ in KINDS.values()}
    assert used == {p.name for p in FORMS.glob("*.yml")}
    url = issue_url("https://github.com/example/1x-portal", "https://1x.example.cn", "verdict", "verify/#c=1.SECRET")
    parts = urlsplit(url)
    assert parts.path == "/example/1x-portal/issues/new"
    assert parse_qs(parts.query) == {
        "template": ["verdict.yml"],
        "page": ["https://1x.example.cn/verify/"],  # never the fragment: it holds the credential
        "kind": [KINDS["verdict"][1]],
    }
    assert issue_url("", "", "certificate", "certificates/bim/") == "/contact/#report"  # no repository set


def test_each_certificate_and_organisation_page_has_a_report_link(site):
    for page in ("certificates/web-frontend/index.html", "organisations/miit-eec/index.html"):
        assert '<p class="report no-print"><a href="/contact/#report">报告错误</a>' in (site / page).read_text("utf-8")


def stored(page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage).concat(Object.keys(sessionStorage)).sort()")


@pytest.mark.parametrize("way", ["qr", "file", "lookup"])
def test_the_privacy_statement_holds_for_the_verify_pages_requests(browser, server, tmp_path, way):
    """隐私说明, line by line, against the request log: same-site requests only, none carrying the holder's number,
    name or code (nor the credential); the lookup reads exactly one shard and its folder's digests; no cookie; the
    browser keeps only the language, the snapshot memory, and (service worker) the offline files."""
    holder, record, _ = demo_credential(7)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url, r.post_data)))
    open_verifier(page, f"{server}/verify/")
    before = len(requests)
    if way == "qr":
        page.goto(f"{server}/verify/#c={credential.to_compact(holder, record)}")
    elif way == "file":
        path = tmp_path / "holder.credential.json"
        path.write_text(credential.dumps(holder, record), encoding="utf-8")
        page.set_input_files("#credential-file", str(path))
    else:
        page.fill("#lookup-number", holder.number)
        page.fill("#lookup-name", holder.name)
        page.fill("#lookup-code", holder.code)
        page.get_by_role("button", name="查询并核验").click()
    assert wait_result(page) == "valid"
    page.wait_for_load_state("networkidle")
    secrets = [holder.number, holder.name, holder.code, holder.code.replace("-", ""), record.signature[:20]]
    for method, url, body in requests:
        assert url.startswith(server) and method == "GET" and not body, url
        assert not any(secret in url for secret in secrets[:1] + secrets[2:]), url
    # whichever way in, registration is checked from one shard of the lookup store (named by a prefix of the
    # hashed lookup id), its folder's digests, and a few hash tiles of the log: nothing names the certificate
    later = [url for _, url, _ in requests[before:]]
    shards = [u for u in later if "/verify/records/" in u and not u.endswith("index.json")]
    assert len(shards) == 2 and sum(u.endswith("/digests") for u in shards) == 1, shards
    assert all(re.search(r"/log/tile/|/verify/|/theme/", u) for u in later), later
    assert context.cookies() == []
    kept = stored(page)  # the language, and the newest snapshot seen (one key per pinned root)
    assert all(key == "1x-verify-language" or re.fullmatch(r"x1portal:snapshot:[0-9a-f]{16}", key) for key in kept)
    report = page.locator("#result .report a").get_attribute("href")
    assert report == page.locator("#verifier").get_attribute("data-report") and "#c=" not in report
    context.close()


def rare_name_credential(tmp_path) -> tuple[Path, Holder]:
    """A demo organisation's credential for a holder whose name has an Extension B character (𠮷 U+20BB7)."""
    demo_holder, _, key = demo_credential(3)
    _, certificate, organisation, level, issued, _ = next(i for i in demo.issues() if i[5] is key)
    holder = Holder.of(demo_holder.number + "R", "𠮷祥", demo_holder.code)
    path = tmp_path / "rare.credential.json"
    record = credential.issue(holder, organisation, certificate, level, issued, key.key, key.seed)
    path.write_text(credential.dumps(holder, record), encoding="utf-8")
    return path, holder


def test_a_name_with_extension_b_characters_shows_their_code_points_in_the_verdict_and_the_report(
    browser, server, tmp_path
):
    """𠮷 draws as an empty box where the fonts lack it: the verdict names U+20BB7 beside it, on the screen and on
    the printed report, on the verify page and the batch page."""
    path, holder = rare_name_credential(tmp_path)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    open_verifier(page, f"{server}/verify/")
    page.set_input_files("#credential-file", str(path))
    wait_result(page)
    name_cell = page.locator("#result table.fields tr").first.locator("td")
    assert name_cell.inner_text().replace("\n", "") == "𠮷 U+20BB7祥"
    assert page.locator("#result .rare .code-point").count() == 1
    assert "𠮷 U+20BB7" in page.locator("#result .verdict-rare").inner_text()
    page.emulate_media(media="print")
    assert page.locator("#result .code-point").is_visible() and page.locator("#result .verdict-rare").is_visible()
    page.emulate_media(media="screen")
    page.goto(f"{server}/verify/batch/")
    page.locator("#batch[data-state=ready]").wait_for()
    page.locator("#batch-files").set_input_files([str(path)])
    page.locator("#batch[data-state=done]").wait_for()
    cell = page.locator("#batch-table tbody td.col-name")
    assert cell.inner_text().replace("\n", "") == "𠮷 U+20BB7祥"
    page.emulate_media(media="print")
    assert cell.locator(".code-point").is_visible()
    context.close()


def test_the_cli_marks_the_code_points_of_a_names_uncommon_characters(tmp_path):
    path, _ = rare_name_credential(tmp_path)
    shown = x1("registry", "verify", str(path))
    assert "持证人：𠮷(U+20BB7)祥" in shown.stdout, shown.stdout + shown.stderr
    data = json.loads(x1("registry", "verify", "--json", str(path)).stdout)
    assert data["holder"]["name"] == "𠮷祥" and data["holder"]["uncommon"] == ["U+20BB7"]
