"""Charts (not maps) for the chapters on regional differences and region definitions.

Colours come from Paul Tol's colour-blind-safe "bright" and "muted" schemes; every series also differs
by marker, line style or hatching, so the charts stay readable when printed in grey. Each function
returns a :class:`matplotlib.figure.Figure` with its source line written under the plot.

Every text a chart draws is written in the current language (:func:`analysis.language.tr`; decimals in its number
format), and the data it attaches (``fig.lr_data``) in English. Text that goes into the data too (panel titles and
series of :func:`lines`, axis labels of :func:`scatter`, the legend labels of :func:`within_spread` and
:func:`crossing_map`, the indicator labels of :func:`profile_dots`) is passed as a message, ``N_("...")``, which the
chart translates where it draws it; other text may be passed translated, ``tr("...")``.
"""

from __future__ import annotations

import textwrap

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, ScalarFormatter

from analysis.language import MAIN, N_, current, localise, tr
from analysis.regional.regions import attach

__all__ = [
    "TOL",
    "MARKERS",
    "balance_bars",
    "lines",
    "profile_dots",
    "scatter",
    "within_spread",
    "crossing_map",
]

TOL = {
    "blue": "#4477AA",
    "cyan": "#66CCEE",
    "green": "#228833",
    "yellow": "#CCBB44",
    "red": "#EE6677",
    "purple": "#AA3377",
    "grey": "#BBBBBB",
    "dark": "#222222",
}
"""Paul Tol's "bright" scheme, safe for colour-blind readers."""

MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
"""Marker shapes that tell series apart without colour."""

DPI = 100


def _meta(source: str, unit: str, period: str = "", meta: dict | None = None) -> dict:
    """``lr_meta`` of a chart: its source line (without "Source:"), unit, period, and what the caller adds."""
    text = " ".join(source.split())
    for lead in ("Sources: ", "Source: "):
        if text.startswith(lead):
            text = text[len(lead):]
    return {"source": text, "period": period, "unit": unit, "licence": "", **(meta or {})}


def _span(index) -> str:
    """First to last period of a series index (``2010-2021``, ``2015Q1-2025Q1``)."""
    values = [str(v) for v in index]
    return values[0] if len(values) == 1 else f"{values[0]}-{values[-1]}"


class LocalNumbers(ScalarFormatter):
    """Matplotlib's own tick labels, written the way ``lang`` writes numbers (``2,5`` in Dutch)."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def __call__(self, x, pos=None) -> str:
        return localise(super().__call__(x, pos), self.lang)


def local_ticks(*axes) -> None:
    """Write the tick labels of ``axes`` (``ax.xaxis``, ``ax.yaxis``) in the current language's number format."""
    if current() != MAIN:
        for axis in axes:
            axis.set_major_formatter(LocalNumbers(current()))


def _finish(fig: Figure, source: str) -> Figure:
    """Write the source line under everything else in the figure and return it closed.

    The layout is computed first, so that the source line sits below the lowest legend
    or axis label; figures are saved with a tight bounding box, which takes the line in.
    """
    fig.set_dpi(DPI)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inv = fig.transFigure.inverted()
    lows = [0.0]
    for artist in [*fig.legends, *fig.axes]:
        lows.append(artist.get_tightbbox(renderer).transformed(inv).y0)
    fig.text(0.01, min(lows) - 0.012, tr(source), fontsize=7.5, color="#444444", ha="left", va="top")
    plt.close(fig)
    return fig


def balance_bars(table: pd.DataFrame, names: pd.Series, *, title: str, source: str,
                 meta: dict | None = None) -> Figure:
    """Diverging bars: indicators in the top quarter (right) and in the bottom quarter (left) per region.

    Parameters
    ----------
    table
        Output of :func:`analysis.regional.compare.balance` (index region code; ``top``, ``bottom``, ``net``).
    names
        Region name per code.
    title, source
        Figure title and source line.
    """
    t = table.iloc[::-1]
    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(7.2, 0.32 * len(t) + 1.6), layout="constrained")
    ax.barh(y, t["top"], color=TOL["blue"], label=tr("top quarter"), edgecolor="white")
    ax.barh(y, -t["bottom"], color=TOL["yellow"], hatch="///", label=tr("bottom quarter"), edgecolor="#555555",
            linewidth=0.4)
    ax.scatter(t["net"], y, marker="D", color=TOL["dark"], zorder=3, s=22, label=tr("balance (top − bottom)"))
    ax.axvline(0, color="#333333", lw=0.8)
    ax.set_yticks(y, [names.get(c, c) for c in t.index])
    ticks = ax.get_xticks()
    ax.set_xticks(ticks, [f"{abs(int(v))}" for v in ticks])
    ax.set_xlabel(tr("number of 'here and now' indicators   ← bottom quarter | top quarter →"))
    ax.set_title(tr(title), loc="left", fontsize=11)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    drawn = pd.DataFrame({"code": table.index, "name": [names.get(c, c) for c in table.index],
                          "top": table["top"].to_numpy(), "bottom": table["bottom"].to_numpy(),
                          "net": table["net"].to_numpy()})
    return attach(_finish(fig, source), drawn, _meta(source, "number of indicators", meta=meta))


def lines(
    panels: dict[str, pd.DataFrame],
    *,
    highlight: list[str] | None = None,
    ylabel: dict[str, str] | None = None,
    title: str = "",
    source: str,
    breaks: list | None = None,
    zero: bool = False,
    meta: dict | None = None,
) -> Figure:
    """Small multiples of line charts, one panel per table (index = period, columns = series).

    With ``zero=True`` every y axis starts at 0, so that small changes are not magnified. A table indexed by
    quarters or months (a :class:`pandas.PeriodIndex`) is drawn at the first day of each period.

    Series in ``highlight`` get a colour and a marker each; all others are thin grey context lines.
    ``breaks`` marks periods with a break in series by a dotted vertical line. The panel titles (keys of
    ``panels``), series names and ``ylabel`` are in the data too: pass them as messages (``N_``).
    """
    highlight = highlight or []
    ylabel = ylabel or {}
    drawn = pd.concat([
        t.rename_axis(index="period", columns="series").stack().rename("value").reset_index()
         .assign(period=lambda d: d["period"].astype(str), panel=label, unit=ylabel.get(label, ""))
         [["panel", "series", "period", "value", "unit"]]
        for label, t in panels.items()], ignore_index=True)
    period = "; ".join(dict.fromkeys(_span(t.index) for t in panels.values()))
    unit = "; ".join(dict.fromkeys(ylabel.get(k, "") for k in panels if ylabel.get(k)))
    panels = {k: (v.set_axis(v.index.to_timestamp(), axis=0) if isinstance(v.index, pd.PeriodIndex) else v)
              for k, v in panels.items()}
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels) + 0.6, 3.9), layout="constrained",
                             squeeze=False)
    colours = [TOL["blue"], TOL["red"], TOL["green"], TOL["purple"], TOL["dark"]]
    handles = []
    for ax, (label, table) in zip(axes[0], panels.items()):
        for col in table.columns:
            if col not in highlight:
                ax.plot(table.index, table[col], color=TOL["grey"], lw=0.9, zorder=1)
        for i, col in enumerate(c for c in highlight if c in table.columns):
            (h,) = ax.plot(table.index, table[col], color=colours[i % len(colours)], marker=MARKERS[i],
                           ms=4.5, lw=1.8, ls=["-", "--", "-.", ":", "-"][i % 5], label=tr(col), zorder=2)
            if ax is axes[0][0]:
                handles.append(h)
        for b in breaks or []:
            ax.axvline(b, color="#777777", ls=":", lw=0.8)
        if pd.api.types.is_integer_dtype(table.index):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, not 2019.5
        ax.set_title(tr(label), loc="left", fontsize=10)
        ax.set_ylabel(tr(ylabel.get(label, "")))
        local_ticks(ax.yaxis)
        if zero:
            ax.set_ylim(bottom=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    if any(c not in highlight for t in panels.values() for c in t.columns):
        handles.append(Line2D([], [], color=TOL["grey"], lw=0.9, label=tr("other regions")))
    fig.legend(handles=handles, loc="outside upper center", ncols=min(len(handles), 6), fontsize=8, frameon=False)
    if title:
        fig.suptitle(tr(title), x=0.01, ha="left", fontsize=11)
    return attach(_finish(fig, source), drawn, _meta(source, unit, period, meta))


def profile_dots(
    prof: pd.DataFrame,
    *,
    labels: dict[str, str],
    names: dict[str, str],
    title: str,
    source: str,
    xlabel: str = N_("percentile rank among all regions (0 = lowest value, 100 = highest value)"),
    meta: dict | None = None,
) -> Figure:
    """Dot plot of regions' percentile ranks (0–100) on several indicators.

    Parameters
    ----------
    prof
        Output of :func:`analysis.regional.compare.profile`.
    labels
        Indicator → label for the y axis (in the order to show, top first): messages (``N_``), in the data too.
    names
        Region code → name (legend, in the order to show; the first is drawn largest and darkest).
    """
    inds = [i for i in labels if i in set(prof["indicator"])]
    fig, ax = plt.subplots(figsize=(9.0, 0.62 * len(inds) + 1.9), layout="constrained")
    colours = [TOL["dark"], TOL["blue"], TOL["red"], TOL["green"], TOL["purple"], TOL["cyan"]]
    drawn = []
    for k, (code, name) in enumerate(names.items()):
        sub = prof[prof["code"] == code].set_index("indicator").reindex(inds)
        drawn.append(sub.rename_axis("indicator").reset_index().assign(
            code=code, name=name, label=[labels[i] for i in inds]))
        y = np.arange(len(inds))[::-1] + (0.12 * (k - (len(names) - 1) / 2) if k else 0)
        ax.scatter(sub["pct_rank"], y, marker=MARKERS[k % len(MARKERS)], s=70 if k == 0 else 38,
                   color=colours[k % len(colours)], edgecolor="white" if k else "black", linewidth=0.6,
                   label=name, zorder=3 if k == 0 else 2)
    ax.set_yticks(np.arange(len(inds))[::-1], [textwrap.fill(tr(labels[i]), 40) for i in inds], fontsize=8.5)
    ax.set_xlim(-4, 104)
    ax.axvspan(-4, 25, color="#f2f2f2", zorder=0)
    ax.axvspan(75, 104, color="#f2f2f2", zorder=0)
    ax.set_xlabel(tr(xlabel))
    local_ticks(ax.xaxis)
    fig.suptitle(tr(title), x=0.01, ha="left", fontsize=11)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.35, -0.1), ncols=3, fontsize=8, frameon=False)
    drawn = pd.concat(drawn, ignore_index=True)
    first = ["code", "name", "indicator", "label", "pct_rank"]
    drawn = drawn[first + [c for c in drawn.columns if c not in first]]
    return attach(_finish(fig, source), drawn, _meta(source, xlabel, meta=meta))


def scatter(
    x: pd.Series,
    y: pd.Series,
    names: pd.Series,
    *,
    xlabel: str,
    ylabel: str,
    title: str,
    source: str,
    meta: dict | None = None,
) -> Figure:
    """Labelled scatter of two indicators over the same regions (index = region code).

    ``xlabel`` and ``ylabel`` name the columns of the data too: pass them as messages (``N_``).
    """
    df = pd.DataFrame({"x": x, "y": y}).dropna()
    fig, ax = plt.subplots(figsize=(7.0, 5.0), layout="constrained")
    ax.scatter(df["x"], df["y"], color=TOL["blue"], edgecolor="black", linewidth=0.5, s=42, zorder=2)
    for code, row in df.iterrows():
        ax.annotate(names.get(code, code), (row["x"], row["y"]), xytext=(4, 3), textcoords="offset points",
                    fontsize=8)
    ax.set_xlabel(tr(xlabel))
    ax.set_ylabel(tr(ylabel))
    local_ticks(ax.xaxis, ax.yaxis)
    ax.set_title(tr(title), loc="left", fontsize=11)
    ax.grid(color="#e5e5e5", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    drawn = pd.DataFrame({"code": df.index, "name": [names.get(c, c) for c in df.index],
                          xlabel: df["x"].to_numpy(), ylabel: df["y"].to_numpy()})
    return attach(_finish(fig, source), drawn, _meta(source, f"x: {xlabel}; y: {ylabel}", meta=meta))


def within_spread(
    coarse: pd.Series,
    fine: pd.Series,
    parent: pd.Series,
    names: pd.Series,
    *,
    highlight: str | None = None,
    xlabel: str,
    title: str,
    source: str,
    coarse_label: str = N_("province"),
    fine_label: str = N_("COROP areas in the province"),
    meta: dict | None = None,
) -> Figure:
    """Each coarse region's value (bar) with the values of the fine regions inside it (dots).

    ``highlight`` is the code of one fine region to mark and label; ``coarse_label`` and ``fine_label`` name the
    bars and the dots in the legend (and in the data: pass them as messages, ``N_``). Fine regions without a value
    are left out.
    """
    fine = fine.dropna()
    order = coarse.sort_values().index
    fig, ax = plt.subplots(figsize=(7.6, 0.42 * len(order) + 1.7), layout="constrained")
    y = {c: i for i, c in enumerate(order)}
    ax.barh(list(y.values()), coarse.reindex(order), color=TOL["cyan"], height=0.6, edgecolor="#333333",
            linewidth=0.5, label=tr(coarse_label))
    fy = parent.reindex(fine.index).map(y)
    many = len(fine) > 60
    ax.scatter(fine, fy, color=TOL["dark"], marker="o", s=9 if many else 20, alpha=0.55 if many else 1.0,
               edgecolors="none" if many else None, zorder=3, label=tr(fine_label))
    if highlight is not None:
        ax.scatter(fine[highlight], fy[highlight], marker="o", s=110, facecolor="none", edgecolor=TOL["red"],
                   linewidth=2, zorder=4)
        ax.annotate(names.get(highlight, highlight), (fine[highlight], fy[highlight]), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=8, color="#000000")
    ax.set_yticks(list(y.values()), [names.get(c, c) for c in order])
    ax.set_xlabel(tr(xlabel))
    local_ticks(ax.xaxis)
    ax.set_title(tr(title), loc="left", fontsize=11)
    ax.legend(loc="lower right", fontsize=8, frameon=True)
    ax.spines[["top", "right"]].set_visible(False)
    drawn = pd.concat([
        pd.DataFrame({"drawn_as": f"bar ({coarse_label})", "code": order, "name": [names.get(c, c) for c in order],
                      "parent": order, "value": coarse.reindex(order).to_numpy()}),
        pd.DataFrame({"drawn_as": f"dot ({fine_label})", "code": fine.index,
                      "name": [names.get(c, c) for c in fine.index],
                      "parent": parent.reindex(fine.index).to_numpy(), "value": fine.to_numpy()}),
    ], ignore_index=True)
    return attach(_finish(fig, source), drawn, _meta(source, xlabel, meta=meta))


def crossing_map(
    regions: gpd.GeoDataFrame,
    parents: gpd.GeoDataFrame,
    crossing: list[str],
    *,
    region_label: str,
    parent_label: str,
    title: str,
    source: str,
    meta: dict | None = None,
) -> Figure:
    """Regions that cross parent borders, hatched and coloured, under the parent borders drawn thick.

    ``region_label`` and ``parent_label`` (singular, ``"province"``) are in the data too: pass them as messages
    (``N_``).
    """
    fig, ax = plt.subplots(figsize=(6.4, 7.0), layout="constrained")
    is_x = regions["code"].isin(crossing)
    regions[~is_x].plot(ax=ax, facecolor="#f4f4f4", edgecolor="#888888", linewidth=0.4)
    regions[is_x].plot(ax=ax, facecolor=TOL["yellow"], edgecolor="#555555", linewidth=0.5, hatch="///")
    parents.boundary.plot(ax=ax, color="black", linewidth=1.6)
    for _, row in regions[is_x].iterrows():
        p = row.geometry.representative_point()
        ax.annotate(row["code"], (p.x, p.y), ha="center", va="center", fontsize=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.set_axis_off()
    ax.set_aspect("equal")
    words = {"region": tr(region_label), "parent": tr(parent_label)}
    ax.legend(
        handles=[
            Patch(facecolor=TOL["yellow"], edgecolor="#555555", hatch="///",
                  label=tr("{region} crossing a {parent} border").format(**words)),
            Patch(facecolor="#f4f4f4", edgecolor="#888888",
                  label=tr("{region} inside one {parent}").format(**words)),
            Line2D([], [], color="black", lw=1.6, label=tr("{parent} border").format(**words)),
        ],
        loc="upper left", fontsize=8, frameon=True,
    )
    ax.set_title(tr(title), loc="left", fontsize=11)
    drawn = pd.DataFrame({"code": regions["code"].to_numpy(), "name": regions["name"].to_numpy(),
                          f"crosses_{parent_label}_border": is_x.to_numpy()})
    unit = f"{region_label} (yes/no: crosses a {parent_label} border)"
    return attach(_finish(fig, source), drawn, _meta(source, unit, meta=meta))
