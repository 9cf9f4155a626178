"""The strand pages and the overview of What works: one page per lever, current, complete, and every evidence
label in the built book equal to the one computation (analysis.literature.grade)."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from analysis import ROOT
from analysis.book.toc import toc_files
from analysis.chapters import strands as cs
from analysis.chapters import whatworks
from analysis.literature import bibliography, grade, strands, synthesis, vocab

LABEL = re.compile(r"\b(very low|low|moderate|high|stronger|thin)\s+(certainty|evidence)\b", re.I)


@pytest.fixture(scope="module")
def works():
    return bibliography.load()


def test_every_lever_has_its_page_current_and_in_the_contents():
    files = toc_files()
    for lever in vocab.LEVERS:
        page = ROOT / "book" / f"strand-{lever}.md"
        assert page.read_text(encoding="utf-8") == cs.page_text(lever), \
            f"{page.name} is not current: run python -m analysis.chapters.strands"
        assert f"book/strand-{lever}" in files
    assert len(vocab.LEVERS) >= 9


def test_the_lever_texts_are_complete_and_a_missing_one_is_named(tmp_path):
    assert set(cs.levers_text()) == set(vocab.LEVERS)
    data = yaml.safe_load(cs.LEVERS_FILE.read_text(encoding="utf-8"))
    data.pop("sector-training")
    (tmp_path / "levers.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KeyError, match=r"levers.yaml: levers without text \['sector-training'\]"):
        cs.levers_text(tmp_path / "levers.yaml")


def test_a_strand_renders_every_section_with_its_studies_and_labels(works):
    sections = cs.render_strand(works, "training-subsidies")
    assert list(sections) == list(cs.SECTIONS)
    for key in strands.studies(works, "training-subsidies")["key"]:
        assert f"#cite-{key}" in sections["found"]
    r = strands.ratings(works, "training-subsidies")
    for _, x in r.iterrows():
        assert cs.certainty_html(x["certainty"], "training-subsidies", x["outcome"]) in sections["sure"]
    assert "nan" not in sections["sure"] and "Declared interest" not in sections["consider"]
    assert "Declared interest" in cs.render_strand(works, "practice-research")["consider"]


def test_a_lever_no_study_tested_says_so(works):
    lever = next(lv for lv in vocab.LEVERS if strands.studies(works, lv).empty)
    sections = cs.render_strand(works, lever)
    assert "No study found by the search tests an effect" in sections["headline"]
    assert "No certainty can be given" in sections["sure"]


def test_where_to_start_ties_every_step_to_a_strand_and_its_certainty(works):
    text = whatworks.render_overview(works)["start"]
    for title, levers in whatworks.AUDIENCES.values():
        assert title in text and 3 <= len(levers) <= 5
        for lever in levers:
            assert f"(strand-{lever}.html)" in text
    assert text.count('class="lr-certainty') >= sum(len(v[1]) for v in whatworks.AUDIENCES.values()) - 2


def _computed(works) -> dict[tuple[str, str], str]:
    out = {}
    for lever in vocab.LEVERS:
        r = strands.ratings(works, lever)
        for _, x in r.iterrows():
            out[(lever, x["outcome"])] = x["certainty"]
        if r.empty:
            out[(lever, "none")] = "no study"
    for cond, row in strands.conditions(works).iterrows():
        for outcome, rating in row["ratings"].items():
            out[(cond, outcome)] = rating.level
        if not row["ratings"]:
            out[(cond, "none")] = synthesis.ARGUED_NOT_TESTED
    return out


@pytest.mark.build
def test_every_evidence_label_in_the_built_book_is_the_computed_one(built_html, works):
    computed = _computed(works)
    seen = 0
    for f in toc_files():
        html_file = built_html / f"{f}.html"
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("main") or soup
        for span in main.select("span.lr-certainty"):
            key = (span["data-strand"], span["data-outcome"])
            assert key in computed, f"{f}: a label for {key} that no computation makes"
            assert span.get_text(strip=True) == computed[key], f"{f}: {key} shows {span.get_text()!r}"
            seen += 1
            span.replace_with("[label]")
        for tag in main.select("script, style"):
            tag.decompose()
        typed = LABEL.findall(main.get_text(" "))
        assert not typed, f"{f}: an evidence label typed in the prose, not computed: {typed}"
    assert seen >= len(vocab.LEVERS)


@pytest.mark.build
def test_every_strand_page_has_its_sections_and_data(built_html):
    for lever in vocab.LEVERS:
        html = (built_html / "book" / f"strand-{lever}.html").read_text(encoding="utf-8")
        for heading in ("Headline", "What it is", "What the studies found", "Behind the average",
                        "In the Netherlands", "How could you implement it", "What should you consider",
                        "How sure we can be", "Cite this chapter"):
            assert heading in html, f"strand-{lever}.html lacks '{heading}'"
        assert f"{lever}.csv" in html
    assert any((built_html / "_downloads").rglob("training-subsidies.csv"))
