"""Page weight of the built book: what a reader downloads to read each page.

A page's weight is its HTML plus every file that only it loads (its figures,
data, scripts, stylesheets, frames, and what those stylesheets and frames load
in turn). Files that two or more pages load (the theme's scripts, styles and
fonts, the search index) are the book's *shared* assets: a reader downloads
them once, so they are counted once, in their own row, not against each page.

Interactive maps are weighed on their own as well: the markup of the map
element (an ``<iframe srcdoc>`` written by folium, an inline ``<svg>`` map, or
a Leaflet container with the script that fills it) plus the files only the map
loads.

The resources are found by reading the HTML and CSS, not by running a browser;
``tests/browser`` checks that every request a page makes in Chromium is one of
the resources found here, so nothing can slip past the budget by being fetched
from a script.

Run ``python -m analysis.book.weight [_build/html]`` for the table as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from analysis import ROOT

PAGE_BUDGET = 1_500_000
"""No page (its HTML and the files only it loads) may weigh more than this, in bytes."""

MAP_BUDGET = 300_000
"""No interactive map (its markup and the files only it loads) may weigh more than this, in bytes."""

MAP_SELECTORS = (
    "iframe[srcdoc]",          # folium's notebook output: a whole Leaflet page inlined
    "iframe[src]",
    ".folium-map",
    ".leaflet-container",
    "figure.lr-map",           # analysis.regional.maps.interactive: inline SVG, one path.lr-region per region
    "svg.region-map",
    "svg[data-region-map]",
    "[data-region-map]",
)
"""Elements that may hold an interactive map; see :func:`_is_map`."""

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_JS_IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*)(?:'([^']+)'|"([^"]+)")"""
                        r"""|\bimport\s*\(\s*(?:'([^']+)'|"([^"]+)")\s*\)""")
_FONT_SRC = re.compile(r"@font-face\s*{[^}]*?\bsrc\s*:([^;}]+)")
_LOADING_ATTRS = (
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("track", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
)
_LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon", "manifest"}


def local_path(html_root: Path, base: Path, url: str) -> Path | None:
    """The file under ``html_root`` that ``url``, written in file ``base``, points to; None if not local.

    Queries and fragments are dropped; a folder means its ``index.html``. The path
    may not exist (a broken link); a link that leaves ``html_root`` gives None.
    """
    url = url.strip()
    if not url or url.startswith(("#", "data:", "blob:", "javascript:", "mailto:", "tel:", "about:")):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return None
    path = unquote(parts.path)
    target = (html_root / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    target = Path(os.path.normpath(target))
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    try:
        target.relative_to(html_root)
    except ValueError:
        return None
    return target


def _srcset_urls(value: str) -> list[str]:
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


def html_resources(soup: BeautifulSoup | Tag) -> list[str]:
    """URLs of the files that the markup in ``soup`` makes a browser load (not the links it offers)."""
    urls: list[str] = []
    for tag_name, attr in _LOADING_ATTRS:
        for tag in soup.find_all(tag_name):
            if tag.get(attr):
                urls.append(tag[attr])
    for tag in soup.find_all(["img", "source"]):
        if tag.get("srcset"):
            urls.extend(_srcset_urls(tag["srcset"]))
    for tag in soup.find_all("link"):
        rels = {r.lower() for r in (tag.get("rel") or [])}
        if rels & _LOADING_RELS and tag.get("href"):
            urls.append(tag["href"])
    for tag in soup.find_all("script", src=False):
        urls.extend(script_imports(tag.get_text()))
    for tag in soup.find_all("style"):
        urls.extend(css_urls(tag.get_text()))
    for tag in soup.find_all(style=True):
        urls.extend(css_urls(tag["style"]))
    return urls


def script_imports(js: str) -> list[str]:
    """Modules that an inline script imports (``import ... from "x"``, ``import "x"``, ``import("x")``)."""
    return [next(g for g in m.groups() if g) for m in _JS_IMPORT.finditer(js)]


def css_urls(css: str) -> list[str]:
    """URLs that a stylesheet loads: ``url(...)`` and ``@import``.

    Of a ``src:`` list of font files in different formats a browser loads the first
    it supports, so only the first of each list is counted.
    """
    alternatives: set[int] = set()
    for decl in _FONT_SRC.finditer(css):
        urls = list(_CSS_URL.finditer(css, decl.start(1), decl.end(1)))
        alternatives.update(m.start() for m in urls[1:])
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css) if m.start() not in alternatives]


def closure(html_root: Path, base: Path, urls: list[str]) -> set[Path]:
    """Local files that ``urls`` (written in ``base``) load, with what those stylesheets and frames load."""
    found: set[Path] = set()
    pending = [(base, u) for u in urls]
    while pending:
        origin, url = pending.pop()
        path = local_path(html_root, origin, url)
        if path is None or path in found or not path.is_file():
            continue
        found.add(path)
        if path.suffix == ".css":
            pending.extend((path, u) for u in css_urls(path.read_text(encoding="utf-8", errors="replace")))
        elif path.suffix in {".html", ".htm"}:
            soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
            pending.extend((path, u) for u in html_resources(soup))
    return found


@dataclass
class MapWeight:
    """One interactive map: where it is, its markup's size and the files only it loads."""

    page: str
    kind: str
    markup: int
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.markup + sum(self.files.values())


@dataclass
class PageWeight:
    """One page: its HTML, the files only it loads, and the shared files it also loads."""

    page: str
    html: int
    own: dict[str, int] = field(default_factory=dict)
    shared: set[str] = field(default_factory=set)
    maps: list[MapWeight] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + sum(self.own.values())

    def largest(self, n: int = 5) -> list[tuple[str, int]]:
        """The page's ``n`` largest parts, its HTML among them."""
        parts = {f"{self.page} (HTML)": self.html, **self.own}
        return sorted(parts.items(), key=lambda kv: -kv[1])[:n]


@dataclass
class BookWeight:
    """Every page's weight, and the shared assets counted once."""

    pages: list[PageWeight]
    shared: dict[str, int]

    @property
    def shared_total(self) -> int:
        return sum(self.shared.values())

    @property
    def maps(self) -> list[MapWeight]:
        return [m for p in self.pages for m in p.maps]

    def over_budget(self, page_budget: int = PAGE_BUDGET, map_budget: int = MAP_BUDGET) -> list[str]:
        """One message for each page or map over its budget, naming it and its largest parts."""
        problems = []
        for p in self.pages:
            if p.total > page_budget:
                parts = ", ".join(f"{name} {kb(size)}" for name, size in p.largest())
                problems.append(f"page {p.page} weighs {kb(p.total)} > {kb(page_budget)}; largest parts: {parts}")
        for m in self.maps:
            if m.total > map_budget:
                parts = sorted({"map markup": m.markup, **m.files}.items(), key=lambda kv: -kv[1])[:5]
                listed = ", ".join(f"{name} {kb(size)}" for name, size in parts)
                problems.append(
                    f"interactive map ({m.kind}) on {m.page} weighs {kb(m.total)} > {kb(map_budget)}; "
                    f"largest parts: {listed}"
                )
        return problems

    def to_dict(self) -> dict:
        return {
            "page_budget": PAGE_BUDGET,
            "map_budget": MAP_BUDGET,
            "shared_total": self.shared_total,
            "shared": dict(sorted(self.shared.items(), key=lambda kv: -kv[1])),
            "pages": [
                {
                    "page": p.page, "html": p.html, "own": sum(p.own.values()), "total": p.total,
                    "largest": p.largest(), "maps": [
                        {"kind": m.kind, "markup": m.markup, "files": m.files, "total": m.total} for m in p.maps
                    ],
                }
                for p in self.pages
            ],
        }

    def markdown(self) -> str:
        """The page-weight table, shared assets last, as Markdown."""
        lines = [
            "| page | HTML | own files | total | maps | largest part |",
            "|------|-----:|----------:|------:|-----:|--------------|",
        ]
        for p in self.pages:
            maps = ", ".join(kb(m.total) for m in p.maps) or "–"
            name, size = p.largest(1)[0]
            lines.append(
                f"| {p.page} | {kb(p.html)} | {kb(sum(p.own.values()))} | {kb(p.total)} | {maps} | {name} ({kb(size)}) |"
            )
        biggest = sorted(self.shared.items(), key=lambda kv: -kv[1])[:3]
        lines.append(
            f"| shared assets, counted once ({len(self.shared)} files) | | | {kb(self.shared_total)} | | "
            + ", ".join(f"{n} ({kb(s)})" for n, s in biggest) + " |"
        )
        lines.append("")
        lines.append(f"Budget: {kb(PAGE_BUDGET)} per page, {kb(MAP_BUDGET)} per interactive map.")
        return "\n".join(lines)


def kb(size: int) -> str:
    """A byte count as kB (1 kB = 1000 bytes), one decimal."""
    return f"{size / 1000:.1f} kB"


def html_pages(html_root: Path) -> list[Path]:
    """Every HTML page of the built book, theme files and source copies left out."""
    skip = {"_static", "_sources", "_images", "_downloads", "jupyter_execute", "reports"}
    return sorted(p for p in html_root.rglob("*.html") if not skip & set(p.relative_to(html_root).parts))


def _is_map(tag: Tag) -> str | None:
    """The kind of interactive map ``tag`` is, or None."""
    if tag.name == "iframe":
        doc = tag.get("srcdoc") or ""
        if "leaflet" in doc.lower():
            return "folium/Leaflet iframe (srcdoc)"
        return None
    classes = set(tag.get("class") or [])
    if "lr-map" in classes:
        return "SVG map"
    if "folium-map" in classes or "leaflet-container" in classes:
        return "Leaflet"
    if tag.name == "svg" and ("region-map" in classes or tag.has_attr("data-region-map")):
        return "SVG map"
    if tag.has_attr("data-region-map"):
        return "region map"
    return None


def _map_weight(html_root: Path, page: Path, tag: Tag, kind: str) -> MapWeight:
    rel = page.relative_to(html_root).as_posix()
    if tag.name == "iframe" and tag.get("srcdoc"):
        inner = BeautifulSoup(tag["srcdoc"], "html.parser")
        markup = len(tag["srcdoc"].encode())
        urls = html_resources(inner)
    else:
        markup = len(str(tag).encode())
        urls = html_resources(tag)
        # folium's div is filled by a script that follows it; count the scripts naming the map's id.
        map_id = tag.get("id")
        if map_id and tag.name != "svg":
            for script in tag.find_all_next("script"):
                text = script.get_text()
                if map_id in text:
                    markup += len(text.encode())
    files = {f.relative_to(html_root).as_posix(): f.stat().st_size for f in closure(html_root, page, urls)}
    return MapWeight(page=rel, kind=kind, markup=markup, files=files)


def measure(html_root: Path) -> BookWeight:
    """Weigh every page of the book built in ``html_root``."""
    html_root = Path(html_root).resolve()
    loads: dict[Path, set[Path]] = {}
    soups: dict[Path, BeautifulSoup] = {}
    for page in html_pages(html_root):
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        soups[page] = soup
        urls = html_resources(soup)
        for frame in soup.find_all("iframe", srcdoc=True):
            urls.extend(html_resources(BeautifulSoup(frame["srcdoc"], "html.parser")))
        loads[page] = closure(html_root, page, urls)
    users = Counter(f for files in loads.values() for f in files)
    shared_files = {f for f, n in users.items() if n > 1}
    pages = []
    for page, files in loads.items():
        rel = page.relative_to(html_root).as_posix()
        pw = PageWeight(
            page=rel,
            html=page.stat().st_size,
            own={f.relative_to(html_root).as_posix(): f.stat().st_size for f in files - shared_files},
            shared={f.relative_to(html_root).as_posix() for f in files & shared_files},
        )
        seen: set[int] = set()
        for selector in MAP_SELECTORS:
            for tag in soups[page].select(selector):
                if id(tag) in seen or any(id(p) in seen for p in tag.parents):
                    continue
                kind = _is_map(tag)
                if kind:
                    seen.add(id(tag))
                    pw.maps.append(_map_weight(html_root, page, tag, kind))
        pages.append(pw)
    shared = {f.relative_to(html_root).as_posix(): f.stat().st_size for f in shared_files}
    return BookWeight(pages=pages, shared=shared)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"), help="the built book's html folder")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    html = Path(args.html)
    if not (html / "index.html").exists() and not html_pages(html):
        print(f"no built book in {html}: run `jupyter-book build .` first", file=sys.stderr)
        return 2
    weight = measure(html)
    print(json.dumps(weight.to_dict(), indent=2) if args.json else weight.markdown())
    problems = weight.over_budget()
    for problem in problems:
        print(f"OVER BUDGET: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
