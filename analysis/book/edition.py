"""Sphinx extension: the edition on every page, and a citation for every chapter.

On every page of the table of contents it adds

* Highwire Press ``citation_*`` meta tags (title, authors, date, book title, URL, PDF URL), which reference
  managers' browser connectors read;
* the edition and its date, and a link to the PDF edition, in the footer;
* at the end, *Cite this chapter*: the chapter's reference in APA and BibTeX (with the theme's copy button),
  generated from ``CITATION.cff`` and the chapter's title and address.

A ``CITATION.cff`` without version or date stops the build with the name of the missing key.
"""

from __future__ import annotations

import html
import re

from docutils import nodes

from analysis.book import citation
from analysis.book.toc import toc_files

NO_CITATION = ("book/bibliography",)
"""Pages that get meta tags and the footer but no *Cite this chapter* block."""


def _url(app, docname: str) -> str:
    base = (app.config.html_baseurl or "").rstrip("/") + "/"
    return f"{base}{docname}.html"


def _key(cff: dict, docname: str) -> str:
    stem = re.sub(r"[^a-z0-9]", "", docname.split("/")[-1].lower())
    return f"{cff['authors'][0]['family-names'].lower()}{str(cff['date-released'])[:4]}{stem}"


def _setup_edition(app) -> None:
    app.env.lr_cff = citation.load_cff()
    app.env.lr_pages = set(toc_files())


def _cite_block(app, doctree, docname) -> None:
    if docname not in getattr(app.env, "lr_pages", ()) or docname in NO_CITATION:
        return
    cff = app.env.lr_cff
    titles = list(doctree.findall(nodes.title))
    if not titles:
        return
    title = titles[0].astext()
    url = _url(app, docname)
    section = nodes.section(ids=["cite-this-chapter"], names=["cite this chapter"], classes=["lr-cite"])
    section += nodes.title(text="Cite this chapter")
    section += nodes.paragraph(text="APA:")
    section += nodes.literal_block(text=citation.chapter_apa(cff, title, url), language="text")
    section += nodes.paragraph(text="BibTeX:")
    section += nodes.literal_block(text=citation.chapter_bibtex(cff, title, url, _key(cff, docname)),
                                   language="bibtex")
    section += nodes.paragraph(text=f"{citation.edition(cff)}. Text and figures licensed {cff['license']}.")
    top = next((s for s in doctree.findall(nodes.section)), None)
    (top if top is not None else doctree).append(section)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    cff = getattr(app.env, "lr_cff", None) or citation.load_cff()
    pdf = context["pathto"](citation.PDF_NAME, 1)
    footer = context.get("theme_extra_footer", "") or ""
    context["theme_extra_footer"] = (f"{footer}<p class=\"lr-edition\">{html.escape(citation.edition(cff))} · "
                                     f'<a href="{pdf}">PDF edition</a></p>')
    if pagename not in getattr(app.env, "lr_pages", ()):
        return
    title = re.sub(r"<[^>]+>", "", context.get("title", "")) or cff["title"]
    date = str(cff["date-released"]).replace("-", "/")
    tags = [("citation_title", html.unescape(title)), ("citation_inbook_title", cff["title"]),
            ("citation_book_title", cff["title"])]
    tags += [("citation_author", f"{a['family-names']}, {a['given-names']}") for a in cff["authors"]]
    tags += [("citation_publication_date", date), ("citation_public_url", _url(app, pagename)),
             ("citation_pdf_url", (app.config.html_baseurl or "").rstrip("/") + "/" + citation.PDF_NAME),
             ("citation_language", "en")]
    meta = "\n".join(f'<meta name="{n}" content="{html.escape(v, quote=True)}" />' for n, v in tags)
    context["metatags"] = context.get("metatags", "") + "\n" + meta + "\n"


def setup(app):
    app.connect("builder-inited", _setup_edition)
    app.connect("doctree-resolved", _cite_block)
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
