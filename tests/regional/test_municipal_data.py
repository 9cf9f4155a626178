"""The second collection round: 342 municipalities, education 2019-2023, quarterly unemployment, MBO colleges.

Known values are checked against the provenance notes (data/regional/SOURCES.md); every kind of bad input the
issue names stops loading with a message that names the file, the line and the region, and what to do.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.regional import regions
from analysis.regional.sources import DataError, Registry
from datafix import copy_data, edit_registry, replace_once

MUNI = "regional/municipalities_2023.csv"
EDU = "regional/education_attainment_2019_2023.csv"
UNEMP = "regional/unemployment_quarterly.csv"
DASH = "CBS_DASHBOARD_WERKLOOSHEID_PROVINCIE"


# ------------------------------------------------------------------------------------- known values
def test_municipal_series_cover_the_2023_division():
    pop = regions.indicator("population_total", "gemeente", 2023, complete=True)
    assert pop.n_regions == 342 and pop.value.sum() == 17_811_291
    he = regions.indicator("pct_hbo_wo_15_75", "gemeente", 2023)
    assert he.missing == ["GM0088"] and he.period == "2023-10-01"
    assert (he.value.min(), he.value.max()) == (12.3, 59.1)
    names = he.data.set_index("code")["name"]
    assert names[he.value.idxmin()] == "Urk" and names[he.value.idxmax()] == "Oegstgeest"
    inc = regions.indicator("avg_standardised_income_private_hh_excl_students", "gemeente", 2023, complete=True)
    assert (inc.value.min(), inc.value.max()) == (32.1, 148.2)


def test_municipal_population_sums_to_every_corop_area_exactly():
    pop = regions.indicator("population_total", "gemeente", 2023, complete=True).value
    lk = regions.lookup().set_index("gm_code")
    sums = pop.groupby(lk["corop_code"].reindex(pop.index)).sum()
    nuts3 = regions.indicator("population_total", "corop", 2023, source_id="EUROSTAT_DEMO_R_GIND3_DC").value
    assert (sums.reindex(nuts3.index) == nuts3).all()


def test_education_2019_2023_includes_limburg():
    for year in range(2019, 2024):
        sid = f"CBS_85525NED_{year}_PV"
        a = regions.indicator("pct_educ_31_hbo_wo_bachelor", "provincie", year, source_id=sid, complete=True)
        assert not a.missing
    b = regions.indicator("pct_educ_31_hbo_wo_bachelor", "provincie", 2022, source_id="CBS_85525NED_2022_PV")
    m = regions.indicator("pct_educ_32_hbo_wo_master_doctor", "provincie", 2022, source_id="CBS_85525NED_2022_PV")
    assert round(b.value["PV31"] + m.value["PV31"], 1) == 27.3  # Limburg, SOURCES.md
    old = regions.indicator("pct_educ_31_hbo_wo_bachelor", "provincie", 2022, source_id="CBS_85525NED_2022")
    assert (old.value.dropna() == b.value[old.value.dropna().index]).all()  # the 2022 values agree


def test_quarterly_unemployment_is_one_series_of_41_quarters():
    s = regions.series("unemployment_rate", "provincie", source_id=DASH)
    assert [i.period for i in s][:2] == ["2015Q1", "2015Q2"] and s[-1].period == "2025Q1" and len(s) == 41
    assert all(not i.missing for i in s)
    q = [regions.parse_quarter(i.period) for i in s]
    assert q == sorted(q) and q[0] == pd.Period("2015Q1", freq="Q")
    # 2022Q1 and 2023Q2 agree with the older tables of labour_market.csv (SOURCES.md)
    for period, sid in [("2022Q1", "CBS_83523NED_2022Q1"), ("2023Q2", "CBS_85268NED_2023Q2")]:
        a = regions.indicator("unemployment_rate", "provincie", period, source_id=DASH).value
        b = regions.indicator("unemployment_rate", "provincie", period, source_id=sid).value
        assert (a == b).all()


def test_revised_and_older_unemployment_never_meet_in_one_series():
    with pytest.raises(DataError, match=r"different survey bases.*ebb-pre-2021.*CBS_ACHTERGROND_2017_20"):
        regions.series("unemployment_rate", "provincie")
    with pytest.raises(DataError, match=r"period '2016Q1' comes from 2 sources.*different survey bases"):
        regions.indicator("unemployment_rate", "provincie", "2016Q1")
    reg = Registry.load()
    assert reg.basis(DASH) == "ebb-2021-revised" and reg.basis("CBS_ACHTERGROND_2017_20") == "ebb-pre-2021"


def test_raw_downloads_are_registered_with_what_was_made_from_them():
    reg = Registry.load()
    raw = reg.by_kind("raw")
    assert len(raw) == 7
    for entry in raw:
        assert entry.get("derived") in reg.files, entry.name
        reg.path(entry.name)


# ------------------------------------------------------------------------------------- bad input
def _fails(tmp_path, name, old, new, message):
    data = copy_data(tmp_path)
    replace_once(data, name, old, new)
    with pytest.raises(DataError, match=message) as err:
        regions.indicators(data_dir=data)
    return str(err.value)


def test_municipality_code_not_in_the_2023_division(tmp_path):
    msg = _fails(tmp_path, MUNI, "gemeente,GM0037,Stadskanaal,population_total", "gemeente,GM0038,Stadskanaal,population_total",
                 r"data/regional/municipalities_2023\.csv, line 4 \(GM0038 Stadskanaal.*unknown region code 'GM0038'")
    assert "Use the 2023 CBS code" in msg


def test_duplicated_municipality(tmp_path):
    msg = _fails(tmp_path, MUNI, "gemeente,GM0034,Almere,population_total,2023-01-01,222825",
                 "gemeente,GM0014,Groningen,population_total,2023-01-01,222825",
                 r"municipalities_2023\.csv, line 3 \(GM0014 Groningen, population_total.*duplicate row")
    assert "Remove one of the two rows" in msg


def test_share_outside_0_100(tmp_path):
    data = copy_data(tmp_path)
    text = (data / MUNI).read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("gemeente,GM0014,Groningen,pct_hbo_wo_15_75"))
    lineno = text.splitlines().index(line) + 1
    value = line.split(",")[5]
    replace_once(data, MUNI, line, line.replace(f",{value},", ",104.5,"))
    with pytest.raises(DataError, match=rf"municipalities_2023\.csv, line {lineno} \(GM0014 Groningen, pct_hbo_wo_15_75.*"
                                        r"value 104\.5 is outside the range \[0, 100\]"):
        regions.indicators(data_dir=data)


def test_undeclared_empty_value_is_an_error(tmp_path):
    msg = _fails(tmp_path, MUNI, "gemeente,GM0014,Groningen,population_total,2023-01-01,238147,",
                 "gemeente,GM0014,Groningen,population_total,2023-01-01,,",
                 r"municipalities_2023\.csv, line 2 \(GM0014 Groningen.*value '' is not a number")
    assert "no_value" in msg


def test_declared_gap_without_its_row_is_an_error(tmp_path):
    data = copy_data(tmp_path)
    replace_once(data, MUNI, "GM0088,Schiermonnikoog,pct_hbo_wo_15_75,2023-10-01,,",
                 "GM0088,Schiermonnikoog,pct_hbo_wo_15_75,2023-10-01,30.0,")
    with pytest.raises(DataError, match=r"declares no value for GM0088 pct_hbo_wo_15_75"):
        regions.indicators(data_dir=data)


@pytest.mark.parametrize("label", ["2015 Q1", "2015Q5", "2015K1", "het eerste kwartaal van 2015"])
def test_quarter_label_that_does_not_parse(tmp_path, label):
    msg = _fails(tmp_path, UNEMP, "provincie,PV20,Groningen,unemployment_rate,2015Q1,",
                 f"provincie,PV20,Groningen,unemployment_rate,{label},",
                 rf"unemployment_quarterly\.csv, line 3 \(PV20 Groningen, unemployment_rate, {label}.*"
                 rf"quarter label '{label}' does not parse")
    assert "YYYYQn" in msg


def test_period_that_does_not_parse_elsewhere(tmp_path):
    _fails(tmp_path, EDU, "land,NL01,Nederland,population_15_75,2019,", "land,NL01,Nederland,population_15_75,19,",
           r"education_attainment_2019_2023\.csv, line 2 \(NL01 Nederland.*period '19' does not parse")


def test_mixed_basis_row_in_the_revised_series(tmp_path):
    data = copy_data(tmp_path)
    edit_registry(data, "source_ids: [CBS_DASHBOARD_WERKLOOSHEID_PROVINCIE]\n    period: \"2015Q1-2025Q1\"\n    # Every",
                 "source_ids: [CBS_DASHBOARD_WERKLOOSHEID_PROVINCIE, CBS_ACHTERGROND_2017_20]\n"
                 "    period: \"2015Q1-2025Q1\"\n    # Every")
    replace_once(data, UNEMP, "provincie,PV21,Fryslân,unemployment_rate,2016Q1,8.7,percent of labour force (15-75),"
                 f"{DASH}", "provincie,PV21,Fryslân,unemployment_rate,2016Q1,8.7,percent of labour force (15-75),"
                 "CBS_ACHTERGROND_2017_20")
    with pytest.raises(DataError, match=r"unemployment_quarterly\.csv, line \d+ \(PV21 Fryslân, unemployment_rate, 2016Q1, "
                                        r"CBS_ACHTERGROND_2017_20\): mixed-basis series.*'ebb-pre-2021'"):
        regions.indicators(data_dir=data)


def test_a_missing_municipality_row_is_named(tmp_path):
    data = copy_data(tmp_path)
    text = (data / MUNI).read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("gemeente,GM0037,Stadskanaal,pct_hbo_wo_15_75"))
    replace_once(data, MUNI, line + "\n", "")
    with pytest.raises(DataError, match=r"municipalities_2023\.csv: pct_hbo_wo_15_75, period 2023-10-01: no row for 1 "
                                        r"gemeente region\(s\) of the 2023 division \(GM0037\)"):
        regions.indicators(data_dir=data)


def test_coverage_is_computed_on_load():
    cov = regions.coverage([MUNI, UNEMP]).set_index(["file", "indicator", "level"])
    he = cov.loc[(MUNI, "pct_hbo_wo_15_75", "gemeente")]
    assert (he["regions"], he["of"], he["no_value"]) == (341, 342, 1)
    un = cov.loc[(UNEMP, "unemployment_rate", "provincie")]
    assert (un["periods"], un["first"], un["last"], un["regions"]) == (41, "2015Q1", "2025Q1", 12)


def test_appendix_lists_coverage_and_caveats_from_the_registry():
    from analysis.regional import sources

    text = sources.files_markdown()
    for name in (MUNI, EDU, UNEMP, "regional/mbo_institutions.csv"):
        item = next(i for i in text.split("\n- ") if f"`{name}`" in i)
        assert "*Coverage:*" in item and "*Caveats:*" in item, name
    raw = sources.files_markdown(kinds=("raw",))
    assert raw.count("\n- ") + 1 == 7 and "transcribed into `regional/unemployment_quarterly.csv`" in raw
