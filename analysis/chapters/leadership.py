"""Higher-education institutions on the map: load, validate, place and count them.

Reads ``data/regional/higher_education_institutions.csv`` (checksum-verified through the data
registry): the 14 government-funded research universities and the 36 government-funded universities
of applied sciences, each with the CBS 2023 code of its seat municipality. Each institution is placed
at its municipality's representative point (a point inside the 2023 municipality polygon), not at an
address: the file holds seats, not campuses, and no MBO colleges (see ``data/regional/SOURCES.md``)::

    from analysis.chapters import leadership
    from analysis.regional import regions
    he = leadership.load()                      # validated table
    pts = leadership.points(he)                 # GeoDataFrame of points, EPSG:28992
    lll = regions.indicator("pct_participation_education_training_last4weeks_age25_64", "provincie", 2019)
    fig = leadership.map_figure(lll, he)        # provinces shaded, institutions on top
"""

from __future__ import annotations

import io
import re
import textwrap

import geopandas as gpd
import matplotlib.patheffects as pe
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis.regional import maps, regions
from analysis.regional.sources import DataError, Registry

FILE = "regional/higher_education_institutions.csv"
"""The registered list of institutions, relative to ``data/``."""

COLUMNS = ("institution_type", "institution_name_nl", "institution_name_en", "municipality", "gm_code",
           "province_code", "province_name", "year_established", "source_id")

TYPES: dict[str, str] = {
    "research_university (wo, government-funded)": "university",
    "university_of_applied_sciences (hbo, government-funded)": "uas",
}
"""Institution type as in the file -> short type used here."""

TYPE_LABELS = {"university": "Research university (wo)", "uas": "University of applied sciences (hbo)"}

STYLE = {"university": {"marker": "^", "color": "#FFFFFF", "edge": "#000000", "offset": -2500.0},
         "uas": {"marker": "o", "color": "#CC3311", "edge": "#FFFFFF", "offset": 2500.0}}
"""Marker shape, fill, edge (readable in grey and on light and dark classes: white triangles edged black, red
circles edged white) and east-west offset in metres, so that a university and a university of applied sciences
in the same municipality do not hide each other."""


def load(*, data_dir=None) -> pd.DataFrame:
    """The institutions, validated, with a short ``type`` column (``university`` or ``uas``).

    Raises
    ------
    DataError
        Checksum mismatch; a missing column; an unknown institution type; a municipality code that is not
        a 2023 CBS municipality; a province code that does not contain that municipality; a duplicate name.
        The message names the file, the row (line number) and what to do.
    """
    registry = Registry.load(data_dir)
    data = registry.read_bytes(FILE)
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"data/{FILE}: missing column(s) {missing}; expected {list(COLUMNS)}. Restore the file from git.")
    xw = regions._xw(data_dir)[1].set_index("gm_code")
    for i, row in df.iterrows():
        where = f"data/{FILE}, line {i + 2} ({row['institution_name_nl'] or 'no name'})"
        if row["institution_type"] not in TYPES:
            raise DataError(f"{where}: unknown institution_type {row['institution_type']!r}; use one of "
                            f"{list(TYPES)} or add the type to analysis.chapters.leadership.TYPES.")
        if not re.fullmatch(r"GM\d{4}", row["gm_code"]) or row["gm_code"] not in xw.index:
            raise DataError(f"{where}: gm_code {row['gm_code']!r} is not a 2023 CBS municipality code; look it up "
                            "in data/regional/crosswalk_gemeente_2023_regions.csv and correct the row.")
        expected = xw.loc[row["gm_code"], "province_code"]
        if row["province_code"] != expected:
            raise DataError(f"{where}: province_code {row['province_code']} but municipality {row['gm_code']} lies in "
                            f"{expected} ({xw.loc[row['gm_code'], 'province_name']}); correct the row.")
    dup = df["institution_name_nl"][df["institution_name_nl"].duplicated()].tolist()
    if dup:
        raise DataError(f"data/{FILE}: institution(s) {dup} listed twice; remove the duplicate row.")
    return df.assign(type=df["institution_type"].map(TYPES))


def points(df: pd.DataFrame, *, data_dir=None) -> gpd.GeoDataFrame:
    """One point per institution: the representative point of its seat municipality (EPSG:28992).

    Columns: those of ``df`` plus ``geometry``. Use :func:`by_municipality` to draw one marker per place.
    """
    gm = regions.boundaries("gemeente", data_dir=data_dir).set_index("code")
    pts = gm.geometry.representative_point()
    return gpd.GeoDataFrame(df.copy(), geometry=df["gm_code"].map(pts).to_numpy(), crs=regions.CRS)


def by_municipality(df: pd.DataFrame, *, data_dir=None) -> gpd.GeoDataFrame:
    """Institutions counted per (seat municipality, type), with the municipality's point."""
    pts = points(df, data_dir=data_dir)
    g = (pts.groupby(["gm_code", "municipality", "type"], as_index=False)
         .agg(n=("institution_name_nl", "size"), geometry=("geometry", "first")))
    return gpd.GeoDataFrame(g, geometry="geometry", crs=regions.CRS)


def per_province(df: pd.DataFrame, *, data_dir=None) -> pd.DataFrame:
    """Institutions per province (all 12, zeros kept): columns ``name``, ``university``, ``uas``, ``total``."""
    provinces = regions.boundaries("provincie", data_dir=data_dir).set_index("code")["name"]
    counts = pd.crosstab(df["province_code"], df["type"]).reindex(index=provinces.index, columns=list(TYPE_LABELS),
                                                                 fill_value=0)
    out = counts.assign(total=counts.sum(axis=1))
    out.insert(0, "name", provinces)
    out.index.name = "code"
    out.columns.name = None
    return out


def map_figure(ind: regions.Indicator, df: pd.DataFrame, *, title: str, data_dir=None,
               figsize=(6.6, 7.8)) -> Figure:
    """Provinces shaded by ``ind`` with the institutions on top, one marker per municipality and type.

    Marker area grows with the number of institutions of that type seated in the municipality; counts
    above one are written beside the marker. The source line names the indicator's source, the list of
    institutions and the boundary credit.
    """
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    maps.choropleth(ind, ax=ax, k=4, cmap="Blues")
    shade = ax.get_legend()
    ax.add_artist(shade)
    agg = by_municipality(df, data_dir=data_dir)
    for t, style in STYLE.items():
        sub = agg[agg["type"] == t]
        x, y = sub.geometry.x + style["offset"], sub.geometry.y
        ax.scatter(x, y, s=34 + 24 * (sub["n"] - 1), marker=style["marker"], c=style["color"],
                   edgecolors=style["edge"], linewidths=0.9, zorder=5)
        for xi, yi, n in zip(x, y, sub["n"]):
            if n > 1:
                ax.annotate(str(n), (xi, yi), xytext=(5, 3), textcoords="offset points", fontsize=7.5,
                            fontweight="bold", color="#000000", zorder=6,
                            path_effects=[pe.withStroke(linewidth=2.2, foreground="white")])
    handles = [Line2D([], [], linestyle="", marker=s["marker"], color=s["color"], markeredgecolor=s["edge"],
                      markersize=7, label=f"{TYPE_LABELS[t]} ({int((df['type'] == t).sum())})")
               for t, s in STYLE.items()]
    ax.legend(handles=handles, title="Seat municipality of a government-funded institution (number beside "
              "the marker if more than one)", loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2,
              fontsize=7.5, title_fontsize=7.5, frameon=False)
    ax.set_title(title, loc="left", fontsize=11)
    source = (f"Source: {ind.source}; institutions: universities.nl list of public universities and DUO, "
              f"Adressen hogescholen en universiteiten (seat municipality, not campuses). {maps.BOUNDARY_CREDIT}.")
    fig.text(0.01, 0.005, "\n".join(textwrap.wrap(source, 100)), fontsize=6.5, color="#444444", ha="left",
             va="bottom")
    fig.get_layout_engine().set(rect=(0, 0.075, 1, 0.925))  # keep the source line clear of the legend
    plt.close(fig)
    return fig


FOCUS_PATTERNS: dict[str, str] = {
    "uas": r"universities of applied sciences|hogeschool|hógeschool",
    "vocational": r"vocational|\bmbo\b|\broc\b",
    "training": r"education and training bodies|training bodies",
}
"""How :func:`literature_focus` recognises works on universities of applied sciences and on vocational
education and training: a case-insensitive match in the work's title or one-sentence summary."""


def literature_focus(works: pd.DataFrame, tag: str = "higher-education") -> dict[str, list[str]]:
    """Keys of the works tagged ``tag`` whose title or summary mention each kind of institution.

    A crude, transparent rule (:data:`FOCUS_PATTERNS`); it finds what the summaries say, not every
    work that touches on a kind of institution.
    """
    sub = works[works["keywords"].map(lambda tags: tag in tags)]
    text = (sub["title"] + " " + sub["summary"]).str.lower()
    return {kind: sorted(sub.loc[text.str.contains(pat, regex=True), "key"]) for kind, pat in FOCUS_PATTERNS.items()}


def facts(he: pd.DataFrame, lll: regions.Indicator, tertiary: regions.Indicator,
          works: pd.DataFrame) -> dict[str, object]:
    """Numbers the chapter glues: institutions by type and province, indicator ranges, literature counts."""
    prov = per_province(he)
    with_uni = prov["university"] > 0
    v, t = lll.value, tertiary.value
    names = prov["name"]
    focus = literature_focus(works)
    n_he = int(works["keywords"].map(lambda tags: "higher-education" in tags).sum())
    return {
        "n_institutions": len(he), "n_universities": int((he["type"] == "university").sum()),
        "n_uas": int((he["type"] == "uas").sum()),
        "n_municipalities": int(he["gm_code"].nunique()),
        "top_municipality": he["municipality"].value_counts().index[0],
        "top_municipality_n": int(he["municipality"].value_counts().iloc[0]),
        "n_prov_without_university": int((~with_uni).sum()),
        "prov_without_university": ", ".join(names[~with_uni]),
        "prov_without_any": ", ".join(names[prov["total"] == 0]) or "none",
        "n_prov_without_any": int((prov["total"] == 0).sum()),
        "lll_period": lll.period, "lll_min": float(v.min()), "lll_max": float(v.max()),
        "lll_min_name": names[v.idxmin()], "lll_max_name": names[v.idxmax()],
        "lll_median_with_uni": float(v[with_uni].median()), "lll_median_without_uni": float(v[~with_uni].median()),
        "tertiary_period": tertiary.period,
        "tertiary_median_with_uni": float(t[with_uni].median()),
        "tertiary_median_without_uni": float(t[~with_uni].median()),
        "lll_tertiary_rho": float(v.rank().corr(t.rank())),
        "n_he_works": n_he, "n_he_uas_works": len(focus["uas"]), "n_he_vocational_works": len(focus["vocational"]),
        "n_he_training_works": len(focus["training"]),
    }
