"""First-visit weight: the bytes a reader's browser receives on a first visit to each page, measured in Chromium.

:mod:`analysis.book.weight` reads what a page loads from its HTML; this module opens every page in a real
browser with an empty cache (a fresh context per page), scrolls to its end so that lazy content loads too,
waits until the network is idle and adds up every byte received (Chrome DevTools' ``encodedDataLength`` of
each finished request: headers and bodies as sent over the wire). The book is served from a local HTTP
server without compression, so these are the bytes of the files themselves plus their headers.

``python -m analysis.book.visit _build/html`` prints the table; the benchmark reports it beside the page-weight
table, and the browser tests hold every page to :data:`PAGE_BUDGET` and the introduction to
:data:`INTRO_BUDGET`.
"""

from __future__ import annotations

import argparse
import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

INTRO_BUDGET = 500_000
"""The introduction, a text page, on a first visit: at most 500 kB."""
PAGE_BUDGET = 1_200_000
"""Any page on a first visit: at most 1.2 MB."""
INTRO = "book/intro.html"


COMPRESSED = {".html", ".js", ".mjs", ".css", ".json", ".geojson", ".svg", ".txt", ".xml", ".ttf"}
"""What GitHub Pages sends gzip-compressed to a browser that accepts it (text, scripts, styles, SVG, TrueType)."""


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".mjs": "text/javascript",
                      ".json": "application/json", ".geojson": "application/geo+json", ".wasm": "application/wasm"}
    gzip = False

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not (self.gzip and path.is_file() and path.suffix in COMPRESSED
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import gzip
        import io

        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Gzip(_Quiet):
    gzip = True


@contextmanager
def serve(folder: Path, gzip: bool = False) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port); yield its base URL, ending in ``/``.

    With ``gzip``, text files go out gzip-compressed, as GitHub Pages sends them.
    """
    handler = _Gzip if gzip else _Quiet
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FirstVisit:
    """What one first visit to a page received."""

    page: str
    bytes: int
    requests: int
    files: dict[str, int] = field(default_factory=dict)
    """Bytes per file received (path relative to the book), largest first."""

    def budget(self) -> int:
        return INTRO_BUDGET if self.page == INTRO else PAGE_BUDGET


class Received:
    """Counts every byte ``page`` receives from now on (DevTools' ``encodedDataLength``), with the cache disabled."""

    def __init__(self, context, page, base: str):
        self.origin = urlsplit(base)
        self.urls: dict[str, str] = {}
        self.received: dict[str, int] = {}
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: self.received.__setitem__(e["requestId"], self.received.get(e["requestId"], 0)
                                                   + int(e.get("encodedDataLength", 0))))

    def visit(self, path: str) -> FirstVisit:
        """What was received so far, as the first visit to ``path``."""
        files: dict[str, int] = {}
        for rid, n in dict(self.received).items():
            url = self.urls.get(rid, "?")
            name = urlsplit(url).path.removeprefix(self.origin.path) or "index.html"
            files[name] = files.get(name, 0) + n
        files = dict(sorted(files.items(), key=lambda kv: -kv[1]))
        return FirstVisit(page=path, bytes=sum(files.values()), requests=len(self.received), files=files)


def measure_page(browser, base: str, path: str) -> FirstVisit:
    """Open ``path`` in a fresh context of ``browser`` (empty cache) and count the bytes received."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        origin = urlsplit(base)
        context.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).netloc == origin.netloc
                      or r.request.url.startswith(("data:", "blob:")) else r.abort("blockedbyclient"))
        received = Received(context, page, base)
        page.goto(base + path, wait_until="load")
        for _ in range(3):
            page.mouse.wheel(0, 20_000)
            page.wait_for_timeout(150)
        try:
            page.wait_for_load_state("networkidle", timeout=10_000)
        except Exception:  # a page that never settles is counted as far as it got
            pass
        return received.visit(path)
    finally:
        context.close()


def launch(pw):
    """Debian's Chromium through Playwright (no browser download)."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def measure(html: Path, pages: list[str], gzip: bool = False) -> list[FirstVisit]:
    """First-visit bytes of each of ``pages`` (paths relative to ``html``) of the book built in ``html``.

    With ``gzip``, served as GitHub Pages serves them (text compressed).
    """
    from playwright.sync_api import sync_playwright

    with serve(Path(html), gzip=gzip) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            return [measure_page(browser, base, p) for p in pages]
        finally:
            browser.close()


def markdown(visits: list[FirstVisit], compressed: list[FirstVisit] | None = None) -> str:
    """The first-visit table; with ``compressed``, a column of the same visits served gzip-compressed."""
    packed = {v.page: v for v in compressed or []}
    head = "| page | first visit | budget |" + (" served gzip (as GitHub Pages) |" if packed else "") + \
        " requests | largest files |"
    lines = [head, "|---|---:|---:|" + ("---:|" if packed else "") + "---:|---|"]
    for v in visits:
        top = ", ".join(f"{k} {n / 1000:.0f} kB" for k, n in list(v.files.items())[:3])
        mark = "" if v.bytes <= v.budget() else " **over**"
        gz = ""
        if packed:
            c = packed.get(v.page)
            gz = f" {c.bytes / 1000:.0f} kB{'' if c.bytes <= c.budget() else ' **over**'} |" if c else " |"
        lines.append(f"| {v.page} | {v.bytes / 1000:.0f} kB{mark} | {v.budget() / 1000:.0f} kB |{gz} {v.requests} | {top} |")
    return "\n".join(lines)


def to_dict(visits: list[FirstVisit]) -> list[dict]:
    return [asdict(v) for v in visits]


def main(argv: list[str] | None = None) -> int:
    from analysis.book.toc import toc_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default="_build/html")
    args = parser.parse_args(argv)
    pages = [f"{f}.html" for f in toc_files()] + ["search.html", "genindex.html"]
    visits = measure(Path(args.html), pages)
    print(markdown(visits, measure(Path(args.html), pages, gzip=True)))
    return 1 if any(v.bytes > v.budget() for v in visits) else 0


if __name__ == "__main__":
    raise SystemExit(main())
