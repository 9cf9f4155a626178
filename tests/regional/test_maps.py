"""Map functions: the right regions, the legend with unit and period, no data shown, source and credit lines."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from analysis.regional import maps, regions  # noqa: E402
from analysis.regional.sources import DataError  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def gdp_corop():
    return regions.indicator("gdp_per_inhabitant", "corop", 2021)


@pytest.fixture(scope="module")
def gdp_prov_missing():
    return regions.indicator("gdp_per_inhabitant", "provincie", 2022, source_id="CBS_84432NED_2022")


def _collection(fig, gid):
    found = [c for ax in fig.axes for c in ax.collections if c.get_gid() == gid]
    return found


def _texts(fig):
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def test_choropleth_draws_one_shape_per_region(gdp_corop):
    fig = maps.choropleth(gdp_corop)
    (coll,) = _collection(fig, "regions")
    assert len(coll.get_paths()) == 40
    assert _collection(fig, "no-data") == []


def test_choropleth_colours_follow_the_values(gdp_corop):
    fig = maps.choropleth(gdp_corop)
    (coll,) = _collection(fig, "regions")
    lightness = coll.get_facecolors()[:, :3] @ [0.299, 0.587, 0.114]
    values = gdp_corop.data["value"].to_numpy()
    assert lightness[np.argmax(values)] < lightness[np.argmin(values)], "darker = higher, readable in grey"
    assert len({tuple(c) for c in coll.get_facecolors()}) == 5


def test_legend_has_unit_period_classes_and_no_data(gdp_prov_missing):
    fig = maps.choropleth(gdp_prov_missing)
    legend = fig.axes[0].get_legend()
    assert legend.get_title().get_text() == "euro, 2022"
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[-1] == "no data (2)" and len(labels) == 6
    (coll,) = _collection(fig, "regions")
    (nodata,) = _collection(fig, "no-data")
    assert len(coll.get_paths()) == 10 and len(nodata.get_paths()) == 2
    assert nodata.get_hatch()


def test_source_and_boundary_credit_on_the_figure(gdp_corop):
    fig = maps.choropleth(gdp_corop, title="A title")
    text = " ".join(_texts(fig)).replace("\n", " ")
    assert "Boundaries: Kadaster / Centraal Bureau voor de Statistiek, 2023" in text
    assert "Regionale brede welvaart 2022" in text
    assert fig.axes[0].get_title(loc="left") == "A title"


def test_labels(gdp_prov_missing):
    fig = maps.choropleth(gdp_prov_missing, labels=True)
    names = set(_texts(fig))
    assert {"Groningen", "Limburg", "Fryslân"} <= names


def test_classes_and_schemes(gdp_corop):
    bins, cls = maps.classify(gdp_corop.data["value"], k=4, scheme="equalinterval")
    assert len(bins) == 4 and cls.min() == 0 and cls.max() == 3
    bins, cls = maps.classify([1.0, 1.0, np.nan, 2.0], k=5)
    assert len(bins) == 2 and cls.tolist()[2] == -1


def test_small_multiples_share_classes_for_one_series():
    s = regions.series("gdp_per_inhabitant", "corop", source_id="EUROSTAT_NAMA_10R_3GDP_DC")
    fig = maps.small_multiples(s)
    colls = _collection(fig, "regions")
    assert len(colls) == 3 and all(len(c.get_paths()) == 40 for c in colls)
    assert len(fig.legends) == 1 and "2010, 2015, 2021" in fig.legends[0].get_title().get_text()
    assert all(ax.get_legend() is None for ax in fig.axes)


def test_small_multiples_of_different_indicators():
    a = regions.indicator("gdp_per_inhabitant", "corop", 2021)
    b = regions.indicator("population_total", "corop", 2023, source_id="EUROSTAT_DEMO_R_GIND3_DC")
    fig = maps.small_multiples([a, b])
    assert not fig.legends and all(ax.get_legend() is not None for ax in fig.axes[:2])
    with pytest.raises(DataError, match="cannot share classes"):
        maps.small_multiples([a, b], shared=True)


def test_region_systems_overview():
    fig = maps.region_systems()
    counts = {c.get_gid(): len(c.get_paths()) for ax in fig.axes for c in ax.collections if c.get_gid()}
    assert counts == {"system-provincie": 12, "system-corop": 40, "system-arbeidsmarktregio": 35,
                      "system-gemeente": 342}


# ------------------------------------------------------------------ interactive
def test_interactive_map_is_self_contained_and_small():
    ind = regions.area_indicator("gemeente")
    m = maps.interactive(ind)
    soup = BeautifulSoup(m.html, "html.parser")
    paths = soup.select("path.lr-region")
    assert len(paths) == 342 == m.regions
    assert len({p["data-code"] for p in paths}) == 342
    assert soup.select_one("path.lr-region-GM0014")["data-name"] == "Groningen"
    assert m.nbytes < 300_000
    assert not soup.find_all("script", src=True) and not soup.find_all("link")
    assert "http" not in m.html.replace("http://www.w3.org", "")


def test_interactive_tooltip_data_and_no_data(gdp_prov_missing):
    m = maps.interactive(gdp_prov_missing)
    soup = BeautifulSoup(m._repr_html_(), "html.parser")
    fig = soup.select_one("figure.lr-map")
    assert fig["data-unit"] == "euro" and fig["data-period"] == "2022" and "84432NED" in fig["data-source"]
    nodata = soup.select("path.lr-nodata")
    assert sorted(p["data-code"] for p in nodata) == ["PV30", "PV31"]
    assert all(p["data-value"] == "" for p in nodata)
    assert "no data (2)" in soup.select_one("ul.lr-legend").get_text()
    assert "Kadaster / Centraal Bureau voor de Statistiek, 2023" in soup.select_one(".lr-map-source").get_text()
    assert soup.select_one("svg")["aria-label"].startswith("Interactive map of the 12 provinces")


def test_two_interactive_maps_have_distinct_ids(gdp_corop):
    assert maps.interactive(gdp_corop).map_id != maps.interactive(gdp_corop).map_id
