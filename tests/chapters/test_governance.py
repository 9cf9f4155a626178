"""Regio Deals and regional R&D: hand counts, what is unknown stays unknown, clear errors on bad rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from datafix import copy_data, replace_once

from analysis.chapters import governance
from analysis.regional import regions
from analysis.regional.sources import DataError


@pytest.fixture(scope="module")
def deals():
    return governance.load_deals()


def test_deals_per_tranche_match_the_sources_file(deals):
    t = governance.deals_by_tranche(deals)
    # SOURCES.md: tranche 1 (5), 2 (12), 3 (14), 4 (14), 5 (14), 6 (16); 75 rows
    assert t["deals"].to_dict() == {1: 5, 2: 12, 3: 14, 4: 14, 5: 14, 6: 16}
    assert t["deals"].sum() == 75
    # amounts: tranche 4 complete, tranche 3 for 11 of 14, none for the others (NaN, not zero)
    assert t.loc[4, "with_amount"] == 14 and t.loc[3, "with_amount"] == 11
    assert np.isnan(t.loc[1, "amount_sum"]) and np.isnan(t.loc[6, "amount_sum"])


def test_hand_counts_on_a_fixture():
    df = pd.DataFrame({"tranche": [1, 1, 2], "announced": pd.to_datetime(["2018-07-06", None, "2019-01-01"]),
                       "deal": ["a", "b", "c"], "areas": ["X", "", ""], "amount": [10.0, np.nan, np.nan],
                       "source_id": ["s", "s", "s"]})
    t = governance.deals_by_tranche(df)
    assert t.loc[1].tolist()[:3] == [2, 2018, 1] and t.loc[1, "amount_sum"] == 10.0
    assert t.loc[1, "areas_named"] == 1 and t.loc[2, "areas_named"] == 0
    f = governance.deal_facts(df)
    assert f["n_deals"] == 3 and f["tranches_complete_amount"] == "none" and f["amount_complete_sum"] == 0


def test_rd_facts_hand_sum():
    rd = regions.indicator("rd_expenditure_own_personnel", "provincie", 2016)
    f = governance.rd_facts(rd)
    assert f["rd_n"] == 12 and f["rd_sum"] == rd.value.sum()
    assert f["rd_top_name"] == "Zuid-Holland" and f["rd_min_name"] == "Zeeland"
    top3 = rd.value.sort_values(ascending=False).iloc[:3].sum()
    assert f["rd_top3_share"] == pytest.approx(top3 / rd.value.sum())


@pytest.mark.parametrize("old, new, message", [
    ("1,2018-07-06,Brainport Eindhoven", "x,2018-07-06,Brainport Eindhoven", r"line 2 \(Brainport Eindhoven\): tranche 'x'"),
    ("1,2018-07-06,Brainport Eindhoven", "1,6 July 2018,Brainport Eindhoven", r"line 2 .*not a date"),
    ("1,2018-07-06,Brainport Eindhoven,", "1,2018-07-06,,", r"line 2 .*no name"),
])
def test_bad_rows_are_named(tmp_path, old, new, message):
    data = copy_data(tmp_path)
    replace_once(data, governance.DEALS_FILE, old, new)
    with pytest.raises(DataError, match=message):
        governance.load_deals(data_dir=data)


def test_themes_table_counts_each_theme():
    from analysis.literature import bibliography

    works = bibliography.load()
    t = governance.themes_table(("governance", "knowledge-infrastructure"), works)
    n = {tag: int(works["keywords"].map(lambda k, tag=tag: tag in k).sum())
         for tag in ("governance", "knowledge-infrastructure")}
    assert t["Theme"].value_counts().to_dict() == {"Governance": n["governance"],
                                                   "Knowledge infrastructure": n["knowledge-infrastructure"]}
