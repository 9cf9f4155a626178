"""Which pages the browser tests visit: every page of ``_toc.yml`` and the book's own search and index pages."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from analysis import ROOT
from analysis.book.toc import toc_files

TOC_PAGES = [f"{f}.html" for f in toc_files()]
"""The HTML file of every page in the table of contents, in reading order."""

EXTRA_PAGES = ["search.html", "genindex.html"]
"""Pages Sphinx adds that a reader also reaches."""

DUTCH_PAGES = [f"nl/{p}" for p in TOC_PAGES + EXTRA_PAGES]
"""The same pages in the Dutch edition, which the same checks hold for."""

ALL_PAGES = TOC_PAGES + EXTRA_PAGES + DUTCH_PAGES


AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core as npm installs it from package-lock.json (``npm ci``)."""

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
"""The axe-core rules run: WCAG 2.0, 2.1 and 2.2, levels A and AA."""


def axe_version_pinned() -> str:
    """The axe-core version package-lock.json pins."""
    import json

    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/axe-core"]["version"]


def axe(page, tags: list[str] | None = None) -> dict:
    """Run the pinned axe-core on ``page`` (and every frame in it) with ``tags``; its results (violations only)."""
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` in the repository (package-lock.json pins axe-core)")
    for frame in page.frames:
        try:
            frame.add_script_tag(path=str(AXE_JS))
        except Exception:  # a frame that navigated away or is gone is not part of the page any more
            pass
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags or WCAG_TAGS,
    )


SOURCE_TABLES = "table[id^='itables'], table[id^='lit-'], .itables table, table.display"
"""The tables itables writes into a page, which DataTables turns into filterable tables."""


@functools.lru_cache(maxsize=None)
def has_source_tables(html_file: Path) -> bool:
    """Whether the built page holds a table that DataTables is to make filterable (read once per file)."""
    from bs4 import BeautifulSoup

    return bool(BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").select(SOURCE_TABLES))


def interactive_state(page) -> int:
    """Bring the page's filterable tables to their interactive state: DataTables drawn, each sorted once.

    Returns how many tables there are.
    """
    static = page.locator(SOURCE_TABLES).count()
    if static:
        page.wait_for_function("n => document.querySelectorAll('table.dataTable').length >= n", arg=static,
                               timeout=15_000)
    tables = page.locator("table.dataTable")
    for i in range(tables.count()):
        header = tables.nth(i).locator("thead th.dt-orderable-asc, thead th.dt-orderable-desc").first
        if header.count() and header.is_visible():
            header.click()
    return tables.count()


def page_id(path: str) -> str:
    return path.removesuffix(".html")


_REVEAL = """el => {
  // open what hides el from a reader: sphinx-design tabs, <details> dropdowns, toggled cells
  const hidden = [];
  for (let e = el; e; e = e.parentElement) hidden.unshift(e);
  for (const e of hidden) {
    if (e.tagName === 'DETAILS' && !e.open) e.open = true;
    if (e.classList && e.classList.contains('sd-tab-content')) {
      const label = e.previousElementSibling;
      if (label && label.tagName === 'LABEL') label.click();
    }
    if (e.classList && e.classList.contains('toggle-hidden')) {
      const button = e.parentElement && e.parentElement.querySelector('.toggle-button');
      if (button) button.click();
    }
  }
}"""


def reveal(locator) -> None:
    """Make ``locator``'s element visible as a reader would: click its tab, open its dropdown; scroll to it."""
    if not locator.is_visible():
        locator.evaluate(_REVEAL)
    locator.scroll_into_view_if_needed()


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript",
                      ".json": "application/json", ".geojson": "application/geo+json", ".wasm": "application/wasm"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yield its base URL, ending in ``/``."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


VIEWPORT = {"width": 1280, "height": 900}


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
