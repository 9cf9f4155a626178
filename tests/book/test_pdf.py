"""The PDF edition, read back with a PDF library: chapters, figures, references, fonts, bookmarks, pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from analysis.book import citation
from analysis.book.toc import toc_files
from analysis.literature import tables

pytestmark = pytest.mark.build

PAGES = (120, 400)
"""The page count the edition should fall in."""


@pytest.fixture(scope="session")
def pdf(built_book):
    path = built_book / citation.PDF_NAME
    error = built_book.parents[2] / "pdf-error.txt"
    assert not error.is_file(), error.read_text(encoding="utf-8")
    assert path.is_file(), f"no PDF edition at {path}: the test session builds it with analysis.book.pdf"
    return PdfReader(str(path))


@pytest.fixture(scope="session")
def text(pdf, built_book):
    """The PDF's text, read by poppler's ``pdftotext`` (Debian's ``poppler-utils``; fifteen times quicker than pypdf)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install Debian's package poppler-utils (.ci/run does)")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(built_book / citation.PDF_NAME), "-"],
                         capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out)  # NFKC: the PDF's text layer keeps ligatures such as "ﬁ"


def _images(obj) -> int:
    """Images drawn by a page or form XObject, counted in its resources (no image is decoded)."""
    count = 0
    for item in ((obj.get("/Resources") or {}).get("/XObject") or {}).values():
        item = item.get_object()
        if item.get("/Subtype") == "/Image":
            count += 1
        elif item.get("/Subtype") == "/Form":
            count += _images(item)
    return count


def titles(built_book) -> list[str]:
    out = []
    for f in toc_files():
        soup = BeautifulSoup((built_book / f"{f}.html").read_text(encoding="utf-8"), "html.parser")
        out.append(soup.find("h1").get_text(" ", strip=True).rstrip("#").strip())
    return out


def test_every_chapter_title_is_in_the_pdf_and_its_bookmarks(built_book, pdf, text):
    flat = " ".join(text.split())
    marks = unicodedata.normalize("NFKC", " ".join(" ".join(str(o.get("/Title", "")) for o in _walk(pdf.outline)).split()))
    for title in titles(built_book):
        assert " ".join(title.split()) in flat, f"chapter '{title}' is not in the PDF"
        assert title.split()[0] in marks, f"chapter '{title}' has no bookmark"


def _walk(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _walk(item)
        else:
            yield item


def test_the_title_page_gives_authors_the_workshop_edition_and_date(pdf):
    first = " ".join((pdf.pages[0].extract_text() or "").split())
    cff = citation.load_cff()
    assert cff["title"].split(" ")[0] in first and citation.author_names(cff)[0] in first
    assert "Based on the workshop" in first and "Cuperus" in first and "Edzes" in first
    assert citation.edition(cff) in first


def test_the_pdf_names_title_authors_subject_keywords_and_language(pdf):
    cff = citation.load_cff()
    meta = pdf.metadata
    assert meta.title == citation.book(cff)["title"] and meta.author == citation.author_names(cff)[0]
    assert "Cuperus" in meta.subject and "learning region" in meta["/Keywords"]
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_every_page_links_to_the_pdf_once_it_is_built(pdf, built_book):
    for f in toc_files():
        text = (built_book / f"{f}.html").read_text(encoding="utf-8")
        assert "PDF edition</a>" in text and 'name="citation_pdf_url"' in text, f


def test_every_figure_has_an_image(built_book, pdf):
    figures = 0
    for f in toc_files():
        soup = BeautifulSoup((built_book / f"{f}.html").read_text(encoding="utf-8"), "html.parser")
        figures += len([fig for fig in soup.select("figure") if fig.find("img")])
    images = sum(_images(page) for page in pdf.pages)
    assert figures > 20 and images >= figures, f"{images} images in the PDF for {figures} figures"


def test_the_single_page_build_executes_nothing_the_html_build_executed(pdf, built_book):
    log = (built_book.parents[2] / "pdf" / "build.log").read_text(encoding="utf-8")
    assert "build succeeded" in log and "[analysis.book.cache]" not in log, log[-3000:]
    html_log = (built_book.parents[2] / "build.log").read_text(encoding="utf-8")
    assert re.search(r"executed \d+ notebooks.*\[analysis\.book\.cache\]", html_log)


def test_long_tables_are_printed_static_with_a_note_on_the_rest(text):
    flat = " ".join(text.split())
    assert f"The first {tables.STATIC_ROWS} of" in flat and "Showing 1 to" not in flat


def test_no_unresolved_reference_marks(text):
    for mark in ("??", "{cite", "{glue", "{doc}", "{term}", ":cite:", "Loading ITables"):
        assert mark not in text, f"the PDF contains the unresolved mark '{mark}'"


def test_fonts_are_embedded(pdf):
    missing = set()
    for page in pdf.pages[:40]:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and font.get("/DescendantFonts"):
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is not None and not any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    assert not missing, f"fonts not embedded: {sorted(missing)}"


def test_page_count_and_page_numbers(pdf, text):
    assert PAGES[0] <= len(pdf.pages) <= PAGES[1]
    assert re.search(rf"\b2 / {len(pdf.pages)}\b", text), "page numbers are missing from the footer"


def test_the_dutch_pdf_edition_is_the_dutch_book_and_its_pages_link_to_it(built_book):
    path = built_book / "nl" / citation.PDF_NAME
    assert path.is_file(), f"no Dutch PDF edition at {path}"
    reader = PdfReader(str(path))
    assert str(reader.trailer["/Root"].get("/Lang")) == "nl"
    assert PAGES[0] <= len(reader.pages) <= PAGES[1]
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-l", "6", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "Inhoud" in out and "Wat werkt in een lerende regio?" in out, out[:800]
    page = (built_book / "nl" / "book" / "why-region.html").read_text(encoding="utf-8")
    assert f'href="../{citation.PDF_NAME}"' in page, "the Dutch pages do not link to the Dutch PDF"
