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
    "/compare/",
    "/guide/",
    "/verify/batch/",
    "/verify/verifier.html",
    "/issue/",
    "/issue/issuer.html",
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_axe_finds_no_accessibility_violations(browser, server, path, scheme):
    """Every page type, in the light theme and in the dark one (prefers-color-scheme: dark)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run npm ci")
    # bypass_csp: only so that axe can be injected into pages with a Content-Security-Policy (the verify pages)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(f"{server}{path}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})).violations""")
    context.close()
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result]
    assert result == [], json.dumps(summary, ensure_ascii=False)


def test_a_student_compares_certificates_side_by_side(page, server):
    page.goto(f"{server}/certificates/web-frontend/")
    page.get_by_role("link", name="与其他证书比较").click()
    page.wait_for_url("**/compare/?c=web-frontend")
    page.get_by_text("已选 1 个").wait_for()
    assert page.locator("#c-web-frontend").is_checked()
    page.locator("#c-logistics-management").check()
    page.locator("#c-bim").check()
    page.get_by_role("button", name="比较所选证书").first.click()
    table = page.locator("table.compare")
    table.wait_for()
    assert [a.inner_text() for a in table.locator("thead a").all()] == [
        "建筑信息模型（BIM）",
        "Web 前端开发",
        "物流管理",
    ]  # the list's order
    hours = table.locator("tr[data-row=hours] td")
    assert "初级不少于 96 学时" in hours.nth(1).inner_text()
    assert hours.nth(0).locator(".unknown").inner_text() == "未知：本站尚未收录本证书的标准"
    assert "机考：不超过 300 元/人次" in table.locator("tr[data-row=cap] td").nth(1).inner_text()
    assert table.locator("tr[data-row=standard] td").nth(1).get_by_role("link", name="阅读标准").count() == 1


def test_compare_takes_two_to_four_known_certificates(page, server):
    ids = ["web-frontend", "bim", "childcare", "game-art", "ui-design", "no-such", "bim"]
    page.goto(f"{server}/compare/?" + "&".join(f"c={i}" for i in ids))
    page.locator("table.compare").wait_for()
    assert page.locator("table.compare thead th").count() == 4
    assert "未比较：no-such、ui-design" in page.locator("#compare-status").inner_text()


def test_compare_also_takes_ids_separated_by_commas(page, server):
    page.goto(f"{server}/compare/?c=web-frontend,ui-design")
    page.locator("table.compare").wait_for()
    assert page.locator("table.compare thead th").count() == 2
    assert "未比较" not in page.locator("#compare-status").inner_text()


def test_a_page_loads_only_the_modules_it_uses(page, server):
    """main.js fetches a module only for an element that asks for it: the verify page (the header's search box and
    its own verifier) loads none of the catalogue's modules."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    page.goto(f"{server}/verify/")
    page.locator("#verifier[data-state=ready]").wait_for()
    page.wait_for_load_state("networkidle")
    assert "main.js" in fetched and "search-loader.js" in fetched
    unused = {"compare.js", "compare-pick.js", "certificate-filter.js", "major-search.js"}
    assert unused.isdisjoint(fetched), sorted(unused & set(fetched))
    page.goto(f"{server}/compare/?c=web-frontend&c=bim")
    page.locator("table.compare").wait_for()
    assert "compare.js" in fetched


def test_a_major_page_offers_to_compare_its_certificates(page, server):
    page.goto(f"{server}/majors/associate/510201/")
    page.get_by_role("link", name="比较这些证书").click()
    page.locator("table.compare").wait_for()
    assert page.locator("table.compare thead th").count() >= 2


def test_compare_without_javascript_is_a_list_of_links(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/compare/?c=web-frontend&c=bim")
    assert page.locator(".compare-options a").count() == 93
    assert "比较表需要 JavaScript" in page.content()
    context.close()


def test_certificates_are_picked_for_comparing_from_lists_and_search_results(page, server):
    page.goto(f"{server}/search/?q=物流")
    page.wait_for_selector("form.search-page[data-complete=true]")
    page.locator("#search-results [data-certificate=logistics-management] input.compare-pick").check()
    bar = page.locator("#compare-bar")
    assert "已选 1 个证书，再选 1 个即可比较" in bar.inner_text()
    page.goto(f"{server}/certificates/")  # the choice is kept for this tab
    assert page.locator("[data-certificate=logistics-management] input.compare-pick").is_checked()
    page.locator("[data-certificate=web-frontend] input.compare-pick").check()
    bar.get_by_role("link", name="比较所选的 2 个证书").click()
    page.locator("table.compare").wait_for()
    assert [a.inner_text() for a in page.locator("table.compare thead a").all()] == ["物流管理", "Web 前端开发"]
    page.goto(f"{server}/certificates/")
    for cid in ("bim", "childcare"):
        page.locator(f"[data-certificate={cid}] input.compare-pick").check()
    fifth = page.locator("[data-certificate=game-art] input.compare-pick")
    fifth.click()  # refused: the box stays unchecked
    assert not fifth.is_checked() and "最多比较 4 个证书" in bar.inner_text()
