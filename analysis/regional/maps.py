"""Maps of regional indicators: static choropleths, small multiples, an interactive SVG map.

Every map takes an :class:`analysis.regional.regions.Indicator` (one indicator, one level, one period, one
source) and carries its unit and period in the legend, regions without data hatched grey as
"no data", and a source line with the boundary credit CBS asks for::

    from analysis.regional import maps, regions
    gdp = regions.indicator("gdp_per_inhabitant", level="corop", period=2021)
    fig = maps.choropleth(gdp)           # matplotlib Figure
    maps.interactive(gdp)                # renders as HTML in a notebook (no CDN, no tiles)

Colours default to ColorBrewer ``YlGnBu``: sequential, colour-blind safe, and monotone in lightness,
so the classes stay in order when printed in grey.

Every text a map draws (titles given or made from the indicator's label, units, "no data", the source and
boundary line) is written in the current language (:func:`analysis.language.tr`), its numbers in the language's
format; the data a map attaches stay in English.
"""

from __future__ import annotations

import html as _html
import itertools
import json
import textwrap
from dataclasses import dataclass

import mapclassify
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib import colormaps
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from analysis.language import N_, current, number, symbols, tr
from analysis.regional.regions import (LEVEL_PLURALS, Indicator, attach, boundaries, figure_data, figure_meta,
                                       licence)
from analysis.regional.sources import DataError

DEFAULT_CMAP = "YlGnBu"
"""ColorBrewer sequential, colour-blind safe, readable in grey."""

BOUNDARY_CREDIT = N_("Boundaries: Kadaster / Centraal Bureau voor de Statistiek, 2023")
"""The credit line CBS asks for on every map showing its boundaries (in English; ``tr`` where drawn)."""

NO_DATA_COLOR = "#d9d9d9"
NO_DATA_HATCH = "////"
EDGE = {"landsdeel": 0.6, "provincie": 0.5, "corop": 0.35, "arbeidsmarktregio": 0.35, "gemeente": 0.12}
SIMPLIFY_M = {"landsdeel": 250, "provincie": 250, "corop": 200, "arbeidsmarktregio": 200, "gemeente": 120}
"""Simplification tolerance (metres, RD New) for the interactive map."""


# ------------------------------------------------------------------------------------- helpers
def _ring_path(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
    codes[0] = MplPath.MOVETO
    codes[-1] = MplPath.CLOSEPOLY
    return coords, codes


def geometry_path(geom) -> MplPath:
    """One matplotlib compound path for a (multi)polygon, holes included."""
    verts, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in itertools.chain([poly.exterior], poly.interiors):
            v, c = _ring_path(np.asarray(ring.coords)[:, :2])
            verts.append(v)
            codes.append(c)
    if not verts:
        return MplPath(np.zeros((0, 2)))
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _fmt_factory(values: np.ndarray):
    finite = values[np.isfinite(values)]
    span = float(np.nanmax(np.abs(finite))) if finite.size else 0.0
    integers = finite.size and np.allclose(finite, np.round(finite))
    decimals = 0 if integers or span >= 100 else (1 if span >= 1 else 2)
    lang = current()
    group = symbols(lang)["thousands"]

    def fmt(x: float) -> str:
        return number(x, f",.{decimals}f", lang).replace(group, "\u2009")  # thin space as thousands separator

    return fmt


def classify(values, *, k: int = 5, scheme: str = "quantiles", bins=None):
    """Class boundaries for ``values`` (NaN ignored) with mapclassify; returns (upper bounds, class of each).

    ``bins`` (upper bounds) fixes the classes, e.g. to share them between maps.
    """
    y = np.asarray(values, dtype=float)
    finite = y[np.isfinite(y)]
    if finite.size == 0:
        raise DataError("no region has a value: nothing to classify.")
    if bins is None:
        k_eff = max(1, min(k, len(np.unique(finite))))
        try:
            mc = mapclassify.classify(finite, scheme, k=k_eff)
        except TypeError:  # schemes without k
            mc = mapclassify.classify(finite, scheme)
        bins = np.asarray(mc.bins, dtype=float)
    else:
        bins = np.asarray(bins, dtype=float)
        if finite.max() > bins[-1]:
            bins = np.append(bins[:-1], finite.max())
    cls = np.full(y.shape, -1, dtype=int)
    ok = np.isfinite(y)
    cls[ok] = np.minimum(np.searchsorted(bins, y[ok], side="left"), len(bins) - 1)
    return bins, cls


def _colors(n: int, cmap: str) -> list[str]:
    cm = colormaps[cmap]
    return [to_hex(cm(x)) for x in np.linspace(0.12, 0.95, n)] if n > 1 else [to_hex(cm(0.6))]


def _class_labels(bins: np.ndarray, lower: float, fmt) -> list[str]:
    labels, lo = [], lower
    for hi in bins:
        labels.append(f"{fmt(lo)} – {fmt(hi)}")
        lo = hi
    return labels


def source_line(ind: Indicator | list[Indicator], width: int = 110) -> str:
    """The source line printed under a map: indicator source(s) and the boundary credit, in the current language."""
    inds = ind if isinstance(ind, list) else [ind]
    srcs = list(dict.fromkeys(tr(i.source) for i in inds))
    text = tr("Source: {sources}. {credit}.").format(sources="; ".join(srcs), credit=tr(BOUNDARY_CREDIT))
    return "\n".join(textwrap.wrap(text, width))


def _draw(ax, ind: Indicator, bins, cls, colors, edge: float):
    data = ind.data
    paths = [geometry_path(g) for g in data.geometry]
    have = cls >= 0
    coll = PatchCollection([PathPatch(p) for p, h in zip(paths, have) if h],
                           facecolors=[colors[c] for c in cls[have]], edgecolors="white", linewidths=edge)
    coll.set_gid("regions")
    ax.add_collection(coll)
    nodata = None
    if (~have).any():
        nodata = PatchCollection([PathPatch(p) for p, h in zip(paths, have) if not h],
                                 facecolors=NO_DATA_COLOR, edgecolors="#7f7f7f", linewidths=edge,
                                 hatch=NO_DATA_HATCH)
        nodata.set_gid("no-data")
        ax.add_collection(nodata)
    minx, miny, maxx, maxy = data.total_bounds
    pad = 0.02 * (maxx - minx)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return coll, nodata


def _legend(ax, ind: Indicator, bins, colors, values, n_missing: int, loc="upper left", **kw):
    fmt = _fmt_factory(np.append(values[np.isfinite(values)], bins))
    lower = float(np.nanmin(values))
    handles = [Patch(facecolor=c, edgecolor="#555555", linewidth=0.4, label=l)
               for c, l in zip(colors, _class_labels(bins, lower, fmt))]
    if n_missing:
        handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor="#7f7f7f", hatch=NO_DATA_HATCH,
                             label=tr("no data ({n})").format(n=n_missing)))
    title = "\n".join(textwrap.wrap(f"{tr(ind.unit)}, {ind.period}", 28))
    return ax.legend(handles=handles, title=title, loc=loc, fontsize=8, title_fontsize=8,
                     frameon=False, alignment="left", **kw)


def _labels(ax, ind: Indicator, fontsize=6):
    import matplotlib.patheffects as pe

    for name, pt in zip(ind.data["name"], ind.data.geometry.representative_point()):
        ax.annotate(name, (pt.x, pt.y), ha="center", va="center", fontsize=fontsize, color="#222222",
                    path_effects=[pe.withStroke(linewidth=1.8, foreground="white")])


# ------------------------------------------------------------------------------------- static maps
def choropleth(ind: Indicator, *, title: str | None = None, k: int = 5, scheme: str = "quantiles",
               cmap: str = DEFAULT_CMAP, labels: bool = False, ax=None, bins=None, legend: bool = True,
               figsize=(6.4, 7.6)) -> Figure:
    """A static choropleth of one indicator.

    Parameters
    ----------
    ind
        From :func:`analysis.regional.regions.indicator`.
    title
        Figure title (default: the indicator's label and period).
    k, scheme
        Number of classes and mapclassify scheme (``quantiles``, ``equalinterval``, ``fisherjenks``,
        ``naturalbreaks`` …); ``k`` is lowered when there are fewer distinct values.
    cmap
        A sequential matplotlib colormap name (default ColorBrewer ``YlGnBu``).
    labels
        Write region names on the map (readable for provinces and COROP areas).
    ax
        Draw into this Axes; the Figure it belongs to is returned.
    bins
        Upper class bounds, to share classes between maps.

    Returns
    -------
    Figure
        With one path per region with data in the collection whose gid is ``regions``, and one per
        region without data, hatched, in ``no-data``; a legend titled with unit and period; the source
        and boundary credit line at the bottom.
    """
    values = ind.data["value"].to_numpy(dtype=float)
    bins, cls = classify(values, k=k, scheme=scheme, bins=bins)
    colors = _colors(len(bins), cmap)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    else:
        fig = ax.figure
    _draw(ax, ind, bins, cls, colors, EDGE.get(ind.level, 0.3))
    if legend:
        _legend(ax, ind, bins, colors, values, len(ind.missing))
    if labels:
        _labels(ax, ind)
    if own:
        ax.set_title(title or f"{tr(ind.label)}, {ind.period}", loc="left", fontsize=11)
        fig.text(0.01, 0.005, source_line(ind, 95), fontsize=6.5, color="#444444", ha="left", va="bottom")
        fig.get_layout_engine().set(h_pad=0.25)
    elif title:
        ax.set_title(title, loc="left", fontsize=10)
    return attach(fig, figure_data(ind), figure_meta(ind))


def comparable(inds: list[Indicator]) -> bool:
    """True when the indicators are one series (same indicator, unit and source), so classes can be shared."""
    return len({(i.name, i.unit, i.source_id) for i in inds}) == 1


def small_multiples(inds: list[Indicator], *, titles: list[str] | None = None, suptitle: str | None = None,
                    shared: bool | None = None, k: int = 5, scheme: str = "quantiles", cmap: str = DEFAULT_CMAP,
                    ncols: int | None = None, panel_size=(3.6, 4.3)) -> Figure:
    """Several indicators (or periods of one series) side by side.

    Classes are shared when the indicators are comparable (:func:`comparable`: same indicator, unit and
    source), so equal colours mean equal values across panels; then one legend serves all panels.
    Otherwise each panel gets its own classes and legend. ``shared=True`` on incomparable indicators
    raises :class:`DataError`.
    """
    if not inds:
        raise DataError("small_multiples needs at least one indicator.")
    ok = comparable(inds)
    if shared is None:
        shared = ok
    elif shared and not ok:
        raise DataError(
            "cannot share classes between different indicators, units or sources: "
            + "; ".join(f"{i.name} ({i.unit}, {i.source_id})" for i in inds)
            + ". Pass shared=False to classify each panel on its own."
        )
    n = len(inds)
    ncols = ncols or min(n, 3)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows + 0.5),
                             layout="constrained", squeeze=False)
    bins = None
    if shared:
        pooled = np.concatenate([i.data["value"].to_numpy(dtype=float) for i in inds])
        bins, _ = classify(pooled, k=k, scheme=scheme)
    for idx, (ax, ind) in enumerate(zip(axes.flat, inds)):
        t = titles[idx] if titles else (str(ind.period) if shared else f"{tr(ind.label)}, {ind.period}")
        choropleth(ind, ax=ax, bins=bins, k=k, scheme=scheme, cmap=cmap, legend=not shared,
                   title="\n".join(textwrap.wrap(t, 40)))
    for ax in list(axes.flat)[n:]:
        ax.set_axis_off()
    if shared:
        pooled_ind = inds[0]
        values = np.concatenate([i.data["value"].to_numpy(dtype=float) for i in inds])
        n_missing = max(len(i.missing) for i in inds)
        colors = _colors(len(bins), cmap)
        fmt = _fmt_factory(np.append(values[np.isfinite(values)], bins))
        handles = [Patch(facecolor=c, edgecolor="#555555", linewidth=0.4, label=l)
                   for c, l in zip(colors, _class_labels(bins, float(np.nanmin(values)), fmt))]
        if n_missing:
            handles.append(Patch(facecolor=NO_DATA_COLOR, edgecolor="#7f7f7f", hatch=NO_DATA_HATCH,
                                 label=tr("no data")))
        periods = ", ".join(str(i.period) for i in inds)
        fig.legend(handles=handles, title="\n".join(textwrap.wrap(f"{tr(pooled_ind.unit)}; {periods}", 30)),
                   loc="outside right center",
                   fontsize=8, title_fontsize=8, frameon=False)
    fig.suptitle(suptitle or (tr(inds[0].label) if shared else ""), x=0.01, ha="left", fontsize=11)
    fig.text(0.01, 0.002, source_line(inds, 60 * ncols), fontsize=6.5, color="#444444", ha="left", va="bottom")
    fig.get_layout_engine().set(h_pad=0.2)
    return attach(fig, figure_data(inds), figure_meta(inds))


def region_systems(levels=("provincie", "corop", "arbeidsmarktregio", "gemeente"), *, data_dir=None,
                   ncols: int = 2, panel_size=(3.4, 4.0)) -> Figure:
    """Overview map of region systems side by side; province borders drawn over the other systems.

    Each panel shows one level's boundaries (with its number of regions in the title); the dark
    province borders show where a system nests in the provinces and where it cuts across them.
    """
    prov = boundaries("provincie", data_dir=data_dir)
    nrows = int(np.ceil(len(levels) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows + 0.4),
                             layout="constrained", squeeze=False)
    for ax in list(axes.flat)[len(levels):]:
        ax.set_axis_off()
    fills = _colors(4, "Greys")
    drawn = []
    for ax, level in zip(axes.flat, levels):
        gdf = boundaries(level, data_dir=data_dir)
        drawn.append(pd.DataFrame({"level": level, "code": gdf["code"].to_numpy(), "name": gdf["name"].to_numpy(),
                                   "regions_in_level": len(gdf)}))
        coll = PatchCollection([PathPatch(geometry_path(g)) for g in gdf.geometry], facecolors=fills[0],
                               edgecolors="#3b6ea8", linewidths=EDGE.get(level, 0.3) * 1.4)
        coll.set_gid(f"system-{level}")
        ax.add_collection(coll)
        if level != "provincie":
            pc = PatchCollection([PathPatch(geometry_path(g)) for g in prov.geometry], facecolors="none",
                                 edgecolors="#111111", linewidths=0.9)
            ax.add_collection(pc)
        minx, miny, maxx, maxy = prov.total_bounds
        ax.set_xlim(minx, maxx)
        ax.set_ylim(miny, maxy)
        ax.set_aspect("equal")
        ax.set_axis_off()
        plural = tr(LEVEL_PLURALS[level])
        ax.set_title(f"{plural[0].upper()}{plural[1:]} ({len(gdf)})", fontsize=10)
    fig.text(0.01, 0.0, "\n".join(textwrap.wrap(
        tr("Blue: the region system's boundaries; black: province borders. {credit}.").format(
            credit=tr(BOUNDARY_CREDIT)), 40 * ncols)),
             fontsize=7, color="#444444", ha="left", va="bottom")
    fig.get_layout_engine().set(h_pad=0.2)
    return attach(fig, pd.concat(drawn, ignore_index=True), {
        "source": prov.attrs.get("attribution", BOUNDARY_CREDIT), "period": "2023",
        "unit": "regions (boundaries drawn; regions_in_level = number in the panel title)",
        "licence": licence("CARTOMAP_NL_7234D7F", data_dir=data_dir)})


# ------------------------------------------------------------------------------------- interactive map
@dataclass
class InteractiveMap:
    """A self-contained interactive SVG map; renders as HTML in a notebook or a built page.

    No external JavaScript, CSS or tiles: one ``<svg>`` with one ``<path class="lr-region" data-code=…>``
    per region, a legend, a source line, and a small script that shows a tooltip (name, value, unit,
    period, source) on hover or keyboard focus.
    """

    html: str
    regions: int
    map_id: str

    def _repr_html_(self) -> str:
        return self.html

    @property
    def nbytes(self) -> int:
        """Size in bytes of the HTML this map adds to its page."""
        return len(self.html.encode("utf-8"))


def _svg_path(geom, tx) -> str:
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in itertools.chain([poly.exterior], poly.interiors):
            xy = np.rint(tx(np.asarray(ring.coords)[:, :2])).astype(int)
            keep = np.ones(len(xy), dtype=bool)
            keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
            xy = xy[keep]
            if len(xy) < 3:
                continue
            d = np.diff(xy, axis=0)
            parts.append(f"M{xy[0, 0]} {xy[0, 1]}l" + " ".join(f"{a} {b}" for a, b in d) + "z")
    return "".join(parts)


_SCRIPT = """(function(){var r=document.getElementById("%(id)s");if(!r)return;
var t=r.querySelector(".lr-tip");function show(e){var p=e.target.closest(".lr-region");if(!p)return;
t.innerHTML="<strong>"+p.dataset.name+"</strong> ("+p.dataset.code+")<br>"+(p.dataset.value?p.dataset.value+" "+r.dataset.unit:%(nodata)s)+
"<br>"+r.dataset.period+"<br><small>"+r.dataset.source+"</small>";t.hidden=false;
var b=r.getBoundingClientRect(),q=p.getBoundingClientRect(),x=(e.clientX||q.left+q.width/2)-b.left,y=(e.clientY||q.top+q.height/2)-b.top;
t.style.left=Math.min(x+12,b.width-230)+"px";t.style.top=(y+12)+"px";p.classList.add("lr-active");}
function hide(e){var p=e.target.closest(".lr-region");if(p)p.classList.remove("lr-active");t.hidden=true;}
r.addEventListener("mouseover",show);r.addEventListener("focusin",show);r.addEventListener("mousemove",show);
r.addEventListener("mouseout",hide);r.addEventListener("focusout",hide);})();"""

_STYLE = """<style>.lr-map{position:relative;max-width:%(w)spx;font-size:.85rem}.lr-map svg{width:100%%;height:auto;display:block}
.lr-region{stroke:#fff;stroke-width:.6;outline:none}.lr-region.lr-active,.lr-region:focus{stroke:#000;stroke-width:1.6}
.lr-tip{position:absolute;z-index:5;max-width:220px;background:#fff;border:1px solid #777;padding:4px 6px;pointer-events:none;box-shadow:0 1px 3px rgba(0,0,0,.3)}
.lr-legend{display:flex;flex-wrap:wrap;gap:4px 12px;margin:4px 0;padding:0;list-style:none}.lr-legend li{display:flex;align-items:center;gap:4px;margin:0}
.lr-legend svg{width:14px;height:14px;display:inline}.lr-map-source{font-size:.75rem;color:#444;margin:2px 0 0}</style>"""

_counter = itertools.count(1)


_LINK_SCRIPT = """(function(){document.querySelectorAll('#%(id)s path[data-href]').forEach(function(p){
p.style.cursor='pointer';function go(){location.href=p.getAttribute('data-href');}
p.addEventListener('click',go);p.addEventListener('keydown',function(e){if(e.key==='Enter'){go();}});});})();"""
"""Opens a region's address on click or Enter (see :func:`interactive`'s ``link``)."""


def interactive(ind: Indicator, *, title: str | None = None, k: int = 5, scheme: str = "quantiles",
                cmap: str = DEFAULT_CMAP, width: int = 640, tolerance: float | None = None,
                map_id: str | None = None, link: str | None = None) -> InteractiveMap:
    """An interactive map as self-contained SVG + a small script (no CDN, no tile layer).

    With ``link`` (a template such as ``"your-region.html#{code}"``) a click on a region, or Enter on it, opens
    that address for the region's code, and its tooltip says so.

    Geometry is simplified (``tolerance`` metres in RD New; default by level, about half a pixel at
    ``width``) and coordinates are written as integer relative moves, so a municipality map stays
    well under 300 KB. Each region is ``<path class="lr-region lr-region-<code>" data-code data-name
    data-value tabindex="0">`` with a ``<title>``; the tooltip shows name, value, unit, period and source.
    """
    data = ind.data
    values = data["value"].to_numpy(dtype=float)
    bins, cls = classify(values, k=k, scheme=scheme)
    colors = _colors(len(bins), cmap)
    fmt = _fmt_factory(np.append(values[np.isfinite(values)], bins))
    tol = SIMPLIFY_M.get(ind.level, 150) if tolerance is None else tolerance
    geoms = shapely.simplify(data.geometry.values, tol, preserve_topology=True)
    minx, miny, maxx, maxy = data.total_bounds
    scale = 1000.0 / (maxx - minx)
    height = int(np.ceil((maxy - miny) * scale))

    def tx(a):
        return np.column_stack(((a[:, 0] - minx) * scale, (maxy - a[:, 1]) * scale))

    map_id = map_id or f"lr-map-{ind.name}-{ind.level}-{ind.period}-{next(_counter)}".replace(" ", "")
    map_id = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in map_id)
    esc = _html.escape
    title = title or f"{tr(ind.label)}, {ind.period}"
    unit = tr(ind.unit)
    paths = []
    for code, name, v, c, g in zip(data["code"], data["name"], values, cls, geoms):
        shown = fmt(v) if np.isfinite(v) else ""
        fill = colors[c] if c >= 0 else f"url(#{map_id}-hatch)"
        tip = f"{name}: {shown} {unit}" if shown else tr("{name}: no data").format(name=name)
        href = f' data-href="{esc(link.format(code=code))}" role="link"' if link else ""
        if link:
            tip += tr(" (open its profile)")
        paths.append(
            f'<path class="lr-region lr-region-{esc(code)}{" lr-nodata" if c < 0 else ""}" data-code="{esc(code)}" '
            f'data-name="{esc(name)}" data-value="{esc(shown)}" tabindex="0" fill="{fill}"{href} '
            f'd="{_svg_path(g, tx)}"><title>{esc(tip)}</title></path>'
        )
    legend = [f'<li><svg viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" fill="{col}" '
              f'stroke="#555"/></svg>{esc(lab)}</li>'
              for col, lab in zip(colors, _class_labels(bins, float(np.nanmin(values)), fmt))]
    if ind.missing:
        nodata = tr("no data ({n})").format(n=len(ind.missing))
        legend.append(f'<li class="lr-legend-nodata"><svg viewBox="0 0 14 14" aria-hidden="true"><rect width="14" '
                      f'height="14" fill="url(#{map_id}-hatch)" stroke="#555"/></svg>{esc(nodata)}</li>')
    have = len(data) - len(ind.missing)
    alt = tr("Interactive map of the {n} {regions} of the Netherlands shaded by {indicator} ({unit}), {period}; "
             "{have} with data. Hover or tab to a region for its value.").format(
        n=len(data), regions=tr(LEVEL_PLURALS[ind.level]), indicator=tr(ind.label).lower(), unit=unit,
        period=ind.period, have=have)
    legend_label = tr("Legend: {unit}, {period}").format(unit=unit, period=ind.period)
    script = _SCRIPT % {"id": map_id, "nodata": json.dumps(tr("no data"))}
    hatch = (f'<defs><pattern id="{map_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA_COLOR}"/>'
             f'<line x1="0" y1="0" x2="0" y2="6" stroke="#7f7f7f" stroke-width="1.5"/></pattern></defs>')
    out = (
        _STYLE % {"w": width}
        + f'<figure class="lr-map" id="{map_id}" data-level="{esc(ind.level)}" data-unit="{esc(unit)}" '
        f'data-period="{esc(str(ind.period))}" data-source="{esc(tr(ind.source))}" data-regions="{len(data)}">'
        f'<div class="lr-map-title"><strong>{esc(title)}</strong></div>'
        f'<svg viewBox="0 0 1000 {height}" role="group" aria-label="{esc(alt)}">{hatch}'
        + "".join(paths)
        + f'</svg><div class="lr-tip" hidden></div><ul class="lr-legend" aria-label="{esc(legend_label)}">'
        f'<li><em>{esc(unit)}, {esc(str(ind.period))}</em></li>' + "".join(legend) + "</ul>"
        + f'<p class="lr-map-source">{esc(source_line(ind, 10_000))}</p></figure>'
        + f"<script>{script}</script>"
        + (f"<script>{_LINK_SCRIPT % {'id': map_id}}</script>" if link else "")
    )
    return attach(InteractiveMap(html=out, regions=len(data), map_id=map_id), figure_data(ind), figure_meta(ind))
