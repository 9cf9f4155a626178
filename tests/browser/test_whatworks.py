"""What works in the browser: the evidence and gap map opens with the keyboard at desktop and phone width, and the
rule switch rates again from the data the page carries, with no request elsewhere."""

from __future__ import annotations

import json

import pytest
from bookpages import new_visit

pytestmark = pytest.mark.browser

PAGE = "book/what-works.html"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_gap_map_opens_a_cell_with_the_keyboard(browser, book_url, width):
    v = new_visit(browser, book_url)
    try:
        page = v.page
        page.set_viewport_size({"width": width, "height": 900})
        v.open(PAGE)
        summary = page.locator("table.lr-gapmap summary").first
        summary.scroll_into_view_if_needed()
        summary.focus()
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        details = page.locator("table.lr-gapmap details").first
        assert not details.evaluate("d => d.open")
        page.keyboard.press("Enter")
        assert details.evaluate("d => d.open")
        links = details.locator("li a")
        assert links.count() >= 1 and links.first.is_visible()
        assert "#cite-" in links.first.get_attribute("href")
        n_cells = page.locator("table.lr-gapmap tbody tr").count()
        assert n_cells >= 9
        assert not v.problems(), v.problems()
    finally:
        v.context.close()


def test_the_rule_switch_rates_again_from_the_page_alone(browser, book_url):
    v = new_visit(browser, book_url)
    try:
        page = v.page
        v.open(PAGE)
        data = json.loads(page.locator("#lr-sensitivity-data").text_content())
        cells = page.locator("td.lr-chosen")
        first = cells.first.get_attribute("data-row")
        assert cells.first.inner_text() == data[first]["all"]
        page.locator('input[name="lr-rule"][value="robust"]').check()
        page.locator('input[name="lr-rule"][value="independent"]').check()
        shown = page.evaluate("Array.from(document.querySelectorAll('td.lr-chosen')).map(t => [t.dataset.row, t.textContent])")
        assert shown and all(text == data[row]["robust+independent"] for row, text in shown)
        changed = sum(data[row]["robust+independent"] != data[row]["all"] for row, _ in shown)
        assert changed > 0
        assert not v.problems(), v.problems()
    finally:
        v.context.close()
