"""Knowledge institutions (higher education and MBO): known facts, hand counts, placement, clear errors on bad rows."""

from __future__ import annotations

import pandas as pd
import pytest
from datafix import copy_data, replace_once, rewrite
from matplotlib.figure import Figure

from analysis.chapters import leadership
from analysis.regional import regions
from analysis.regional.sources import DataError

LLL = "pct_participation_education_training_last4weeks_age25_64"


@pytest.fixture(scope="module")
def he():
    return leadership.load()


def test_known_facts(he):
    rug = he.set_index("institution_name_en").loc["University of Groningen"]
    assert (rug["gm_code"], rug["province_code"], rug["type"]) == ("GM0014", "PV20", "university")
    assert (he["type"] == "university").sum() == 14 and (he["type"] == "uas").sum() == 36
    tilburg = he.set_index("institution_name_nl").loc["Tilburg University"]
    assert tilburg["gm_code"] == "GM0855"


def test_points_lie_in_their_municipality(he):
    pts = leadership.points(he)
    assert pts.crs == regions.CRS and len(pts) == len(he)
    gm = regions.boundaries("gemeente").set_index("code").geometry
    assert all(gm[c].contains(p) for c, p in zip(pts["gm_code"], pts.geometry))


def test_counts_per_municipality_and_province_add_up(he):
    agg = leadership.by_municipality(he)
    assert agg["n"].sum() == len(he)
    ams = agg[(agg["municipality"] == "Amsterdam")].set_index("type")["n"]
    assert ams["university"] == 2  # UvA and VU
    prov = leadership.per_province(he)
    assert len(prov) == 12 and prov["total"].sum() == len(he)
    assert prov.loc["PV20", "university"] == 1
    assert prov.loc["PV22", "total"] == 0  # Drenthe: no seat of a funded institution in the list


def test_per_province_hand_count_on_fixture():
    df = pd.DataFrame({"province_code": ["PV20", "PV20", "PV31"], "type": ["university", "uas", "uas"],
                       "institution_name_nl": ["a", "b", "c"]})
    prov = leadership.per_province(df)
    assert prov.loc["PV20", ["university", "uas", "total"]].tolist() == [1, 1, 2]
    assert prov.loc["PV31", "uas"] == 1 and prov.loc["PV26", "total"] == 0


def test_facts_and_literature_focus(he):
    from analysis.literature import bibliography

    works = bibliography.load()
    lll = regions.indicator(LLL, "provincie", 2019)
    ter = regions.indicator("pct_tertiary_educ_ISCED5_8_age25_64", "provincie", 2019)
    f = leadership.facts(he, lll, ter, works)
    assert f["n_prov_without_university"] == 4
    assert f["prov_without_university"] == "Fryslân, Drenthe, Flevoland, Zeeland"
    assert f["top_municipality"] == "Amsterdam" and f["top_municipality_n"] == 6
    assert f["lll_min_name"] == "Zeeland" and f["lll_max_name"] == "Utrecht"
    focus = leadership.literature_focus(works)
    assert "deweert2010practice" in focus["uas"] and "moerman2020governance" in focus["vocational"]
    fake = pd.DataFrame({"key": ["x"], "keywords": [["higher-education"]], "title": ["MBO colleges"],
                         "summary": ["Vocational training."]})
    assert leadership.literature_focus(fake)["vocational"] == ["x"]


@pytest.fixture(scope="module")
def inst():
    return leadership.institutions()


def test_map_has_every_institution_type_and_credit(inst):
    share = regions.indicator("pct_hbo_wo_15_75", "gemeente", 2023)
    fig = leadership.map_figure(share, inst, title="t")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    agg = leadership.by_municipality(inst)
    for t in ("university", "uas", "mbo"):
        coll = [c for c in ax.collections if c.get_gid() == f"institutions-{t}"]
        assert len(coll) == 1 and len(coll[0].get_offsets()) == (agg["type"] == t).sum(), t
    assert len(set(s["marker"] for s in leadership.STYLE.values())) == 3  # three shapes: readable in grey
    regions_drawn = [c for c in ax.collections if c.get_gid() == "regions"][0]
    assert len(regions_drawn.get_paths()) == 341  # Schiermonnikoog is drawn in the no-data collection
    text = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
    assert "Kadaster / Centraal Bureau voor de Statistiek, 2023" in text and "Adressen instellingen mbo" in text


def test_mbo_list_known_facts(inst):
    mbo = leadership.load_mbo()
    assert len(mbo) == 55 and mbo["brin_instellingscode"].is_unique
    assert mbo["duo_instellingssoort_code"].value_counts().to_dict() == {"ROC": 32, "BERV": 9, "BER": 7, "ROCV": 6,
                                                                         "DOV": 1}
    assert inst["type"].value_counts().to_dict() == {"mbo": 55, "uas": 36, "university": 14}
    assert inst["arbeidsmarktregio_code"].notna().all()
    soma = mbo.set_index("brin_instellingscode").loc["04NZ"]
    assert (soma["gm_code"], soma["province_code"]) == ("GM0243", "PV25")  # SOMA College, Harderwijk


def test_counts_per_labour_market_region_add_up(inst):
    am = leadership.per_region(inst, "arbeidsmarktregio")
    assert len(am) == 35 and am["total"].sum() == len(inst) == 105
    assert list(am.columns) == ["name", "university", "uas", "mbo", "total"]
    assert am.loc["AM03", "total"] == 0  # Drenthe: Assen (Drenthe College) lies in labour-market region Groningen
    prov = leadership.per_province(inst)
    assert prov["mbo"].sum() == 55 and (prov["mbo"] > 0).all()
    f = leadership.map_facts(inst, regions.indicator("pct_hbo_wo_15_75", "gemeente", 2023))
    assert f["n_mbo"] == 55 and f["n_all"] == 105 and f["n_am_without_any"] == (am["total"] == 0).sum()


@pytest.mark.parametrize("old, new, message", [
    ("04NZ,SOMA College,BER,Beroepscollege,34386,HARDERWIJK,GM0243", "04NZ,SOMA College,BER,Beroepscollege,34386,HARDERWIJK,GM9243",
     r"mbo_institutions\.csv, line 2 \(04NZ SOMA College, municipality GM9243\): gm_code 'GM9243' is not a "
     r"municipality of the 2023 division.*correct the row"),
    ("02PN,C I B A P", "04NZ,C I B A P", r"line 3 \(04NZ C I B A P Christelijk MBO.*BRIN 04NZ is listed twice \(also on line 2\)"),
    ("GM0243,Harderwijk,HARDERWIJK,Gelderland,PV25,CR13", "GM0243,Harderwijk,HARDERWIJK,Gelderland,PV26,CR13",
     r"line 2 .*province_code 'PV26', but municipality GM0243 \(Harderwijk\) lies in province PV25"),
    ("PV25,CR13,Veluwe,AM06", "PV25,CR14,Veluwe,AM06", r"line 2 .*corop_code_duo 'CR14'.*lies in COROP area CR13"),
    ("04NZ,SOMA College,BER,", "04NZ,SOMA College,XYZ,", r"line 2 .*unknown duo_instellingssoort_code 'XYZ'"),
], ids=["unknown-municipality", "duplicate-brin", "wrong-province", "wrong-corop", "unknown-kind"])
def test_bad_mbo_rows_are_named(tmp_path, old, new, message):
    data = copy_data(tmp_path)
    replace_once(data, leadership.MBO_FILE, old, new)
    with pytest.raises(DataError, match=message):
        leadership.load_mbo(data_dir=data)
    with pytest.raises(DataError, match=message):  # nothing is dropped on the way to the map
        leadership.institutions(data_dir=data)


@pytest.mark.parametrize("old, new, message", [
    ("GM0014,PV20", "GM9999,PV20", r"line 3 \(Rijksuniversiteit Groningen\): gm_code 'GM9999'"),
    ("GM0014,PV20", "GM0014,PV21", r"line 3 .*lies in PV20"),
    ('"research_university (wo, government-funded)",Rijksuniversiteit', '"college",Rijksuniversiteit',
     r"line 3 .*unknown institution_type 'college'"),
])
def test_bad_rows_are_named(tmp_path, old, new, message):
    data = copy_data(tmp_path)
    replace_once(data, leadership.FILE, old, new)
    with pytest.raises(DataError, match=message):
        leadership.load(data_dir=data)


def test_checksum_mismatch_stops_loading(tmp_path):
    data = copy_data(tmp_path)
    rewrite(data, leadership.FILE, "tampered\n", rehash=False)
    with pytest.raises(DataError, match="higher_education_institutions"):
        leadership.load(data_dir=data)
