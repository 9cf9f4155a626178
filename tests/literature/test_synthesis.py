"""The "What works" synthesis: hand counts on a small fixture, the labelling rule, the exports."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest

from analysis.literature import bibliography, synthesis


def work(key, year, conditions, studytype, mechanisms=(), phase=(), finding="", design=None, geography=()):
    return {"key": key, "citation": f"{key.title()} ({year})", "year": year, "conditions": list(conditions),
            "studytype": list(studytype), "mechanisms": list(mechanisms), "phase": list(phase),
            "finding": finding, "design": design, "geography": list(geography), "outcomes": [], "places": [],
            "finding_note": f"note {key}"}


@pytest.fixture
def fixture():
    """Five works; trust: 3 works (1 case study, 1 review, 1 conceptual); leadership: 1 conceptual."""
    return pd.DataFrame([
        work("b2001", 2001, ["trust"], ["case-study"], ["network-formation"], ["ambition"]),
        work("a2005", 2005, ["trust", "leadership"], ["conceptual"], ["network-formation", "knowledge-transfer"]),
        work("c1999", 1999, ["trust"], ["review", "conceptual"], [], ["ambition", "co-creation"]),
        work("d2010", 2010, [], ["quantitative"]),
        work("e2012", 2012, ["proximity"], []),
    ])


def test_hand_counts_on_a_fixture(fixture):
    t = synthesis.conditions_table(fixture)
    assert list(t.index[:3]) == ["shared-ambition", "trust", "boundary-spanners"]  # vocabulary order
    trust = t.loc["trust"]
    assert trust["works"] == 3 and trust["evidence_based"] == 2
    assert trust["keys"] == ["c1999", "b2001", "a2005"]  # by year
    assert trust["study_types"] == "Conceptual 2, Review 1, Case study 1"
    assert trust["mechanisms"] == "Knowledge management and transfer 1, Network formation and development 2, not coded 1"
    assert trust["phases"] == "Ambition 2, Co-creation 1, not coded 1"
    assert t.loc["leadership", "works"] == 1 and t.loc["leadership", "evidence_based"] == 0
    assert t.loc["proximity", "study_types"] == "not coded 1"
    assert t.loc["reflexivity", "works"] == 0 and t.loc["reflexivity", "strength"] == "thin"
    assert pd.isna(t.loc["reflexivity", "evidence_share"])


def test_facts_count_works_not_tags(fixture):
    t = synthesis.conditions_table(fixture)
    f = synthesis.facts(t, fixture)
    assert f["n_works"] == 5 and f["n_works_coded"] == 4 and f["n_works_coded_evidence"] == 2
    assert f["n_coded_cases"] == 1 and f["n_coded_reviews"] == 1 and f["n_coded_stats"] == 0
    assert f["top_label"] == "Trust" and f["top_works"] == 3
    assert f["n_thin"] == len(t)


@pytest.mark.parametrize("works, evidence, label", [
    (0, 0, "thin"), (4, 4, "thin"), (5, 1, "thin"), (5, 2, "moderate"), (9, 9, "moderate"),
    (10, 5, "stronger"), (10, 4, "moderate"), (12, 5, "moderate"), (20, 10, "stronger"), (30, 0, "thin"),
])
def test_strength_rule_thresholds(works, evidence, label):
    assert synthesis.strength(works, evidence) == label


@pytest.mark.parametrize("works, evidence", [(3, 4), (-1, 0), (2, -1)])
def test_strength_rejects_impossible_counts(works, evidence):
    with pytest.raises(ValueError, match="evidence_based"):
        synthesis.strength(works, evidence)


def test_rule_text_states_the_thresholds():
    for n in (synthesis.MIN_WORKS_STRONGER, synthesis.MIN_EVIDENCE_STRONGER, synthesis.MIN_WORKS_MODERATE):
        assert f"at least {n}" in synthesis.RULE
    assert "50%" in synthesis.RULE


def test_unknown_condition_names_the_entry(fixture):
    bad = pd.concat([fixture, pd.DataFrame([work("x2020", 2020, ["luck"], ["survey"])])], ignore_index=True)
    with pytest.raises(KeyError, match=r"entry 'x2020'.*luck"):
        synthesis.conditions_table(bad)


def test_display_table_links_every_supporting_work(fixture):
    shown = synthesis.display_table(synthesis.conditions_table(fixture))
    keys = re.findall(r'#cite-([a-z0-9]+)"', shown.loc["trust", "Supporting works"])
    assert keys == ["c1999", "b2001", "a2005"]
    assert shown.loc["reflexivity", "Supporting works"] == "none"


def test_every_coded_work_is_counted_once_per_condition():
    works = bibliography.load()
    t = synthesis.conditions_table(works)
    assert t["works"].sum() == sum(len(c) for c in works["conditions"])
    assert (t["studies"] <= t["works"]).all()
    assert (t[["positive", "mixed", "null", "negative", "descriptive"]].sum(axis=1) == t["studies"]).all()

def test_exports_round_trip(tmp_path, fixture):
    files = synthesis.write_all(tmp_path, fixture)
    rows = list(csv.DictReader(io.StringIO(files[synthesis.CSV_FILE].read_text(encoding="utf-8"))))
    assert len(rows) == len(synthesis.conditions_table(fixture))
    trust = next(r for r in rows if r["condition"] == "trust")
    assert trust["works"] == "3" and trust["evidence_based_works"] == "2" and trust["evidence_share"] == "0.67"
    assert trust["keys"] == "c1999; b2001; a2005"
    md = files[synthesis.MD_FILE].read_text(encoding="utf-8")
    assert "| Trust | 3 | 2 | thin |" in md
    before = files[synthesis.CSV_FILE].stat().st_mtime_ns
    synthesis.write_all(tmp_path, fixture)  # unchanged content: file not rewritten
    assert files[synthesis.CSV_FILE].stat().st_mtime_ns == before
