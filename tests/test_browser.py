"""The real site in Debian's headless Chromium: browse by major, filters, no request leaves the site, axe-core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules/axe-core/axe.min.js"

# one page of each type
PAGE_TYPES = [
    "/",
    "/certificates/",
    "/certificates/batch/2/",
    "/certificates/web-frontend/",
    "/certificates/game-art/",
    "/organisations/",
    "/organisations/miit-eec/",
    "/standards/web-frontend/",
    "/standards/logistics-management/",
    "/batches/3/",
    "/policies/",
    "/policies/jiaozhisuo-2019-314/",
    "/majors/",
    "/majors/associate/",
    "/majors/associate/51/",
    "/majors/associate/5102/",
    "/majors/associate/510201/",
    "/majors/all/",
    "/data/",
    "/about/",
    "/404.html",
    "/search/",
    "/stats/",
]


def test_browse_by_major_reaches_web_frontend(page, server):
    page.goto(f"{server}/")
    page.get_by_role("link", name="按专业查找").first.click()
    page.get_by_role("link", name="高职专科").click()
    page.get_by_role("link", name="电子与信息大类").click()
    page.get_by_role("link", name="计算机类").click()
    page.get_by_role("link", name="计算机应用技术").click()
    assert page.url.endswith("/majors/associate/510201/")
    official = page.locator(".match-official")
    assert official.count() == 1
    assert "Web 前端开发职业技能等级证书" in official.inner_text()
    assert [t.inner_text() for t in official.locator(".tag-level").all()] == ["初级", "中级", "高级"]


@pytest.mark.parametrize(
    ("start", "query"),
    [
        ("majors/", "计算机应用技术"),
        ("majors/", "510201"),
        ("", "jisuanjiyingyongjishu"),  # the home page's box takes pinyin and initials like the header search
        ("", "ji suan ji ying yong ji shu"),
        ("majors/", "jsjyyjs"),
    ],
)
def test_typing_a_major_name_code_or_pinyin(page, server, start, query):
    page.goto(f"{server}/{start}")
    box = page.locator("form.major-search input[type=search]")
    box.fill(query)
    first = page.locator(".suggestions a").first
    first.wait_for()
    assert "计算机应用技术（高职专科专业 510201）" in first.inner_text()
    box.press("Enter")
    page.wait_for_url("**/majors/associate/510201/")
    assert "Web 前端开发" in page.locator(".match-official").inner_text()


def test_search_without_javascript_leads_to_the_full_list(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/majors/")
    page.get_by_label("输入专业名称或代码").fill("510201")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url("**/majors/all/**")
    assert page.get_by_role("link", name="计算机应用技术").count() >= 1
    context.close()


def test_filters_work_as_plain_links_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/certificates/")
    page.locator(".facet a[data-facet=batch][data-value='1']").click()
    page.wait_for_url("**/certificates/batch/1/")
    assert page.locator("#certificate-list .card").count() == 6
    context.close()


def test_filters_combine_in_place_with_javascript(page, server):
    page.goto(f"{server}/certificates/")
    cards = page.locator("#certificate-list .card:visible")
    assert cards.count() == 93
    page.locator(".facet a[data-facet=batch][data-value='1']").click()
    assert page.url.endswith("/certificates/")  # enhanced: no navigation
    assert cards.count() == 6
    page.locator(".facet a[data-facet=level][data-value=advanced]").click()
    assert cards.count() == 2
    assert page.locator(".result-status").inner_text() == "已筛选：显示 2 / 93 个证书"
    assert page.locator(".facet a[data-facet=level][data-value=advanced]").get_attribute("aria-pressed") == "true"


def test_no_page_makes_a_request_off_the_site(page, server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in PAGE_TYPES:
        page.goto(f"{server}{path}")
        page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(server) for url in requests), [
        u for u in requests if not u.startswith(server)
    ]
    assert errors == []


def test_phone_width_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in [
        "/",
        "/certificates/web-frontend/",
        "/majors/associate/510201/",
        "/certificates/",
        "/stats/",
        "/data/",
    ]:
        page.goto(f"{server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    context.close()


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_accessibility_violations(page, server, path):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run npm ci")
    page.goto(f"{server}{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations""")
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result]
    assert result == [], json.dumps(summary, ensure_ascii=False)
