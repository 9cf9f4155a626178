"""Tests of the chapter evidence (analysis.chapters.why_region, analysis.chapters.what_region) against known facts and hand sums."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.regional import regions
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


def test_higher_educated_sums_levels_31_and_32_and_keeps_limburg_missing():
    ind, facts = wy.higher_educated()
    df = regions.indicators()
    sel = df[(df.source_id == "CBS_85525NED_2022") & (df.region_code == "PV26")].set_index("indicator")["value"]
    assert ind.value["PV26"] == pytest.approx(sel["pct_educ_31_hbo_wo_bachelor"] + sel["pct_educ_32_hbo_wo_master_doctor"])
    assert ind.missing == ["PV31"] and facts["he_missing"] == "Limburg"


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
