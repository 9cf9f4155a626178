"""How the Dutch region systems nest in, or cut across, each other.

Two routes, which the chapter "What is a region?" sets side by side:

* **by municipality** (:func:`members`, :func:`nesting_matrix`): every region system is built from whole
  municipalities, so a region crosses a province border when its municipalities lie in more than one
  province. This uses a municipality lookup (one row per municipality, one column per region system), such
  as :func:`analysis.regional.regions.lookup` computes by overlay.
* **by area** (:func:`area_shares`): intersect two boundary layers and measure which share of a region's
  area lies in each region of the other layer. The boundaries are generalised, so neighbouring layers do
  not match exactly along shared borders; overlaps below ``min_share`` are such slivers and are dropped.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

__all__ = ["locate", "members", "crossing", "nesting_matrix", "area_shares"]


def locate(units: gpd.GeoDataFrame, regions: gpd.GeoDataFrame, *, code: str = "code") -> pd.Series:
    """Region that holds each unit, found from a point inside the unit's largest polygon.

    Parameters
    ----------
    units, regions
        Boundary layers in the same projected CRS, each with a ``code`` column.
    code
        Name of the code column in both layers.

    Returns
    -------
    pandas.Series
        Region code per unit code.

    Raises
    ------
    ValueError
        If the layers are in different CRSs or a unit lies in no region.
    """
    if units.crs != regions.crs:
        raise ValueError(f"units are in {units.crs}, regions in {regions.crs}: reproject one of them")
    largest = units.explode(index_parts=False)
    largest = largest.assign(_area=largest.area).sort_values("_area").groupby(code).tail(1)
    points = gpd.GeoDataFrame({code: largest[code].to_numpy()}, geometry=largest.representative_point().to_numpy(),
                              crs=units.crs)
    joined = gpd.sjoin(points, regions[[code, "geometry"]].rename(columns={code: "_region"}),
                       how="left", predicate="within")
    joined = joined.drop_duplicates(code)
    missing = joined.loc[joined["_region"].isna(), code].tolist()
    if missing:
        raise ValueError(f"unit(s) {', '.join(missing)} lie in no region of the other layer: check both layers")
    return joined.set_index(code)["_region"].reindex(units[code]).rename(None)


def members(
    lookup: pd.DataFrame,
    region: str,
    parent: str,
    *,
    unit: str = "code",
    area: pd.Series | None = None,
) -> pd.DataFrame:
    """For each region, how many units it holds and in how many parent regions they lie.

    Parameters
    ----------
    lookup
        One row per unit (municipality) with the unit code and one column per region system.
    region
        Column with the region of each unit (e.g. labour-market region).
    parent
        Column with the parent region of each unit (e.g. province).
    unit
        Column with the unit code.
    area
        Optional area of each unit, indexed by unit code; adds the share of the region's area in its
        main parent.

    Returns
    -------
    pandas.DataFrame
        Indexed by region: ``n_units``, ``n_parents``, ``parents`` (codes, largest first, with unit counts),
        ``main_parent``, ``main_share_units`` and, with ``area``, ``main_share_area`` and ``area``.
    """
    if lookup[unit].duplicated().any():
        dup = ", ".join(lookup.loc[lookup[unit].duplicated(), unit])
        raise ValueError(f"unit(s) {dup} appear more than once in the lookup")
    rows = {}
    for reg, grp in lookup.groupby(region, sort=True):
        counts = grp[parent].value_counts()
        row = {
            "n_units": len(grp),
            "n_parents": len(counts),
            "parents": ", ".join(f"{p} ({n})" for p, n in counts.items()),
            "main_parent": counts.index[0],
            "main_share_units": counts.iloc[0] / len(grp),
        }
        if area is not None:
            a = area.reindex(grp[unit]).to_numpy()
            if pd.isna(a).any():
                raise KeyError(f"no area for some units of region {reg}")
            by_parent = pd.Series(a, index=grp[parent].to_numpy()).groupby(level=0).sum()
            row["area"] = by_parent.sum()
            row["main_share_area"] = by_parent.max() / by_parent.sum()
        rows[reg] = row
    out = pd.DataFrame(rows).T
    out.index.name = region
    for col in ("n_units", "n_parents"):
        out[col] = out[col].astype(int)
    for col in ("main_share_units", "main_share_area", "area"):
        if col in out:
            out[col] = out[col].astype(float)
    return out


def crossing(lookup: pd.DataFrame, region: str, parent: str, **kwargs) -> pd.DataFrame:
    """The rows of :func:`members` whose units lie in more than one parent region."""
    out = members(lookup, region, parent, **kwargs)
    return out[out["n_parents"] > 1]


def nesting_matrix(lookup: pd.DataFrame, systems: dict[str, str]) -> pd.DataFrame:
    """Share of the regions of one system that lie wholly inside one region of another system.

    Parameters
    ----------
    lookup
        One row per unit with one column per region system.
    systems
        Display name → column in ``lookup``, e.g. ``{"COROP area": "corop", "Province": "province"}``.

    Returns
    -------
    pandas.DataFrame
        Rows: the system whose regions are tested; columns: the system they should fit in. A value of 1
        means every region of the row system lies inside one region of the column system.
    """
    names = list(systems)
    out = pd.DataFrame(index=names, columns=names, dtype=float)
    for a in names:
        for b in names:
            n_parents = lookup.groupby(systems[a])[systems[b]].nunique()
            out.loc[a, b] = float((n_parents == 1).mean())
    out.index.name = "regions of"
    out.columns.name = "lie inside one"
    return out


def area_shares(
    regions: gpd.GeoDataFrame,
    parents: gpd.GeoDataFrame,
    *,
    code: str = "code",
    min_share: float = 0.01,
) -> pd.DataFrame:
    """Share of each region's area that lies in each parent region, by overlay of the two layers.

    Parameters
    ----------
    regions, parents
        Boundary layers in the same projected CRS, each with a ``code`` column.
    code
        Name of the code column in both layers.
    min_share
        Overlaps smaller than this share of the region's area are treated as slivers from the
        generalised boundaries and left out; the remaining shares are scaled to sum to 1.

    Returns
    -------
    pandas.DataFrame
        Long table with ``region``, ``parent``, ``area_km2`` and ``share``, one row per real overlap.
    """
    if regions.crs != parents.crs:
        raise ValueError(f"regions are in {regions.crs}, parents in {parents.crs}: reproject one of them")
    if regions.crs is None or not regions.crs.is_projected:
        raise ValueError("area_shares needs a projected CRS (e.g. EPSG:28992) to measure areas")
    a = regions[[code, "geometry"]].rename(columns={code: "region"})
    b = parents[[code, "geometry"]].rename(columns={code: "parent"})
    ov = gpd.overlay(a, b, how="intersection", keep_geom_type=True)
    ov["area_km2"] = ov.area / 1e6
    ov = ov.groupby(["region", "parent"], as_index=False)["area_km2"].sum()
    ov["share"] = ov["area_km2"] / ov.groupby("region")["area_km2"].transform("sum")
    ov = ov[ov["share"] >= min_share].copy()
    ov["share"] = ov["share"] / ov.groupby("region")["share"].transform("sum")
    return ov.sort_values(["region", "share"], ascending=[True, False]).reset_index(drop=True)
