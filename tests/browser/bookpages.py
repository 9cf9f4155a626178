"""Which pages the browser tests visit: every page of ``_toc.yml`` and the book's own search and index pages."""

from __future__ import annotations

from analysis.chapters import toc_files

TOC_PAGES = [f"{f}.html" for f in toc_files()]
"""The HTML file of every page in the table of contents, in reading order."""

EXTRA_PAGES = ["search.html", "genindex.html"]
"""Pages Sphinx adds that a reader also reaches."""

ALL_PAGES = TOC_PAGES + EXTRA_PAGES


def page_id(path: str) -> str:
    return path.removesuffix(".html")
