"""The theme layer works as a reader uses it: the sidebar opens on a phone and collapses on a desktop with its
button and the keyboard, one search control at desktop width, every icon the stylesheets draw is in the subset font,
and an interactive table's length select offers its choices."""

from __future__ import annotations

import re

import pytest
from bookpages import new_visit
from fontTools.ttLib import TTFont

from analysis.book import htmlfixes

pytestmark = pytest.mark.browser

PAGE = "book/why-region.html"
VISIBLE_TOGGLE = ".bd-header-article .primary-toggle"


def _open(browser, book_url, width):
    v = new_visit(browser, book_url)
    v.page.set_viewport_size({"width": width, "height": 900})
    v.open(PAGE)
    return v


def test_on_a_phone_the_sidebar_opens_and_leads_to_another_chapter(browser, book_url):
    v = _open(browser, book_url, 390)
    try:
        page = v.page
        sidebar = page.locator(".bd-sidebar-primary").first
        assert not sidebar.is_visible() or sidebar.bounding_box()["x"] < 0
        page.locator(VISIBLE_TOGGLE).first.click()
        page.wait_for_function("document.querySelector('#pst-primary-sidebar-modal')?.open === true")
        link = page.locator("#pst-primary-sidebar-modal").get_by_role("link", name="What works", exact=True).first
        assert link.is_visible()
        link.click()
        page.wait_for_url(re.compile(r"what-works\.html"))
        assert not v.problems(), v.problems()
    finally:
        v.context.close()


def test_on_a_desktop_the_sidebar_collapses_with_the_keyboard(browser, book_url):
    v = _open(browser, book_url, 1280)
    try:
        page = v.page
        sidebar = page.locator(".bd-sidebar-primary").first
        assert sidebar.bounding_box()["x"] >= 0
        page.locator(VISIBLE_TOGGLE).first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('.bd-sidebar-primary').classList.contains('pst-sidebar-hidden')")
        page.keyboard.press("Enter")
        page.wait_for_function("!document.querySelector('.bd-sidebar-primary').classList.contains('pst-sidebar-hidden')")
        visible_search = page.evaluate("""() => [...document.querySelectorAll('.search-button, .search-button-field, form.bd-search')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width && r.height
                           && getComputedStyle(e).visibility !== 'hidden'; }).length""")
        assert visible_search == 1, f"{visible_search} search controls shown at 1280 px"
        strip = page.locator(".bd-header.navbar")
        assert strip.count() == 0 or not strip.first.is_visible()
    finally:
        v.context.close()


def test_every_icon_the_stylesheets_draw_is_in_the_subset_font(book_html):
    points: set[int] = set()
    for css in (book_html / "_static").rglob("*.css"):
        points |= htmlfixes.css_codepoints(css.read_text(encoding="utf-8", errors="replace"))
    assert 0xF107 in points  # the chevron after "Contents"
    solid = [f for f in (book_html / htmlfixes.FA_FONTS).glob("fa-solid-900.woff2")]
    assert solid, "no subset solid icon font in the build"
    cmap = TTFont(solid[0]).getBestCmap()
    assert 0xF107 in cmap, "the chevron after Contents is missing from the subset font"


def test_an_interactive_tables_length_select_offers_its_choices(browser, book_url):
    v = new_visit(browser, book_url)
    try:
        v.open("book/works.html")
        v.page.wait_for_selector("table.dataTable", timeout=15_000)
        select = v.page.locator(".dt-length select").first
        options = select.locator("option")
        assert options.count() >= 2 and all(options.nth(i).inner_text().strip() for i in range(options.count()))
    finally:
        v.context.close()
