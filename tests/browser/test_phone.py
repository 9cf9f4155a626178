"""At a phone's width (390 px) no page overflows sideways: whatever is wider than the screen scrolls in its own box."""

from __future__ import annotations

import pytest
from bookpages import ALL_PAGES, interactive_state, page_id, serve

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

OVERFLOW = """() => {
  // every visible element that reaches past the screen's edges, unless a scroll container that fits holds it
  const W = document.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const bad = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height || (r.right <= W + 1 && r.left >= -1)) continue;
    if (getComputedStyle(e).visibility === 'hidden') continue;
    let held = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(a).overflowX)) {
        const ar = a.getBoundingClientRect();
        held = ar.right <= W + 1 && ar.left >= -1;
        break;
      }
    }
    if (!held && !bad.some(b => b.el.contains(e))) bad.push({el: e, text: `${name(e)} spans ${Math.round(r.left)}..${Math.round(r.right)} px`});
  }
  return {width: W, scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, bad: bad.map(b => b.text)};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    """One phone's browser tab, which goes from page to page as a reader does."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, service_workers="block")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_no_page_overflows_sideways_on_a_phone(phone, book_url, path):
    page = phone
    page.goto(book_url + path, wait_until="load")
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except Exception:
        pass
    interactive_state(page)
    result = page.evaluate(OVERFLOW)
    assert result["innerWidth"] == PHONE["width"] and result["scrollWidth"] <= PHONE["width"], \
        f"{path}: the page is {result['scrollWidth']} px wide on a {PHONE['width']} px screen: {result['bad'][:10]}"
    assert not result["bad"], f"{path}: reaches past the screen outside a scroll container:\n" + "\n".join(result["bad"])


def test_the_phone_check_sees_a_wide_table_and_passes_a_scrolling_one(browser, tmp_path):
    wide = "<table><tr>" + "".join(f"<td>column{i}</td>" for i in range(40)) + "</tr></table>"
    head = '<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title></head><body>'
    (tmp_path / "wide.html").write_text(head + wide + "</body></html>")
    (tmp_path / "held.html").write_text(head + f'<div style="overflow-x:auto">{wide}</div></body></html>')
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        with serve(tmp_path) as url:
            results = {}
            for name in ("wide", "held"):
                page = context.new_page()
                page.goto(url + f"{name}.html")
                results[name] = page.evaluate(OVERFLOW)
                page.close()
    finally:
        context.close()
    assert results["wide"]["bad"] and results["wide"]["scrollWidth"] > PHONE["width"]
    assert not results["held"]["bad"] and results["held"]["scrollWidth"] <= PHONE["width"]
