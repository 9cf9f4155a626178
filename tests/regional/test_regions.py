"""Boundaries, indicators, joins and the municipality lookup; bad input stops with a clear message."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.regional import regions
from analysis.regional.sources import DATA_DIR, DataError
from datafix import copy_data, rewrite

COUNTS = {"landsdeel": 4, "provincie": 12, "corop": 40, "arbeidsmarktregio": 35, "gemeente": 342}


@pytest.mark.parametrize("level", regions.LEVELS)
def test_boundaries(level):
    gdf = regions.boundaries(level)
    assert list(gdf.columns) == ["code", "name", "geometry"]
    assert len(gdf) == COUNTS[level]
    assert gdf.crs.to_epsg() == 28992
    assert gdf["code"].is_unique and gdf["code"].is_monotonic_increasing
    assert gdf.is_valid.all(), "invalid geometries must be repaired on load"
    # RD New metres: the Netherlands is roughly 13-278 km east, 306-620 km north
    minx, miny, maxx, maxy = gdf.total_bounds
    assert 0 < minx < 20_000 and 270_000 < maxx < 290_000 and 300_000 < miny < 310_000 and 610_000 < maxy < 630_000


def test_boundaries_return_a_copy():
    a = regions.boundaries("provincie")
    a.loc[0, "name"] = "changed"
    assert regions.boundaries("provincie").loc[0, "name"] == "Groningen"


def test_unknown_level():
    with pytest.raises(DataError, match="unknown region level 'nuts2'"):
        regions.boundaries("nuts2")


def _drop_feature(text: str, code: str) -> str:
    lines = text.split("\n")
    kept = [ln for ln in lines if f'"statcode":"{code}"' not in ln]
    assert len(kept) == len(lines) - 1
    out = "\n".join(kept)
    return out.replace("},\n]}", "}\n]}") if out.rstrip().endswith("},\n]}") else out


@pytest.mark.parametrize("name, level, old, new, message", [
    ("geo/provincie_2023.geojson", "provincie", '"statcode":"PV21"', '"statcode":"PV20"',
     r"data/geo/provincie_2023\.geojson: duplicate region code\(s\) \['PV20'\]"),
    ("geo/coropgebied_2023.geojson", "corop", '"statcode":"CR40"', '"statcode":"CR41"',
     r"coropgebied_2023\.geojson: unknown region code\(s\) \['CR41'\]"),
    ("geo/provincie_2023.geojson", "provincie", '"statcode":"PV22"', '"statcode":"P22"',
     r"feature 3 has code 'P22'"),
], ids=["duplicate-code", "unknown-code", "malformed-code"])
def test_boundary_with_a_bad_code_names_it(tmp_path, name, level, old, new, message):
    data = copy_data(tmp_path)
    text = (data / name).read_text(encoding="utf-8").replace(old, new)
    rewrite(data, name, text)
    with pytest.raises(DataError, match=message):
        regions.boundaries(level, data_dir=data)


def test_boundary_with_a_corrupt_checksum(tmp_path):
    data = copy_data(tmp_path)
    name = "geo/gemeente_2023.geojson"
    (data / name).write_bytes((data / name).read_bytes().replace(b"Groningen", b"Groninge", 1))
    with pytest.raises(DataError, match=r"data/geo/gemeente_2023\.geojson: sha256 mismatch"):
        regions.boundaries("gemeente", data_dir=data)


def test_indicators_are_tidy_and_complete():
    df = regions.indicators()
    assert list(df.columns) == regions.INDICATOR_COLUMNS + ["file"]
    assert df["value"].dtype == float and df["value"].notna().all()
    declared = regions.no_value()
    for name in set(df["file"]):
        rows = len(pd.read_csv(DATA_DIR / name))
        gaps = (declared["file"] == name).sum()  # rows with no value published, declared in the registry
        assert (df["file"] == name).sum() == rows - gaps, name
    assert declared[["region_code", "indicator"]].values.tolist() == [["GM0088", "pct_hbo_wo_15_75"]]
    assert {"provincie", "corop", "nuts2", "nuts3", "land"} <= set(df["region_level"])


def _corrupt_csv(tmp_path, old: str, new: str, name="regional/economy_gdp.csv"):
    data = copy_data(tmp_path)
    text = (data / name).read_text(encoding="utf-8")
    assert old in text
    rewrite(data, name, text.replace(old, new, 1))
    return data


def test_non_numeric_value_names_file_and_line(tmp_path):
    data = _corrupt_csv(tmp_path, "CR03,Overig Groningen,gdp_per_inhabitant,2021,49.3,",
                        "CR03,Overig Groningen,gdp_per_inhabitant,2021,49;3,")
    with pytest.raises(DataError) as err:
        regions.indicators(data_dir=data)
    msg = str(err.value)
    assert "data/regional/economy_gdp.csv, line 4" in msg and "CR03" in msg and "'49;3' is not a number" in msg


def test_value_out_of_range_for_its_unit(tmp_path):
    data = _corrupt_csv(tmp_path, "PV20,Groningen,unemployment_rate,2022,4.0,", "PV20,Groningen,unemployment_rate,2022,400,",
                        name="regional/labour_market.csv")
    with pytest.raises(DataError, match=r"labour_market\.csv, line 6 \(PV20 Groningen.*value 400 is outside the range \[0, 100\]"):
        regions.indicators(data_dir=data)


def test_unknown_region_code_in_a_table(tmp_path):
    data = _corrupt_csv(tmp_path, "corop,CR02,Delfzijl", "corop,CR99,Delfzijl")
    with pytest.raises(DataError, match=r"economy_gdp\.csv, line 3 .*unknown region code 'CR99'"):
        regions.indicators(data_dir=data)


def test_unknown_unit(tmp_path):
    data = _corrupt_csv(tmp_path, "27.1,1000 euro,", "27.1,1000 euros,")
    with pytest.raises(DataError, match=r"line 2 .*unit '1000 euros' is not in data/sources\.yaml"):
        regions.indicators(data_dir=data)


def test_duplicate_row(tmp_path):
    data = copy_data(tmp_path)
    name = "regional/brede_welvaart.csv"
    lines = (data / name).read_text(encoding="utf-8").splitlines()
    rewrite(data, name, "\n".join(lines + [lines[1]]) + "\n")
    with pytest.raises(DataError, match=rf"line {len(lines) + 1} .*duplicate row"):
        regions.indicators(data_dir=data)


def test_to_cbs_joins_nuts_codes():
    df = regions.indicators()
    eu = df[(df["source_id"] == "EUROSTAT_NAMA_10R_3GDP_DC") & (df["indicator"] == "gdp_per_inhabitant")
            & (df["period"] == "2021")]
    joined = regions.to_cbs(eu)
    prov = joined[joined["region_level"] == "provincie"]
    corop = joined[joined["region_level"] == "corop"]
    assert sorted(prov["region_code"]) == sorted(regions.boundaries("provincie")["code"])
    assert sorted(corop["region_code"]) == sorted(regions.boundaries("corop")["code"])
    names = dict(zip(regions.boundaries("corop")["code"], regions.boundaries("corop")["name"]))
    assert (corop["region_name"] == corop["region_code"].map(names)).all()
    assert joined.set_index("nuts_code").loc["NL11", "region_code"] == "PV20"
    assert joined.set_index("nuts_code").loc["NL33C", "region_name"] == "Groot-Rijnmond"


def test_to_cbs_refuses_nuts_2021_codes():
    df = pd.DataFrame({"region_level": ["nuts2"], "region_code": ["NL35"], "region_name": ["Utrecht"]})
    with pytest.raises(DataError, match=r"\['NL35'\] are not in data/regional/crosswalk_nuts2016_cbs\.csv"):
        regions.to_cbs(df)


def test_indicator_joins_every_region():
    gdp = regions.indicator("gdp_per_inhabitant", level="corop", period=2021)
    assert len(gdp.data) == 40 and gdp.missing == []
    assert gdp.unit == "1000 euro" and gdp.source_id == "CBS_RBW2022_H3" and "CBS" in gdp.source
    assert gdp.data.crs.to_epsg() == 28992
    assert gdp.value["CR01"] == pytest.approx(27.1)
    assert gdp.value.max() / gdp.value.min() > 2


def test_indicator_from_nuts_rows():
    ll = regions.indicator("pct_participation_education_training_last4weeks_age25_64", "provincie", 2019)
    assert ll.missing == [] and ll.value["PV20"] == pytest.approx(22.3)


def test_indicator_refuses_to_mix_vintages():
    with pytest.raises(DataError) as err:
        regions.indicator("gdp_per_inhabitant", level="provincie", period=2022)
    msg = str(err.value)
    assert "CBS_84432NED_2022" in msg and "EUROSTAT_NAMA_10R_3GDP_DC" in msg and "source_id=" in msg


def test_indicator_with_missing_regions_lists_them():
    gdp = regions.indicator("gdp_per_inhabitant", "provincie", 2022, source_id="CBS_84432NED_2022")
    assert len(gdp.data) == 12
    assert gdp.missing == ["PV30", "PV31"]
    assert gdp.data.set_index("code").loc[["PV30", "PV31"], "value"].isna().all()
    with pytest.raises(DataError, match=r"no value for region\(s\) PV30 Noord-Brabant, PV31 Limburg"):
        regions.indicator("gdp_per_inhabitant", "provincie", 2022, source_id="CBS_84432NED_2022", complete=True)


def test_indicator_period_as_year_or_date():
    pop = regions.indicator("population_total", "provincie", 2024)
    assert pop.period == "2024-01-01" and pop.source_id == "CBS_70072NED_2024"
    with pytest.raises(DataError, match=r"no data for period '2030'; available: .*EUROSTAT_DEMO_R_GIND3_DC"):
        regions.indicator("population_total", "provincie", 2030)


def test_indicator_errors_name_what_to_do():
    with pytest.raises(DataError, match=r"did you mean \['gdp_per_inhabitant'"):
        regions.indicator("gdp_per_inhabitnt", "corop", 2021)
    with pytest.raises(DataError, match=r"no data at level 'gemeente'; it has levels \['corop', 'provincie'\]"):
        regions.indicator("gdp_per_inhabitant", "gemeente", 2021)


def test_series_is_one_source():
    with pytest.raises(DataError, match="must not be mixed"):
        regions.series("gdp_per_inhabitant", "provincie")
    s = regions.series("gdp_per_inhabitant", "corop", source_id="EUROSTAT_NAMA_10R_3GDP_DC")
    assert [i.period for i in s] == ["2010", "2015", "2021"]
    assert {i.source_id for i in s} == {"EUROSTAT_NAMA_10R_3GDP_DC"}


def test_catalogue_reports_coverage():
    cat = regions.catalogue()
    row = cat[(cat["indicator"] == "gdp_per_inhabitant") & (cat["source_id"] == "CBS_85924ENG_2023")]
    assert row[["regions", "of"]].values.tolist() == [[9, 12]]


# ------------------------------------------------------------------ the municipality lookup
KNOWN = {
    # gm_code: (province, COROP, labour-market region)
    "GM0014": ("PV20", "CR03", "AM01"),  # Groningen
    "GM0106": ("PV22", "CR07", "AM01"),  # Assen: Drenthe, but labour-market region Groningen
    "GM0363": ("PV27", "CR23", "AM18"),  # Amsterdam
    "GM1706": ("PV30", "CR36", "AM33"),  # Cranendonck: Noord-Brabant, labour-market region Midden-Limburg
    "GM0944": ("PV31", "CR37", "AM08"),  # Mook en Middelaar: Limburg, labour-market region Rijk van Nijmegen
    "GM0034": ("PV24", "CR40", "AM11"),  # Almere
}


def test_lookup_known_cases():
    lk = regions.lookup().set_index("gm_code")
    assert len(lk) == 342
    for gm, (pv, cr, am) in KNOWN.items():
        assert (lk.loc[gm, "provincie_code"], lk.loc[gm, "corop_code"], lk.loc[gm, "arbeidsmarktregio_code"]) == (
            pv, cr, am), lk.loc[gm, "gm_name"]


def test_lookup_agrees_with_the_shared_crosswalk():
    diff = regions.compare_lookup()
    assert diff.empty, diff.to_string()


def test_lookup_shares_are_mostly_whole():
    lk = regions.lookup()
    for level in regions.LOOKUP_LEVELS:
        share = lk[f"{level}_share"]
        assert share.between(0.5, 1.0).all() and np.median(share) > 0.99, level


def test_nesting_from_the_lookup():
    from analysis.regional import nesting

    lk = regions.lookup()
    corop = nesting.members(lk, "corop_code", "provincie_code", unit="gm_code")
    assert len(corop) == 40 and (corop["n_parents"] == 1).all(), "every COROP area lies in one province"
    am = nesting.members(lk, "arbeidsmarktregio_code", "provincie_code", unit="gm_code")
    assert (am["n_parents"] > 1).sum() == 10


def test_an_indicator_the_registry_does_not_list_for_its_file_is_named(tmp_path):
    data = copy_data(tmp_path)
    from datafix import replace_once

    replace_once(data, "regional/economy_gdp.csv", ",gdp_volume_change,", ",gdp_volume_change_x,")
    regions.clear_caches()
    with pytest.raises(DataError, match=r"data/regional/economy_gdp.csv: its entry in data/sources.yaml lists "
                                        r"the indicators \[\] .*not \['gdp_volume_change_x'\]"):
        regions.indicator("gdp_per_inhabitant", "corop", 2021, data_dir=data)
    regions.clear_caches()


def test_one_indicator_is_read_from_its_own_file_only():
    df = regions.indicators(["gdp_per_inhabitant"])
    assert set(df["file"]) == {"regional/economy_gdp.csv"} and set(df["indicator"]) == {"gdp_per_inhabitant"}
    assert len(regions.indicators()) > len(df)
