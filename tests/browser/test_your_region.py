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


def _tab_to_picker(page) -> None:
    for _ in range(60):  # tab from the top of the page to the picker
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "lr-pick":
            break
    assert page.evaluate("document.activeElement.id") == "lr-pick", "the picker is not reachable with Tab"


def _shown(page, code: str) -> None:
    page.wait_for_function("code => { const p = document.getElementById('lr-profile'); return p && p.dataset.code === code; }",
                           arg=code)


@pytest.mark.parametrize("typed, code", [("Oost-Groningen", "CR01"), ("Almere", "GM0034"), ("gm0153", "GM0153"),
                                         ("Den Bosch", "GM0796")])
def test_the_picker_works_with_the_keyboard_alone(visit, typed, code):
    visit.open(PAGE)
    page = visit.page
    _tab_to_picker(page)
    page.keyboard.type(typed)
    assert "match" in page.locator("#lr-status").inner_text()   # matches are announced
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === '#{code}'")
    # the profile is drawn once its region's data has loaded: wait for it, then check where the focus went
    page.wait_for_function("code => { const p = document.getElementById('lr-profile'); return p && p.dataset.code === code; }",
                           arg=code)
    assert page.evaluate("document.activeElement.id") == "lr-title"   # focus moves to the profile


@pytest.mark.parametrize("typed, code", [
    ("gm0153", "GM0153"), ("#gm0153", "GM0153"), ("Cr12", "CR12"),              # codes in any case, with or without #
    ("Den Bosch", "GM0796"), ("den haag", "GM0518"), ("The Hague", "GM0518"),   # aliases (data/regional/region_aliases.csv)
    ("s-Hertogenbosch", "GM0796"), ("Sudwest-Fryslan", "GM1900"),              # without apostrophe or accents
    ("Bergen NH", "GM0373"), ("Oost-Groningen", "CR01")])
def test_the_picker_finds_codes_in_any_case_and_common_names(visit, typed, code):
    visit.open(PAGE)
    visit.page.fill("#lr-pick", typed)
    visit.page.press("#lr-pick", "Enter")
    _shown(visit.page, code)
    assert visit.page.evaluate("location.hash") == f"#{code}"
    assert not visit.problems(), visit.problems()


def test_a_permalink_with_a_code_in_lower_case_opens_its_profile(visit):
    visit.open(f"{PAGE}#gm0153")
    _shown(visit.page, "GM0153")
    assert visit.page.locator("#lr-title").inner_text().startswith("Enschede")
    assert visit.page.evaluate("location.hash") == "#GM0153"


@pytest.mark.parametrize("typed, fits", [
    ("Groningen", {"PV20": "province", "AM01": "labour-market region", "GM0014": "municipality"}),
    ("Utrecht", {"PV26": "province", "CR17": "COROP area", "GM0344": "municipality"}),
    ("Twente", {"CR12": "COROP area", "AM05": "labour-market region"}),
    ("Bergen", {"GM0373": "municipality", "GM0893": "municipality", "GM0748": "municipality"})])
def test_a_name_that_fits_several_regions_lists_them_all_with_their_kind(visit, typed, fits):
    visit.open(PAGE)
    page = visit.page
    page.fill("#lr-pick", typed)
    page.press("#lr-pick", "Enter")
    items = page.locator("#lr-choices li")
    items.first.wait_for()
    listed = {li.locator("a").get_attribute("data-code"): li.inner_text() for li in items.all()}
    assert set(listed) == set(fits), listed
    for code, kind in fits.items():
        assert f"({kind}, {code})" in listed[code]
    assert f"{len(fits)} regions fit" in page.locator("#lr-status").inner_text()
    assert page.evaluate("location.hash") == "", "a name that fits several regions must not open one of them"
    assert not page.locator("#lr-profile").get_attribute("data-code")


def test_the_reader_chooses_among_the_regions_with_the_keyboard(visit):
    visit.open(PAGE)
    page = visit.page
    _tab_to_picker(page)
    page.keyboard.type("Zuid-Limburg")
    page.keyboard.press("Enter")
    page.locator("#lr-choices li").first.wait_for()
    page.keyboard.press("ArrowDown")   # into the list
    first = page.evaluate("document.activeElement.dataset.code")
    page.keyboard.press("Tab")         # and on to the next choice
    second = page.evaluate("document.activeElement.dataset.code")
    assert {first, second} == {"CR39", "AM30"}
    page.keyboard.press("Enter")
    _shown(page, second)
    assert page.evaluate("document.activeElement.id") == "lr-title"
    assert page.locator("#lr-choices").is_hidden()


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


TABLES = """() => [...document.querySelectorAll('#lr-profile .lr-scroll')].map(box => {
  const t = box.querySelector('table'), r = box.getBoundingClientRect();
  return {label: box.getAttribute('aria-label'), box: box.clientWidth, table: t.scrollWidth, scroll: box.scrollWidth,
          column: document.getElementById('lr-profile').clientWidth, left: r.left, right: r.right,
          overflow: getComputedStyle(box).overflowX};
})"""


@pytest.mark.parametrize("code", ["CR12", "GM0153", "PV20"])
def test_profile_tables_fit_the_column_at_1280_and_scroll_within_themselves_at_390(browser, book_url, code):
    """At a desktop's width every table of a profile fits the text column (the trend and the source in sight); on a
    phone a table that is wider than the screen scrolls within its own box, never the page."""
    for width in (1280, 390):
        v = new_visit(browser, book_url)
        try:
            v.page.set_viewport_size({"width": width, "height": 900})
            v.open(f"{PAGE}#{code}")
            v.page.wait_for_function("c => document.getElementById('lr-profile').dataset.code === c", arg=code)
            tables = v.page.evaluate(TABLES)
            assert tables, f"{code}: no table"
            page_overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert page_overflow <= 0, f"{width}px: the page is {page_overflow}px wider than the window"
            for t in tables:
                assert t["box"] <= t["column"] and t["right"] <= width, (width, t)
                if width == 1280:
                    assert t["scroll"] <= t["box"], f"{code}: the {t['label']} table is {t['scroll']}px wide in a {t['box']}px column"
                else:
                    assert t["overflow"] == "auto" and t["scroll"] > t["box"], (width, t)
                    scrolled = v.page.evaluate("""label => { const b = document.querySelector(
                        `#lr-profile .lr-scroll[aria-label="${label}"]`); b.scrollLeft = 10000; return b.scrollLeft; }""",
                                               t["label"])
                    assert scrolled > 0, f"{code}: the {t['label']} table does not scroll within its box"
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
