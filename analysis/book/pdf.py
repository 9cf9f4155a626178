"""The PDF edition: the whole book in one file, printed by Chromium from a single-page build.

``python -m analysis.book.pdf [OUT]`` builds the book once more as a single HTML page (Jupyter Book's
``singlehtml`` builder, in ``_build/pdf``), starting from a copy of the HTML build's execution cache so that only
notebooks the HTML build has not executed for their current inputs run again; interactive tables show there as
the static tables their outputs also carry. It adds a title page and a table of contents, opens every collapsed
block, and prints it with Chromium: A4, page numbers, PDF bookmarks from the headings, tagged, fonts embedded. The PDF is written to OUT
(default ``_build/html/`` + :data:`analysis.book.citation.PDF_NAME`) with the book's metadata (title, authors,
subject, keywords, language); then every page of the book beside it links to it from its footer.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis import ROOT
from analysis.book import citation, edition, languages
from analysis.language import MAIN, tr, using
from analysis.book.build import jupyter_book, strip_ansi
from analysis.book.visit import launch, serve

ROOT_PAGE = "book/intro.html"
"""The single page, relative to the single-page build's folder."""


PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer, .bd-footer-article,
.prev-next-area, .headerlink, .toggle-button, .lr-languages, #lr-pick-form, .skip-link, .search-button, .lr-cite, #pst-back-to-top, .btn-back-to-top { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-article, .bd-page-width { max-width: none !important; width: 100% !important; margin: 0 !important; padding: 0 !important; }
body { font-size: 10.5pt; }
.lr-chapter { break-before: page; }
figure, img, svg, table { break-inside: avoid; max-width: 100% !important; }
table { font-size: 8pt; width: 100% !important; table-layout: auto; word-break: break-word; }
td, th { padding: 2px 4px !important; }
pre { white-space: pre-wrap; font-size: 8pt; }
details > summary { list-style: none; }
.lr-title-page { break-after: page; padding-top: 35%; text-align: center; }
.lr-title-page h1 { font-size: 26pt; margin-bottom: 1.5em; }
.lr-toc { break-after: page; }
.lr-toc li { margin: .2em 0; }
"""


def build_single(src: Path = ROOT, out: Path | None = None, cache: Path | None = None) -> Path:
    """Build the single-page edition of ``src`` with warnings as errors; return its folder.

    ``cache``: the execution cache of an HTML build to start from (default ``src/_build/.jupyter_cache``);
    when it exists, it replaces the single-page build's own cache. The build's log is kept in ``out/build.log``.
    """
    out = out or src / "_build" / "pdf"
    cache = cache or src / "_build" / ".jupyter_cache"
    if cache.is_dir():
        own = out / "_build" / ".jupyter_cache"
        shutil.rmtree(own, ignore_errors=True)
        shutil.copytree(cache, own)
    proc = subprocess.run([jupyter_book(), "build", str(src), "--builder", "singlehtml", "--path-output", str(out),
                           "-W", "-n", "--keep-going"], cwd=src, env=dict(os.environ, PYTHONPATH=str(src)),
                          capture_output=True, text=True)
    log = strip_ansi(proc.stdout + proc.stderr)
    (out / "build.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError("the single-page build for the PDF failed:\n" + log[-6000:])
    return out / "_build" / "singlehtml"


def _front_matter(cff: dict) -> str:
    authors = ", ".join(citation.author_names(cff))
    return (f'<div class="lr-title-page"><h1>{html.escape(tr(citation.book(cff)["title"]))}</h1>'
            f"<p>{html.escape(authors)}</p><p>{html.escape(citation.credit(cff))}</p>"
            f"<p>{html.escape(citation.edition(cff))}</p>"
            f"<p>{html.escape(cff['url'])}</p><p>"
            + html.escape(tr("Text and figures: {licence}; code: MIT.").format(licence=cff["license"])) + "</p></div>")


TOC_SCRIPT = """([front, contents]) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const body = document.querySelector('main') || document.body;
  const marks = [...document.querySelectorAll('span[id^="document-"]')];
  const items = marks.map(m => {
    const sec = m.nextElementSibling;
    const h = sec && sec.querySelector('h1, h2');
    if (sec) sec.classList.add('lr-chapter');
    return h ? '<li><a href="#' + sec.id + '">' + h.textContent.replace(/#$/, '').trim() + '</a></li>' : '';
  });
  const first = document.querySelector('main section h1');
  const toc = '<nav class="lr-toc"><h1>' + contents + '</h1><ol>' +
    (first ? '<li><a href="#' + first.parentElement.id + '">' + first.textContent.replace(/#$/, '').trim() + '</a></li>' : '') +
    items.join('') + '</ol></nav>';
  body.insertAdjacentHTML('afterbegin', front + toc);
  return marks.length + (first ? 1 : 0);
}"""


LOAD_IMAGES = """async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete && i.naturalWidth ? null : new Promise(r => {
    i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true});
    setTimeout(r, 15000);
  })));
  return imgs.filter(i => !i.naturalWidth).map(i => i.src);
}"""


def metadata(cff: dict) -> dict[str, str]:
    """The PDF's document information: title, the book's authors, subject (with the credit), keywords."""
    b = citation.book(cff)
    return {"/Title": tr(b["title"]), "/Author": "; ".join(citation.author_names(cff)),
            "/Subject": citation.subject(cff), "/Keywords": ", ".join(b.get("keywords", [])),
            "/Creator": "analysis.book.pdf (Jupyter Book, printed by Chromium)"}


def set_metadata(target: Path, cff: dict, lang: str = "en") -> None:
    """Write the book's metadata and language (``/Lang``) into the PDF at ``target``, keeping all else."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(target))
    info = {k: v for k, v in (PdfReader(target).metadata or {}).items() if k == "/Producer"}
    writer.add_metadata({**info, **metadata(cff)})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    tmp = target.with_suffix(".pdf.tmp")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    os.replace(tmp, target)


def print_pdf(folder: Path, target: Path, cff: dict | None = None, lang: str = MAIN) -> dict[str, float]:
    """Print the single-page build in ``folder`` to ``target``, its front matter in ``lang``; return the chapters
    found and the seconds taken."""
    with using(lang):
        return _print(folder, target, cff, lang)


def _print(folder: Path, target: Path, cff: dict | None, lang: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    cff = cff or citation.load_cff()
    start = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    with serve(folder) as base, sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page()
            # at the folder's root, image paths written both as "_images/..." and "../_images/..." resolve
            (folder / "lr-single.html").write_bytes((folder / ROOT_PAGE).read_bytes())
            page.goto(base + "lr-single.html", wait_until="networkidle")
            page.emulate_media(media="print")
            page.add_style_tag(content=PRINT_CSS)
            chapters = page.evaluate(TOC_SCRIPT, [_front_matter(cff), tr("Contents")])
            broken = page.evaluate(LOAD_IMAGES)
            if broken:
                raise RuntimeError(f"the PDF would miss {len(broken)} images: {broken[:5]}")
            footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#444">'
                      f'{html.escape(citation.edition(cff))} · <span class="pageNumber"></span> / '
                      '<span class="totalPages"></span></div>')
            page.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template="<span></span>", footer_template=footer,
                     margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
        finally:
            browser.close()
    set_metadata(target, cff, lang)
    return {"chapters": chapters, "print_s": time.perf_counter() - start}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.book.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "_build" / "html" / citation.PDF_NAME))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    folder = build_single()
    built = time.perf_counter() - start
    result = print_pdf(folder, Path(args.out))
    for lang, meta in languages.EDITIONS.items():
        if lang != MAIN:
            print_pdf(folder / meta["folder"], Path(args.out).parent / meta["folder"] / Path(args.out).name, lang=lang)
    pages = edition.link_pdf(Path(args.out).parent) if Path(args.out).name == citation.PDF_NAME else 0
    size = Path(args.out).stat().st_size
    print(f"[pdf] {args.out}: {size / 1e6:.1f} MB, {result['chapters']} chapters; single-page build {built:.0f} s, "
          f"printing {result['print_s']:.0f} s; {pages} pages of the book link to it", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
