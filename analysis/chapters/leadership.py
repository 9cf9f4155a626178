"""Knowledge institutions on the map: load, validate, place and count them.

Reads two registered lists (checksum-verified through the data registry):

* ``data/regional/higher_education_institutions.csv``: the 14 government-funded research universities and the 36
  government-funded universities of applied sciences, each with the CBS 2023 code of its seat municipality;
* ``data/regional/mbo_institutions.csv``: the 55 MBO institutions (vocational colleges) of DUO's address list, each
  with the municipality of its registered main address.

Each institution is placed at its municipality's representative point (a point inside the 2023 municipality
polygon), not at an address: the files hold seats and main addresses, not every campus or teaching location (see
``data/regional/SOURCES.md``)::

    from analysis.chapters import leadership
    from analysis.regional import regions
    inst = leadership.institutions()            # universities, hogescholen and MBO colleges, validated
    he_share = regions.indicator("pct_hbo_wo_15_75", "gemeente", 2023)
    fig = leadership.map_figure(he_share, inst, title="...")   # municipalities shaded, institutions on top
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

from analysis.book.facts import plain_facts
from analysis.language import N_, tr
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

TYPE_LABELS = {"university": N_("Research university (wo)"), "uas": N_("University of applied sciences (hbo)"),
               "mbo": N_("MBO institution (vocational college)")}
"""The legend's name of each type (in English; ``tr`` where drawn)."""

LISTS = N_("universities.nl list of public universities and DUO, Adressen hogescholen en universiteiten (seats)")
LISTS_MBO = N_("DUO, Adressen instellingen mbo (main addresses, not every teaching location)")
"""The lists of institutions the map's source line names."""

STYLE = {"university": {"marker": "^", "color": "#FFFFFF", "edge": "#000000", "offset": (-2500.0, 1200.0)},
         "uas": {"marker": "o", "color": "#CC3311", "edge": "#FFFFFF", "offset": (2500.0, 1200.0)},
         "mbo": {"marker": "s", "color": "#FFD23F", "edge": "#000000", "offset": (0.0, -2200.0)}}
"""Marker shape, fill, edge and offset (east, north) in metres per type. The shapes differ (triangle, circle,
square), so the types stay apart in grey; the fills and edges stay visible on light and dark classes (white
triangles and yellow squares edged black, red circles edged white); the offsets keep institutions of different
types in the same municipality from hiding each other."""

MBO_FILE = "regional/mbo_institutions.csv"
"""The registered list of MBO institutions (DUO), relative to ``data/``."""

MBO_COLUMNS = ("brin_instellingscode", "instellingsnaam", "duo_instellingssoort_code", "duo_instellingssoort_naam",
               "gm_code", "gm_name_cbs2023", "province_code", "corop_code_duo",
               "arbeidsmarktregio_code_2023_derived")

MBO_KINDS = ("ROC", "ROCV", "BER", "BERV", "DOV")
"""DUO's kinds of MBO institution (``duo_instellingssoort_code``): regional training centre (roc), combined school
with a roc, vocational college (beroepscollege), combined school with a vocational college, other."""

INSTITUTION_COLUMNS = ["type", "name", "gm_code", "municipality", "province_code", "arbeidsmarktregio_code",
                       "source_id"]
"""Columns of :func:`institutions`: one row per institution of any type."""


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


def load_mbo(*, data_dir=None) -> pd.DataFrame:
    """The MBO institutions, validated, with ``type`` = ``mbo``.

    Raises
    ------
    DataError
        Checksum mismatch; a missing column; an unknown kind of institution; a municipality code that is not a
        2023 CBS municipality; a province, COROP or labour-market-region code that does not contain that
        municipality; an institution code (BRIN) listed twice. The message names the file, the line, the
        institution and what to do.
    """
    registry = Registry.load(data_dir)
    data = registry.read_bytes(MBO_FILE)
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in MBO_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"data/{MBO_FILE}: missing column(s) {missing}; expected {list(MBO_COLUMNS)}. "
                        "Restore the file from git.")
    xw = regions._xw(data_dir)[1].set_index("gm_code")
    seen: dict[str, int] = {}
    for i, row in df.iterrows():
        where = (f"data/{MBO_FILE}, line {i + 2} ({row['brin_instellingscode'] or 'no BRIN'} "
                 f"{row['instellingsnaam'] or 'no name'}, municipality {row['gm_code'] or 'none'})")
        if row["duo_instellingssoort_code"] not in MBO_KINDS:
            raise DataError(f"{where}: unknown duo_instellingssoort_code {row['duo_instellingssoort_code']!r}; use "
                            f"one of {list(MBO_KINDS)} as in DUO's file, or add the kind to "
                            "analysis.chapters.leadership.MBO_KINDS.")
        if not re.fullmatch(r"GM\d{4}", row["gm_code"]) or row["gm_code"] not in xw.index:
            raise DataError(f"{where}: gm_code {row['gm_code']!r} is not a municipality of the 2023 division, so the "
                            "institution cannot be placed. Look the municipality up in "
                            "data/regional/crosswalk_gemeente_2023_regions.csv ('GM' and DUO's four-digit "
                            "GEMEENTENUMMER, mapped to the 2023 municipality after mergers) and correct the row.")
        gm = xw.loc[row["gm_code"]]
        for col, want, what in [("province_code", gm["province_code"], "province"),
                                ("corop_code_duo", gm["corop_code"], "COROP area"),
                                ("arbeidsmarktregio_code_2023_derived", gm["arbeidsmarktregio_code"],
                                 "labour-market region")]:
            if row[col] != want:
                raise DataError(f"{where}: {col} {row[col]!r}, but municipality {row['gm_code']} "
                                f"({gm['gm_name']}) lies in {what} {want}; correct the row.")
        brin = row["brin_instellingscode"]
        if brin in seen:
            raise DataError(f"{where}: BRIN {brin} is listed twice (also on line {seen[brin]}); remove the "
                            "duplicate row.")
        seen[brin] = i + 2
    return df.assign(type="mbo")


def institutions(*, data_dir=None) -> pd.DataFrame:
    """All knowledge institutions on the map: universities, universities of applied sciences and MBO colleges.

    One row per institution (:data:`INSTITUTION_COLUMNS`), validated by :func:`load` and :func:`load_mbo`; the
    labour-market region is that of the municipality in the book's lookup (:func:`analysis.regional.regions.lookup`).
    """
    he, mbo = load(data_dir=data_dir), load_mbo(data_dir=data_dir)
    parts = [
        pd.DataFrame({"type": he["type"], "name": he["institution_name_nl"], "gm_code": he["gm_code"],
                      "municipality": he["municipality"], "province_code": he["province_code"],
                      "source_id": he["source_id"]}),
        pd.DataFrame({"type": mbo["type"], "name": mbo["instellingsnaam"], "gm_code": mbo["gm_code"],
                      "municipality": mbo["gm_name_cbs2023"], "province_code": mbo["province_code"],
                      "source_id": "DUO_ADRESSEN_MBO"}),
    ]
    out = pd.concat(parts, ignore_index=True)
    am = regions.lookup(data_dir=data_dir).set_index("gm_code")["arbeidsmarktregio_code"]
    out["arbeidsmarktregio_code"] = out["gm_code"].map(am)
    return out[INSTITUTION_COLUMNS]


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
         .agg(n=("type", "size"), geometry=("geometry", "first")))
    return gpd.GeoDataFrame(g, geometry="geometry", crs=regions.CRS)


def _types(df: pd.DataFrame) -> list[str]:
    """The types to count: university and uas always, mbo when the table has MBO institutions."""
    return [t for t in TYPE_LABELS if t != "mbo" or (df["type"] == "mbo").any()]


def per_region(df: pd.DataFrame, level: str = "provincie", *, data_dir=None) -> pd.DataFrame:
    """Institutions per region of ``level`` (every region, zeros kept): ``name``, one column per type, ``total``.

    ``provincie`` counts by the ``province_code`` of each row; other levels by the region holding the row's
    municipality (``gm_code``) in :func:`analysis.regional.regions.lookup`.
    """
    names = regions.boundaries(level, data_dir=data_dir).set_index("code")["name"]
    if level == "provincie":
        where = df["province_code"]
    else:
        where = df["gm_code"].map(regions.lookup(data_dir=data_dir).set_index("gm_code")[f"{level}_code"])
    counts = pd.crosstab(where, df["type"]).reindex(index=names.index, columns=_types(df), fill_value=0)
    out = counts.assign(total=counts.sum(axis=1))
    out.insert(0, "name", names)
    out.index.name = "code"
    out.columns.name = None
    return out


def per_province(df: pd.DataFrame, *, data_dir=None) -> pd.DataFrame:
    """Institutions per province (all 12, zeros kept): ``name``, ``university``, ``uas`` (``mbo``), ``total``."""
    return per_region(df, "provincie", data_dir=data_dir)


def map_figure(ind: regions.Indicator, df: pd.DataFrame, *, title: str, k: int = 5, data_dir=None,
               figsize=(6.8, 8.4)) -> Figure:
    """Regions shaded by ``ind`` with the institutions of ``df`` on top, one marker per municipality and type.

    ``df`` is :func:`institutions` (or :func:`load` for higher education only). Marker shapes differ by type
    (:data:`STYLE`); marker area grows with the number of institutions of that type in the municipality, and counts
    above one are written beside the marker. The source line names the indicator's source, the lists of institutions
    and the boundary credit.
    """
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    maps.choropleth(ind, ax=ax, k=k, cmap="Blues")
    shade = ax.get_legend()
    ax.add_artist(shade)
    agg = by_municipality(df, data_dir=data_dir)
    types = _types(df)
    for t in types:
        style = STYLE[t]
        sub = agg[agg["type"] == t]
        x, y = sub.geometry.x + style["offset"][0], sub.geometry.y + style["offset"][1]
        coll = ax.scatter(x, y, s=30 + 22 * (sub["n"] - 1), marker=style["marker"], c=style["color"],
                          edgecolors=style["edge"], linewidths=0.8, zorder=5)
        coll.set_gid(f"institutions-{t}")
        for xi, yi, n in zip(x, y, sub["n"]):
            if n > 1:
                ax.annotate(str(n), (xi, yi), xytext=(4, 2), textcoords="offset points", fontsize=7,
                            fontweight="bold", color="#000000", zorder=6,
                            path_effects=[pe.withStroke(linewidth=2.0, foreground="white")])
    handles = [Line2D([], [], linestyle="", marker=STYLE[t]["marker"], color=STYLE[t]["color"],
                      markeredgecolor=STYLE[t]["edge"], markersize=7,
                      label=f"{tr(TYPE_LABELS[t])} ({int((df['type'] == t).sum())})") for t in types]
    ax.legend(handles=handles, title=tr("Seat or main address of an institution (number beside the marker if more "
                                        "than one of a type in a municipality)"),
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2, fontsize=7.5, title_fontsize=7.5, frameon=False)
    ax.set_title(title, loc="left", fontsize=11)
    named = [LISTS, *([LISTS_MBO] if "mbo" in types else [])]
    lists = "; ".join(named)
    source = tr("Source: {source}; institutions: {lists}. {credit}.").format(
        source=tr(ind.source), lists="; ".join(tr(x) for x in named), credit=tr(maps.BOUNDARY_CREDIT))
    fig.text(0.01, 0.005, "\n".join(textwrap.wrap(source, 105)), fontsize=6.5, color="#444444", ha="left",
             va="bottom")
    fig.get_layout_engine().set(rect=(0, 0.085, 1, 0.915))  # keep the source line clear of the legend
    plt.close(fig)
    # the data drawn: the shading (what maps.choropleth attached) and the markers (institutions per municipality
    # and type), one row per municipality
    markers = agg.pivot_table(index="gm_code", columns="type", values="n", aggfunc="sum", fill_value=0)
    markers = markers.reindex(columns=types, fill_value=0).rename(columns=lambda t: f"institutions_{t}")
    drawn = fig.lr_data.join(markers, on="code")
    drawn[list(markers.columns)] = drawn[list(markers.columns)].fillna(0).astype(int)
    registry = Registry.load(data_dir)
    files = [FILE, *([MBO_FILE] if "mbo" in types else [])]
    licences = [ind.licence, *(" ".join(str(registry.entry(f).get("licence", "")).split()) for f in files)]
    meta = {**fig.lr_meta, "source": f"{ind.source}; institutions: {lists}",
            "unit": f"{ind.unit}; institutions: number per municipality and type",
            "licence": "; ".join(dict.fromkeys(x for x in licences if x))}
    return regions.attach(fig, drawn, meta)


def map_facts(inst: pd.DataFrame, share: regions.Indicator) -> dict[str, object]:
    """Numbers the map section glues: institutions by type, where they are, and the share of the municipalities.

    ``inst`` is :func:`institutions`; ``share`` the municipal hbo/wo share the map is drawn over.
    """
    mbo = inst[inst["type"] == "mbo"]
    prov = per_region(inst, "provincie")
    am = per_region(inst, "arbeidsmarktregio")
    v = share.value
    with_any = v.index.isin(inst["gm_code"])
    with_he = v.index.isin(inst.loc[inst["type"] != "mbo", "gm_code"])
    top = mbo["municipality"].value_counts()
    return plain_facts({
        "n_all": len(inst), "n_mbo": len(mbo), "n_mbo_municipalities": int(mbo["gm_code"].nunique()),
        "n_all_municipalities": int(inst["gm_code"].nunique()),
        "mbo_top_municipality": top.index[0], "mbo_top_municipality_n": int(top.iloc[0]),
        "n_prov_without_mbo": int((prov["mbo"] == 0).sum()),
        "n_am": len(am), "n_am_without_any": int((am["total"] == 0).sum()),
        "am_without_any": ", ".join(am.loc[am["total"] == 0, "name"]) or "none",
        "n_am_without_mbo": int((am["mbo"] == 0).sum()),
        "n_am_mbo_only": int(((am["mbo"] > 0) & (am["university"] + am["uas"] == 0)).sum()),
        "am_max_name": am["name"][am["total"].idxmax()], "am_max": int(am["total"].max()),
        "share_period": share.period[:4], "share_n": int(v.notna().sum()),
        "share_median_with_any": float(v[with_any].median()), "share_median_without": float(v[~with_any].median()),
        "share_median_with_he": float(v[with_he].median()),
        "n_gm_with_any": int(with_any.sum()), "n_gm_total": len(v),
    })


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


def comparison_facts(top: pd.DataFrame, evaluations: pd.DataFrame) -> dict[str, str]:
    """What the chapter says of its most robust vocational studies and its evaluations, in the current language:
    the countries of the former, and whether none of the latter compares with and without a scheme over time."""
    from analysis.language import tr

    countries = ", ".join(sorted({g for gs in top["geography"] for g in gs})) or tr("no country coded")
    robust = evaluations["design"].notna().any() and int(evaluations["design"].max()) >= 3
    return {"le_vetf_top_countries": countries,
            "le_ed_comparison": "" if robust else
            tr("; none compares regions or colleges with and without a scheme over time")}
