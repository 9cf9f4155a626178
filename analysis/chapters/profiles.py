"""Your region: a profile of every province, COROP area, labour-market region and municipality.

:func:`build` assembles, from ``data/`` (through the data engine) and ``references.bib`` (through the bibliography
engine), one record per region: where it is (the regions it belongs to or consists of, by the overlay of
:func:`analysis.regional.regions.lookup`), its figures (value, period, unit, rank, national value, trend, source),
its five most similar regions and its neighbours, the knowledge institutions and Regio Deals in it, the works of
the bibliography tied to it, and what the book does not hold for it. The page ``book/your-region.md`` embeds the
result as JSON, once per edition in its language (:func:`page_data`: the texts, and the symbols its numbers are
written with), and draws a profile in the browser (:data:`SCRIPT`).

Rules, stated on the page too:

* **Which figure.** Per indicator and level, the source whose latest period is latest (then the widest coverage);
  the trend line is that one source's series when it has at least three periods, so vintages are never mixed.
* **Rank.** 1 = highest value among the regions of the level that have one (ties share the best rank).
* **Regions like it.** Standardise (z-score) every indicator held for at least 90% of the regions of the level
  (counts of people in logarithms); the distance between two regions is the root mean squared difference over the
  indicators both have; the five with the smallest distance are its peers.
* **Neighbours.** Regions of the same level whose generalised boundaries come within 100 m of each other.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.chapters import governance, leadership
from analysis.language import N_, current, localise, tr
from analysis.literature import bibliography, vocab
from analysis.regional import regions
from analysis.regional.sources import DataError, Registry

LEVELS: tuple[str, ...] = ("provincie", "corop", "arbeidsmarktregio", "gemeente")
"""The four region systems with a profile, largest first."""

LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "provincie": (N_("province"), N_("provinces")), "corop": (N_("COROP area"), N_("COROP areas")),
    "arbeidsmarktregio": (N_("labour-market region"), N_("labour-market regions")),
    "gemeente": (N_("municipality"), N_("municipalities")),
}

LIES_IN: dict[str, str] = {"provincie": N_("In the province {region}"), "corop": N_("In the COROP area {region}"),
                           "arbeidsmarktregio": N_("In the labour-market region {region}")}
"""Where a municipality lies, per larger system (the article of the level's name differs in Dutch)."""

MUNICIPAL = {"pct_hbo_wo_15_75": N_("hbo/wo share (% of 15-75)"), "avg_standardised_income_private_hh_excl_students":
             N_("mean standardised household income (1000 euro)")}
"""Municipal indicators whose distribution (min, median, max) within each larger region is exact."""

POPULATION_SUM = N_("Population (sum of its municipalities)")
ATTRIBUTION = N_("Boundaries: Kadaster / Centraal Bureau voor de Statistiek, 2023")


TEXT: dict[str, str] = {
    # the picker
    "pick_label": N_("Find your region: type a province, COROP area, labour-market region or municipality"),
    "pick_button": N_("Show"),
    "choices_label": N_("Regions that fit the name"),
    "match_one": N_("1 region matches: {label}"),
    "match_many": N_("{n} regions match"),
    "fit_all": N_("{n} regions fit “{text}”: choose one below."),
    "fit_first": N_("{n} regions fit “{text}”; the first {shown} are listed: keep typing to narrow them."),
    "no_match": N_("No region matches “{text}”."),
    "showing": N_("Showing {label}."),
    "start": N_("Type the name of a province, COROP area, labour-market region or municipality above."),
    "unknown": N_("There is no region with the code “{code}” in this book. Type a name in the box above to "
                  "pick one (for example Twente, Oost-Groningen, Zuid-Limburg or Almere)."),
    "title": N_("{name} ({level}) — Your region"),
    # the profile's parts
    "h_where": N_("Where it is"),
    "h_figures": N_("Its figures"),
    "h_peers": N_("Regions like it"),
    "h_neighbours": N_("Its neighbours"),
    "h_there": N_("What is there"),
    "h_evidence": N_("What the evidence says about it"),
    "h_missing": N_("What is missing"),
    "h_sources": N_("Sources"),
    "permalink": N_("Permalink to this profile"),
    "download": N_("Download its data (CSV)"),
    "csv_name": N_("region-{code}.csv"),
    "none": N_("none"),
    "no_neighbours": N_("none (an island or a region without a land border with a region of the same system)"),
    "institutions": N_("Knowledge institutions"),
    "institutions_at": N_("{institutions} (main address): {list}."),
    "deals": N_("Regio Deals"),
    "deals_cover": N_("{deals} whose named areas cover it: {list}."),
    "no_deals": N_("none known (the book knows the areas of few deals)"),
    "map": N_("Map of the {plural} with {name} highlighted"),
    # where it is
    "shares_with": N_("{plural} it shares municipalities with: {regions}"),
    "municipalities_one": N_("Its only municipality"),
    "municipalities_many": N_("Its {n} municipalities"),
    # its figures
    "figures_label": N_("Figures"),
    "figures_caption": N_("Its figures: value and unit, rank among the {plural} (1 = highest) and the national value "
                          "where the book holds one"),
    "no_figures": N_("The book holds no figure of its own for this region; see {missing}."),
    "col_indicator": N_("Indicator"),
    "col_value": N_("Value"),
    "col_period": N_("Period"),
    "col_rank": N_("Rank"),
    "col_nl": N_("NL"),
    "col_nl_title": N_("Netherlands"),
    "col_trend": N_("Trend"),
    "col_source": N_("Source"),
    "rank_of": N_("{rank} of {n}"),
    "rank_bar": N_("rank {rank} of {n}"),
    "trend_source": N_("; trend: {source}"),
    "trend_text": N_("from {first} in {first_period} to {last} in {last_period} ({unit})"),
    "trend_label": N_("Trend {text}"),
    # its municipalities
    "spread_label": N_("Municipal spread"),
    "spread_caption": N_("Its municipalities: lowest, median and highest value (exact; not averaged)"),
    "col_lowest": N_("Lowest"),
    "col_median": N_("Median"),
    "col_highest": N_("Highest"),
    # U+00AD, a soft hyphen: the narrow column may break the word there
    "col_municipalities": N_("Munici\u00adpalities"),
    "csv_spread": N_("{label} ({stat} of {n} municipalities)"),
    "stat_min": N_("min"),
    "stat_median": N_("median"),
    "stat_max": N_("max"),
    # the evidence
    "design": N_("{finding}, design {design}"),
    "no_finding": N_("no finding coded"),
    "evidence_one": N_("1 work in the bibliography studies this region, a region that contains it or one that lies "
                       "in it:"),
    "evidence_many": N_("{n} works in the bibliography study this region, a region that contains it or one that lies "
                        "in it:"),
    "no_evidence": N_("No work in the bibliography is tied to this region or to a region that contains it or lies in "
                      "it."),
    "evidence_peers": N_("Works about regions like it:"),
    "no_evidence_peers": N_("Nor to the regions like it."),
    "national": N_("{n} further works study the Netherlands as a whole; the {chapter} chapter weighs them."),
    "what_works": N_("What works"),
    # what is missing
    "missing_one": N_("{label}: the source publishes it for {n} of the {plural}, not for this one."),
    "elsewhere": N_("Held only for other region systems, not for {plural}: {list}."),
    "nothing_missing": N_("Nothing: every indicator held for {plural} has a value here."),
    "licence": N_("Licence: {licence}"),
}
"""The sentences and labels of the page's script (:data:`SCRIPT`), by key: :func:`page_data` writes them in the
language of the edition; the script fills in the ``{fields}``, escaped, and holds no text of its own."""

PEER_COVERAGE = 0.9
NEIGHBOUR_M = 100.0
TOLERANCE_M = {"provincie": 400.0, "corop": 300.0, "arbeidsmarktregio": 300.0, "gemeente": 220.0}
"""Simplification of the locator maps, in metres (EPSG:28992)."""

ALIASES_FILE = "regional/region_aliases.csv"
"""Common names of municipalities that differ from CBS's (Den Bosch, Den Haag, ...), with what kind of name each is."""

SCRIPT = Path(__file__).with_name("your_region.js")
"""The page's script: picker, permalink, profile drawing, CSV download (no library, no request)."""


# ------------------------------------------------------------------------------------------------ periods
def period_key(period: str) -> float:
    """A sortable number for a period label: ``2021``, ``2015Q3``, ``2023-01-01``, ``2013-2019`` (its end)."""
    p = str(period)
    if m := re.fullmatch(r"(\d{4})Q([1-4])", p):
        return int(m.group(1)) + (int(m.group(2)) - 1) / 4
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", p):
        return int(m.group(1)) + (int(m.group(2)) - 1) / 12
    if m := re.fullmatch(r"(\d{4})-(\d{4})", p):
        return float(m.group(2))
    if re.fullmatch(r"\d{4}", p):
        return float(p)
    raise DataError(f"period label '{p}' cannot be ordered; use YYYY, YYYYQn, YYYY-MM-DD or YYYY-YYYY")


def _choose(rows: pd.DataFrame, default: str | None = None) -> str:
    """The source of one indicator at one level: latest period first, then the widest coverage, then the source the
    registry names as default (``defaults`` in ``data/sources.yaml``), then the id."""
    stats = []
    for sid, g in rows.groupby("source_id"):
        latest = max(g["period"], key=period_key)
        stats.append((-period_key(latest), -int((g["period"] == latest).sum()), sid != default, sid))
    return sorted(stats)[0][-1]


def _trend_source(rows: pd.DataFrame) -> str | None:
    """The source with the longest series (three periods or more) of one indicator at one level, or None."""
    best = sorted((-g["period"].nunique(), -period_key(max(g["period"], key=period_key)), sid)
                  for sid, g in rows.groupby("source_id"))
    return best[0][2] if best and -best[0][0] >= 3 else None


# ------------------------------------------------------------------------------------------------ figures
def _source_text(registry: Registry, sid: str, file: str) -> dict[str, str]:
    entry = registry.entry(file)
    return {"source": registry.source_text(sid), "licence": str(entry.get("licence", "")), "source_id": sid}


def headline(level: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every indicator held at ``level``: per region its latest value by the rule above, with rank and period.

    Columns: ``indicator, label, code, value, period, unit, rank, n, national, source_id, file``.
    """
    data = regions.to_cbs(regions.indicators()) if data is None else data
    rows = data[data["region_level"] == level]
    defaults = Registry.load().defaults
    out = []
    for name, g in rows.groupby("indicator"):
        sid = _choose(g, (defaults.get(name) or {}).get(level))
        g = g[g["source_id"] == sid]
        latest = max(g["period"], key=period_key)
        cur = g[g["period"] == latest].dropna(subset=["value"])
        nat = data[(data["region_level"] == "land") & (data["indicator"] == name) & (data["source_id"] == sid)
                   & (data["period"] == latest)]["value"]
        ranks = cur["value"].rank(ascending=False, method="min").astype(int)
        out.append(pd.DataFrame({
            "indicator": name, "label": regions.label(name), "code": cur["region_code"], "value": cur["value"],
            "period": latest, "unit": cur["unit"], "rank": ranks, "n": len(cur),
            "national": float(nat.iloc[0]) if len(nat) else np.nan, "source_id": sid, "file": cur["file"]}))
    cols = ["indicator", "label", "code", "value", "period", "unit", "rank", "n", "national", "source_id", "file"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


def trends(level: str, data: pd.DataFrame | None = None) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """Per (indicator, region code), the longest series one source holds (three periods or more); its source is
    :func:`trend_sources`. One source per line, so vintages never mix."""
    data = regions.to_cbs(regions.indicators()) if data is None else data
    rows = data[data["region_level"] == level]
    out: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for name, g in rows.groupby("indicator"):
        sid = _trend_source(g)
        if sid is None:
            continue
        g = g[g["source_id"] == sid].dropna(subset=["value"])
        for code, s in g.groupby("region_code"):
            pts = sorted(zip(s["period"], s["value"]), key=lambda pv: period_key(pv[0]))
            out[(name, code)] = [(str(p), float(v)) for p, v in pts]
    return out


def trend_sources(level: str, data: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Per indicator at ``level``, the (source_id, file, unit) of its trend line (see :func:`trends`)."""
    rows = data[data["region_level"] == level]
    out = {}
    for name, g in rows.groupby("indicator"):
        sid = _trend_source(g)
        if sid is not None:
            out[name] = (sid, g.loc[g["source_id"] == sid, "file"].iloc[0], g.loc[g["source_id"] == sid, "unit"].iloc[0])
    return out


def municipal_spread(level: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each region of ``level``, the exact minimum, median and maximum of its municipalities' values."""
    data = regions.to_cbs(regions.indicators()) if data is None else data
    look = regions.lookup().set_index("gm_code")[f"{level}_code"]
    rows = []
    for name, label in MUNICIPAL.items():
        g = data[(data["region_level"] == "gemeente") & (data["indicator"] == name)].dropna(subset=["value"])
        g = g.assign(parent=g["region_code"].map(look))
        for code, s in g.groupby("parent"):
            rows.append({"indicator": name, "label": label, "code": code, "min": s["value"].min(),
                         "median": s["value"].median(), "max": s["value"].max(), "count": len(s),
                         "period": s["period"].iloc[0], "source_id": s["source_id"].iloc[0],
                         "file": s["file"].iloc[0]})
    return pd.DataFrame(rows)


def population_sums(level: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Population on 1 January 2023 summed exactly over the municipalities of each region of ``level``."""
    data = regions.to_cbs(regions.indicators()) if data is None else data
    look = regions.lookup().set_index("gm_code")[f"{level}_code"]
    g = data[(data["region_level"] == "gemeente") & (data["indicator"] == "population_total")]
    return (g.assign(code=g["region_code"].map(look)).groupby("code")
            .agg(value=("value", "sum"), period=("period", "first"), source_id=("source_id", "first"),
                 file=("file", "first")).reset_index())


# ------------------------------------------------------------------------------------------------ peers, neighbours
def peers(table: pd.DataFrame, n: int = 5) -> dict[str, list[str]]:
    """The ``n`` nearest regions by the rule above; ``table`` has one row per region, one column per indicator."""
    keep = table.columns[table.notna().mean() >= PEER_COVERAGE]
    z = table[keep].astype(float)
    z = (z - z.mean()) / z.std(ddof=0).replace(0, np.nan)
    z = z.dropna(axis=1, how="all")
    vals = z.to_numpy()
    out = {}
    for i, code in enumerate(z.index):
        diff = vals - vals[i]
        both = ~np.isnan(diff)
        d = np.sqrt(np.nansum(diff ** 2, axis=1) / np.maximum(both.sum(axis=1), 1))
        d[i] = np.inf
        d[both.sum(axis=1) == 0] = np.inf
        order = np.argsort(d, kind="stable")[:n]
        out[code] = [z.index[j] for j in order if np.isfinite(d[j])]
    return out


def neighbours(geo: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Regions whose boundaries come within :data:`NEIGHBOUR_M` of each other (generalised boundaries leave slivers)."""
    buf = gpd.GeoDataFrame({"code": geo["code"]}, geometry=geo.buffer(NEIGHBOUR_M / 2), crs=geo.crs)
    pairs = gpd.sjoin(buf, buf, predicate="intersects")
    pairs = pairs[pairs["code_left"] != pairs["code_right"]]
    return {c: sorted(g["code_right"]) for c, g in pairs.groupby("code_left")}


# ------------------------------------------------------------------------------------------------ locator maps
def svg_paths(geo: gpd.GeoDataFrame, tolerance: float, width: float = 300.0) -> dict[str, object]:
    """Simplified SVG paths (one per region) in a ``width``-wide box: the locator map of one level."""
    minx, miny, maxx, maxy = geo.total_bounds
    scale = width / (maxx - minx)
    height = (maxy - miny) * scale
    paths = {}
    for code, geom in zip(geo["code"], shapely.simplify(geo.geometry.values, tolerance)):
        parts = []
        polys = geom.geoms if hasattr(geom, "geoms") else [geom]
        for poly in polys:
            for ring in [poly.exterior, *poly.interiors]:
                xy = np.asarray(ring.coords)
                pts = " ".join(f"{(x - minx) * scale:.1f},{(maxy - y) * scale:.1f}" for x, y in xy[:-1])
                parts.append(f"M{pts}Z")
        paths[code] = "".join(parts)
    return {"width": width, "height": round(height, 1), "paths": paths}


# ------------------------------------------------------------------------------------------------ evidence, places
def _deals_by_code(deals: pd.DataFrame, names: dict[str, str], members: dict[str, set[str]]) -> dict[str, list[str]]:
    """Per municipality, the Regio Deals whose named areas cover it (a named region covers its municipalities)."""
    by_name = {}
    for code, name in names.items():
        by_name.setdefault(name.lower(), set()).update(members.get(code, {code}))
    out: dict[str, list[str]] = {}
    for _, d in deals.iterrows():
        areas = str(d.get("areas_named_in_source", "") or "")
        for part in re.split(r"[;,/]| en ", areas):
            gms = by_name.get(part.strip().lower())
            for gm in gms or ():
                out.setdefault(gm, []).append(str(d["deal_name_as_in_source"]))
    return out


def aliases(names: dict[str, str], data_dir=None) -> list[list[str]]:
    """The picker's aliases, ``[alias, code, kind of name]``, from :data:`ALIASES_FILE`, checked against ``names``.

    Raises
    ------
    DataError
        A missing column, an empty alias, or a row whose code is not a region of the book or whose name is not
        CBS's name for that code (named by line).
    """
    import io

    raw = pd.read_csv(io.BytesIO(Registry.load(data_dir).read_bytes(ALIASES_FILE)), dtype=str, keep_default_na=False)
    missing = [c for c in ("alias", "name", "code", "kind_of_name") if c not in raw.columns]
    if missing:
        raise DataError(f"data/{ALIASES_FILE}: missing column(s) {missing}; restore the file from git.")
    out, problems = [], []
    for i, r in enumerate(raw.itertuples(index=False), start=2):
        if not r.alias.strip():
            problems.append(f"line {i}: no alias")
        elif r.code not in names:
            problems.append(f"line {i} ({r.alias}): {r.code} is not a region of the book")
        elif names[r.code] != r.name:
            problems.append(f"line {i} ({r.alias}): {r.code} is called {names[r.code]!r} by CBS, not {r.name!r}")
        else:
            out.append([r.alias.strip(), r.code, r.kind_of_name])
    if problems:
        raise DataError(f"data/{ALIASES_FILE}: " + "; ".join(problems) + ". Correct the row (CBS's name and code).")
    return out


def build(data_dir=None) -> dict[str, object]:
    """Everything the page needs to draw any profile, as plain values (see the module docstring).

    ``levels[level]`` holds what is shared by the regions of a level: its indicators (label, unit, period, number
    of regions, national value, source, trend periods), the indicators held only for other systems, and the
    locator map. ``regions[code]`` holds one region's values ``[value, rank, trend values]``, municipal spread,
    peers, neighbours, overlaps with the other systems, institutions, Regio Deals and evidence.
    """
    data = regions.to_cbs(regions.indicators(data_dir=data_dir), data_dir=data_dir)
    registry = Registry.load(data_dir)
    look = regions.lookup(data_dir=data_dir)
    works = bibliography.load()
    geo = {lvl: regions.boundaries(lvl, data_dir=data_dir) for lvl in LEVELS}
    names = {c: n for lvl in LEVELS for c, n in zip(geo[lvl]["code"], geo[lvl]["name"])}
    members: dict[str, set[str]] = {gm: {gm} for gm in look["gm_code"]}
    for lvl in (*LEVELS[:-1], "landsdeel"):
        for code, g in look.groupby(f"{lvl}_code"):
            members[code] = set(g["gm_code"])
    parents = {r.gm_code: {"provincie": r.provincie_code, "corop": r.corop_code,
                           "arbeidsmarktregio": r.arbeidsmarktregio_code} for r in look.itertuples()}
    problems = _coverage_problems(data, geo, look)
    if problems:
        raise DataError("Your region: " + "; ".join(problems) + ". Add the boundary or the data, or correct the code.")
    covered = _work_municipalities(works, members)
    inst = leadership.institutions(data_dir=data_dir)
    inst_by: dict[str, list[list[str]]] = {}
    for t, n, m, g in inst[["type", "name", "municipality", "gm_code"]].itertuples(index=False):
        inst_by.setdefault(g, []).append([t, n, m])
    deals = _deals_by_code(governance.load_deals(data_dir=data_dir), names, members)
    sources: dict[str, dict[str, str]] = {}

    def src(sid, file):
        if sid not in sources:
            sources[sid] = _source_text(registry, sid, file)
        return sid

    out_regions: dict[str, dict] = {}
    levels_out: dict[str, dict] = {}
    for lvl in LEVELS:
        head = headline(lvl, data)
        if lvl == "arbeidsmarktregio":
            pops = population_sums(lvl, data)
            head = pd.concat([head, pd.DataFrame({
                "indicator": "population_total", "label": POPULATION_SUM,
                "code": pops["code"], "value": pops["value"], "period": pops["period"], "unit": "persons",
                "rank": pops["value"].rank(ascending=False, method="min").astype(int), "n": len(pops),
                "national": np.nan, "source_id": pops["source_id"], "file": pops["file"]})], ignore_index=True)
        trend, tsrc = trends(lvl, data), trend_sources(lvl, data)
        spread = municipal_spread(lvl, data) if lvl != "gemeente" else pd.DataFrame()
        codes = list(geo[lvl]["code"])
        indicators = {}
        for name, g in head.groupby("indicator", sort=False):
            r = g.iloc[0]
            periods = sorted({p for (n, _), ser in trend.items() if n == name for p, _ in ser}, key=period_key)
            indicators[name] = {"label": r["label"], "unit": r["unit"], "period": r["period"], "n": int(r["n"]),
                                "national": None if pd.isna(r["national"]) else float(r["national"]),
                                "source": src(r["source_id"], r["file"]), "periods": periods,
                                "trend_source": src(*tsrc[name][:2]) if name in tsrc else None,
                                "trend_unit": tsrc[name][2] if name in tsrc else None}
        others = sorted(set(data.loc[data["region_level"].isin(LEVELS) & (data["region_level"] != lvl), "indicator"])
                        - set(indicators))
        levels_out[lvl] = {
            "name": LEVEL_NAMES[lvl][0], "plural": LEVEL_NAMES[lvl][1], "codes": codes, "indicators": indicators,
            "elsewhere": [[regions.label(n), [LEVEL_NAMES[x][1] for x in LEVELS
                                              if x != lvl and ((data["region_level"] == x) & (data["indicator"] == n)).any()]]
                          for n in others],
            "spread": {n: {"label": lab, "source": src(*spread.loc[spread["indicator"] == n, ["source_id", "file"]].iloc[0]),
                           "period": spread.loc[spread["indicator"] == n, "period"].iloc[0]}
                       for n, lab in MUNICIPAL.items() if len(spread) and (spread["indicator"] == n).any()},
            "map": svg_paths(geo[lvl], TOLERANCE_M[lvl]),
        }
        wide = head.pivot_table(index="code", columns="indicator", values="value").reindex(codes).astype(float)
        if len(spread):
            wide = wide.join(spread.pivot_table(index="code", columns="indicator", values="median").add_suffix("_median"))
        counts = [n for n, ind in indicators.items() if re.search("persons|labour years", str(ind["unit"]))]
        wide[counts] = np.log10(wide[counts].astype(float).clip(lower=1))
        near, nb = peers(wide), neighbours(geo[lvl])
        by_code: dict[str, list[dict]] = {}
        for rec in head[["code", "indicator", "value", "rank"]].to_dict("records"):
            by_code.setdefault(rec["code"], []).append(rec)
        spread_by: dict[str, dict] = {}
        for rec in (spread.to_dict("records") if len(spread) else []):
            spread_by.setdefault(rec["code"], {})[rec["indicator"]] = [rec["min"], rec["median"], rec["max"],
                                                                       int(rec["count"])]
        for code in codes:
            gms = members[code]
            values = {}
            for r in by_code.get(code, []):
                series = trend.get((r["indicator"], code))
                per = dict(series) if series else {}
                values[r["indicator"]] = [r["value"], int(r["rank"])] + (
                    [[per.get(p) for p in indicators[r["indicator"]]["periods"]]] if series else [])
            out_regions[code] = {
                "name": names[code], "level": lvl, "values": values,
                "spread": spread_by.get(code, {}),
                "peers": near.get(code, []), "neighbours": nb.get(code, []),
                "municipalities": sorted(gms, key=lambda c: names[c]) if lvl != "gemeente" else [],
                "overlaps": {other: _overlap(gms, parents, other) for other in LEVELS[:-1] if other != lvl},
                "institutions": sorted(i for g in gms for i in inst_by.get(g, [])),
                "deals": sorted({d for g in gms for d in deals.get(g, [])}),
                "evidence": _evidence(gms, covered),
            }
    for rec in out_regions.values():
        rec["evidence_peers"] = [] if rec["evidence"] else sorted(
            {k for p in rec["peers"] for k in out_regions[p]["evidence"]})
    cited = {k for rec in out_regions.values() for k in rec["evidence"] + rec["evidence_peers"]}
    national = sorted(r.key for r in works.itertuples() if r.places and set(r.places) == {"NL"})
    works_out = {r.key: [r.citation, r.title, r.finding, None if pd.isna(r.design) else int(r.design), r.finding_note]
                 for r in works.itertuples() if r.key in cited or r.key in national}
    return {"levels": levels_out, "regions": out_regions, "sources": sources, "works": works_out,
            "national": national, "names": names, "aliases": aliases(names, data_dir=data_dir),
            "labels": {"finding": {k: v[0] for k, v in vocab.FINDINGS.items()}, "type": leadership.TYPE_LABELS},
            "attribution": ATTRIBUTION}


def _overlap(gms: set[str], parents: dict, other: str) -> list[list[object]]:
    """The regions of system ``other`` that share municipalities with this one: [code, shared count], most first."""
    counts: dict[str, int] = {}
    for g in gms:
        counts[parents[g][other]] = counts.get(parents[g][other], 0) + 1
    return [[c, n] for c, n in sorted(counts.items(), key=lambda cn: (-cn[1], cn[0]))]


def _coverage_problems(data: pd.DataFrame, geo: dict, look: pd.DataFrame) -> list[str]:
    """Regions in the data without a boundary, and boundaries without any figure, by name."""
    problems = []
    for lvl in LEVELS:
        have = set(geo[lvl]["code"])
        in_data = set(data.loc[data["region_level"] == lvl, "region_code"])
        for code in sorted(in_data - have):
            problems.append(f"{lvl} {code} has data but no 2023 boundary")
        covered = in_data | (set(look[f"{lvl}_code"]) if lvl != "gemeente" else set())
        for code, name in zip(geo[lvl]["code"], geo[lvl]["name"]):
            if code not in covered:
                problems.append(f"{lvl} {code} {name} has a boundary but no figure")
    return problems


def _work_municipalities(works: pd.DataFrame, members: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Per work with coded places, the municipalities its places cover (the whole country left out)."""
    out = {}
    for key, places in zip(works["key"], works["places"]):
        gms = frozenset().union(*(members.get(p, set()) for p in places if p != "NL")) if places else frozenset()
        if gms:
            out[key] = gms
    return out


def _evidence(gms: set[str], covered: dict[str, frozenset[str]]) -> list[str]:
    """Works whose ``places`` share a municipality with the region: it, a region containing it, or one within it
    (works coded for the whole country only are listed apart, once for all regions)."""
    return sorted(k for k, w in covered.items() if w & gms)


def to_json(profile: dict) -> str:
    """The profiles as compact JSON (NaN as null), safe to embed in a ``<script type="application/json">``."""
    def clean(o):
        if isinstance(o, float):
            return None if math.isnan(o) else round(o, 4)
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [clean(v) for v in o]
        if isinstance(o, (np.integer,)):
            return int(o)
        if isinstance(o, (np.floating,)):
            return clean(float(o))
        return o
    return json.dumps(clean(profile), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


STYLE = """
#lr-pick-form{margin:1rem 0}#lr-pick{width:min(28rem,100%);padding:.4rem;font-size:1rem}
#lr-status{min-height:1.4em;font-size:.9rem}
#lr-choices{margin:.3rem 0 0;padding-left:1.2rem}#lr-choices li{margin:.15rem 0}
.lr-top{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.lr-locator{width:min(260px,100%);height:auto;flex:0 0 auto}
.lr-locator .lr-other{fill:#e6e6e6;stroke:#ffffff;stroke-width:.4}
.lr-locator .lr-here{fill:#004488;stroke:#000000;stroke-width:.8}
.lr-scroll{overflow-x:auto;max-width:100%}
.lr-table{border-collapse:collapse;font-size:.9rem;width:100%;min-width:34rem;margin:0}
.lr-table .lr-src small,.lr-table .lr-unit{overflow-wrap:anywhere;white-space:normal}
.lr-table .lr-src{min-width:6rem}
.lr-table th,.lr-table td{padding:.25rem .4rem;border-bottom:1px solid #dddddd;text-align:left;vertical-align:middle}
.lr-table caption{text-align:left;font-weight:600;padding:.3rem 0}
.lr-num{text-align:right!important;white-space:nowrap}
.lr-num .lr-unit{display:inline-block;max-width:7rem;text-align:right}
.lr-unknown{padding:.5rem;border-left:4px solid #bb5566}
"""


def page_data(profile: dict) -> dict:
    """What the page's script reads, written in the current language (:func:`analysis.language.using`): the
    profiles of :func:`build` with their names of levels, indicators and units, finding notes and labels
    translated, the script's texts (:data:`TEXT`) and the language's decimal and group symbols (``number``), with
    which the script writes every number it formats. The values are the same in every language."""
    def indicator(meta: dict) -> dict:
        return {**meta, "label": tr(meta["label"]), "unit": tr(meta["unit"]), "trend_unit": tr(meta["trend_unit"])}

    levels = {}
    for lvl, meta in profile["levels"].items():
        levels[lvl] = {
            **meta, "name": tr(meta["name"]), "plural": tr(meta["plural"]),
            "lies_in": tr(LIES_IN[lvl]) if lvl in LIES_IN else None,
            "indicators": {n: indicator(m) for n, m in meta["indicators"].items()},
            "elsewhere": [[tr(label), [tr(p) for p in plurals]] for label, plurals in meta["elsewhere"]],
            "spread": {n: {**m, "label": tr(m["label"])} for n, m in meta["spread"].items()},
        }
    works = {k: [citation, title, finding, design, bibliography.coded(k, "finding_note", note)
                 if isinstance(note, str) and note else note]
             for k, (citation, title, finding, design, note) in profile["works"].items()}
    labels = {"finding": {k: tr(v) for k, v in profile["labels"]["finding"].items()},
              "type": {k: tr(v) for k, v in profile["labels"]["type"].items()}}
    return {**profile, "levels": levels, "works": works, "labels": labels, "attribution": tr(profile["attribution"]),
            "text": {k: tr(v) for k, v in TEXT.items()},
            "number": {"decimal": localise(".", current()), "group": localise(",", current())}}


def page_html(profile: dict) -> str:
    """The page's interactive part in the current language: a labelled picker, the profile area, the data
    (:func:`page_data`) and the script (inline)."""
    return (
        f"<style>{STYLE}</style>"
        f'<form id="lr-pick-form" role="search"><label for="lr-pick">{html.escape(tr(TEXT["pick_label"]))}</label><br>'
        '<input id="lr-pick" name="region" type="search" list="lr-names" autocomplete="off" '
        f'aria-describedby="lr-status"> <button type="submit">{html.escape(tr(TEXT["pick_button"]))}</button>'
        '<datalist id="lr-names"></datalist><div id="lr-status" role="status" aria-live="polite"></div>'
        f'<ul id="lr-choices" hidden aria-label="{html.escape(tr(TEXT["choices_label"]))}"></ul></form>'
        '<div id="lr-profile" aria-live="polite"></div>'
        # one empty anchor per region, so that a link to your-region.html#<code> names an element of the page
        + '<div hidden>' + "".join(f'<span id="{c}"></span>' for c in sorted(profile["regions"])) + "</div>"
        f'<script type="application/json" id="lr-profiles-data">{to_json(page_data(profile))}</script>'
        f"<script>{SCRIPT.read_text(encoding='utf-8')}</script>"
    )


def facts(profile: dict) -> dict[str, int]:
    """Counts the page states: regions per level and in all, regions tied to at least one work."""
    regs = profile["regions"].values()
    out = {f"yr_n_{lvl}": sum(1 for r in regs if r["level"] == lvl) for lvl in LEVELS}
    out["yr_n_all"] = len(profile["regions"])
    out["yr_n_with_evidence"] = sum(1 for r in regs if r["evidence"])
    out["yr_n_national"] = len(profile["national"])
    return out
