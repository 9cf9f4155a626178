"""Fixtures for real-browser tests: the built book served on localhost, and Debian's Chromium driven by Playwright.

Every page a test opens goes through :class:`Visit`, which routes every request:
requests to the book's own origin go through, anything else is recorded and
aborted (offline and private reading). It also records console errors,
uncaught page errors and failed or erroring requests.

Environment:

``CHROMIUM``
    the Chromium binary (default ``/usr/bin/chromium``, Debian's package ``chromium``).
``BOOK_HTML``
    serve this already built ``_build/html`` instead of building the book (the
    session's ``built_book`` fixture); e.g. to check the very files CI publishes.
``TEST_ARTIFACTS``
    where screenshots go (default ``test-artifacts/`` at the repository root).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from analysis import ROOT
from analysis.book import visit as first_visits
from bookpages import axe, interactive_state, new_visit, serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "test-artifacts"))


@pytest.fixture(scope="session")
def book_html(request) -> Path:
    """The built book's html folder: ``BOOK_HTML`` if set, else the session's clean build."""
    if os.environ.get("BOOK_HTML"):
        html = Path(os.environ["BOOK_HTML"]).resolve()
        if not (html / "search.html").is_file():
            pytest.fail(f"BOOK_HTML={html} holds no built book (no search.html)")
        return html
    return request.getfixturevalue("built_html")


@pytest.fixture(scope="session")
def book_url(book_html: Path):
    """Base URL (ending in ``/``) of the built book, served by a local HTTP server for the session."""
    with serve(book_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched through Playwright (no browser download)."""
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        message = (f"Chromium not found at {CHROMIUM}: install Debian's package `chromium` "
                   "(or set CHROMIUM to the binary)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def visit(browser, book_url):
    """A fresh browser context whose requests may only go to the book's own origin."""
    v = new_visit(browser, book_url)
    try:
        yield v
    finally:
        v.context.close()


CITATION = 'article a[href*="#cite-"]:not(.headerlink):not(.nav-link)'
"""A citation in the text (sphinxcontrib-bibtex's ``#cite-<key>`` links), not a link to a heading such as "Cite this"."""


@dataclass
class Reading:
    """What one reader's visit to a page found: it opened the page, scrolled to its end, opened the header's
    menus, looked at its images and prose, took a screenshot, drew and sorted its tables, ran axe, counted the
    bytes received on this first visit (empty cache), and clicked the first citation.

    A step that raised is kept in ``failures`` (step -> message); :meth:`need` fails the test that needs it.
    """

    path: str
    problems: list[str]
    foreign: list[str]
    requests: list[str]
    images: list[dict] = field(default_factory=list)
    prose: str = ""
    screenshot: Path | None = None
    axe: dict | None = None
    citations: list[str] = field(default_factory=list)
    landing: dict | None = None
    first_visit: first_visits.FirstVisit | None = None
    failures: dict[str, str] = field(default_factory=dict)

    def need(self, step: str) -> None:
        if step in self.failures:
            pytest.fail(f"{self.path}: {step} failed: {self.failures[step]}")


LANDING = """() => {
  const id = decodeURIComponent(location.hash.slice(1)), e = document.getElementById(id);
  const n = document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length;
  const box = e && e.getBoundingClientRect();
  return {url: location.href, fragment: id, count: n, text: e ? e.innerText.trim() : '',
          visible: !!(e && box.width && box.height && getComputedStyle(e).visibility !== 'hidden'),
          in_view: !!(e && box.bottom > 0 && box.top < innerHeight)};
}"""


def _step(reading: Reading, name: str, fn) -> None:
    """Run one step of a reading; its error is recorded for the test that needs the step, and the reading goes on."""
    try:
        fn()
    except Exception as err:
        reading.failures[name] = f"{type(err).__name__}: {err}"


@pytest.fixture(scope="session")
def read_page(browser, book_url, screenshot_dir):
    """``read_page(path)``: read ``path`` once per session (per worker) as a reader would; its :class:`Reading`.

    In this order: open the page; a full-page screenshot of it as it first shows; its images, prose and
    citations; the bytes received on this first visit (:class:`analysis.book.visit.Received`), once the page and
    the lazy content the full-page screenshot made it load are in, and before axe, which fetches stylesheets
    again; its tables drawn and sorted, and axe; a scroll to its end (so that lazy content loads) and the header's
    menus opened and closed; what went wrong or went elsewhere so far; a click on its first citation.
    """
    cache: dict[str, Reading] = {}
    shots = screenshot_dir / "desktop"
    shots.mkdir(parents=True, exist_ok=True)

    def read(path: str) -> Reading:
        if path in cache:
            return cache[path]
        v = new_visit(browser, book_url)
        page = v.page
        reading = Reading(path, [], [], [])
        try:
            received = first_visits.Received(v.context, page, book_url)
            v.open(path)

            def shoot():
                shot = shots / (path.removesuffix(".html").replace("/", "__") + ".jpg")
                page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=80)
                reading.screenshot = shot

            def look():
                reading.images = page.eval_on_selector_all(
                    "img", "els => els.map(e => ({src: e.getAttribute('src') || '', alt: e.getAttribute('alt')}))")
                reading.prose = " ".join(page.eval_on_selector_all("article p, article li",
                                                                   "els => els.map(e => e.innerText)"))
                reading.citations = page.eval_on_selector_all(CITATION, "els => els.map(e => e.href)")

            def run_axe():
                interactive_state(page)
                reading.axe = axe(page)

            for name, fn in (("the screenshot", shoot), ("looking at images and prose", look)):
                _step(reading, name, fn)
            v.settle()
            reading.first_visit = received.visit(path)  # before axe, which fetches stylesheets again to read them
            _step(reading, "axe", run_axe)
            page.mouse.wheel(0, 20_000)  # scroll through, so lazy content loads too
            # open the header's menus (launch, download, repository buttons): still nothing may load
            opened = [t for t in page.locator(".article-header-buttons .dropdown-toggle").all() if t.is_visible()]
            for toggle in opened:
                toggle.click()
            if opened:
                opened[-1].click()  # and close the one left open
            v.settle()
            reading.problems, reading.foreign, reading.requests = v.problems(), list(v.foreign), list(v.requests)

            def land():
                if not reading.citations:
                    return
                first = page.locator(CITATION).first
                first.scroll_into_view_if_needed()
                first.click()
                page.wait_for_load_state()
                reading.landing = page.evaluate(LANDING)

            _step(reading, "clicking the first citation", land)
            cache[path] = reading
        finally:
            v.context.close()
        return reading

    return read


@pytest.fixture(scope="session")
def entries_on(browser, book_url):
    """``entries_on(url)``: the ids of the non-empty bibliography entries (``cite-*``) on the page at ``url``."""
    cache: dict[str, set[str]] = {}

    def entries(url: str) -> set[str]:
        if url not in cache:
            v = new_visit(browser, book_url)
            try:
                v.page.goto(url)
                cache[url] = set(v.page.eval_on_selector_all(
                    "[id^='cite-']", "els => els.filter(e => e.innerText.trim()).map(e => e.id)"))
            finally:
                v.context.close()
        return cache[url]

    return entries


@pytest.fixture(scope="session")
def screenshot_dir(request) -> Path:
    """Folder for screenshots."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def book_weight(book_html: Path):
    """The page-weight report of the served book (:mod:`analysis.book.weight`)."""
    from analysis.book import weight

    return weight.measure(book_html)
