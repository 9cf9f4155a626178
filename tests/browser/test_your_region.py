"""Your region in a real browser: permalinks, the picker with the keyboard alone, the profile in its drawn state."""

from __future__ import annotations

import pytest
from bookpages import axe, new_visit, reveal

pytestmark = pytest.mark.browser

PAGE = "book/your-region.html"


@pytest.mark.parametrize("code, title", [("CR12", "Twente"), ("GM0034", "Almere"), ("AM01", "Groningen"),
                                         ("PV31", "Limburg")])
def test_a_permalink_opens_its_profile(visit, code, title):
    visit.open(f"{PAGE}#{code}")
    assert visit.page.locator("#lr-title").inner_text().startswith(title)
    assert visit.page.locator("#lr-profile").get_attribute("data-code") == code
    assert not visit.problems(), visit.problems()


@pytest.mark.parametrize("typed, code", [("Twente", "CR12"), ("Oost-Groningen", "CR01"), ("Zuid-Limburg", "CR39"),
                                         ("Almere", "GM0034")])
def test_the_picker_works_with_the_keyboard_alone(visit, typed, code):
    visit.open(PAGE)
    page = visit.page
    for _ in range(60):  # tab from the top of the page to the picker
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "lr-pick":
            break
    assert page.evaluate("document.activeElement.id") == "lr-pick", "the picker is not reachable with Tab"
    page.keyboard.type(typed)
    assert "match" in page.locator("#lr-status").inner_text()   # matches are announced
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#{code}'")
    # the profile is drawn once its region's data has loaded: wait for it, then check where the focus went
    page.wait_for_function("code => { const p = document.getElementById('lr-profile'); return p && p.dataset.code === code; }",
                           arg=code)
    assert page.evaluate("document.activeElement.id") == "lr-title"   # focus moves to the profile


def test_an_unknown_code_says_so_and_offers_the_picker(visit):
    visit.open(f"{PAGE}#XX99")
    assert "no region with the code" in visit.page.locator(".lr-unknown").inner_text()
    assert visit.page.evaluate("document.activeElement.id") == "lr-pick"


def test_a_drawn_profile_passes_axe_and_fits_a_phone(browser, book_url):
    """The pinned axe-core's WCAG 2.0/2.1/2.2 A and AA rules on a drawn profile, at a desktop's and a phone's width."""
    for width in (1280, 390):
        v = new_visit(browser, book_url)
        try:
            v.page.set_viewport_size({"width": width, "height": 900})
            v.open(f"{PAGE}#AM01")
            v.page.wait_for_function("() => document.getElementById('lr-profile').dataset.code === 'AM01'")
            results = axe(v.page)
            blocking = [x["id"] for x in results["violations"] if x["impact"] in {"serious", "critical"}]
            assert not blocking, f"{width}px: {blocking}"
            overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{width}px: the page is {overflow}px wider than the window"
            assert float(v.page.locator("#lr-profile").get_attribute("data-render-ms")) >= 0
        finally:
            v.context.close()


def test_the_profile_csv_holds_its_figures(visit):
    visit.open(f"{PAGE}#CR12")
    with visit.page.expect_download() as dl:
        visit.page.click("#lr-csv")
    text = open(dl.value.path(), encoding="utf-8").read()
    assert text.startswith('code,name,level,indicator') and '"CR12","Twente","corop","gdp_per_inhabitant"' in text


def test_a_click_on_a_map_region_opens_its_profile(visit):
    visit.open("book/why-region.html")
    region = visit.page.locator("figure.lr-map path[data-href]").first
    reveal(region)
    code = region.get_attribute("data-code")
    assert region.get_attribute("data-href") == f"your-region.html#{code}"
    region.click()
    visit.page.wait_for_url(f"**/your-region.html#{code}")
    visit.page.wait_for_function(f"document.getElementById('lr-profile').getAttribute('data-code') === '{code}'")
