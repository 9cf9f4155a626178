"""Higher-education institutions: known facts, hand counts, placement and clear errors on bad rows."""

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


def test_map_has_every_institution_and_credit(he):
    lll = regions.indicator(LLL, "provincie", 2019)
    fig = leadership.map_figure(lll, he, title="t")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    n_markers = sum(len(c.get_offsets()) for c in ax.collections if c.get_offsets().shape[0] and c.get_gid() is None)
    assert n_markers == len(leadership.by_municipality(he))
    assert any("Kadaster / Centraal Bureau voor de Statistiek, 2023" in t.get_text().replace("\n", " ") for t in fig.texts)


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
