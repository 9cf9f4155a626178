"""The evidence of the chapter "What is a region?": region systems, how they nest, and the areal-unit effect.

A chapter cell calls one function here and glues its facts. The overlay logic is in
:mod:`analysis.regional.nesting`, the comparison in :mod:`analysis.regional.compare`, boundaries and indicators come from
:mod:`analysis.regional.regions`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.language import N_
from analysis.regional import compare, nesting, regions
from analysis.regional.regions import Indicator
from analysis.book.facts import dutch, plain_facts
from analysis.chapters.why_region import (EUROSTAT_GDP, EUROSTAT_POP, GRONINGEN, MUNI_HE, OOST_GRONINGEN,
                                          higher_educated_province, names)

__all__ = ["SYSTEMS", "region_counts", "municipality_lookup", "nesting_tables", "crossing_indicator", "maup_gdp",
           "maup_municipal", "municipal_summaries", "population_sums"]

SYSTEMS = {N_("COROP area"): "corop", N_("Labour-market region"): "arbeidsmarktregio", N_("Province"): "provincie"}
"""Display name → level of the region systems compared (municipalities are the building blocks)."""


def region_counts() -> dict:
    """Number of regions in each system (2023 boundaries)."""
    return {f"n_{lvl}": len(regions.boundaries(lvl)) for lvl in ("provincie", "corop", "arbeidsmarktregio",
                                                                  "gemeente")}


def municipality_lookup() -> tuple[pd.DataFrame, dict]:
    """Municipality → region per system, with a check of the overlay against two other assignments.

    The lookup is :func:`analysis.regional.regions.lookup` (largest share of area). It is compared with
    :func:`analysis.regional.nesting.locate` (a point inside each municipality) and with the collector's crosswalk
    (``data/regional/crosswalk_gemeente_2023_regions.csv``); the facts count the agreements.
    """
    lk = regions.lookup()
    out = pd.DataFrame({"code": lk["gm_code"], "name": lk["gm_name"]})
    for lvl in ("provincie", "corop", "arbeidsmarktregio"):
        out[lvl] = lk[f"{lvl}_code"].to_numpy()
    gm = regions.boundaries("gemeente")
    agree_point = pd.Series(True, index=out.index)
    for lvl in ("provincie", "corop", "arbeidsmarktregio"):
        point = nesting.locate(gm, regions.boundaries(lvl)).reindex(out["code"]).to_numpy()
        agree_point &= out[lvl].to_numpy() == point
    disagree_xw = regions.compare_lookup()
    facts = {"n_gm": len(out), "n_agree_point": int(agree_point.sum()),
             "n_disagree_crosswalk": int(disagree_xw["gm_code"].nunique())}
    return out, facts


def nesting_tables(lookup: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict]:
    """Members per region, crossing regions and the nesting matrix.

    Returns ``members`` (per system: :func:`analysis.regional.nesting.members` against provinces, with area),
    ``crossing`` (display table of labour-market regions that cross a province border, with their area
    share per province), ``matrix`` (:func:`analysis.regional.nesting.nesting_matrix`) and facts.
    """
    gm = regions.boundaries("gemeente")
    area = gm.set_index("code").area / 1e6
    mem = {lvl: nesting.members(lookup, lvl, "provincie", area=area) for lvl in ("corop", "arbeidsmarktregio")}
    matrix = nesting.nesting_matrix(lookup, SYSTEMS)
    am, prov = regions.boundaries("arbeidsmarktregio"), regions.boundaries("provincie")
    shares = nesting.area_shares(am, prov)
    pnm, anm = names("provincie"), names("arbeidsmarktregio")
    x = mem["arbeidsmarktregio"][mem["arbeidsmarktregio"]["n_parents"] > 1]
    rows = []
    for code, row in x.iterrows():
        s = shares[shares.region == code]
        gms = lookup[lookup.arbeidsmarktregio == code]["provincie"].value_counts()
        rows.append({
            N_("Code"): code, N_("Labour-market region"): anm[code], N_("Municipalities"): int(row["n_units"]),
            N_("Provinces (municipalities)"): ", ".join(f"{pnm[p]} ({n})" for p, n in gms.items()),
            N_("Share of area outside the main province (%)"): round((1 - row["main_share_area"]) * 100, 1),
            N_("By overlay of the boundaries (% of area)"): ", ".join(
                f"{pnm[p]} {sh * 100:.0f}" for p, sh in zip(s["parent"], s["share"])),
        })
    crossing = pd.DataFrame(rows).sort_values("Share of area outside the main province (%)", ascending=False)
    counts = {lvl: lookup.groupby(lvl).size() for lvl in ("provincie", "corop", "arbeidsmarktregio")}
    outside = (1 - x["main_share_area"]) * 100
    facts = {
        "n_am_cross": len(x),
        "n_corop_cross": int((mem["corop"]["n_parents"] > 1).sum()),
        "n_am_three": int((x["n_parents"] == 3).sum()),
        "am_out_max_name": anm[outside.idxmax()], "am_out_max": outside.max(),
        "am01_out": outside.get("AM01", float("nan")),
        "am_in_corop": matrix.loc["Labour-market region", "COROP area"] * 100,
        "corop_in_am": matrix.loc["COROP area", "Labour-market region"] * 100,
        "am_in_prov": matrix.loc["Labour-market region", "Province"] * 100,
        "n_area_cross": int(shares.groupby("region").size().gt(1).sum()),
    }
    for lvl, c in counts.items():
        facts.update({f"gm_{lvl}_min": int(c.min()), f"gm_{lvl}_max": int(c.max()),
                      f"gm_{lvl}_median": float(c.median()),
                      f"gm_{lvl}_max_name": names(lvl)[c.idxmax()], f"gm_{lvl}_min_name": names(lvl)[c.idxmin()]})
    facts["n_corop_single_gm"] = int((counts["corop"] == 1).sum())
    return {"members": mem, "crossing": crossing, "matrix": matrix}, plain_facts(facts)


def crossing_indicator(members: pd.DataFrame) -> Indicator:
    """Labour-market regions as an Indicator: % of each region's area outside its main province (0 = inside one)."""
    base = regions.indicator("gdp_per_inhabitant", "provincie", 2021, source_id=EUROSTAT_GDP)
    geo = regions.boundaries("arbeidsmarktregio")
    data = geo[["code", "name", "geometry"]].copy()
    data.insert(2, "value", data["code"].map((1 - members["main_share_area"]) * 100).astype(float))
    return replace(base, data=data, name="area_outside_main_province", level="arbeidsmarktregio", period="2023",
                   unit=N_("% of area outside the main province"),
                   source=N_("computed by overlay of the 2023 boundaries"),
                   source_id="OVERLAY_2023", missing=[], licence=regions.licence("CARTOMAP_NL_7234D7F"))


def maup_gdp(period: int = 2021) -> tuple[list[Indicator], compare.MaupComparison, pd.Series, dict]:
    """GDP per inhabitant at province and at COROP level, one source and year (Eurostat nama_10r_3gdp).

    Returns the two indicators, the :class:`~analysis.regional.compare.MaupComparison`, the COROP → province
    mapping and facts.
    """
    prov = regions.indicator("gdp_per_inhabitant", "provincie", period, source_id=EUROSTAT_GDP, complete=True)
    corop = regions.indicator("gdp_per_inhabitant", "corop", period, source_id=EUROSTAT_GDP, complete=True)
    lk = regions.lookup()
    parent = lk.drop_duplicates("corop_code").set_index("corop_code")["provincie_code"]
    m = compare.maup(prov.value, corop.value, parent)
    rf, nf, rc, nc = m.rank_shift(OOST_GRONINGEN, parent)
    pnm, cnm = names("provincie"), names("corop")
    widest = m.within["gap"].idxmax()
    inside = corop.value[parent.reindex(corop.value.index) == GRONINGEN]
    facts = {
        "maup_year": period,
        "maup_prov_ratio": m.coarse["max_min"], "maup_corop_ratio": m.fine["max_min"],
        "maup_prov_ratio_nl": dutch(m.coarse["max_min"]), "maup_corop_ratio_nl": dutch(m.fine["max_min"]),
        "maup_prov_cv": m.coarse["cv"], "maup_corop_cv": m.fine["cv"],
        "maup_prov_min": m.coarse["min"] / 1000, "maup_prov_max": m.coarse["max"] / 1000,
        "maup_corop_min": m.fine["min"] / 1000, "maup_corop_max": m.fine["max"] / 1000,
        "maup_prov_min_name": pnm[prov.value.idxmin()], "maup_prov_max_name": pnm[prov.value.idxmax()],
        "maup_corop_min_name": cnm[corop.value.idxmin()], "maup_corop_max_name": cnm[corop.value.idxmax()],
        "maup_og_rank": rf, "maup_n_corop": nf, "maup_gr_rank": rc, "maup_n_prov": nc,
        "maup_og": corop.value[OOST_GRONINGEN] / 1000, "maup_gr": prov.value[GRONINGEN] / 1000,
        "maup_gr_inside_max_name": cnm[inside.idxmax()], "maup_gr_inside_max": inside.max() / 1000,
        "maup_widest": pnm[widest], "maup_widest_gap": m.within.loc[widest, "gap"] / 1000,
        "maup_widest_n": int(m.within.loc[widest, "n_fine"]),
        "maup_gr_gap": m.within.loc[GRONINGEN, "gap"] / 1000,
        "maup_n_single": int((m.within["n_fine"] == 1).sum()),
    }
    return [prov, corop], m, parent, plain_facts(facts)


# ----------------------------------------------------------------------------- one level deeper: municipalities
SUMMARY_LEVELS = ("provincie", "corop", "arbeidsmarktregio")
"""Region systems for which the municipal values are summarised (each is built from whole municipalities)."""


def _municipal_lookup() -> pd.DataFrame:
    return regions.lookup().set_index("gm_code")


def maup_municipal(year: int = 2023) -> tuple[list[Indicator], compare.MaupComparison, pd.Series, dict]:
    """The hbo/wo share (15-75) at province and at municipal level, 2023, both from CBS 85525NED.

    The province values are CBS's own figures for the provinces, not averages of municipalities. Returns the two
    indicators, the :class:`~analysis.regional.compare.MaupComparison`, the municipality -> province mapping and facts
    on spread and ranks.
    """
    prov = higher_educated_province(year)
    gm = regions.indicator(MUNI_HE, "gemeente", year)
    parent = _municipal_lookup()["provincie_code"]
    fine = gm.value.dropna()
    m = compare.maup(prov.value, fine, parent)
    pnm, gnm = names("provincie"), names("gemeente")
    top, bottom = fine.idxmax(), fine.idxmin()
    n_below = {p: int((fine[parent.reindex(fine.index) == p] < prov.value[p]).sum()) for p in prov.value.index}
    gr_city = "GM0014"
    facts = {
        "mm_year": year, "mm_n_gm": int(m.fine["n"]), "mm_n_prov": int(m.coarse["n"]),
        "mm_prov_min": m.coarse["min"], "mm_prov_max": m.coarse["max"], "mm_prov_ratio": m.coarse["max_min"],
        "mm_prov_min_name": pnm[prov.value.idxmin()], "mm_prov_max_name": pnm[prov.value.idxmax()],
        "mm_gm_min": m.fine["min"], "mm_gm_max": m.fine["max"], "mm_gm_ratio": m.fine["max_min"],
        "mm_prov_cv": m.coarse["cv"], "mm_gm_cv": m.fine["cv"],
        "mm_prov_ratio_nl": dutch(m.coarse["max_min"]), "mm_gm_ratio_nl": dutch(m.fine["max_min"]),
        "mm_top_name": gnm[top], "mm_top_prov": pnm[parent[top]],
        "mm_top_prov_rank": int(m.rank_coarse[parent[top]]),
        "mm_bottom_name": gnm[bottom], "mm_bottom_prov": pnm[parent[bottom]],
        "mm_bottom_rank": int(m.rank_fine[bottom]), "mm_bottom_prov_rank": int(m.rank_coarse[parent[bottom]]),
        "mm_gr_city_rank": int(m.rank_fine[gr_city]), "mm_gr_city": fine[gr_city],
        "mm_gr_prov_rank": int(m.rank_coarse[GRONINGEN]), "mm_gr_prov": prov.value[GRONINGEN],
        "mm_gr_n": int(m.within.loc[GRONINGEN, "n_fine"]), "mm_gr_n_below": n_below[GRONINGEN],
        "mm_gr_gap": m.within.loc[GRONINGEN, "gap"],
        "mm_n_prov_majority_below": int(sum(n_below[p] > m.within.loc[p, "n_fine"] / 2 for p in n_below)),
    }
    return [prov, gm], m, parent, plain_facts(facts)


def municipal_summaries(ind: Indicator) -> tuple[dict[str, pd.DataFrame], dict]:
    """Per COROP area and per labour-market region (and province): the exact minimum, median and maximum of the
    municipal values of ``ind``, with the number of municipalities with a value.

    No share is averaged: averaging municipal shares with total population as weights would be an approximation,
    because the right weights (the population aged 15-75 per municipality) are not in the book.
    """
    lk = _municipal_lookup()
    out = {}
    for level in SUMMARY_LEVELS:
        s = compare.summarise_within(ind.value, lk[f"{level}_code"])
        s.insert(0, "name", names(level).reindex(s.index))
        out[level] = s
    am, co = out["arbeidsmarktregio"], out["corop"]
    facts = {
        "ms_am_n": len(am), "ms_corop_n": len(co),
        "ms_am_range_max_name": am["name"][am["range"].idxmax()], "ms_am_range_max": am["range"].max(),
        "ms_am_median_max_name": am["name"][am["median"].idxmax()], "ms_am_median_max": am["median"].max(),
        "ms_am_median_min_name": am["name"][am["median"].idxmin()], "ms_am_median_min": am["median"].min(),
        "ms_corop_median_max_name": co["name"][co["median"].idxmax()], "ms_corop_median_max": co["median"].max(),
        "ms_corop_median_min_name": co["name"][co["median"].idxmin()], "ms_corop_median_min": co["median"].min(),
        "ms_corop_range_max_name": co["name"][co["range"].idxmax()], "ms_corop_range_max": co["range"].max(),
        "ms_corop_single": int((co["n"] + co["n_missing"] == 1).sum()),
    }
    return out, plain_facts(facts)


def population_sums(year: int = 2023) -> tuple[pd.DataFrame, dict]:
    """Population on 1 January summed exactly from the 342 municipalities to every region system, with checks.

    Population is a count, so sums are exact. The COROP and province sums are checked against the NUTS-3 and
    NUTS-2 values of ``population.csv`` (Eurostat; zero differences expected). CBS's own province figures of
    1 January 2023 in the same file (70072NED, a different vintage) differ slightly; the facts give the largest gap.
    """
    pop = regions.indicator("population_total", "gemeente", year, complete=True).value
    lk = _municipal_lookup()
    checks = {"corop": ("corop", EUROSTAT_POP), "provincie": ("provincie", EUROSTAT_POP)}
    rows, facts = [], {}
    for level in ("landsdeel", "provincie", "corop", "arbeidsmarktregio"):
        sums = pop.groupby(lk[f"{level}_code"]).sum()
        row = {"level": level, "regions": len(sums), "municipalities": len(pop), "population": int(sums.sum()),
               "smallest": int(sums.min()), "largest": int(sums.max()),
               "smallest_name": names(level)[sums.idxmin()], "largest_name": names(level)[sums.idxmax()]}
        if level in checks:
            lvl, sid = checks[level]
            published = regions.indicator("population_total", lvl, year, source_id=sid, complete=True).value
            diff = (sums.reindex(published.index) - published).abs()
            row["checked against"] = sid
            row["regions that differ"] = int((diff > 0).sum())
            facts[f"ps_{level}_n_diff"] = int((diff > 0).sum())
            facts[f"ps_{level}_n_checked"] = len(published)
        rows.append(row)
        facts[f"ps_{level}_largest_name"] = row["largest_name"]
        facts[f"ps_{level}_smallest_name"] = row["smallest_name"]
        facts[f"ps_{level}_ratio"] = row["largest"] / row["smallest"]
    prov_sums = pop.groupby(lk["provincie_code"]).sum()
    cbs = regions.indicator("population_total", "provincie", year, source_id="CBS_70072NED_2023", complete=True).value
    gap = (prov_sums.reindex(cbs.index) - cbs).abs()
    facts["ps_cbs_max_gap"] = int(gap.max())
    facts["ps_cbs_max_gap_name"] = names("provincie")[gap.idxmax()]
    facts["ps_total"] = int(pop.sum())
    facts["ps_year"] = year
    table = pd.DataFrame(rows).set_index("level")
    return table, plain_facts(facts)
