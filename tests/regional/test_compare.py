"""Tests of analysis.regional.compare and analysis.regional.nesting: hand-computed cases and known Dutch region facts."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from analysis.regional import compare, nesting


# ------------------------------------------------------------------ dispersion
def test_dispersion_matches_hand_computation():
    # values 10, 20, 30: mean 20, population sd sqrt(200/3), cv = sd / 20, max/min = 3
    d = compare.dispersion(pd.Series([10, 20, 30], index=["a", "b", "c"]))
    assert d["mean"] == pytest.approx(20)
    assert d["sd"] == pytest.approx(math.sqrt(200 / 3))
    assert d["cv"] == pytest.approx(math.sqrt(200 / 3) / 20)
    assert d["max_min"] == pytest.approx(3)
    assert d["n"] == 3 and d["n_missing"] == 0


def test_weighted_cv_matches_hand_computation():
    # weights 1, 1, 2 → shares .25 .25 .5; weighted mean 2.5 + 5 + 15 = 22.5
    # variance .25*12.5**2 + .25*2.5**2 + .5*7.5**2 = 68.75 → cv_w = sqrt(68.75) / 22.5
    vals = pd.Series([10, 20, 30], index=["a", "b", "c"])
    w = pd.Series([1, 1, 2], index=["a", "b", "c"])
    d = compare.dispersion(vals, w)
    assert d["mean_weighted"] == pytest.approx(22.5)
    assert d["cv_weighted"] == pytest.approx(math.sqrt(68.75) / 22.5)


def test_equal_weights_give_the_unweighted_cv():
    vals = pd.Series([3.0, 7.0, 11.0, 2.0], index=list("abcd"))
    d = compare.dispersion(vals, pd.Series(5.0, index=list("abcd")))
    assert d["cv_weighted"] == pytest.approx(d["cv"])


def test_dispersion_skips_and_counts_missing_values():
    d = compare.dispersion(pd.Series([10, None, 30], index=["a", "b", "c"]))
    assert d["n"] == 2 and d["n_missing"] == 1
    assert d["max_min"] == pytest.approx(3)


def test_dispersion_fails_on_a_missing_weight_naming_the_region():
    with pytest.raises(ValueError, match="b"):
        compare.dispersion(pd.Series([1.0, 2.0], index=["a", "b"]), pd.Series([1.0], index=["a"]))


def test_dispersion_needs_two_values():
    with pytest.raises(ValueError, match="two regions"):
        compare.dispersion(pd.Series([1.0, None], index=["a", "b"]))


def test_dispersion_by_period_weights_only_where_every_region_has_a_weight():
    data = pd.DataFrame({"code": ["a", "b"] * 2, "period": [2010, 2010, 2020, 2020], "value": [1, 3, 2, 2]})
    weights = pd.DataFrame({"code": ["a", "b", "a"], "period": [2010, 2010, 2020], "value": [1, 1, 1]})
    out = compare.dispersion_by_period(data, weights=weights)
    assert list(out.index) == [2010, 2020]
    assert out.loc[2010, "cv_weighted"] == pytest.approx(0.5)  # mean 2, sd 1
    assert math.isnan(out.loc[2020, "cv_weighted"])  # region b has no weight in 2020
    assert out.loc[2020, "cv"] == pytest.approx(0)


def test_growth_and_percentile_rank():
    g = compare.growth(pd.Series({"a": 100.0, "b": 50.0}), pd.Series({"a": 110.0, "b": 25.0}))
    assert g["a"] == pytest.approx(10) and g["b"] == pytest.approx(-50)
    r = compare.percentile_rank(pd.Series({"a": 1.0, "b": 2.0, "c": 3.0}))
    assert list(r) == [0, 50, 100]
    r = compare.percentile_rank(pd.Series({"a": 1.0, "b": 2.0, "c": 3.0}), higher_is_better=False)
    assert list(r) == [100, 50, 0]


def test_profile_ranks_among_all_regions_and_flips_unfavourable_indicators():
    data = pd.DataFrame(
        {
            "indicator": ["gdp"] * 3 + ["unemployment"] * 3,
            "code": ["a", "b", "c"] * 2,
            "value": [10, 20, 30, 5, 4, 3],
        }
    )
    out = compare.profile(data, ["a", "c"], higher_is_better={"unemployment": False})
    gdp = out[out.indicator == "gdp"].set_index("code")
    unemp = out[out.indicator == "unemployment"].set_index("code")
    assert gdp.loc["a", "pct_rank"] == 0 and gdp.loc["c", "pct_rank"] == 100
    assert unemp.loc["a", "pct_rank"] == 0 and unemp.loc["c", "pct_rank"] == 100
    assert set(out["n"]) == {3}


def test_profile_refuses_two_rows_for_one_region():
    data = pd.DataFrame({"indicator": ["gdp"] * 3, "code": ["a", "a", "b"], "value": [1, 2, 3]})
    with pytest.raises(ValueError, match="more than one row for a"):
        compare.profile(data, ["a"])


def test_balance_nets_top_against_bottom():
    out = compare.balance(pd.Series({"x": 10, "y": 2, "z": 5}), pd.Series({"x": 1, "y": 9, "z": 5}))
    assert list(out.index) == ["x", "z", "y"]
    assert out.loc["y", "net"] == -7 and out.loc["x", "rank"] == 1


def test_maup_on_a_small_case():
    # province P holds fine regions p1 (10) and p2 (40); province Q holds q1 (20)
    coarse = pd.Series({"P": 25.0, "Q": 20.0})
    fine = pd.Series({"p1": 10.0, "p2": 40.0, "q1": 20.0})
    parent = pd.Series({"p1": "P", "p2": "P", "q1": "Q"})
    m = compare.maup(coarse, fine, parent)
    assert m.coarse["max_min"] == pytest.approx(1.25)
    assert m.fine["max_min"] == pytest.approx(4)
    assert m.within.loc["P", "gap"] == pytest.approx(30)
    assert m.within.loc["Q", "n_fine"] == 1
    # p1 is the lowest fine region, yet its province ranks first of two
    assert m.rank_shift("p1", parent) == (3, 3, 1, 2)


def test_maup_names_a_region_without_parent():
    with pytest.raises(KeyError, match="q9"):
        compare.maup(pd.Series({"P": 1.0}), pd.Series({"q9": 1.0}), pd.Series({"p1": "P"}))


# ------------------------------------------------------------------ nesting
@pytest.fixture()
def toy_layers():
    """Four unit squares in a row; regions A = units 1-2, B = units 3-4; parents X = 1, Y = 2-4."""
    crs = "EPSG:28992"
    units = gpd.GeoDataFrame({"code": ["u1", "u2", "u3", "u4"]},
                             geometry=[box(i, 0, i + 1, 1) for i in range(4)], crs=crs)
    regions = gpd.GeoDataFrame({"code": ["A", "B"]}, geometry=[box(0, 0, 2, 1), box(2, 0, 4, 1)], crs=crs)
    parents = gpd.GeoDataFrame({"code": ["X", "Y"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 4, 1)], crs=crs)
    return units, regions, parents


def test_locate_and_members_on_toy_layers(toy_layers):
    units, regions, parents = toy_layers
    lookup = pd.DataFrame({"code": units["code"], "region": nesting.locate(units, regions).to_numpy(),
                           "parent": nesting.locate(units, parents).to_numpy()})
    assert list(lookup["region"]) == ["A", "A", "B", "B"]
    out = nesting.members(lookup, "region", "parent", area=units.set_index("code").area)
    assert out.loc["A", "n_units"] == 2 and out.loc["A", "n_parents"] == 2
    assert out.loc["A", "main_share_area"] == pytest.approx(0.5)
    assert out.loc["B", "n_parents"] == 1
    assert list(nesting.crossing(lookup, "region", "parent").index) == ["A"]
    m = nesting.nesting_matrix(lookup, {"R": "region", "P": "parent"})
    assert m.loc["R", "P"] == pytest.approx(0.5) and m.loc["P", "R"] == pytest.approx(0.5)


def test_area_shares_drop_slivers(toy_layers):
    _, regions, parents = toy_layers
    shifted = parents.copy()
    shifted["geometry"] = [box(0, 0, 2.01, 1), box(2.01, 0, 4, 1)]  # X pokes 0.5 % into B
    out = nesting.area_shares(regions, shifted, min_share=0.01)
    assert out[out.region == "B"]["parent"].tolist() == ["Y"]
    assert out[out.region == "A"]["share"].sum() == pytest.approx(1)


def test_locate_refuses_mixed_crs(toy_layers):
    units, regions, _ = toy_layers
    with pytest.raises(ValueError, match="reproject"):
        nesting.locate(units, regions.to_crs("EPSG:4326"))
