"""Strands and conditions: the engine's tables on the real bibliography, and the downloads."""

from __future__ import annotations

import csv
import io

import pytest

from analysis.literature import grade, strands, synthesis, vocab


def test_a_strand_holds_exactly_the_tested_studies_of_its_lever(works):
    for lever in vocab.LEVERS:
        s = strands.studies(works, lever)
        assert s["finding"].isin(vocab.TESTED).all()
        assert s["intervention"].map(lambda i: lever in i).all()
    assert set(strands.studies(works, "sector-training")["key"]) >= {"hendra2016encouraging", "maguire2010tuning"}


def test_ratings_are_grade_on_each_lever_and_outcome(works):
    r = strands.ratings(works, "training-subsidies").set_index("outcome")
    s = strands.studies(works, "training-subsidies", "skills-training")
    assert r.loc["skills-training", "certainty"] == grade.rate(s).level
    assert r.loc["skills-training", "studies"] == len(s)


def test_an_untested_condition_says_argued_not_tested(works):
    c = synthesis.conditions_table(works).set_index("condition")
    untested = c[c["tested"] == 0]
    assert len(untested) and (untested["certainty"] == synthesis.ARGUED_NOT_TESTED).all()
    assert (c.loc[c["tested"] > 0, "certainty"] != synthesis.ARGUED_NOT_TESTED).all()
    assert (c["argued"] + c["described"] + c["tested"] == c["works"]).all()


def test_a_condition_tested_only_in_name_gets_no_certainty(works):
    t = works.copy()
    t["tests"] = t["tests"].map(lambda d: {k: "described" for k in d})
    c = strands.conditions(t)
    assert (c["tested"] == 0).all() and not any(c["ratings"].map(len))


def test_sensitivity_has_every_rule_combination(works):
    s = strands.sensitivity(works)
    assert {"all", "robust", "european", "independent", "robust+european+independent"} <= set(s.columns)
    assert len(s) == len(synthesis.strands_table(works))


def test_unknown_lever_is_named(works):
    with pytest.raises(KeyError, match="not an intervention"):
        strands.studies(works, "magic-wand")


def test_downloads_are_written_once_and_read_back(tmp_path, works):
    files = synthesis.write_all(tmp_path, works)
    rows = list(csv.DictReader(io.StringIO(files[synthesis.STRANDS_FILE].read_text(encoding="utf-8"))))
    assert len(rows) == len(synthesis.strands_table(works)) and {r["certainty"] for r in rows} <= set(grade.LEVELS)
    before = files[synthesis.CONDITIONS_FILE].stat().st_mtime_ns
    synthesis.write_all(tmp_path, works)
    assert files[synthesis.CONDITIONS_FILE].stat().st_mtime_ns == before
    assert "Certainty rule" in files[synthesis.MD_FILE].read_text(encoding="utf-8")
