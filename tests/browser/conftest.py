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
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis import ROOT
from bookpages import new_visit, serve

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
    return request.getfixturevalue("built_book")


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


@dataclass
class Reading:
    """What happened while a reader opened one page, scrolled to its end and opened the header's menus."""

    path: str
    problems: list[str]
    foreign: list[str]
    requests: list[str]


@pytest.fixture(scope="session")
def read_page(browser, book_url):
    """``read_page(path)``: open ``path`` once per session as a reader would; the :class:`Reading` of it."""
    cache: dict[str, Reading] = {}

    def read(path: str) -> Reading:
        if path not in cache:
            v = new_visit(browser, book_url)
            try:
                v.open(path)
                v.page.mouse.wheel(0, 20_000)  # scroll through, so lazy content loads too
                # open the header's menus (launch, download, repository buttons): still nothing may load
                for toggle in v.page.locator(".article-header-buttons .dropdown-toggle").all():
                    if toggle.is_visible():
                        toggle.click()
                v.settle()
                cache[path] = Reading(path, v.problems(), list(v.foreign), list(v.requests))
            finally:
                v.context.close()
        return cache[path]

    return read


@pytest.fixture(scope="session")
def screenshot_dir(request) -> Path:
    """Folder for screenshots, named after the test module that takes them."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def book_weight(book_html: Path):
    """The page-weight report of the served book (:mod:`analysis.book.weight`)."""
    from analysis.book import weight

    return weight.measure(book_html)
