"""Every page of the book in a real browser: loads cleanly, reads offline, passes axe, and looks right.

Each test runs over every page of ``_toc.yml`` (plus the search and index pages
where it applies), so a new chapter is checked without touching this file.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bookpages import ALL_PAGES, TOC_PAGES, WCAG_TAGS, axe_version_pinned, new_visit, page_id

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_page_loads_with_no_console_error_and_no_failed_request(read_page, path):
    problems = [p for p in read_page(path).problems if not p.startswith("request to another host")]
    assert not problems, f"{path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_page_requests_nothing_from_another_host(read_page, path):
    """Offline and private reading: no CDN, font, tile or tracker; launch buttons are plain links."""
    foreign = read_page(path).foreign
    assert not foreign, f"{path} asked other hosts for:\n" + "\n".join(foreign)


MINOR_ALLOWED: dict[str, str] = {}
"""Violations of minor or moderate impact that stay, by axe rule id, each with the reason it stays."""


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_axe_finds_no_serious_or_critical_violation(read_page, path):
    """The pinned axe-core release, WCAG 2.0/2.1/2.2 A and AA rules, on the page with its tables drawn and sorted."""
    reading = read_page(path)
    reading.need("axe")
    results = reading.axe
    version = results.get("testEngine", {}).get("version", "")
    assert version == axe_version_pinned(), f"ran axe-core {version}, package-lock.json pins {axe_version_pinned()}"
    assert set(WCAG_TAGS) <= set(results.get("toolOptions", {}).get("runOnly", {}).get("values", []))
    report, unexplained = [], []
    for v in results["violations"]:
        targets = "; ".join(", ".join(map(str, n["target"])) for n in v["nodes"][:5])
        line = f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} -> {targets}"
        if v["impact"] in BLOCKING_IMPACTS:
            report.append(line)
        elif v["id"] not in MINOR_ALLOWED:
            unexplained.append(line)
    assert not report, f"{path}: axe-core {version}:\n" + "\n".join(report)
    assert not unexplained, (f"{path}: axe-core {version}: minor violations with no reason in MINOR_ALLOWED:\n"
                             + "\n".join(unexplained))


GENERIC_ALT = re.compile(r"^(image|img|figure|fig|picture|photo|graph|chart|map|plot|png|svg|jpe?g|output)\s*\d*$", re.I)


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_every_image_has_alt_text_that_says_what_it_shows(read_page, path):
    reading = read_page(path)
    reading.need("looking at images and prose")
    images = reading.images
    bad = []
    for img in images:
        alt = (img["alt"] or "").strip()
        name = urlsplit(img["src"]).path.rsplit("/", 1)[-1]
        if not alt:
            bad.append(f"{img['src'][:80]}: no alt text")
        elif GENERIC_ALT.match(alt) or alt == name or (name and alt == name.rsplit(".", 1)[0]):
            bad.append(f"{img['src'][:80]}: alt text {alt!r} does not say what the image shows")
    assert not bad, f"{path}:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", TOC_PAGES, ids=page_id)
def test_a_screenshot_of_every_page(read_page, path):
    reading = read_page(path)
    reading.need("the screenshot")
    assert reading.screenshot.stat().st_size > 5_000, f"{reading.screenshot} looks empty"


@pytest.mark.parametrize("path", TOC_PAGES, ids=page_id)
def test_every_citation_lands_on_a_bibliography_entry(read_page, entries_on, path):
    reading = read_page(path)
    reading.need("looking at images and prose")
    hrefs = reading.citations
    if not hrefs:
        pytest.skip(f"{path} cites nothing")
    # The reading clicked the first citation as a reader would: the browser must scroll to a visible entry.
    reading.need("clicking the first citation")
    landing = reading.landing
    fragment = landing["fragment"]
    assert fragment.startswith("cite-"), f"clicking {hrefs[0]} went to {landing['url']}"
    assert landing["count"] == 1, f"{landing['url']}: {landing['count']} elements with id {fragment!r}"
    assert landing["visible"] and landing["text"], f"{landing['url']}: entry {fragment!r} is empty or hidden"
    assert landing["in_view"], f"{landing['url']}: the browser did not scroll to {fragment!r}"
    # Every other citation: each target page (read once per session) must hold a non-empty entry for it.
    by_page: dict[str, set[str]] = {}
    for href in hrefs:
        parts = urlsplit(href)
        by_page.setdefault(href.split("#", 1)[0], set()).add(parts.fragment)
    missing = []
    for target, fragments in by_page.items():
        missing += [f"{target}#{f}" for f in sorted(fragments - entries_on(target))]
    assert not missing, f"{path}: citations with no bibliography entry to land on: {missing}"


SEARCH_STOP = set("""about above after again against because before being below between both could does doing
during each further having here itself more most other ought same should such than that their theirs them
themselves then there these they this those through under until very what when where which while whom with
would your yours also into only over from have were will been book chapter page""".split())


def _search_word(text: str, known: set[str]) -> str | None:
    """A word of the page's prose: frequent in it, long, and no stop word."""
    words = [w for w in re.findall(r"[A-Za-z]{7,}", text) if w.lower() not in SEARCH_STOP]
    counts = Counter(w.lower() for w in words)
    for word, _ in counts.most_common():
        if word not in known:
            return word
    return None


@pytest.fixture(scope="session")
def searcher(browser, book_url):
    """One browser tab for the session's searches (per worker), as a reader searches one word after another."""
    v = new_visit(browser, book_url)
    try:
        yield v
    finally:
        v.context.close()


@pytest.mark.parametrize("path", [p for p in TOC_PAGES if not p.endswith("bibliography.html")], ids=page_id)
def test_the_search_page_finds_a_word_from_the_page(read_page, searcher, path):
    reading = read_page(path)
    reading.need("looking at images and prose")
    word = _search_word(reading.prose, set())
    assert word, f"{path}: no prose to take a search word from"
    visit = searcher
    visit.reset()
    visit.open(f"search.html?q={word}")
    summary = visit.page.locator("#search-results p.search-summary")
    summary.wait_for(state="visible")
    visit.page.wait_for_function(
        "() => /found/i.test(document.querySelector('#search-results p.search-summary').innerText)"
    )
    found = visit.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    target = urljoin(visit.base, path)
    assert any(urlsplit(h).path == urlsplit(target).path for h in found), \
        f"searching {word!r} does not find {path}; it finds {found[:10]}"
    assert not visit.problems(), "\n".join(visit.problems())


@pytest.mark.parametrize("path", ALL_PAGES, ids=page_id)
def test_the_weight_report_sees_every_file_the_page_loads(read_page, book_url, path, book_weight):
    """analysis.book.weight reads resources from the HTML; in Chromium no page may load a file it does not count."""
    entry = next((p for p in book_weight.pages if p.page == path), None)
    assert entry is not None, f"{path} is not in the weight report"
    counted = {path} | set(entry.own) | entry.shared
    loaded = set()
    for url in read_page(path).requests:
        if url.startswith(("data:", "blob:")):
            continue
        loaded.add(unquote(urlsplit(url).path).removeprefix(urlsplit(book_url).path).lstrip("/") or "index.html")
    unseen = sorted(loaded - counted)
    assert not unseen, f"{path} loads files that analysis.book.weight does not count: {unseen}"
