"""Compare regions: dispersion between regions, profiles of chosen regions, and the areal-unit effect.

Every function here takes and returns plain pandas objects, so it does not depend on how the data were
loaded. The chapters "Why the region" and "What is a region?" call these functions on the indicators
that :mod:`analysis.regional.regions` returns.

Dispersion measures
-------------------
``cv``
    Coefficient of variation: the population standard deviation of the regional values divided by their
    unweighted mean. Every region counts once, whatever its size.
``cv_weighted``
    Population-weighted coefficient of variation (the Williamson index): the standard deviation of the
    regional values around the population-weighted mean, each region weighted by its share of the
    population, divided by that weighted mean. Large regions count more. Only computed where a population
    figure of the same year and the same publisher exists for every region.
``max_min``
    Ratio of the highest to the lowest regional value.

Within and between groups
-------------------------
:func:`decompose` splits the variance of unweighted values of fine regions (e.g. municipalities), every region
counting once, exactly into a part *between* the groups they lie in (e.g. provinces: the spread of the group
means) and a part *within* the groups (the spread of the regions around their own group's mean)::

    var_total = var_between + var_within
    var_between = sum_g (n_g / N) * (mean_g - mean)^2
    var_within  = sum_g (n_g / N) * var_g          (population variances, ddof = 0)

:func:`summarise_within` gives per group the exact minimum, median and maximum of its regions' values, which,
unlike an average of shares with the wrong weights, need no weights at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "dispersion",
    "dispersion_by_period",
    "growth",
    "percentile_rank",
    "profile",
    "balance",
    "MaupComparison",
    "maup",
    "Decomposition",
    "decompose",
    "summarise_within",
]


def _clean(values: pd.Series, weights: pd.Series | None = None) -> tuple[pd.Series, pd.Series | None]:
    """Drop missing values (and align weights); fail on negative or missing weights."""
    values = pd.Series(values, dtype=float).dropna()
    if weights is None:
        return values, None
    weights = pd.Series(weights, dtype=float).reindex(values.index)
    if weights.isna().any():
        missing = ", ".join(map(str, weights.index[weights.isna()]))
        raise ValueError(f"no weight for region(s) {missing}: give a weight for every region with a value")
    if (weights < 0).any():
        raise ValueError("weights must not be negative")
    return values, weights


def dispersion(values: pd.Series, weights: pd.Series | None = None) -> pd.Series:
    """Summarise how far regional values lie apart.

    Parameters
    ----------
    values
        One value per region, indexed by region code. Missing values are left out and counted.
    weights
        Optional population per region (same index). When given, ``cv_weighted`` is computed too.

    Returns
    -------
    pandas.Series
        ``n``, ``n_missing``, ``min``, ``max``, ``mean``, ``sd`` (population standard deviation), ``cv``,
        ``max_min`` and, with weights, ``mean_weighted`` and ``cv_weighted``.
    """
    raw = pd.Series(values, dtype=float)
    clean, w = _clean(raw, weights)
    if len(clean) < 2:
        raise ValueError(f"dispersion needs at least two regions with a value, got {len(clean)}")
    mean = clean.mean()
    sd = clean.std(ddof=0)
    out = {
        "n": len(clean),
        "n_missing": int(raw.isna().sum()),
        "min": clean.min(),
        "max": clean.max(),
        "mean": mean,
        "sd": sd,
        "cv": sd / mean,
        "max_min": clean.max() / clean.min(),
    }
    if w is not None:
        share = w / w.sum()
        wmean = float((share * clean).sum())
        out["mean_weighted"] = wmean
        out["cv_weighted"] = float(np.sqrt((share * (clean - wmean) ** 2).sum())) / wmean
    return pd.Series(out)


def dispersion_by_period(
    data: pd.DataFrame,
    *,
    code: str = "code",
    period: str = "period",
    value: str = "value",
    weights: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Dispersion of one indicator for every period.

    Parameters
    ----------
    data
        Long table with one row per region and period.
    code, period, value
        Column names in ``data``.
    weights
        Optional long table with the same ``code``/``period`` columns and a ``value`` column of
        population. Periods without weights for every region get ``cv_weighted`` = NaN.

    Returns
    -------
    pandas.DataFrame
        One row per period (index) with the columns of :func:`dispersion`.
    """
    rows = {}
    for per, grp in data.groupby(period, sort=True):
        vals = grp.set_index(code)[value]
        w = None
        if weights is not None:
            wp = weights[weights[period] == per].set_index(code)["value"]
            if vals.dropna().index.isin(wp.index).all():
                w = wp
        rows[per] = dispersion(vals, w)
    out = pd.DataFrame(rows).T
    out.index.name = period
    if "cv_weighted" not in out:
        out["cv_weighted"] = np.nan
    out["n"] = out["n"].astype(int)
    out["n_missing"] = out["n_missing"].astype(int)
    return out


def growth(start: pd.Series, end: pd.Series) -> pd.Series:
    """Percentage change per region from ``start`` to ``end`` (both indexed by region code)."""
    start, end = start.astype(float), end.astype(float)
    return (end / start - 1) * 100


def percentile_rank(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Rank of each region as a percentile from 0 (lowest) to 100 (highest) among regions with a value.

    With ``higher_is_better=False`` the scale is turned round, so 100 is always the favourable end.
    """
    vals = pd.Series(values, dtype=float)
    n = vals.notna().sum()
    if n < 2:
        raise ValueError("percentile_rank needs at least two regions with a value")
    r = vals.rank(method="average", ascending=higher_is_better)
    return (r - 1) / (n - 1) * 100


def profile(
    data: pd.DataFrame,
    regions: list[str],
    *,
    indicator: str = "indicator",
    code: str = "code",
    value: str = "value",
    higher_is_better: dict[str, bool] | None = None,
) -> pd.DataFrame:
    """Values and percentile ranks of chosen regions on several indicators.

    Parameters
    ----------
    data
        Long table: one row per indicator and region (all regions of the level, so ranks are among all).
    regions
        Codes of the regions to show, in the order wanted.
    indicator, code, value
        Column names in ``data``.
    higher_is_better
        Per indicator, whether a high value is favourable (default True); sets the direction of the rank.

    Returns
    -------
    pandas.DataFrame
        Long table with ``indicator``, ``code``, ``value``, ``pct_rank`` (0–100, 100 = most favourable
        among all regions with a value) and ``n`` (how many regions had a value).
    """
    higher_is_better = higher_is_better or {}
    parts = []
    for ind, grp in data.groupby(indicator, sort=False):
        vals = grp.set_index(code)[value].astype(float)
        if vals.index.duplicated().any():
            dup = ", ".join(vals.index[vals.index.duplicated()])
            raise ValueError(f"indicator {ind!r} has more than one row for {dup}: pass one period and source")
        ranks = percentile_rank(vals, higher_is_better=higher_is_better.get(ind, True))
        missing = [r for r in regions if r not in vals.index]
        if missing:
            raise KeyError(f"indicator {ind!r} has no row for {', '.join(missing)}")
        parts.append(
            pd.DataFrame(
                {
                    "indicator": ind,
                    "code": regions,
                    "value": vals.reindex(regions).to_numpy(),
                    "pct_rank": ranks.reindex(regions).to_numpy(),
                    "n": int(vals.notna().sum()),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def balance(top: pd.Series, bottom: pd.Series) -> pd.DataFrame:
    """Net position of regions from counts of indicators in the top and the bottom quarter.

    Returns a table indexed by region code with ``top``, ``bottom``, ``net`` (top minus bottom) and
    ``rank`` (1 = highest net; ties share the best rank), sorted by ``net`` from high to low.
    """
    out = pd.DataFrame({"top": top.astype(int), "bottom": bottom.astype(int)})
    if out.isna().any().any():
        raise ValueError("top and bottom must cover the same regions")
    out["net"] = out["top"] - out["bottom"]
    out["rank"] = out["net"].rank(method="min", ascending=False).astype(int)
    return out.sort_values(["net", "top"], ascending=False)


@dataclass(frozen=True)
class MaupComparison:
    """The same indicator summarised at a coarse and a fine level of regions.

    Attributes
    ----------
    coarse, fine
        :func:`dispersion` of the values at each level.
    within
        Per coarse region: its own value, the lowest and highest value of the fine regions inside it,
        the number of fine regions and the gap ``max - min``.
    rank_coarse, rank_fine
        Rank (1 = highest value) of each region among the regions of its level.
    """

    coarse: pd.Series
    fine: pd.Series
    within: pd.DataFrame
    rank_coarse: pd.Series
    rank_fine: pd.Series

    def rank_shift(self, fine_code: str, parent: pd.Series) -> tuple[int, int, int, int]:
        """Rank of a fine region and of the coarse region holding it, each with its level's size.

        Returns ``(rank_fine, n_fine, rank_coarse, n_coarse)``.
        """
        return (
            int(self.rank_fine[fine_code]),
            int(self.rank_fine.notna().sum()),
            int(self.rank_coarse[parent[fine_code]]),
            int(self.rank_coarse.notna().sum()),
        )


def maup(coarse: pd.Series, fine: pd.Series, parent: pd.Series) -> MaupComparison:
    """Compare one indicator at two levels of regions (the modifiable areal unit problem).

    Parameters
    ----------
    coarse
        Values of the coarse regions (e.g. provinces), indexed by code.
    fine
        Values of the fine regions (e.g. COROP areas), indexed by code.
    parent
        For each fine region code, the code of the coarse region it lies in.

    Returns
    -------
    MaupComparison
    """
    coarse, fine = coarse.astype(float), fine.astype(float)
    unknown = sorted(set(fine.index) - set(parent.index))
    if unknown:
        raise KeyError(f"no parent region for {', '.join(unknown)}: extend the lookup")
    outside = sorted(set(parent.reindex(fine.index)) - set(coarse.index))
    if outside:
        raise KeyError(f"parent region(s) {', '.join(outside)} have no value at the coarse level")
    grouped = fine.groupby(parent.reindex(fine.index))
    within = pd.DataFrame(
        {
            "value": coarse,
            "fine_min": grouped.min(),
            "fine_max": grouped.max(),
            "n_fine": grouped.size(),
        }
    )
    within["gap"] = within["fine_max"] - within["fine_min"]
    return MaupComparison(
        coarse=dispersion(coarse),
        fine=dispersion(fine),
        within=within,
        rank_coarse=coarse.rank(ascending=False, method="min"),
        rank_fine=fine.rank(ascending=False, method="min"),
    )


def _grouped(values: pd.Series, groups: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Values with a value (missing left out) and the group of each; every such value needs a group."""
    values = pd.Series(values, dtype=float).dropna()
    group = groups.reindex(values.index)
    if group.isna().any():
        missing = ", ".join(map(str, group.index[group.isna()]))
        raise KeyError(f"no group for region(s) {missing}: extend the lookup")
    return values, group


def summarise_within(values: pd.Series, groups: pd.Series) -> pd.DataFrame:
    """Per group: number of regions with a value, minimum, median, maximum, range and unweighted mean.

    Parameters
    ----------
    values
        One value per fine region (index = code); missing values are left out and counted in ``n_missing``.
    groups
        The group (coarse region) of each fine region, indexed by fine-region code.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``n``, ``n_missing``, ``min``, ``median``, ``max``, ``range`` (max - min) and ``mean``
        (every region counting once; not the group's own figure).
    """
    raw = pd.Series(values, dtype=float)
    clean, group = _grouped(raw, groups)
    g = clean.groupby(group)
    out = pd.DataFrame({"n": g.size(), "min": g.min(), "median": g.median(), "max": g.max(), "mean": g.mean()})
    missing = raw[raw.isna()].index
    out.insert(1, "n_missing", groups.reindex(missing).value_counts().reindex(out.index, fill_value=0).astype(int))
    out.insert(5, "range", out["max"] - out["min"])
    out.index.name = "group"
    return out


@dataclass(frozen=True)
class Decomposition:
    """The exact split of the variance of unweighted values into between and within groups.

    Attributes
    ----------
    total, between, within
        Population variances (ddof = 0); ``total == between + within`` up to rounding.
    n, n_groups
        Number of regions with a value and number of groups.
    groups
        :func:`summarise_within` of the values, plus ``var`` (each group's own population variance).
    """

    total: float
    between: float
    within: float
    n: int
    n_groups: int
    groups: pd.DataFrame

    @property
    def share_within(self) -> float:
        """Share of the total variance that lies within the groups (0-1)."""
        return self.within / self.total

    @property
    def share_between(self) -> float:
        """Share of the total variance that lies between the group means (0-1)."""
        return self.between / self.total


def decompose(values: pd.Series, groups: pd.Series) -> Decomposition:
    """Split the variance of ``values`` (every region counting once) exactly into between and within ``groups``.

    Parameters
    ----------
    values
        One value per fine region (index = code); missing values are left out.
    groups
        The group of each fine region, indexed by fine-region code.

    Raises
    ------
    KeyError
        A region with a value has no group.
    ValueError
        Fewer than two regions with a value.
    """
    clean, group = _grouped(values, groups)
    if len(clean) < 2:
        raise ValueError(f"decompose needs at least two regions with a value, got {len(clean)}")
    mean = clean.mean()
    g = clean.groupby(group)
    n_g, mean_g, var_g = g.size(), g.mean(), g.var(ddof=0)
    share = n_g / len(clean)
    between = float((share * (mean_g - mean) ** 2).sum())
    within = float((share * var_g).sum())
    summary = summarise_within(values, groups).assign(var=var_g)
    return Decomposition(total=float(clean.var(ddof=0)), between=between, within=within, n=len(clean),
                         n_groups=len(n_g), groups=summary)
