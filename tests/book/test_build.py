"""The whole book builds from a clean copy, and bad input stops the build with a clear message."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from analysis.book.toc import toc_files
from analysis.book.build import build, copy_repo, executed, log_text

pytestmark = pytest.mark.build

SMALL_TOC = ["book/cite", "book/bibliography"]
"""A small book for the bad-input builds: pages that link to no chapter outside it."""


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_every_page_of_the_toc_is_built(built_book):
    missing = [f for f in toc_files() if not (built_book / f"{f}.html").is_file()]
    assert not missing, f"pages in _toc.yml with no HTML: {missing}"


def test_every_citation_links_to_a_bibliography_entry(built_book):
    ids_by_page: dict[Path, set[str]] = {}
    broken, count = [], 0
    for page in _pages(built_book):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select('a[href*="#cite-"]'):
            count += 1
            parts = urlsplit(a["href"])
            target = (page.parent / parts.path).resolve() if parts.path else page
            if target not in ids_by_page:
                ids_by_page[target] = (
                    {t["id"] for t in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").select("[id]")}
                    if target.is_file() else set()
                )
            if parts.fragment not in ids_by_page[target]:
                broken.append(f"{page.relative_to(built_book)} -> {a['href']}")
    assert count > 0, "no citation links found at all"
    assert not broken, f"citations that do not land on a bibliography entry: {broken[:20]}"


def test_the_introduction_cites_from_references_bib(built_book):
    soup = BeautifulSoup((built_book / "book/intro.html").read_text(encoding="utf-8"), "html.parser")
    cited = {a["href"].split("#cite-")[1] for a in soup.select('a[href*="#cite-"]')}
    assert {"wef2023future", "han2023human", "florida1995toward"} <= cited
    assert "44%" in soup.get_text()


def test_no_cell_failed(built_book):
    reports = built_book / "reports"
    assert not reports.exists() or not any(reports.iterdir()), f"execution reports: {list(reports.iterdir())}"
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        assert "output error" not in text and "Traceback (most recent call last)" not in text, page.name


def _page(src: Path, name: str, body: str) -> None:
    (src / "book" / f"{name}.md").write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n" + body,
        encoding="utf-8",
    )


def test_a_failing_cell_fails_the_build_and_shows_its_traceback(tmp_path):
    src = copy_repo(tmp_path / "src", SMALL_TOC + ["book/broken"])
    _page(src, "broken", "# Broken\n\n```{code-cell} ipython3\nvalue = 41\nraise ValueError(f'deliberate failure {value + 1}')\n```\n")
    result = build(src, tmp_path / "out")
    log = log_text(result)
    assert result.returncode != 0
    assert "broken.md" in log
    assert "ValueError: deliberate failure 42" in log
    assert "raise ValueError(f'deliberate failure {value + 1}')" in log, "the failing cell's code is not in the log"


def test_an_unknown_citation_key_fails_the_build_and_names_the_key(tmp_path):
    src = copy_repo(tmp_path / "src", SMALL_TOC + ["book/badcite"])
    _page(src, "badcite", "# Bad citation\n\nAs shown before {cite:p}`nosuchwork2099`.\n")
    result = build(src, tmp_path / "out")
    log = log_text(result)
    assert result.returncode != 0
    assert "nosuchwork2099" in log


def test_pages_cite_the_contributors_credit_the_workshop_and_link_no_pdf_that_was_not_made(tmp_path):
    """A build without the PDF edition: no page links to it; one date per page (the edition's); the meta tags and
    the *Cite this chapter* block name the book's contributors and credit the workshop."""
    src = copy_repo(tmp_path / "src", SMALL_TOC)
    result = build(src, tmp_path / "out")
    assert result.returncode == 0, log_text(result)[-3000:]
    html = tmp_path / "out" / "_build" / "html"
    soup = BeautifulSoup((html / "book" / "cite.html").read_text(encoding="utf-8"), "html.parser")
    authors = [m["content"] for m in soup.select('meta[name="citation_author"]')]
    assert authors == ["The contributors to What works in a learning region?"]
    assert not soup.select('meta[name="citation_pdf_url"]') and "PDF edition" not in soup.get_text()
    assert not soup.select('a[href$=".pdf"]')
    text = " ".join(soup.get_text(" ").split())
    assert "Last updated" not in text and "Edition " in text
    assert "Based on the workshop" in text and "Cuperus" in text and "Edzes" in text
    cite = soup.select_one("#cite-this-chapter").get_text(" ")
    assert "@incollection{whatworks2026cite," in cite and "@inbook{whatworks2026cite," in cite
    assert "year = {2026}" in cite and "date = {" in cite and "Cuperus, J" not in cite


DATA_PROBE = """# Data probe

```{code-cell} ipython3
from analysis.regional.sources import Registry
data = Registry.load().read_bytes("regional/brede_welvaart.csv")
print(f"brede_welvaart.csv holds {len(data)} bytes")
```
"""

ROOT_PROBE = """# Root probe

```{code-cell} ipython3
from analysis.chapters import outline
print(f"{len(outline.CHAPTERS)} chapters")
```
"""

BIB_PROBE = """# Bibliography probe

```{code-cell} ipython3
from analysis.literature import bibliography
print(f"{len(bibliography.raw_entries())} entries")
```
"""


def _append_to_registered(src: Path, name: str, text: str) -> None:
    """Append ``text`` to ``data/<name>`` and record its new sha256 in ``data/sources.yaml``, as a deliberate change."""
    import hashlib

    path = src / "data" / name
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    with path.open("a", encoding="utf-8") as f:
        f.write(text)
    registry = src / "data" / "sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(old, hashlib.sha256(path.read_bytes()).hexdigest()),
                        encoding="utf-8")


def test_the_cache_follows_each_notebooks_own_inputs(tmp_path):
    """A notebook re-executes when, and only when, its code or something it read changed; no stale output survives."""
    # pages of the test's own, so that the chapters' cross-references cannot break this small book
    src = copy_repo(tmp_path / "src", ["book/rootprobe", "book/dataprobe", "book/bibprobe"])
    _page(src, "rootprobe", ROOT_PROBE)
    _page(src, "dataprobe", DATA_PROBE)
    _page(src, "bibprobe", BIB_PROBE)
    out = tmp_path / "out"
    everything = ["bibprobe.md", "dataprobe.md", "rootprobe.md"]

    def run() -> list[str]:
        result = build(src, out)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        log = log_text(result)
        assert "WARNING" not in log, [line for line in log.splitlines() if "WARNING" in line]
        return executed(log)

    def shown(page: str) -> str:
        return (out / "_build" / "html" / "book" / f"{page}.html").read_text(encoding="utf-8")

    size = (src / "data" / "regional" / "brede_welvaart.csv").stat().st_size
    assert run() == everything, "a cold build executes every notebook"
    assert f"holds {size} bytes" in shown("dataprobe")
    assert run() == [], "a build with nothing changed reuses the cache"

    (src / "data" / "cache-probe.txt").write_text("changed\n")
    assert run() == [], "a new data file that no notebook reads re-executes nothing"

    _append_to_registered(src, "regional/brede_welvaart.csv", "\n")
    assert run() == ["dataprobe.md"], "a changed data file re-executes only the notebook that read it"
    assert f"holds {size + 1} bytes" in shown("dataprobe"), "the page shows the output of the changed file"
    _append_to_registered(src, "regional/regio_deals.csv", "\n")
    assert run() == [], "a file no notebook read changed (and its checksum in the registry): nothing re-executes"

    with (src / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n% cache probe\n")
    assert run() == ["bibprobe.md"], "a changed bibliography re-executes the notebooks that read it"

    outline = src / "analysis" / "chapters" / "outline.py"
    outline.write_text(outline.read_text() + "\n# probe\n")
    assert run() == ["rootprobe.md"], "a changed module re-executes the notebooks that imported its wing"
    assert run() == []

    (src / "book" / "bibprobe.md").write_text((src / "book" / "bibprobe.md").read_text().replace(
        "entries\")", "entries in the bibliography\")"))
    _page(src, "newprobe", "# New\n\n```{code-cell} ipython3\nprint('a new notebook')\n```\n")
    toc = yaml.safe_load((src / "_toc.yml").read_text())
    toc["chapters"].append({"file": "book/newprobe"})
    (src / "_toc.yml").write_text(yaml.safe_dump(toc))
    assert run() == ["bibprobe.md", "newprobe.md"], "a changed code cell and a new notebook execute"
    assert "entries in the bibliography" in shown("bibprobe")
