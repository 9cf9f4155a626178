"""The data behind every figure: drawing functions attach what they draw, glue_figure writes it with its source,
period, unit and licence, the extension links it under the figure (and stops the build when the file is missing),
and every figure of the built book offers a CSV with exactly those numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import unquote

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError

from analysis import ROOT
from analysis.book import figdata
from analysis.book.facts import FIGURE_META, figure_csv, glue_figure
from analysis.book.toc import toc_files
from analysis.literature import bibliography, tables
from analysis.regional import charts, maps, regions


def read_figure_csv(text: str) -> tuple[dict[str, str], pd.DataFrame]:
    """The ``#`` header lines of a figure's data file as a dict, and its table."""
    meta, body = {}, []
    for line in text.splitlines(keepends=True):
        if line.startswith("# ") and not body:
            key, _, value = line[2:].partition(": ")
            meta[key] = value.strip()
        else:
            body.append(line)
    return meta, pd.read_csv(io.StringIO("".join(body)))


# ------------------------------------------------------------------------------ drawing functions attach their data
@pytest.fixture(scope="module")
def gdp():
    return regions.indicator("gdp_per_inhabitant", "corop", 2021)


def test_choropleth_attaches_the_indicator_values_and_its_provenance(gdp):
    fig = maps.choropleth(gdp)
    drawn = fig.lr_data.set_index("code")["value"]
    pd.testing.assert_series_equal(drawn, gdp.value, check_names=False)
    assert fig.lr_meta["source"] == gdp.source and fig.lr_meta["period"] == gdp.period == "2021"
    assert fig.lr_meta["unit"] == gdp.unit
    assert "CC BY 4.0" in fig.lr_meta["licence"]  # CBS, as data/sources.yaml records for the file


def test_a_region_without_data_is_in_the_data_as_no_value():
    ind = regions.indicator("pct_hbo_wo_15_75", "gemeente", 2023)
    assert ind.missing, "the test needs an indicator with a region without a value"
    fig = maps.choropleth(ind)
    assert len(fig.lr_data) == ind.n_regions
    assert fig.lr_data.set_index("code").loc[ind.missing, "value"].isna().all()


def test_interactive_map_and_small_multiples_attach_what_they_draw(gdp):
    m = maps.interactive(gdp)
    assert m.lr_data["value"].tolist() == gdp.data["value"].tolist()
    prov = regions.indicator("gdp_per_inhabitant", "provincie", 2021, source_id="EUROSTAT_NAMA_10R_3GDP_DC")
    fig = maps.small_multiples([prov, gdp], ncols=2)
    assert len(fig.lr_data) == prov.n_regions + gdp.n_regions
    assert set(fig.lr_data["level"]) == {"provincie", "corop"}
    assert fig.lr_data.set_index(["level", "code"]).loc[("provincie", "PV20"), "value"] == prov.value["PV20"]


def test_line_chart_attaches_every_point_of_every_panel():
    table = pd.DataFrame({"A": [1.0, 2.0, 4.0], "B": [3.0, np.nan, 5.0]}, index=[2010, 2011, 2012])
    fig = charts.lines({"Panel": table}, ylabel={"Panel": "percent"}, source="Source: somewhere, table 1.")
    d = fig.lr_data.set_index(["series", "period"])["value"]
    assert d[("A", "2012")] == 4.0 and np.isnan(d[("B", "2011")]) and len(d) == 6
    assert fig.lr_meta["period"] == "2010-2012" and fig.lr_meta["unit"] == "percent"
    assert fig.lr_meta["source"] == "somewhere, table 1."


def test_scatter_attaches_only_the_points_it_draws():
    x = pd.Series({"a": 1.0, "b": 2.0, "c": np.nan})
    y = pd.Series({"a": 10.0, "b": 20.0, "c": 30.0})
    fig = charts.scatter(x, y, pd.Series({"a": "A", "b": "B"}), xlabel="x", ylabel="y", title="", source="S")
    assert fig.lr_data["code"].tolist() == ["a", "b"] and fig.lr_data["y"].tolist() == [10.0, 20.0]


def test_literature_heatmap_attaches_the_counts_it_shows():
    works = bibliography.load()
    fig = tables.timeline(works)
    m = tables.timeline_matrix(works)
    assert fig.lr_data["works"].sum() == m.to_numpy().sum()
    assert (fig.lr_data["works"] > 0).all()  # blank cells (no works) are not drawn, and not in the data
    assert fig.lr_meta["licence"].startswith("CC BY 4.0") and "references.bib" in fig.lr_meta["source"]


# ------------------------------------------------------------------------------ glue_figure
def test_glue_figure_writes_the_data_with_source_period_unit_and_licence(tmp_path, gdp):
    fig = maps.choropleth(gdp)
    path = glue_figure("fig_test", fig, folder=tmp_path)
    meta, table = read_figure_csv(path.read_text(encoding="utf-8"))
    assert meta["figure"] == "fig_test"
    assert {k: meta[k] for k in FIGURE_META} == {k: " ".join(fig.lr_meta[k].split()) for k in FIGURE_META}
    assert table.set_index("code")["value"].equals(gdp.value.rename("value"))
    before = path.stat().st_mtime_ns
    glue_figure("fig_test", fig, folder=tmp_path)
    assert path.stat().st_mtime_ns == before, "an unchanged file must not be rewritten"


def test_glue_figure_takes_what_the_drawing_function_cannot_know(tmp_path):
    fig = charts.scatter(pd.Series({"a": 1.0}), pd.Series({"a": 2.0}), pd.Series({"a": "A"}), xlabel="x",
                         ylabel="y", title="", source="Source: S.")
    with pytest.raises(ValueError, match="fig_s: its lr_meta gives no period, licence"):
        glue_figure("fig_s", fig, folder=tmp_path)
    path = glue_figure("fig_s", fig, folder=tmp_path, period="2015", licence="CC BY 4.0")
    assert "# period: 2015\n" in path.read_text(encoding="utf-8")


def test_glue_figure_refuses_a_figure_without_data(tmp_path):
    fig, _ = plt.subplots()
    plt.close(fig)
    with pytest.raises(ValueError, match="figure fig_bare has no data attached"):
        glue_figure("fig_bare", fig, folder=tmp_path)
    with pytest.raises(ValueError, match="figure fig_bare has no data attached"):
        glue_figure("fig_bare", fig, folder=tmp_path, licence="CC BY 4.0")
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------------------ the extension
PAGE = """# A chapter

```{glue:figure} fig_one
:alt: A map.
:name: fig-one

Caption.
```

```{glue:figure} fig_two
:name: fig-two
```
"""


def test_the_extension_finds_every_glued_figure_of_a_page():
    assert figdata.figures_in(PAGE) == [("fig_one", "fig-one", 3), ("fig_two", "fig-two", 10)]


def test_the_extension_stops_the_build_when_a_figure_has_no_data_file(tmp_path):
    page = tmp_path / "chapter.md"
    page.write_text(PAGE, encoding="utf-8")
    (tmp_path / "downloads/figures").mkdir(parents=True)
    (tmp_path / "downloads/figures/fig_one.csv").write_text("# source: x\na\n1\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"figure fig_one \(fig-one\) has no copy for Dutch Excel"):
        figdata.check_page("chapter", page, PAGE)
    (tmp_path / "downloads/figures/fig_one.excel-nl.csv").write_text("# source: x\na\n1\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match=r"chapter\.md, line 10: figure fig_two \(fig-two\) has no data file "
                                             r"downloads/figures/fig_two\.csv\. Glue the figure with "
                                             r"analysis\.book\.facts\.glue_figure\('fig_two', fig\)"):
        figdata.check_page("chapter", page, PAGE)
    (tmp_path / "downloads/figures/fig_two.csv").write_text("# source: x\na\n1\n", encoding="utf-8")
    (tmp_path / "downloads/figures/fig_two.excel-nl.csv").write_text("# source: x\na\n1\n", encoding="utf-8")
    assert figdata.check_page("chapter", page, PAGE) == [("fig_one", "fig-one"), ("fig_two", "fig-two")]


def test_the_extension_asks_for_a_name_it_can_place_the_link_under(tmp_path):
    text = "```{glue:figure} fig_x\n:alt: no name\n```\n"
    with pytest.raises(ExtensionError, match="figure fig_x has no :name:"):
        figdata.check_page("c", tmp_path / "c.md", text)


# ------------------------------------------------------------------------------ the built book
def _figures_of_the_book() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for page in toc_files():
        src = ROOT / f"{page}.md"
        if src.is_file():
            found = [(k, n) for k, n, _ in figdata.figures_in(src.read_text(encoding="utf-8"))]
            if found:
                out[page] = found
    return out


@pytest.mark.build
def test_every_figure_has_a_data_csv_with_its_provenance(built_book):
    figures = _figures_of_the_book()
    assert sum(map(len, figures.values())) >= 29  # the bitmap gap map of What works became an HTML table
    problems, read = [], {}
    for page, figs in figures.items():
        html = built_book / f"{page}.html"
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for key, name in figs:
            fig = soup.find(id=name)
            link = fig.select_one(f"p.{figdata.LINK_CLASS} a[href]") if fig is not None else None
            if link is None or " ".join(link.get_text().split()) != figdata.LINK_TEXT:
                problems.append(f"{page}: figure {key} (#{name}) has no '{figdata.LINK_TEXT}' link")
                continue
            target = (html.parent / unquote(link["href"])).resolve()
            if not target.is_file() or target.name != f"{key}.csv" or "_downloads" not in target.parts:
                problems.append(f"{page}: figure {key}: link {link['href']} is not its CSV in _downloads/")
                continue
            text = target.read_text(encoding="utf-8")
            list(csv.reader(io.StringIO(text)))  # parses as CSV
            meta, table = read_figure_csv(text)
            empty = [k for k in FIGURE_META if not meta.get(k)]
            if empty or table.empty:
                problems.append(f"{page}: figure {key}: CSV without {empty or 'rows'}")
            read[key] = (meta, table)
    assert not problems, "\n".join(problems)
    assert len(read) == sum(map(len, figures.values()))

    # the numbers equal those in data/, read through the regional engine
    gdp = regions.indicator("gdp_per_inhabitant", "corop", 2021)
    for key in ("fig_gdp_map", "map_gdp_interactive"):
        meta, table = read[key]
        assert table.set_index("code")["value"].equals(gdp.value.rename("value")), key
        assert meta["period"] == "2021" and meta["unit"] == gdp.unit
    rd = regions.indicator("rd_expenditure_own_personnel", "provincie", 2016)
    meta, table = read["fig_rd"]
    assert np.allclose(table.set_index("code")["value"].reindex(rd.value.index), rd.value, equal_nan=True)
    assert meta["source"] == rd.source
    unemp = regions.indicator("unemployment_rate", "provincie", 2022, source_id="CBS_85494NED_2022")
    _, table = read["fig_labour"]
    drawn = table[table["indicator"] == "unemployment_rate"].set_index("code")["value"]
    assert np.allclose(drawn.reindex(unemp.value.index), unemp.value)


NO_DATA_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# A chapter whose figure has no data

```{code-cell} ipython3
:tags: [remove-cell]
import matplotlib.pyplot as plt
from myst_nb import glue

fig, ax = plt.subplots()
ax.plot([1, 2], [3, 4])
plt.close(fig)
glue("fig_nodata", fig, display=False)
```

```{glue:figure} fig_nodata
:alt: A line.
:name: fig-nodata

A figure glued without its data.
```
"""


@pytest.mark.build
def test_a_figure_without_its_data_file_stops_the_build_naming_chapter_and_figure(tmp_path):
    from analysis.book.build import build, copy_repo, log_text

    src = copy_repo(tmp_path / "src", ["book/cite", "book/bibliography", "book/nodata"])
    (src / "book/nodata.md").write_text(NO_DATA_PAGE, encoding="utf-8")
    result = build(src, tmp_path / "out")
    log = log_text(result)
    assert result.returncode != 0
    assert "nodata.md, line 24: figure fig_nodata (fig-nodata) has no data file downloads/figures/fig_nodata.csv" in log
    assert "glue_figure('fig_nodata', fig)" in log


def test_beside_each_data_file_is_one_for_dutch_excel(tmp_path, gdp):
    from analysis.book import facts

    fig = maps.choropleth(gdp)
    path = glue_figure("fig_test", fig, folder=tmp_path)
    raw = (tmp_path / facts.excel_nl_name("fig_test")).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, so that Excel reads the accents"
    text = raw.decode("utf-8-sig")
    header = [line for line in text.splitlines() if line.startswith("# ")]
    assert header == [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")]
    body = [line for line in text.splitlines() if not line.startswith("# ")]
    table = pd.read_csv(io.StringIO("\n".join(body)), sep=";", decimal=",")
    assert table.set_index("code")["value"].equals(gdp.value.rename("value"))
    assert ";" in body[0] and any("," in line for line in body[1:])
