"""Summary of findings: the certainty rule on hand-made cases, the gap map, the living review."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.literature import bibliography, editions, findings, vocab


def study(key, finding, design, geography=("NL",), conditions=("trust",)):
    return {"key": key, "citation": key, "year": 2020, "conditions": list(conditions), "studytype": ["evaluation"],
            "finding": finding, "design": design, "geography": list(geography), "outcomes": ["employment"],
            "places": [], "finding_note": f"{key} found something"}


def frame(*rows):
    df = pd.DataFrame(list(rows))
    df["design"] = df["design"].astype("Int64")
    return df


def test_three_consistent_randomised_european_studies_are_high():
    level, reasons = findings.certainty(frame(study("a", "positive", 5), study("b", "positive", 4),
                                              study("c", "positive", 3)))
    assert level == "high" and len(reasons) == 1


def test_each_downgrade_lowers_one_level_and_says_why():
    level, reasons = findings.certainty(frame(study("a", "positive", 5, ("US",)), study("b", "null", 3, ("US",))))
    # starts high; imprecision (2 studies), inconsistency (1 of 2 positive), indirectness (no European study)
    assert level == "very low"
    assert [r.split(":")[0] for r in reasons[1:]] == ["imprecision", "inconsistency", "indirectness"]


def test_descriptive_studies_do_not_raise_certainty():
    level, reasons = findings.certainty(frame(*(study(k, "descriptive", 1) for k in "abcdef")))
    assert level == "very low" and "no study tests an effect" in reasons[0]


def test_summary_table_tallies_findings_per_condition():
    df = frame(study("a", "positive", 3), study("b", "mixed", 1), study("c", "descriptive", 1, ("US",)))
    sof = findings.summary_table(df)
    row = sof.loc["trust"]
    assert (row["studies"], row["positive"], row["mixed"], row["descriptive"]) == (3, 1, 1, 1)
    assert row["max_design"] == 3 and row["median_design"] == 1
    assert row["share_dutch"] == pytest.approx(2 / 3)
    assert sof.loc["leadership", "studies"] == 0 and sof.loc["leadership", "certainty"] == "very low"


def test_condition_section_links_each_tested_study_and_prints_the_certainty():
    works = bibliography.load()
    for cond in vocab.CONDITIONS:
        text = findings.condition_section(cond, works)
        sub = works[works["conditions"].map(lambda cs: cond in cs)]
        for key in findings.tested(sub)["key"]:
            assert f"#cite-{key}" in text
        assert f"How sure we can be: {findings.certainty(sub)[0]}" in text


def test_every_condition_has_a_section_in_the_chapter():
    text = (bibliography.ROOT / "book" / "what-works.md").read_text(encoding="utf-8")
    for cond in vocab.CONDITIONS:
        assert f"ww_sec_{cond.replace('-', '_')}" in text


def test_outcome_matrix_places_each_study_in_its_cells():
    df = frame(study("a", "positive", 3, conditions=("trust", "leadership")))
    m = findings.outcome_matrix(df)
    assert m.loc["trust", "employment"] == [("positive", 3)] == m.loc["leadership", "employment"]
    assert m.loc["trust", "innovation"] == []


def test_changes_since_the_kept_edition(tmp_path):
    works = bibliography.load()
    editions.to_frame(works.iloc[:-1], "2026-01-01").to_csv(tmp_path / "edition-1.csv", index=False)
    change = editions.changes(works, tmp_path)
    assert change["added"] == [works["key"].iloc[-1]] and change["removed"] == []
    assert change["edition"] == 1 and change["date"] == "2026-01-01"
    with pytest.raises(FileExistsError):
        editions.freeze(1, "2026-01-02", tmp_path)


def test_the_kept_first_edition_reads():
    number, path = editions.latest()
    old = editions.read(path)
    assert number >= 1 and len(old) > 100 and set(editions.COLUMNS) <= set(old.columns)
