"""Your region: every region has a profile, and what a profile shows equals what ``data/`` holds."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.chapters import profiles
from analysis.literature import bibliography
from analysis.regional import regions
from analysis.regional.sources import DataError


@pytest.fixture(scope="module")
def profile():
    return profiles.build()


def test_every_region_of_the_four_systems_has_a_profile(profile):
    levels = pd.Series([r["level"] for r in profile["regions"].values()]).value_counts().to_dict()
    assert levels == {"gemeente": 342, "corop": 40, "arbeidsmarktregio": 35, "provincie": 12}
    for lvl, meta in profile["levels"].items():
        assert set(meta["codes"]) == set(regions.boundaries(lvl)["code"])
        assert set(meta["map"]["paths"]) == set(meta["codes"])


def test_values_and_ranks_equal_the_data(profile):
    gdp = regions.indicator("gdp_per_inhabitant", "corop", 2021, "CBS_RBW2022_H3").data.set_index("code")["value"]
    rank = gdp.rank(ascending=False, method="min")
    for code in ("CR12", "CR01", "CR39"):
        assert profile["regions"][code]["values"]["gdp_per_inhabitant"][:2] == [gdp[code], int(rank[code])]
    pop = regions.indicator("population_total", "gemeente", "2023-01-01").data.set_index("code")["value"]
    assert profile["regions"]["GM0034"]["values"]["population_total"][:2] == [
        pop["GM0034"], int(pop.rank(ascending=False, method="min")["GM0034"])]
    quarterly = regions.indicators()
    q = quarterly[(quarterly["source_id"] == "CBS_DASHBOARD_WERKLOOSHEID_PROVINCIE") & (quarterly["period"] == "2025Q1")
                  & (quarterly["region_level"] == "provincie")].set_index("region_code")["value"]
    meta = profile["levels"]["provincie"]["indicators"]["unemployment_rate"]
    assert meta["period"] == "2025Q1" and meta["source"] == "CBS_DASHBOARD_WERKLOOSHEID_PROVINCIE"
    assert profile["regions"]["PV20"]["values"]["unemployment_rate"][0] == q["PV20"]
    assert len(profile["regions"]["PV20"]["values"]["unemployment_rate"][2]) == len(meta["periods"]) == 41


def test_labour_market_regions_get_exact_population_sums_and_municipal_spread(profile):
    look = regions.lookup()
    pop = regions.indicator("population_total", "gemeente", "2023-01-01").data.set_index("code")["value"]
    gms = look.loc[look["arbeidsmarktregio_code"] == "AM01", "gm_code"]
    assert profile["regions"]["AM01"]["values"]["population_total"][0] == pop[gms].sum()
    share = regions.indicator("pct_hbo_wo_15_75", "gemeente", "2023-10-01").data.set_index("code")["value"]
    lo, med, hi, n = profile["regions"]["AM01"]["spread"]["pct_hbo_wo_15_75"]
    s = share.reindex(gms).dropna()
    assert (lo, med, hi, n) == (s.min(), s.median(), s.max(), len(s))
    assert sorted(profile["regions"]["AM01"]["municipalities"]) == sorted(gms)


def test_peers_and_neighbours_stay_in_their_level(profile):
    for code, r in profile["regions"].items():
        assert code not in r["peers"] and len(r["peers"]) == 5
        for other in r["peers"] + r["neighbours"]:
            assert profile["regions"][other]["level"] == r["level"]
        for other in r["neighbours"]:
            assert code in profile["regions"][other]["neighbours"], (code, other)
    assert "CR14" in profile["regions"]["CR12"]["neighbours"]  # Twente borders the Achterhoek
    assert profile["regions"]["GM0088"]["neighbours"] == []   # Schiermonnikoog: an island


def test_peer_rule_on_a_hand_made_table():
    t = pd.DataFrame({"a": [0.0, 1.0, 10.0, 11.0], "b": [0.0, 1.0, 10.0, 12.0]}, index=list("wxyz"))
    near = profiles.peers(t, n=2)
    assert near["w"] == ["x", "y"] and near["z"] == ["y", "x"]


def test_evidence_follows_the_coded_places(profile):
    works = bibliography.load()
    twente = set(works.loc[works["places"].map(lambda p: "CR12" in p), "key"])
    assert twente, "the bibliography codes works on Twente (CR12)"
    assert twente <= set(profile["regions"]["CR12"]["evidence"])
    assert twente <= set(profile["regions"]["GM0153"]["evidence"])   # Enschede lies in Twente
    assert twente <= set(profile["regions"]["PV23"]["evidence"])     # Overijssel contains Twente
    only_twente = set(works.loc[works["places"].map(lambda p: set(p) - {"NL"} == {"CR12"}), "key"])
    assert only_twente and not only_twente & set(profile["regions"]["PV31"]["evidence"])  # not in Limburg
    for r in profile["regions"].values():
        if not r["evidence"]:
            assert set(r["evidence_peers"]) <= {k for p in r["peers"] for k in profile["regions"][p]["evidence"]}


def test_institutions_and_deals_are_placed(profile):
    names = {i[1] for i in profile["regions"]["CR12"]["institutions"]}
    assert "Universiteit Twente" in names and "Saxion Hogeschool" in names
    assert profile["regions"]["GM0034"]["institutions"][0][0] == "mbo"


def test_a_boundary_without_data_is_named():
    data = regions.to_cbs(regions.indicators())
    geo = {lvl: regions.boundaries(lvl) for lvl in profiles.LEVELS}
    problems = profiles._coverage_problems(data[data["region_code"] != "GM0034"], geo, regions.lookup())
    assert problems == ["gemeente GM0034 Almere has a boundary but no figure"]
    extra = pd.concat([data, data[data["region_code"] == "GM0034"].assign(region_code="GM9999")])
    assert "gemeente GM9999 has data but no 2023 boundary" in profiles._coverage_problems(extra, geo, regions.lookup())


@pytest.mark.parametrize("label, key", [("2021", 2021.0), ("2015Q3", 2015.5), ("2023-01-01", 2023.0),
                                        ("2013-2019", 2019.0)])
def test_period_key(label, key):
    assert profiles.period_key(label) == key


def test_an_unordered_period_is_an_error():
    with pytest.raises(DataError, match="period label 'spring 2020' cannot be ordered"):
        profiles.period_key("spring 2020")


def test_the_embedded_json_is_safe_and_complete(profile):
    text = profiles.to_json(profile)
    assert "</" not in text and "NaN" not in text
    assert json.loads(text)["regions"]["CR39"]["name"] == "Zuid-Limburg"
    html = profiles.page_html(profile)
    assert '<label for="lr-pick">' in html and 'role="status"' in html and "http" not in profiles.SCRIPT.read_text()


def test_the_aliases_name_cbs_regions(profile):
    table = {a[0]: a[1] for a in profile["aliases"]}
    assert table["Den Bosch"] == "GM0796" and table["Den Haag"] == "GM0518"
    assert all(code in profile["regions"] for code in table.values()) and all(a[2] for a in profile["aliases"])


def test_an_alias_with_a_wrong_code_or_name_is_named():
    names = {"GM0796": "'s-Hertogenbosch"}
    with pytest.raises(DataError, match=r"region_aliases.csv: line 3 \(Den Haag\): GM0518 is not a region of the book"):
        profiles.aliases(names)
    with pytest.raises(DataError, match=r"line 2 \(Den Bosch\): GM0796 is called 'Den Bosch' by CBS, not "
                                        r"\"'s-Hertogenbosch\""):
        profiles.aliases({**names, "GM0796": "Den Bosch"})


def test_every_labour_market_region_shows_its_unemployment_rate_with_its_source(profile):
    meta = profile["levels"]["arbeidsmarktregio"]["indicators"]["unemployment_rate"]
    assert meta["source"] == "CBS_NEWS_2017_17_AM" and meta["period"] == "2016" and meta["n"] == 35
    twente = regions.indicator("unemployment_rate", "arbeidsmarktregio", 2016).data.set_index("code")["value"]["AM05"]
    assert profile["regions"]["AM05"]["values"]["unemployment_rate"][0] == twente == 6.7
