"""Unit tests of the foundation: chapters table, the book's citation, the cache fingerprint."""

from __future__ import annotations

import re

import pytest

from analysis import ROOT
from analysis.book import cache, citation
from analysis.book.toc import toc_files
from analysis.chapters import outline


def test_toc_files_lists_root_first_and_only_existing_pages():
    files = toc_files()
    assert files[0] == "book/intro"
    for f in files:
        assert (ROOT / f"{f}.md").is_file(), f"_toc.yml lists {f} but there is no {f}.md"


def test_overview_marks_chapters_missing_from_the_toc(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/why-region\n")
    table = outline.overview(toc_files(toc)).set_index("Chapter")
    assert table.loc["1", "In this edition"] == "yes"
    assert table.loc["2", "In this edition"] == "in preparation"
    assert len(table) == len(outline.CHAPTERS)


def test_chapter_tags_are_in_the_vocabulary():
    from analysis.literature.vocab import THEMES
    for chapter in outline.CHAPTERS:
        assert set(chapter.tags) <= set(THEMES), chapter.file


def test_citation_names_missing_keys(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text("cff-version: 1.2.0\ntitle: X\n")
    with pytest.raises(ValueError, match=r"CITATION.cff: missing authors, version, date-released, url, license, "
                                         r"preferred-citation"):
        citation.load_cff(bad)


def test_fingerprint_changes_with_watched_inputs_only(tmp_path):
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "a.py").write_text("x = 1\n")
    (tmp_path / "references.bib").write_text("")
    (tmp_path / "book").mkdir()
    first = cache.fingerprint(tmp_path)
    (tmp_path / "book" / "page.md").write_text("text")
    (tmp_path / "analysis" / "__pycache__").mkdir()
    (tmp_path / "analysis" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert cache.fingerprint(tmp_path) == first, "unwatched files must not change the fingerprint"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.csv").write_text("a\n")
    assert cache.fingerprint(tmp_path) != first


def test_stamp_cell_only_for_notebooks():
    assert cache._is_notebook("---\nkernelspec:\n  name: python3\n---\n# T")
    assert not cache._is_notebook("# Bibliography\n")
    assert "abc123" in cache.stamp_cell("abc123")
