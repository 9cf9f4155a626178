"""Sphinx extension: the edition on every page, and a citation for every chapter.

On every page of the table of contents it adds

* Highwire Press ``citation_*`` meta tags (title, the book's authors, date, book title, URL), which reference
  managers' browser connectors read;
* the edition and its date in the footer (the edition's date is the page's one date: no "Last updated"), and an
  empty slot for the link to the PDF edition, which :func:`link_pdf` fills once the PDF is made;
* at the end, *Cite this chapter*: the chapter's reference in APA, classic BibTeX and biblatex (with the theme's
  copy button), and the credit to the workshop the book is based on, generated from ``CITATION.cff`` and the
  chapter's title and address.

A ``CITATION.cff`` without version or date stops the build with the name of the missing key.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from docutils import nodes

from analysis.book import citation
from analysis.book.toc import toc_files
from analysis.language import LANGUAGES, MAIN, tr, using

NO_CITATION = ("book/bibliography",)
"""Pages that get meta tags and the footer but no *Cite this chapter* block."""


def _url(app, docname: str) -> str:
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    return f"{base}{docname}.html"


PDF_SLOT = '<span class="lr-pdf"></span>'
"""Where the footer's link to the PDF edition goes, once :func:`link_pdf` has made sure the PDF is there."""

PDF_META_SLOT = "<!-- lr-pdf-meta -->"
"""Where the ``citation_pdf_url`` meta tag goes, likewise."""


def _key(cff: dict, docname: str) -> str:
    return citation.key(cff, docname.split("/")[-1])


def _setup_edition(app) -> None:
    app.env.lr_cff = citation.load_cff()
    app.env.lr_pages = set(toc_files())


def _cite_block(app, doctree, docname) -> None:
    with using(app.config.language or MAIN):
        _add_cite_block(app, doctree, docname)


def _add_cite_block(app, doctree, docname) -> None:
    if docname not in getattr(app.env, "lr_pages", ()) or docname in NO_CITATION:
        return
    cff = app.env.lr_cff
    titles = list(doctree.findall(nodes.title))
    if not titles:
        return
    title = titles[0].astext()
    url = _url(app, docname)
    section = nodes.section(ids=["cite-this-chapter"], names=["cite this chapter"], classes=["lr-cite"])
    section += nodes.title(text=tr("Cite this chapter"))
    section += nodes.paragraph(text="APA:")
    section += nodes.literal_block(text=citation.chapter_apa(cff, title, url), language="text")
    section += nodes.paragraph(text=tr("BibTeX (classic, with year; for natbib styles):"))
    section += nodes.literal_block(text=citation.chapter_bibtex(cff, title, url, _key(cff, docname)),
                                   language="bibtex")
    section += nodes.paragraph(text=tr("biblatex (for biber):"))
    section += nodes.literal_block(text=citation.chapter_biblatex(cff, title, url, _key(cff, docname)),
                                   language="bibtex")
    section += nodes.paragraph(text=f"{citation.credit(cff)} {citation.edition(cff)}. "
                                    + tr("Text and figures licensed {licence}.").format(licence=cff["license"]))
    top = next((s for s in doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(section)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    with using(app.config.language or MAIN):
        _fill_page_context(app, pagename, context)


def _fill_page_context(app, pagename, context) -> None:
    cff = getattr(app.env, "lr_cff", None) or citation.load_cff()
    footer = context.get("theme_extra_footer", "") or ""
    context["theme_extra_footer"] = (f'{footer}<p class="lr-credit">{html.escape(citation.credit(cff))}</p>'
                                     f'<p class="lr-edition">{html.escape(citation.edition(cff))}{PDF_SLOT}</p>')
    context["last_updated"] = None  # one date per edition: the edition's
    if pagename not in getattr(app.env, "lr_pages", ()):
        return
    title = re.sub(r"<[^>]+>", "", context.get("title", "")) or cff["title"]
    date = str(cff["date-released"]).replace("-", "/")
    tags = [("citation_title", html.unescape(title)), ("citation_inbook_title", cff["title"]),
            ("citation_book_title", cff["title"])]
    tags += [("citation_author", name) for name in citation.author_names(cff)]
    tags += [("citation_publication_date", date), ("citation_public_url", _url(app, pagename)),
             ("citation_language", app.config.language or MAIN)]
    meta = "\n".join(f'<meta name="{n}" content="{html.escape(v, quote=True)}" />' for n, v in tags)
    context["metatags"] = context.get("metatags", "") + "\n" + meta + "\n" + PDF_META_SLOT + "\n"


def link_pdf(folder: Path, baseurl: str = "") -> int:
    """Link every page of the built book in ``folder`` to its PDF edition, which must be there; return the pages.

    Fills the footer's slot with a link to the PDF (relative to the page) and the head's with ``citation_pdf_url``
    (absolute, at ``baseurl``). Each page is replaced whole, so that a reader of the folder never sees half a page.
    """
    if not (folder / citation.PDF_NAME).is_file():
        raise FileNotFoundError(f"{folder / citation.PDF_NAME}: no PDF edition to link to; build it first.")
    baseurl = baseurl or citation.load_cff()["url"]
    pages = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if PDF_SLOT not in text:
            continue
        lang = page.relative_to(folder).parts[0] if page.relative_to(folder).parts[0] in LANGUAGES[1:] else MAIN
        pdf = f"{lang}/{citation.PDF_NAME}" if lang != MAIN else citation.PDF_NAME
        if not (folder / pdf).is_file():
            raise FileNotFoundError(f"{folder / pdf}: no PDF edition in {lang} for {page}; build it first.")
        rel = Path(os.path.relpath(folder / pdf, page.parent)).as_posix()
        url = baseurl.rstrip("/") + "/" + pdf
        text = text.replace(PDF_SLOT, f' · <a href="{html.escape(rel)}">{html.escape(tr("PDF edition", lang))}</a>')
        text = text.replace(PDF_META_SLOT, f'<meta name="citation_pdf_url" content="{html.escape(url)}" />')
        tmp = page.with_suffix(".html.lr-tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, page)
        pages += 1
    return pages


def setup(app):
    app.connect("builder-inited", _setup_edition)
    app.connect("doctree-resolved", _cite_block)
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
