"""Launch buttons that work: each Colab and Binder link of each page points at a notebook that exists and is current."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import jupytext
import nbformat
import pytest

from analysis import ROOT
from analysis.book import notebooks
from analysis.book.toc import toc_files

COLAB = re.compile(r"https://colab\.research\.google\.com/github/lerende-regio/what-works-learning-region/blob/main/(.+)")


def code_cells(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code" and notebooks.SETUP_TAG not in c.metadata.get("tags", [])]


def test_the_notebook_copies_are_current():
    assert notebooks.stale() == [], "run python -m analysis.book.notebooks and commit the .ipynb files"


def test_a_changed_chapter_makes_its_copy_stale(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n")
    md = tmp_path / "book" / "intro.md"
    md.write_text((ROOT / "book" / "intro.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert notebooks.write_all(tmp_path) == [md.with_suffix(".ipynb")] and notebooks.stale(tmp_path) == []
    md.write_text(md.read_text(encoding="utf-8") + "\n```{code-cell} ipython3\nx = 1\n```\n", encoding="utf-8")
    assert notebooks.stale(tmp_path) == ["book/intro.ipynb"]


@pytest.mark.build
@pytest.mark.parametrize("page", [f for f in toc_files() if notebooks.is_notebook(ROOT / f"{f}.md")])
def test_each_launch_link_opens_the_chapter_as_a_notebook(built_book, page):
    html = (built_book / f"{page}.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(https://(?:colab\.research\.google\.com|mybinder\.org)[^"]+)"', html)
    assert len(links) == 2, f"{page}: expected a Binder and a Colab link, found {links}"
    for url in links:
        m = COLAB.match(url)
        path = m.group(1) if m else unquote(parse_qs(urlsplit(url).query)["urlpath"][0]).split("/", 1)[1]
        target = ROOT / path
        assert target.suffix == ".ipynb" and target.is_file(), f"{page}: {url} points at {path}, which is missing"
        nb = nbformat.read(target, as_version=4)
        nbformat.validate(nb)
        assert notebooks.SETUP_TAG in nb.cells[0].metadata.get("tags", []), f"{path} has no Colab setup cell"
        assert code_cells(nb) == code_cells(jupytext.read(ROOT / f"{page}.md")), f"{path} differs from {page}.md"


def test_binder_installs_what_the_chapters_need():
    req = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "-e ." in req and "jupytext" in req
