"""Chapter views: counts against hand counts on a small fixture, the gap view and the cycle figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.chapters import views as cv
from analysis.literature import bibliography, tables, vocab


@pytest.fixture()
def small() -> pd.DataFrame:
    return pd.DataFrame({
        "key": ["a", "b", "c", "d"],
        "keywords": [["triple-helix"], ["co-creation", "governance"], ["triple-helix", "mechanisms"], ["governance"]],
        "actors": [["government", "business"], ["knowledge-institutions", "government", "business"], [], ["government"]],
        "studytype": [["conceptual"], ["comparative-case"], ["conceptual"], ["review", "conceptual"]],
        "mechanisms": [["knowledge-transfer"], [], ["network-formation"], []],
        "phase": [["ambition"], ["co-creation", "consolidation"], [], ["co-creation"]],
        "geography": [[], ["NL", "DE"], [], ["NL"]],
    })


def test_tagged_keeps_works_with_any_tag(small):
    assert list(cv.tagged(small, ["triple-helix"])["key"]) == ["a", "c"]
    assert list(cv.tagged(small, ["co-creation", "mechanisms"])["key"]) == ["b", "c"]
    with pytest.raises(KeyError, match="triple-helicopter"):
        cv.tagged(small, ["triple-helicopter"])


def test_crosstab_against_hand_count(small):
    m = cv.crosstab(small, "actors", "studytype")
    assert m.loc["government", "conceptual"] == 2          # a, d
    assert m.loc["government", "review"] == 1              # d
    assert m.loc["business", "comparative-case"] == 1      # b
    assert m.loc[tables.NOT_CODED, "conceptual"] == 1  # c has no actor
    assert m.loc["civil-society"].sum() == 0
    assert tables.NOT_CODED not in m.columns           # every work has a study type
    assert list(m.columns) == list(vocab.STUDY_TYPES)
    labelled = cv.crosstab(small, "actors", "studytype", labels=True)
    assert labelled.loc["Knowledge institutions", "Comparative case study"] == 1


def test_evidence_facts_against_hand_count(small):
    f = cv.evidence_facts(small, "t")
    assert f["t_n"] == 4
    assert f["t_conceptual"] == 3 and f["t_conceptual_only"] == 2
    assert f["t_empirical"] == 1 and f["t_nl"] == 2
    assert f["t_helix_all"] == 1 and f["t_no_actor"] == 1
    assert f["t_actor_government"] == 3 and f["t_actor_civil_society"] == 0
    assert f["t_phase_co_creation"] == 2 and f["t_mech_network_formation"] == 1


def test_phase_counts_against_hand_count(small):
    p = cv.phase_counts(small)
    assert list(p.index) == list(vocab.PHASES)
    assert p["works"].to_dict() == {"ambition": 1, "network-formation": 0, "co-creation": 2, "consolidation": 1}
    assert p["conceptual"].to_dict() == {"ambition": 1, "network-formation": 0, "co-creation": 1, "consolidation": 0}


def test_cycle_figure_shows_every_phase_with_its_count(small):
    fig = cv.cycle_figure(cv.phase_counts(small))
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    for _, (label, _) in vocab.PHASES.items():
        assert label in texts
    assert "2 works (1 conceptual)" in texts and "0 works (0 conceptual)" in texts and "1 work (0 conceptual)" in texts
    plt.close(fig)
    with pytest.raises(ValueError):
        cv.cycle_figure(cv.phase_counts(small).iloc[::-1])


def test_gap_view_marks_empty_cells(small):
    fig = cv.gap_view(small)
    texts = [t.get_text() for t in fig.axes[0].texts]
    m = cv.crosstab(small, "actors", "studytype")
    assert texts.count("gap") == int((m == 0).to_numpy().sum())
    assert sorted(int(t) for t in texts if t != "gap") == sorted(int(v) for v in m.to_numpy().ravel() if v)


def test_chapter_tags_and_real_bibliography():
    works = bibliography.load()
    tags = cv.chapter_tags("book/mechanisms")
    assert "triple-helix" in tags
    ch = cv.tagged(works, tags)
    assert 0 < len(ch) < len(works)
    assert cv.crosstab(ch, "actors", "studytype").to_numpy().sum() == sum(
        max(1, len(a)) * max(1, len(s)) for a, s in zip(ch["actors"], ch["studytype"]))
    assert cv.phase_counts(works)["works"].sum() == sum(len(p) for p in works["phase"])
    with pytest.raises(KeyError):
        cv.chapter_tags("book/nowhere")


def test_theme_downloads_link_each_tag_with_its_count(small):
    md = cv.theme_downloads(small, ["triple-helix", "governance", "co-creation"])
    lines = md.splitlines()
    assert lines[0] == "- {download}`Triple helix <downloads/references-triple-helix.bib>` (2 works)"
    assert lines[1].endswith("(2 works)") and lines[2].endswith("(1 work)")


@pytest.mark.parametrize("field", ["actors", "mechanisms", "phase"])
def test_review_table_rows_carry_the_works_own_terms(field):
    """Regression: each row's term must be one the work is coded with (rows were re-sorted apart from their terms)."""
    works = bibliography.load()
    ch = cv.tagged(works, cv.chapter_tags("book/mechanisms"))
    coded = works.set_index("key")[field]
    table = tables.review_table(field, df=ch, summary=False, coding=False)
    labels = {vocab.label(field, t): t for t in vocab.FIELDS[field]}
    for key, term in zip(table.index, table[tables.FIELD_LABELS[field]]):
        if term == tables.NOT_CODED:
            assert coded[key] == []
        else:
            assert labels[term] in coded[key], (key, term)
