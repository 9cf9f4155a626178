"""The book's citation metadata: a valid CFF, the real authors, the workshop credited, and citations that work as
pasted (APA; classic BibTeX read by bibtex with a natbib style; biblatex read by biber)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import ROOT
from analysis.book import citation, edition, pdf

ENTITY = "The contributors to What works in a learning region?"
URL = "https://lerende-regio.github.io/what-works-learning-region/book/why-region.html"


@pytest.fixture(scope="module")
def cff():
    return citation.load_cff()


def _tool(name: str, install: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed: {install} (.ci/run installs it)"
    return found


def test_citation_cff_validates_against_the_cff_schema():
    out = subprocess.run([_tool("cffconvert", "pip install -r requirements.txt"), "--validate", "-i",
                          str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "valid according to schema version 1.2.0" in out.stdout


def test_cffconvert_rejects_a_book_at_the_top_level(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("type: software", "type: book", 1),
                   encoding="utf-8")
    out = subprocess.run([_tool("cffconvert", "pip install -r requirements.txt"), "--validate", "-i", str(bad)],
                         capture_output=True, text=True)
    assert out.returncode != 0


def test_the_authors_are_the_contributors_and_the_workshop_is_credited(cff):
    assert cff["type"] == "software" and cff["preferred-citation"]["type"] == "book"
    for authors in (cff["authors"], cff["preferred-citation"]["authors"]):
        assert authors == [{"name": ENTITY}]
    workshop = citation.workshop(cff)
    assert workshop["title"] == "Wat werkt in een lerende regio?" and workshop["year"] == 2023
    assert [a["family-names"] for a in workshop["authors"]] == ["Cuperus", "Edzes"]
    credit = citation.credit(cff)
    assert credit.startswith("Based on the workshop") and "José Cuperus" in credit and "Arjen Edzes" in credit
    forms = [citation.apa(cff), citation.bibtex(cff), citation.biblatex(cff), citation.chapter_apa(cff, "T", URL),
             citation.chapter_bibtex(cff, "T", URL, "k"), citation.chapter_biblatex(cff, "T", URL, "k")]
    for form in forms:
        assert ENTITY in form
        assert "Cuperus, J" not in form and "Edzes, A" not in form, form
    for form in forms[1:3] + forms[4:]:
        assert "Based on the workshop" in form and "Cuperus" in form


def test_apa_in_its_correct_form(cff):
    book = citation.apa(cff)
    assert book.startswith(f"{ENTITY} (2026). *What works in a learning region? An executable book")
    assert book.endswith(f"* (Version {cff['version']}) [Executable book]. {cff['url']}")
    chapter = citation.chapter_apa(cff, "What is a region?", URL)
    assert chapter.startswith(f"{ENTITY} (2026). What is a region? In {ENTITY}, *What works in a learning region?")
    assert chapter.endswith(f"(Version {cff['version']}) [Executable book]. {URL}")
    assert citation.chapter_apa(cff, "Why the region", URL).startswith(f"{ENTITY} (2026). Why the region. In ")
    for text in (book, chapter):
        assert not re.search(r"[?!.]\.", text.replace(cff["url"], "").replace(URL, "")), text
    assert re.fullmatch(rf"Edition {re.escape(cff['version'])}, \d{{1,2}} [A-Z][a-z]+ \d{{4}}", citation.edition(cff))


def test_classic_bibtex_keeps_the_year_with_natbib(cff, tmp_path):
    """bibtex with plainnat (natbib) reads the book and a chapter without a warning, with author, title and year."""
    bibtex = _tool("bibtex", "apt-get install texlive-binaries texlive-latex-base")
    chapter = citation.chapter_bibtex(cff, "Why the region", URL, "whatworks2026whyregion")
    (tmp_path / "cite.bib").write_text(citation.bibtex(cff) + "\n\n" + chapter + "\n", encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\relax\n\\citation{whatworks2026}\n\\citation{whatworks2026whyregion}\n"
                                      "\\bibstyle{plainnat}\n\\bibdata{cite}\n", encoding="utf-8")
    out = subprocess.run([bibtex, "doc"], cwd=tmp_path, capture_output=True, text=True)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert out.returncode == 0 and "Warning" not in log, log
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    assert len(re.findall(r"\\bibitem\[\{The contributors to What works in a learning region\?\}\(2026", bbl)) == 2, bbl
    assert "{Why the region}" in bbl and "In \\emph{{What works in a learning region?" in bbl
    assert "Cuperus" in bbl  # the credit, in the note


def test_biblatex_fits_the_biblatex_data_model(cff, tmp_path):
    biber = _tool("biber", "apt-get install biber")
    chapter = citation.chapter_biblatex(cff, "Why the region", URL, "whatworks2026whyregion")
    (tmp_path / "cite.bib").write_text(citation.biblatex(cff) + "\n\n" + chapter + "\n", encoding="utf-8")
    out = subprocess.run([biber, "--tool", "--validate-datamodel", "cite.bib"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    warnings = [line for line in out.stdout.splitlines() if "WARN" in line or "ERROR" in line]
    assert warnings == []
    for line in (f"date = {{{cff['date-released']}}}", f"Version {cff['version']}", "@inbook{whatworks2026whyregion,"):
        assert line in citation.biblatex(cff) + chapter


def test_footers_link_to_the_pdf_only_once_it_is_there(tmp_path):
    page = tmp_path / "book" / "intro.html"
    page.parent.mkdir()
    page.write_text(f"<head>{edition.PDF_META_SLOT}</head><footer><p>Edition{edition.PDF_SLOT}</p></footer>")
    with pytest.raises(FileNotFoundError, match="no PDF edition"):
        edition.link_pdf(tmp_path)
    assert "PDF edition" not in page.read_text()
    (tmp_path / citation.PDF_NAME).write_bytes(b"%PDF-1.7\n")
    assert edition.link_pdf(tmp_path, "https://example.org/book/") == 1
    text = page.read_text()
    assert f'<a href="../{citation.PDF_NAME}">PDF edition</a>' in text
    assert f'<meta name="citation_pdf_url" content="https://example.org/book/{citation.PDF_NAME}" />' in text


def test_the_pdf_carries_the_books_metadata(cff, tmp_path):
    from pypdf import PdfReader, PdfWriter

    target = tmp_path / "x.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(target, "wb") as fh:
        writer.write(fh)
    pdf.set_metadata(target, cff)
    reader = PdfReader(target)
    meta = reader.metadata
    assert meta.title == citation.book(cff)["title"] and meta.author == ENTITY
    assert "Cuperus" in meta.subject and "Edzes" in meta.subject
    assert "learning region" in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_title_message_is_the_books_title():
    """The Dutch edition translates the title through ``citation.TITLE``: it must be the title CITATION.cff gives."""
    assert citation.book(citation.load_cff())["title"] == citation.TITLE
