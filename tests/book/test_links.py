"""No broken internal link or anchor anywhere in the built HTML.

Every page under ``_build/html`` is parsed; every link it offers (``<a href>``,
``<area href>``) and every file it loads (scripts, styles, images, frames and
the files stylesheets load) must point to a file of the build, and a link with a
``#fragment`` into an HTML page must land on an element with that id (or an
``<a name>``). Links to other hosts are not fetched here (the book must build
and be checked offline); ``tests/browser`` makes sure the pages load nothing
from them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from analysis.book.weight import closure, css_urls, html_pages, html_resources, local_path

pytestmark = pytest.mark.build

# Fragments that themes use for behaviour rather than for a place in the page.
SCRIPT_FRAGMENTS = {"", "top"}


class Anchors:
    """The ids and names of every HTML file, parsed once."""

    def __init__(self) -> None:
        self._ids: dict[Path, set[str]] = {}

    def __call__(self, page: Path) -> set[str]:
        if page not in self._ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
            self._ids[page] = {t["id"] for t in soup.find_all(id=True)} | {
                t["name"] for t in soup.find_all("a", attrs={"name": True})
            }
        return self._ids[page]


def broken_links(html_root: Path) -> tuple[list[str], int]:
    """Every broken internal link or anchor in the book built in ``html_root``, and how many links were checked."""
    html_root = html_root.resolve()
    anchors = Anchors()
    broken: list[str] = []
    checked = 0
    for page in html_pages(html_root):
        rel = page.relative_to(html_root).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        links = [("link", t["href"]) for t in soup.find_all(["a", "area"], href=True)]
        links += [("resource", u) for u in html_resources(soup)]
        for kind, url in links:
            parts = urlsplit(url.strip())
            if parts.scheme or parts.netloc or url.startswith(("data:", "javascript:", "mailto:", "tel:", "blob:")):
                continue
            checked += 1
            target = local_path(html_root, page, url) if parts.path else page
            if target is None:
                broken.append(f"{rel}: {kind} {url!r} leaves the built book")
                continue
            if not target.is_file():
                broken.append(f"{rel}: {kind} {url!r} -> missing file {target.relative_to(html_root).as_posix()}")
                continue
            fragment = unquote(parts.fragment)
            if target.suffix in {".html", ".htm"} and fragment not in SCRIPT_FRAGMENTS:
                if fragment not in anchors(target):
                    broken.append(f"{rel}: {kind} {url!r} -> no element with id {fragment!r} "
                                  f"in {target.relative_to(html_root).as_posix()}")
        # what the page's stylesheets load (fonts, images) must exist too
        for css in closure(html_root, page, html_resources(soup)):
            if css.suffix != ".css":
                continue
            for url in css_urls(css.read_text(encoding="utf-8", errors="replace")):
                target = local_path(html_root, css, url)
                if target is not None and not urlsplit(url).scheme:
                    checked += 1
                    if not target.is_file():
                        broken.append(f"{css.relative_to(html_root).as_posix()}: url({url}) -> missing file")
    return sorted(set(broken)), checked


def test_no_broken_internal_link_or_anchor(built_book):
    broken, checked = broken_links(built_book)
    assert checked > 0, "no internal link found at all"
    assert not broken, f"{len(broken)} broken internal links or anchors:\n" + "\n".join(broken[:50])


def test_the_checker_finds_a_broken_file_and_a_broken_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<h1 id="top-title">A</h1><a href="b.html#here">ok</a>'
                                     '<a href="b.html#nowhere">bad anchor</a><a href="c.html">bad file</a>'
                                     '<a href="#top-title">self</a><a href="https://example.org/x">external</a>'
                                     '<img src="_images/missing.png" alt="a missing figure">')
    (tmp_path / "b.html").write_text('<p id="here">B</p><a href="../../outside.html">escape</a>')
    broken, checked = broken_links(tmp_path)
    text = "\n".join(broken)
    assert "'b.html#nowhere'" in text and "'c.html'" in text and "_images/missing.png" in text
    assert "outside.html" in text
    assert "b.html#here" not in text and "#top-title" not in text and "example.org" not in text
    assert len(broken) == 4 and checked == 6


def test_the_offline_check_finds_a_cdn_script_a_font_and_a_frame(tmp_path):
    (tmp_path / "s.css").write_text("@font-face{font-family:f;src:url(https://fonts.example/f.woff2)}")
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="s.css"><script src="https://cdn.example/x.js"></script>'
        '<a href="https://example.org/">a plain link is fine</a>'
        '<iframe srcdoc="&lt;script src=&quot;//unpkg.example/leaflet.js&quot;&gt;&lt;/script&gt;"></iframe>')
    found = "\n".join(external_resources(tmp_path))
    assert "cdn.example/x.js" in found and "fonts.example" in found and "unpkg.example" in found
    assert "example.org" not in found


def external_resources(html_root: Path) -> list[str]:
    """Files that a page, a frame written into it, or a stylesheet it loads would fetch from another host."""
    html_root = html_root.resolve()
    found = []
    for page in html_pages(html_root):
        rel = page.relative_to(html_root).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        urls = html_resources(soup)
        for frame in soup.find_all("iframe", srcdoc=True):
            urls += html_resources(BeautifulSoup(frame["srcdoc"], "html.parser"))
        found += [f"{rel}: {u}" for u in urls if urlsplit(u.strip()).scheme in {"http", "https"} or u.strip().startswith("//")]
        for css in closure(html_root, page, html_resources(soup)):
            if css.suffix == ".css":
                found += [f"{css.relative_to(html_root).as_posix()}: {u}"
                          for u in css_urls(css.read_text(encoding="utf-8", errors="replace"))
                          if urlsplit(u.strip()).scheme in {"http", "https"} or u.strip().startswith("//")]
    return sorted(set(found))


def test_no_page_loads_anything_from_another_host(built_book):
    """Offline and private reading, read from the HTML: no script, style, font, image or frame from a CDN.

    (tests/browser checks the same in Chromium, which also sees what scripts fetch.)
    """
    found = external_resources(built_book)
    assert not found, "files the book would fetch from other hosts:\n" + "\n".join(found[:40])
