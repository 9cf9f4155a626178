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

import functools
import os
import shutil
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from analysis import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / "test-artifacts"))


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript",
                      ".json": "application/json", ".geojson": "application/geo+json", ".wasm": "application/wasm"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


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
    handler = functools.partial(QuietHandler, directory=str(book_html))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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


@dataclass(repr=False)
class Visit:
    """One browser context on the book, with everything that went wrong while it was open."""

    def __repr__(self) -> str:
        return f"<Visit {self.page.url if self.page else ''}>"

    context: object
    page: object
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def open(self, path: str, wait: str = "load"):
        """Open ``path`` (relative to the book's root), wait for it to settle, return the response."""
        response = self.page.goto(self.url(path), wait_until=wait)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        self.settle()
        return response

    def settle(self, timeout: float = 10_000) -> None:
        """Wait until the network is idle (scripts done loading what they load)."""
        try:
            self.page.wait_for_load_state("networkidle", timeout=timeout)
        except Exception:  # a page that never settles shows up in the checks that follow
            pass

    def reset(self) -> None:
        for log in (self.console_errors, self.page_errors, self.failed, self.foreign, self.requests):
            log.clear()

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed]
            + [f"request to another host: {m}" for m in self.foreign]
        )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def new_visit(browser, book_url: str) -> Visit:
    """A fresh browser context whose requests may only go to the book's own origin; close its ``context``."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    v = Visit(context=context, page=page, base=book_url)
    origin = _origin(book_url)

    def route(r):
        url = r.request.url
        if _origin(url) == origin or url.startswith(("data:", "blob:")):
            v.requests.append(url)
            r.continue_()
        else:
            v.foreign.append(f"{r.request.resource_type} {url} (from {r.request.frame.url if r.request.frame else '?'})")
            r.abort("blockedbyclient")

    context.route("**/*", route)

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            v.console_errors.append(f"{msg.text} [{loc.get('url', '')}:{loc.get('lineNumber', '')}]")

    def on_failed(request):
        if _origin(request.url) == origin:
            v.failed.append(f"{request.url}: {request.failure}")

    def on_response(response):
        if response.status >= 400:
            v.failed.append(f"{response.url}: HTTP {response.status}")

    page.on("console", on_console)
    page.on("pageerror", lambda err: v.page_errors.append(str(err)))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.set_default_timeout(15_000)
    return v


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
    """The page-weight report of the served book (:mod:`analysis.weight`)."""
    from analysis import weight

    return weight.measure(book_html)
