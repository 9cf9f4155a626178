"""Double coding: the sample is the recorded draw, every sampled study is logged per field, kappa is right."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.literature import agreement, bibliography


def test_cohen_kappa_on_hand_cases():
    assert agreement.cohen_kappa(list("aabb"), list("aabb")) == 1.0
    assert agreement.cohen_kappa(list("aabb"), list("abab")) == pytest.approx(0.0)
    assert agreement.cohen_kappa(list("aaab"), list("aaba")) == pytest.approx(-1 / 3)


def test_the_sample_is_the_seeded_draw_of_at_least_a_fifth():
    d = agreement.read_draw()
    assert agreement.draw(d["population"], d["n"], d["seed"]) == d["sample"]
    assert len(d["sample"]) >= 0.2 * len(d["population"])


def test_every_sampled_study_is_logged_for_every_field_and_final_values_hold():
    d, log = agreement.read_draw(), agreement.read()
    coded = set(d["sample"]) - set(d["not_coded_twice"])
    assert set(log["key"]) == coded
    assert all(set(log.loc[log["key"] == k, "field"]) == set(agreement.FIELDS) for k in coded)
    works = bibliography.load().set_index("key")
    for r in log[log["field"].isin(["finding", "design"])].itertuples():
        held = works.at[r.key, r.field]
        if r.field == "design":
            held = "" if pd.isna(held) else str(int(held))
        assert held == r.final, r.key


def test_a_malformed_log_is_named(tmp_path):
    bad = tmp_path / "double_coding.csv"
    bad.write_text(",".join(agreement.COLUMNS) + "\nx2020y,finding,positive,null,no,,positive,\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"double_coding.csv:2 \(x2020y, finding\).*resolution"):
        agreement.read(bad)
