"""The site on a phone (375×812) in Chromium, measured as a person sees it: the header's share of the screen, the
menu that works without JavaScript, the certificate filters folded so the first certificate is on the first
screen, standards' tables stacked, tags in one piece, the home box's placeholder whole, no horizontal scroll."""

from __future__ import annotations

import pytest

PHONE = {"width": 375, "height": 812}
PAGES = [
    "",
    "certificates/",
    "certificates/logistics-management/",
    "certificates/batch/1/",
    "batches/1/",
    "organisations/",
    "organisations/clpp-training/",
    "standards/",
    "standards/logistics-management/",
    "policies/",
    "policies/guofa-2019-4/",
    "majors/",
    "majors/associate/510201/",
    "majors/all/",
    "search/?q=前端",
    "verify/",
    "registry/",
    "data/",
    "stats/",
    "about/",
    "guide/",
    "compare/?c=web-frontend&c=logistics-management",
    "404.html",
]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_every_page_fits_a_phone(phone, server, path):
    phone.goto(f"{server}/{path}")
    measured = phone.evaluate(
        """() => ({
        header: document.querySelector('.site-header').getBoundingClientRect().height,
        scroll: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)
          .map((e) => e.tagName + '.' + e.className).slice(0, 5),
        broken: [...document.querySelectorAll('.tag, .card-tags .unknown')].filter((t) => t.getClientRects().length > 1)
          .map((t) => t.textContent),
      })"""
    )
    assert measured["header"] <= 0.15 * PHONE["height"], measured["header"]
    assert measured["scroll"] <= PHONE["width"] and measured["wide"] == [], measured
    assert measured["broken"] == []


def test_the_menu_opens_without_javascript_and_is_open_on_wide_screens(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/")
    link = page.get_by_role("navigation", name="主导航").get_by_role("link", name="按专业查找")
    assert not link.is_visible()
    page.locator(".nav-menu > summary").click()
    link.wait_for(state="visible")
    link.click()
    page.wait_for_url(f"{server}/majors/")
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/")
    assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="按专业查找").is_visible()
    assert not page.locator(".nav-menu > summary").is_visible()
    context.close()


def test_the_first_certificate_is_on_the_first_screen_and_the_filters_unfold(phone, server):
    phone.goto(f"{server}/certificates/")
    first = phone.locator("#certificate-list > li").first.bounding_box()
    assert first["y"] + 40 < PHONE["height"], first
    facet = phone.locator(".facet a", has_text="第三批")
    assert not facet.is_visible()
    phone.get_by_text("筛选", exact=True).click()
    facet.wait_for(state="visible")


def test_standards_tables_are_stacked_on_a_phone_and_tables_on_a_wide_screen(browser, server):
    for viewport, shown in ((PHONE, "block"), ({"width": 1280, "height": 800}, "table-cell")):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{server}/standards/logistics-management/")
        cell = page.locator("table.tree td[data-label=技能要求]").first
        assert cell.evaluate("(td) => getComputedStyle(td).display") == shown
        if shown == "block":
            assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == '"技能要求："'
            assert cell.bounding_box()["width"] > 300  # the whole width, not a column one character wide
        context.close()


def test_the_home_boxs_placeholder_is_whole(phone, server):
    phone.goto(f"{server}/")
    room, needed = phone.locator("#home-major").evaluate(
        """(input) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d');
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return [input.clientWidth - padding, context.measureText(input.placeholder).width];
    }"""
    )
    assert needed <= room, (needed, room)


@pytest.mark.parametrize("page", ["verify/", "verify/verifier.html"])
def test_the_verify_pages_first_screen_offers_the_three_ways_in(phone, server, page):
    """HR opens the page to do one thing: at 375×812 the scan button, the credential file control and the link to
    the lookup form all start on the first screen; the explanations, the demo notice and the state line follow."""
    phone.goto(f"{server}/{page}")
    phone.locator("#verifier[data-state=ready]").wait_for()
    tops = {s: phone.locator(s).bounding_box()["y"] for s in ("#scan", "#credential-file", ".verify-start-lookup")}
    assert all(top + 40 < PHONE["height"] for top in tops.values()), tops
    assert tops["#scan"] < phone.locator("#snapshot").bounding_box()["y"]
    phone.locator(".verify-start-lookup").click()
    phone.wait_for_function("document.querySelector('#way-lookup').getBoundingClientRect().top < 100")
