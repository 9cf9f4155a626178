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
