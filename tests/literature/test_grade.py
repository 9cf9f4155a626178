"""The GRADE rule: each domain rates down on a hand-made body of evidence, and only then."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.literature import grade


def study(key, finding="positive", design=5, bias="low", reason="independent-comparison", geography=("NL",),
          intervention=("sector-training",)):
    return {"key": key, "finding": finding, "design": design, "bias": bias, "bias_reason": reason,
            "geography": list(geography), "intervention": list(intervention)}


def body(*rows):
    df = pd.DataFrame(list(rows))
    df["design"] = df["design"].astype("Int64")
    return df


def test_two_consistent_independent_european_trials_are_high():
    r = grade.rate(body(study("a"), study("b", design=4)))
    assert (r.level, r.direction, r.downgrades) == ("high", "positive", [])


@pytest.mark.parametrize("change, domain", [
    ({"geography": ("US",)}, "indirectness"),
    ({"intervention": ("sector-training", "training-subsidies")}, "indirectness"),
])
def test_each_domain_rates_down_one_level_with_its_reason(change, domain):
    r = grade.rate(body(study("a", **change), study("b", design=4, **change)))
    assert r.level == "moderate" and [d.split(":")[0] for d in r.downgrades] == [domain]


def test_risk_of_bias_when_most_studies_that_set_the_level_are_not_at_low_risk():
    r = grade.rate(body(study("a", bias="some-concerns", reason="attrition"),
                        study("b", bias="some-concerns", reason="attrition"), study("c", design=4)))
    assert r.level == "moderate" and r.reasons["risk of bias"].startswith("2 of 3 studies")
    assert [d.split(":")[0] for d in r.downgrades] == ["risk of bias"]


def test_inconsistency_counts_mixed_as_its_own_direction():
    r = grade.rate(body(study("a"), study("b", "mixed"), study("c", "null")))
    assert r.reasons["inconsistency"] and r.level == "moderate" and r.direction == "mixed"


def test_little_or_no_effect_is_an_answer_with_its_certainty():
    r = grade.rate(body(study("a", "null"), study("b", "null"), study("c", "positive", 4)))
    assert r.direction == "little or no effect" and r.level == "high"  # two of three agree: consistent


def test_imprecision_with_one_robust_study_and_the_start_from_robust_studies_only():
    r = grade.rate(body(study("a", design=3), study("b", design=1, bias="high", reason="no-comparison")))
    assert r.start.startswith("starts moderate") and r.reasons["imprecision"]
    assert r.reasons["risk of bias"] is None  # set by the one robust study, which is at low risk


def test_publication_bias_when_all_positive_and_none_independent():
    r = grade.rate(body(study("a", design=1, bias="high", reason="self-evaluation"),
                        study("b", design=1, bias="high", reason="self-evaluation")))
    assert r.reasons["publication bias"] and r.level == "very low"


def test_descriptive_studies_are_refused_and_an_empty_body_has_no_level():
    with pytest.raises(ValueError, match="test no effect"):
        grade.rate(body(study("a", "descriptive")))
    assert grade.rate(body(study("a")).iloc[0:0]).level is None


def test_sensitivity_rules_filter_before_rating():
    b = body(study("a", geography=("US",)), study("b", design=2, bias="high", reason="no-comparison"))
    assert grade.rate_under(b, ("european",)).keys == ("b",)
    assert grade.rate_under(b, ("robust",)).keys == ("a",)
    assert grade.rate_under(b, ("robust", "european")).level is None


def test_the_rule_in_words_names_its_thresholds():
    for text in (f"{grade.MIN_LOW_BIAS:.0%}", f"{grade.MIN_CONSISTENT:.0%}", f"fewer than {grade.MIN_ROBUST}"):
        assert text in grade.RULE
