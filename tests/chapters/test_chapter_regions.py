"""Tests of the chapter evidence (analysis.chapters.why_region, analysis.chapters.what_region) against known facts and hand sums."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.regional import compare, regions
from analysis.chapters import what_region as wr
from analysis.chapters import why_region as wy


@pytest.fixture(scope="module")
def lookup():
    return wr.municipality_lookup()


def test_oost_groningen_is_cr01_in_groningen_pv20(lookup):
    lk, _ = lookup
    corop = lk[lk["corop"] == wy.OOST_GRONINGEN]
    assert set(corop["provincie"]) == {"PV20"}
    assert wy.names("corop")[wy.OOST_GRONINGEN] == "Oost-Groningen"
    assert wy.names("provincie")["PV20"] == "Groningen"


def test_brabant_corop_areas_are_the_four_in_noord_brabant(lookup):
    lk, _ = lookup
    in_nb = sorted(lk.loc[lk["provincie"] == wy.NOORD_BRABANT, "corop"].unique())
    assert in_nb == wy.BRABANT_COROP


def test_three_assignments_of_municipalities_agree(lookup):
    _, facts = lookup
    assert facts["n_gm"] == 342
    assert facts["n_agree_point"] == 342
    assert facts["n_disagree_crosswalk"] == 0


def test_nesting_known_facts(lookup):
    lk, _ = lookup
    tables, facts = wr.nesting_tables(lk)
    # COROP areas nest in provinces; ten labour-market regions cross a province border (SOURCES.md)
    assert facts["n_corop_cross"] == 0
    assert facts["n_am_cross"] == 10
    assert facts["n_area_cross"] == 10
    crossing = set(tables["crossing"]["Code"])
    assert {"AM01", "AM08", "AM33"} <= crossing  # Groningen–Drenthe, Nijmegen–Mook, Midden-Limburg–Cranendonck
    am01 = tables["members"]["arbeidsmarktregio"].loc["AM01"]
    assert am01["parents"].startswith("PV20 (10), PV22 (4)")
    assert tables["matrix"].loc["COROP area", "Province"] == 1


def test_maup_oost_groningen_hidden_in_the_province_average():
    _, m, parent, facts = wr.maup_gdp(2021)
    assert parent["CR01"] == "PV20"
    assert facts["maup_og_rank"] == 40  # lowest COROP area
    assert facts["maup_gr_rank"] < 12  # its province is not the lowest province
    assert facts["maup_corop_ratio"] > facts["maup_prov_ratio"]
    # the province value lies between the lowest and highest COROP area inside it
    w = m.within.loc["PV20"]
    assert w["fine_min"] <= w["value"] <= w["fine_max"]


def test_net_participation_is_employed_over_population_by_hand():
    df = regions.indicators()
    sel = df[(df.source_id == "CBS_85494NED_2022") & (df.region_code == "PV20")].set_index("indicator")["value"]
    by_hand = sel["employed_labour_force"] / sel["population_15_75"] * 100
    (_, part), facts = wy.labour_market()
    assert part.value["PV20"] == pytest.approx(by_hand)
    assert facts["p_gr"] == pytest.approx(by_hand)


def test_higher_educated_sums_levels_31_and_32_and_includes_limburg():
    ind, facts = wy.higher_educated()
    df = regions.indicators()
    sel = df[(df.source_id == "CBS_85525NED_2023_PV") & (df.region_code == "PV26")].set_index("indicator")["value"]
    assert ind.value["PV26"] == pytest.approx(sel["pct_educ_31_hbo_wo_bachelor"] + sel["pct_educ_32_hbo_wo_master_doctor"])
    assert ind.missing == [] and facts["he_n"] == 12 and facts["he_limburg"] == pytest.approx(27.8)


def test_education_series_is_one_table_with_every_province_every_year():
    wide, facts = wy.education_series()
    assert list(wide.index) == [2019, 2020, 2021, 2022, 2023] and wide.notna().all().all()
    assert wide.shape[1] == 13 and wide.loc[2022, "Limburg"] == pytest.approx(27.3)  # 18.7 + 8.6, SOURCES.md
    assert facts["edu_limburg_2022"] == pytest.approx(27.3)


def test_within_between_decomposition_is_exact_by_hand():
    values = pd.Series({"a": 1.0, "b": 3.0, "c": 10.0, "d": 14.0, "e": None})
    groups = pd.Series({"a": "P", "b": "P", "c": "Q", "d": "Q", "e": "Q"})
    d = compare.decompose(values, groups)
    # means P = 2, Q = 12, all = 7; between = (25 + 25) / 2 = 25; within = (1 + 4) / 2 = 2.5; total = 27.5
    assert (d.between, d.within, d.total) == pytest.approx((25.0, 2.5, 27.5))
    assert d.n == 4 and d.groups.loc["Q", "n_missing"] == 1 and d.groups.loc["Q", "range"] == 4.0
    with pytest.raises(KeyError, match="no group for region"):
        compare.decompose(pd.Series({"x": 1.0, "y": 2.0}), pd.Series({"x": "P"}))


def test_municipal_spread_within_and_between_provinces():
    he, inc, facts = wy.municipal_maps()
    assert facts["gm_n"] == 342 and facts["gm_he_n"] == 341 and facts["gm_he_missing"] == "Schiermonnikoog"
    assert facts["gm_inc_max_name"] == "Laren" and facts["gm_inc_n_lowest_equal_class"] > 300
    d, f = wy.within_between(he, "wb")
    assert d.between + d.within == pytest.approx(d.total)
    assert d.total == pytest.approx(he.value.dropna().var(ddof=0))
    assert d.groups["n"].sum() == 341 and f["wb_share_within"] + f["wb_share_between"] == pytest.approx(100)


def test_quarterly_unemployment_facts():
    wide, facts = wy.unemployment_quarterly()
    assert len(wide) == 41 and str(wide.index[0]) == "2015Q1" and str(wide.index[-1]) == "2025Q1"
    assert facts["uq_year_before"] == "2024Q1"
    assert facts["uq_nl_first"] == 8.5 and facts["uq_gr_first"] == 10.5  # first row of the dashboard export
    assert facts["uq_n_up"] + facts["uq_n_down"] + facts["uq_n_same"] == 12


def test_profile_values_match_the_sources():
    prof, wide, facts = wy.profile_og_brabant()
    assert facts["og_gdp"] == pytest.approx(27.1)  # CBS Regionale brede welvaart 2022, fig. 3.1.1
    og = prof[(prof.code == "CR01")].set_index("indicator")
    assert og.loc["gdp_cbs_2021", "pct_rank"] == 0 and og.loc["gdp_cbs_2021", "n"] == 40
    assert list(wide.columns[:2]) == ["Oost-Groningen", "Oost-Groningen: rank of 40"]


def test_gdp_dispersion_uses_one_source_and_weights_only_complete_years():
    disp, facts = wy.gdp_dispersion()
    corop = disp[disp.level == "corop"].set_index("period")
    assert list(corop.index) == [2010, 2015, 2021]
    assert pd.isna(corop.loc[2010, "cv_weighted"])  # 7 COROP areas lack a 2010 population in Eurostat
    assert not pd.isna(corop.loc[2015, "cv_weighted"])
    assert facts["maxmin_corop_last"] == pytest.approx(92200 / 27400)


def test_broad_wellbeing_balance_known_counts():
    bal, net, facts = wy.broad_wellbeing()
    assert (facts["bw_gr_top"], facts["bw_gr_bottom"]) == (0, 17)
    assert (facts["bw_nb_top"], facts["bw_nb_bottom"]) == (8, 1)
    assert net.value["PV20"] == -17


def test_municipal_maup_ranks_and_spread():
    inds, m, parent, facts = wr.maup_municipal()
    assert facts["mm_n_gm"] == 341 and facts["mm_n_prov"] == 12
    assert facts["mm_top_name"] == "Oegstgeest" and facts["mm_bottom_name"] == "Urk" and facts["mm_bottom_rank"] == 341
    assert facts["mm_gm_ratio"] > facts["mm_prov_ratio"] and facts["mm_gm_cv"] > facts["mm_prov_cv"]
    assert m.within["n_fine"].sum() == 341


def test_municipal_summaries_are_exact_order_statistics():
    inds, _, _, _ = wr.maup_municipal()
    out, facts = wr.municipal_summaries(inds[1])
    assert set(out) == {"provincie", "corop", "arbeidsmarktregio"}
    assert len(out["corop"]) == 40 and len(out["arbeidsmarktregio"]) == 35
    lk = regions.lookup().set_index("gm_code")
    v = inds[1].value
    members = v[lk["arbeidsmarktregio_code"].reindex(v.index) == "AM01"].dropna()
    row = out["arbeidsmarktregio"].loc["AM01"]
    assert (row["min"], row["median"], row["max"], row["n"]) == (members.min(), members.median(), members.max(), len(members))
    assert out["provincie"]["n"].sum() + out["provincie"]["n_missing"].sum() == 342


def test_population_sums_reproduce_eurostat_exactly():
    table, facts = wr.population_sums()
    assert (table["population"] == 17_811_291).all()
    assert facts["ps_corop_n_diff"] == 0 and facts["ps_corop_n_checked"] == 40
    assert facts["ps_provincie_n_diff"] == 0 and facts["ps_provincie_n_checked"] == 12
    assert table.loc["arbeidsmarktregio", "regions"] == 35


def test_basis_gap_measures_but_never_mixes_the_two_unemployment_bases():
    gap = wy.basis_gap()
    assert len(gap) == 24 and (gap > 0).all()  # 12 provinces x 2016Q1, 2017Q1; the revised rates are higher
    dash = regions.indicator("unemployment_rate", "provincie", "2016Q1", source_id=wy.UNEMPLOYMENT_QUARTERLY).value
    old = regions.indicator("unemployment_rate", "provincie", "2016Q1", source_id=wy.OLDER_BASIS).value
    assert gap.loc["2016Q1"].round(1).equals((dash - old).round(1))
