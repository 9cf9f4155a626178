"""A reader's first visit (empty cache, all bytes received, in Chromium): the introduction ≤ 500 kB, any page ≤ 1.2 MB."""

from __future__ import annotations

import pytest
from bookpages import ALL_PAGES, page_id

from analysis.book import visit

pytestmark = pytest.mark.browser

OVER_BUDGET: dict[str, str] = {}
"""Pages over the 1.2 MB budget as served without compression, each with its reason. Each must still be within the
budget as GitHub Pages serves it (gzip), and must leave this list once it meets the budget."""


@pytest.fixture(scope="session")
def first_visit(read_page):
    """``first_visit(path)``: the bytes received on the session's reading of ``path``, a first visit with an empty
    cache that loaded the page, its lazy content and its menus (``read_page`` in ``conftest.py``)."""
    return lambda path: read_page(path).first_visit


@pytest.fixture(scope="session")
def compressed_visit(browser, book_html):
    """``compressed_visit(path)``: a first visit with text served gzip-compressed, as GitHub Pages serves it."""
    cache: dict[str, visit.FirstVisit] = {}

    def measure(path: str) -> visit.FirstVisit:
        if path not in cache:
            with visit.serve(book_html, gzip=True) as url:
                cache[path] = visit.measure_page(browser, url, path)
        return cache[path]

    return measure


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_a_first_visit_stays_within_its_budget(first_visit, compressed_visit, path):
    v = first_visit(path)
    assert v.requests > 3 and v.bytes > 10_000, f"{path}: too little was received to be a page: {v}"
    top = ", ".join(f"{k} {n / 1000:.0f} kB" for k, n in list(v.files.items())[:6])
    if path in OVER_BUDGET:
        assert v.bytes > v.budget(), f"{path} now meets its budget ({v.bytes / 1000:.0f} kB): take it off OVER_BUDGET"
        c = compressed_visit(path)
        assert c.bytes <= v.budget(), f"{path}: {c.bytes / 1000:.0f} kB even gzip-compressed: {top}"
        return
    assert v.bytes <= v.budget(), f"{path}: {v.bytes / 1000:.0f} kB on a first visit (budget {v.budget() / 1000:.0f} kB): {top}"


@pytest.mark.parametrize("path", ["book/intro.html"], ids=page_id)
def test_compression_is_what_the_browser_receives(first_visit, compressed_visit, path):
    plain, packed = first_visit(path), compressed_visit(path)
    assert packed.bytes < 0.6 * plain.bytes and set(packed.files) == set(plain.files)


@pytest.mark.parametrize("path", ["book/intro.html", "search.html"], ids=page_id)
def test_no_page_loads_the_theme_icon_script(first_visit, path):
    assert not any(k.endswith("fontawesome.js") for k in first_visit(path).files), path


@pytest.mark.parametrize("path", ["book/intro.html", "search.html"], ids=page_id)
def test_only_the_search_page_loads_the_search_index(first_visit, path):
    loads = any(k.endswith("searchindex.js") for k in first_visit(path).files)
    assert loads == (path == "search.html"), f"{path} {'loads' if loads else 'does not load'} searchindex.js"
