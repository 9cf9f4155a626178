"""The evidence of the chapter "What is a region?": region systems, how they nest, and the areal-unit effect.

A chapter cell calls one function here and glues its facts. The overlay logic is in
:mod:`analysis.regional.nesting`, the comparison in :mod:`analysis.regional.compare`, boundaries and indicators come from
:mod:`analysis.regional.regions`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.regional import compare, nesting, regions
from analysis.regional.regions import Indicator
from analysis.book.facts import dutch, plain_facts
from analysis.chapters.why_region import EUROSTAT_GDP, GRONINGEN, OOST_GRONINGEN, names

__all__ = ["SYSTEMS", "region_counts", "municipality_lookup", "nesting_tables", "crossing_indicator", "maup_gdp"]

SYSTEMS = {"COROP area": "corop", "Labour-market region": "arbeidsmarktregio", "Province": "provincie"}
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
            "Code": code, "Labour-market region": anm[code], "Municipalities": int(row["n_units"]),
            "Provinces (municipalities)": ", ".join(f"{pnm[p]} ({n})" for p, n in gms.items()),
            "Share of area outside the main province (%)": round((1 - row["main_share_area"]) * 100, 1),
            "By overlay of the boundaries (% of area)": ", ".join(
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
                   unit="% of area outside the main province", source="computed by overlay of the 2023 boundaries",
                   source_id="OVERLAY_2023", missing=[])


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
