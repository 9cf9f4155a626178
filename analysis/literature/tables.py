"""Literature-review tables, the evidence gap map, the timeline and theme co-occurrence.

Everything here is computed from the DataFrame that :func:`analysis.literature.bibliography.load`
returns. Table labels come from :mod:`analysis.literature.vocab`; a field that an entry
leaves empty shows as *not coded*. Interactive tables use itables with its
DataTables bundle served from the book's own ``_static`` folder (no CDN).
"""

from __future__ import annotations

import html
import re
import itertools
import textwrap
import uuid
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle

from analysis.language import MAIN, N_, current, number, tr, using
from analysis.literature import bibliography, vocab

NOT_CODED = N_("not coded")
"""How the tables show an empty coding field."""

BIB_PAGE = "bibliography.html"
"""The bibliography page, relative to the pages in ``book/``; entries have anchors ``#cite-<key>``."""

STATIC_ROWS = 40
"""Rows of an interactive table that the PDF edition prints."""

DT_URL = "../_static/dt_bundle.js"
"""Where pages in ``book/`` load the itables DataTables bundle from (copied there by ``analysis.book.cache``)."""

FIELD_LABELS: dict[str, str] = {
    "keywords": N_("Themes"), "mechanisms": N_("Mechanisms"), "actors": N_("Actors"), "phase": N_("Phase"),
    "studytype": N_("Study type"), "scale": N_("Scale"), "geography": N_("Geography"),
    "conditions": N_("Conditions"), "outcomes": N_("Outcomes"), "programme": N_("Dutch programme"),
    "places": N_("Places"), "intervention": N_("Intervention"),
}
"""Column headings of the coding fields (in English; :func:`field_label` in the current language)."""


def field_label(field: str) -> str:
    """The column heading of a coding field, in the current language."""
    return tr(FIELD_LABELS[field])

STUDY_STYLE: dict[str, tuple[str, str]] = {
    "conceptual": ("#E69F00", ""),
    "review": ("#56B4E9", "///"),
    "case-study": ("#009E73", "\\\\\\"),
    "comparative-case": ("#F0E442", "xx"),
    "survey": ("#0072B2", ".."),
    "quantitative": ("#D55E00", "++"),
    "policy-report": ("#CC79A7", "oo"),
    "evaluation": ("#999999", "--"),
}
"""Colour (Okabe-Ito, safe for colour-blind readers) and hatch (readable in grey) of each study type."""

HEAT_CMAP = "mako_r"
"""Sequential colour map for count heatmaps: perceptually uniform, light to dark, readable in grey."""


def _labels(field: str, terms: list[str]) -> str:
    if field == "geography":
        return ", ".join(terms) if terms else tr(NOT_CODED)
    return "; ".join(vocab.label(field, t) for t in terms) if terms else tr(NOT_CODED)


def work_link(key: str, citation: str, page: str = BIB_PAGE) -> str:
    """HTML link from a citation label to the work's entry on the bibliography page."""
    return f'<a class="lr-work" href="{page}#cite-{key}">{html.escape(citation)}</a>'


def _title(row: pd.Series, summary: bool) -> str:
    title = f'<span class="lr-work-title">{html.escape(row["title"])}</span>'
    if row["doi"]:
        title = f'<a href="https://doi.org/{html.escape(row["doi"])}">{title}</a>'
    if summary:
        text = bibliography.coded(row["key"], "summary", row["summary"]) if row["summary"] else tr("Summary not coded")
        title += f'<br><small>{html.escape(text)}</small>'
    return title


def _coding(row: pd.Series, fields: tuple[str, ...]) -> str:
    coded = [f"<b>{field_label(f)}</b>: {html.escape(_labels(f, row[f]))}" for f in fields if row[f]]
    empty = [field_label(f).lower() for f in fields if not row[f]]
    if empty:
        coded.append(f"<i>{tr(NOT_CODED)}: {', '.join(empty)}</i>")
    return "<br>".join(coded)


def works_table(df: pd.DataFrame | None = None, summary: bool = True, page: str = BIB_PAGE,
                columns: tuple[str, ...] = ("studytype", "keywords"),
                coding: tuple[str, ...] = ("mechanisms", "actors", "phase", "conditions", "scale", "geography"),
                sort: bool = True) -> pd.DataFrame:
    """One row per work: linked citation, year, title (and summary) and its coding.

    Parameters
    ----------
    df : DataFrame, optional
        Works as :func:`analysis.literature.bibliography.load` returns them; the whole bibliography by default.
    summary : bool
        Whether to show the one-sentence summary under the title.
    page : str
        The bibliography page the citations link to.
    columns : tuple of str
        Coding fields shown in a column of their own (sortable), labelled from :mod:`analysis.literature.vocab`.
    coding : tuple of str
        Coding fields shown together in one *Coding* column, one line each; empty ones listed as *not coded*.
    sort : bool
        Sort the works by year and key (default); ``False`` keeps the order of ``df``.

    Returns
    -------
    DataFrame
        Indexed by key; cells hold HTML.
    """
    df = bibliography.load() if df is None else df
    if sort:
        df = df.sort_values(["year", "key"])
    out = pd.DataFrame({
        tr("Work"): [work_link(k, c, page) for k, c in zip(df["key"], df["citation"])],
        tr("Year"): df["year"].astype("Int64").to_numpy(),
        tr("Title and summary") if summary else tr("Title"): [_title(r, summary) for _, r in df.iterrows()],
    })
    for field in columns:
        out[field_label(field)] = [_labels(field, terms) for terms in df[field]]
    if coding:
        out[tr("Coding")] = [_coding(r, coding) for _, r in df.iterrows()]
    out.index = pd.Index(df["key"].to_numpy(), name="key")
    return out


def review_table(field: str, term: str | None = None, df: pd.DataFrame | None = None,
                 page: str = BIB_PAGE, summary: bool = True, coding: bool = True) -> pd.DataFrame:
    """A review table by one coding field: one row per (term, work), or the works coded ``term``.

    Works with the field empty appear once under *not coded* (only when ``term`` is None).

    Parameters
    ----------
    field : str
        ``keywords`` (themes), ``mechanisms``, ``actors``, ``phase``, ``studytype``, ``conditions`` or ``scale``.
    term : str, optional
        Keep only the works coded with this term (must be in the field's vocabulary).
    summary : bool
        Whether to show each work's summary under its title.
    coding : bool
        Whether to add the *Coding* column (mechanisms, actors, phase, conditions; lighter pages without).
    """
    if field not in vocab.FIELDS:
        raise KeyError(f"unknown coding field '{field}'; use one of {', '.join(vocab.FIELDS)}")
    if term is not None and term not in vocab.FIELDS[field]:
        raise KeyError(f"'{term}' is not a {field} term; use one of {', '.join(vocab.FIELDS[field])}")
    df = bibliography.load() if df is None else df
    long = df.assign(_term=[t if t else [NOT_CODED] for t in df[field]]).explode("_term")
    if term is not None:
        long = long[long["_term"] == term]
    order = {t: i for i, t in enumerate([*vocab.FIELDS[field], NOT_CODED])}
    long = long.assign(_order=long["_term"].map(order)).sort_values(["_order", "year", "key"])
    columns = tuple(f for f in ("studytype", "keywords") if f != field)
    coded = tuple(f for f in ("mechanisms", "actors", "phase", "conditions") if f != field) if coding else ()
    table = works_table(long.drop(columns=["_term", "_order"]).reset_index(drop=True), summary=summary,
                        page=page, columns=columns, coding=coded, sort=False)
    table.insert(0, field_label(field), [vocab.label(field, t) if t != NOT_CODED else tr(NOT_CODED)
                                         for t in long["_term"]])
    if term is not None:
        table = table.drop(columns=field_label(field))
    return table


def theme_table(tag: str, df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The works tagged with theme ``tag``: what a chapter embeds for each of its themes."""
    return review_table("keywords", tag, df)


def counts(field: str, df: pd.DataFrame | None = None) -> pd.Series:
    """Number of works per term of ``field`` (vocabulary order, labelled), plus *not coded*."""
    df = bibliography.load() if df is None else df
    c = Counter(t for terms in df[field] for t in terms)
    index = list(vocab.FIELDS[field]) if field in vocab.FIELDS else sorted(c)
    s = pd.Series([c.get(t, 0) for t in index], index=index, name="works")
    s.loc[NOT_CODED] = int((df[field].map(len) == 0).sum())
    return s


def coverage(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per coding field: how many works are coded, how many are not, and the share coded."""
    df = bibliography.load() if df is None else df
    rows = []
    for field in (*bibliography.CODING_FIELDS, "summary"):
        coded = int((df[field].map(len) > 0).sum())
        rows.append({tr("Field"): field, tr("Coded"): coded, tr("Not coded"): len(df) - coded,
                     tr("Share coded"): number(coded / len(df), ".0%") if len(df) else "–"})
    return pd.DataFrame(rows)


def datatables_language() -> dict:
    """The words of an interactive table's controls (DataTables' ``language`` option), in the current language."""
    return {"search": tr("Search:"), "lengthMenu": tr("Show _MENU_ entries"),
            "info": tr("Showing _START_ to _END_ of _TOTAL_ entries"), "infoEmpty": tr("Showing 0 to 0 of 0 entries"),
            "infoFiltered": tr("(filtered from _MAX_ total entries)"), "zeroRecords": tr("No matching records found"),
            "emptyTable": tr("No data available in table"),
            # the paging buttons keep their symbols (« ‹ › »); their accessible names are words
            "aria": {"paginate": {"first": tr("First"), "last": tr("Last"), "next": tr("Next"),
                                  "previous": tr("Previous")}}}


def interactive(table: pd.DataFrame, caption: str | None = None, page_length: int = 10,
                dt_url: str = DT_URL) -> "InteractiveTable":
    """Wrap ``table`` as a sortable, filterable HTML table (itables, bundle served from the book).

    Without JavaScript the page shows the same table as static HTML.
    """
    return InteractiveTable(table, caption, page_length, dt_url)


class InteractiveTable:
    """An itables table: interactive HTML in the book, a static table on paper, plain text elsewhere.

    Its display carries both: ``text/html`` (the interactive table) and ``text/markdown`` (a static HTML
    table), so one execution serves the web pages and the PDF edition, whose single-page build prefers
    ``text/markdown`` (``nb_mime_priority_overrides`` in ``_config.yml``).
    """

    def __init__(self, table: pd.DataFrame, caption: str | None, page_length: int, dt_url: str):
        self.table, self.caption, self.page_length, self.dt_url = table, caption, page_length, dt_url

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/markdown": self.static_html()}

    def _repr_html_(self) -> str:
        import itables

        table_id = "lit-" + uuid.uuid5(uuid.NAMESPACE_URL, "".join(self.table.columns)
                                       + str(self.table.shape) + "".join(self.table.index.astype(str))).hex[:12]
        options = {} if current() == MAIN else {"language": datatables_language()}
        out = itables.to_html_datatable(
            self.table.reset_index(drop=True), caption=self.caption, connected=True, dt_url=self.dt_url,
            allow_html=True, showIndex=False, table_id=table_id, classes="display compact",
            display_logo_when_loading=False, pageLength=self.page_length,
            lengthMenu=[10, 25, 50, 100, 200], style="width:100%; margin:0; table-layout:auto",
            autoWidth=False, **options,
        )
        if current() != MAIN:
            out = re.sub(r"Loading ITables v[\d.]+ from the internet\.\.\.\s*\(need <a [^>]*>help</a>\?\)",
                         tr("Loading the table…"), out)
            out = re.sub(r"\((\d+) more rows not shown\)",
                         lambda m: tr("({n} more rows not shown)").format(n=m.group(1)), out)
        return out

    def static_html(self) -> str:
        """A plain table for paper: at most :data:`STATIC_ROWS` rows, with a note on where the rest is.

        One line of HTML, so that Markdown reads it as a single raw HTML block.
        """
        rows = len(self.table)
        shown = self.table.head(STATIC_ROWS)
        note = "" if rows <= STATIC_ROWS else "<p><em>" + tr(
            "The first {shown} of {rows} rows; the online edition shows them all, and the downloads of the "
            "Literature appendix hold every work.").format(shown=number(STATIC_ROWS), rows=number(rows, ",")) + "</em></p>"
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        table = shown.to_html(index=False, escape=False, border=0, classes="lr-static-table").replace(
            "<thead>", caption + "<thead>", 1)
        return " ".join(line.strip() for line in (table + note).splitlines() if line.strip())

    def __repr__(self) -> str:
        return self.table.to_string()


def gap_matrix(df: pd.DataFrame | None = None, rows: str = "conditions",
               cols: str = "mechanisms") -> pd.DataFrame:
    """Number of works coded with each (row term, column term); vocabulary order, zeros kept."""
    df = bibliography.load() if df is None else df
    c = Counter((r, k) for rs, ks in zip(df[rows], df[cols]) for r in rs for k in ks)
    return pd.DataFrame([[c.get((r, k), 0) for k in vocab.FIELDS[cols]] for r in vocab.FIELDS[rows]],
                        index=list(vocab.FIELDS[rows]), columns=list(vocab.FIELDS[cols]))


def gap_composition(df: pd.DataFrame | None = None, rows: str = "conditions",
                    cols: str = "mechanisms") -> pd.DataFrame:
    """Long table: works per (row term, column term, study type); study type *not coded* where empty."""
    df = bibliography.load() if df is None else df
    c = Counter((r, k, s) for rs, ks, ss in zip(df[rows], df[cols], df["studytype"])
                for r in rs for k in ks for s in (ss or [NOT_CODED]))
    return pd.DataFrame([(r, k, s, n) for (r, k, s), n in c.items()], columns=["row", "col", "studytype", "works"])


SHORT_MECHANISMS = {"knowledge-transfer": N_("Transfer"), "network-formation": N_("Networks"),
                    "learning-from-collaboration": N_("Learning")}
"""One-word headings of the mechanisms, for the narrow table beside the gap map."""


def gap_table(df: pd.DataFrame | None = None, study_types: bool = True, short: bool = False) -> pd.DataFrame:
    """The gap map as a table: conditions × mechanisms counts with labels, a row total and the study types.

    The total counts works coded with the condition, whether or not a mechanism is coded;
    ``study_types`` adds a column with the condition's works per study type; ``short`` uses one-word
    mechanism headings and ``All`` for the total, to fit beside the figure.
    """
    df = bibliography.load() if df is None else df
    m = gap_matrix(df)
    heading = (lambda t: tr(SHORT_MECHANISMS[t])) if short else (lambda t: vocab.label("mechanisms", t))
    table = m.rename(index=lambda t: vocab.label("conditions", t), columns=heading)
    table.insert(len(table.columns), tr("All") if short else tr("All works with this condition"),
                 counts("conditions", df).drop(NOT_CODED).to_numpy())
    types = []
    for cond in vocab.CONDITIONS:
        c = Counter(s for cs, ss in zip(df["conditions"], df["studytype"]) if cond in cs for s in (ss or [NOT_CODED]))
        types.append(", ".join(f"{vocab.label('studytype', s) if s != NOT_CODED else tr(s)} {n}" for s, n in c.most_common())
                     or "–")
    if study_types:
        table[tr("Study types (works)")] = types
    table.index.name = tr("Condition")
    return table


def _finish(fig: Figure) -> Figure:
    plt.close(fig)
    return fig


LICENCE = "CC BY 4.0 (the coding of the bibliography, this book)"
"""The licence of the literature figures' data."""


def attach(fig, data: pd.DataFrame, *, unit: str, df: pd.DataFrame | None = None, period: str | None = None,
           source: str = "references.bib (the book's coded bibliography)"):
    """Attach to a figure the counts it draws (``fig.lr_data``) and their source, period, unit and licence
    (``fig.lr_meta``); the period is the publication years of the works in ``df`` unless given."""
    if period is None:
        years = df["year"].dropna().astype(int) if df is not None and "year" in df else pd.Series(dtype=int)
        period = f"works published {years.min()}-{years.max()}" if len(years) else "the coded works of references.bib"
    fig.lr_data = data if isinstance(data.index, pd.RangeIndex) else data.reset_index()
    fig.lr_meta = {"source": source, "period": period, "unit": unit, "licence": LICENCE}
    return fig


def heat_cmap():
    """The heatmaps' colour map, :data:`HEAT_CMAP` (seaborn's, which matplotlib knows once seaborn is imported)."""
    import seaborn  # noqa: F401

    return plt.get_cmap(HEAT_CMAP)


def _white_theme():
    """seaborn, with its white theme set; imported only when a figure needs it, since it imports SciPy (seconds)."""
    import seaborn as sns

    sns.set_theme(style="white", context="notebook")
    return sns


def gap_map(df: pd.DataFrame | None = None) -> Figure:
    """Evidence gap map: success conditions × mechanisms; each cell a bar of its works by study type.

    Bar length is the number of works; segments are coloured and hatched by study type, so the map
    reads in grey and for colour-blind readers. Empty cells are marked "gap". The figure is written in the current
    language, its data (``lr_data``) in English.
    """
    df = bibliography.load() if df is None else df
    m = gap_matrix(df)
    comp = gap_composition(df)
    types = [*vocab.STUDY_TYPES, NOT_CODED]
    scale = max(1, int(m.to_numpy().max()))
    nrow, ncol = m.shape
    _white_theme()
    fig, ax = plt.subplots(figsize=(7.2, 0.52 * nrow + 3.2))
    for i, cond in enumerate(m.index):
        for j, mech in enumerate(m.columns):
            ax.add_patch(Rectangle((j, i), 1, 1, fill=False, edgecolor="#bbbbbb", linewidth=0.8))
            n = int(m.loc[cond, mech])
            if n == 0:
                ax.text(j + 0.5, i + 0.5, tr("gap"), ha="center", va="center", fontsize=9, color="#555555",
                        style="italic")
                continue
            cell = comp[(comp.row == cond) & (comp.col == mech)].set_index("studytype")["works"]
            x = j + 0.08
            for s in types:
                k = int(cell.get(s, 0))
                if not k:
                    continue
                width = 0.62 * k / scale
                colour, hatch = STUDY_STYLE.get(s, ("#ffffff", ""))
                ax.add_patch(Rectangle((x, i + 0.2), width, 0.6, facecolor=colour, hatch=hatch,
                                       edgecolor="#222222", linewidth=0.6))
                x += width
            ax.text(x + 0.03, i + 0.5, str(n), ha="left", va="center", fontsize=10, fontweight="bold")
    ax.set_xlim(0, ncol)
    ax.set_ylim(nrow, 0)
    ax.set_xticks(np.arange(ncol) + 0.5, [textwrap.fill(vocab.label("mechanisms", c), 16) for c in m.columns])
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(nrow) + 0.5, [vocab.label("conditions", c) for c in m.index])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [Patch(facecolor=STUDY_STYLE[s][0], hatch=STUDY_STYLE[s][1], edgecolor="#222222",
                     label=vocab.label("studytype", s)) for s in vocab.STUDY_TYPES]
    handles.append(Patch(facecolor="#ffffff", edgecolor="#222222",
                         label=tr("Study type {not_coded}").format(not_coded=tr(NOT_CODED))))
    ax.legend(handles=handles, title=field_label("studytype"), loc="upper center", bbox_to_anchor=(0.4, -0.01),
              ncols=3, frameon=False, fontsize=10)
    fig.tight_layout()
    with using(MAIN):  # the data in English
        drawn = _gap_data(m, comp)
    return attach(_finish(fig), drawn, unit="works", df=df)


def _gap_data(m: pd.DataFrame, comp: pd.DataFrame) -> pd.DataFrame:
    """What the gap map draws: every cell's total, then its works per study type, labelled."""
    drawn = (comp.assign(condition=comp["row"].map(lambda c: vocab.label("conditions", c)),
                         mechanism=comp["col"].map(lambda c: vocab.label("mechanisms", c)),
                         study_type=comp["studytype"].map(
                             lambda t: t if t == NOT_CODED else vocab.label("studytype", t)))
             [["condition", "mechanism", "study_type", "works"]])
    totals = m.rename(index=lambda c: vocab.label("conditions", c), columns=lambda c: vocab.label("mechanisms", c))
    totals = totals.rename_axis(index="condition", columns="mechanism").stack().rename("works").reset_index()
    return pd.concat([totals.assign(study_type="all (cell total; 0 = gap)"), drawn], ignore_index=True)


def timeline_matrix(df: pd.DataFrame | None = None, width: int = 5) -> pd.DataFrame:
    """Works per theme (rows, vocabulary order) and ``width``-year period (columns, e.g. ``1995–99``)."""
    df = bibliography.load() if df is None else df
    years = df["year"].dropna().astype(int)
    lo, hi = years.min() // width * width, years.max() // width * width
    periods = list(range(lo, hi + 1, width))
    c = Counter((t, int(y) // width * width) for ts, y in zip(df["keywords"], df["year"]) if pd.notna(y) for t in ts)
    return pd.DataFrame([[c.get((t, p), 0) for p in periods] for t in vocab.THEMES],
                        index=list(vocab.THEMES), columns=[f"{p}–{str(p + width - 1)[-2:]}" for p in periods])


def _heatmap(terms: pd.DataFrame, mask: np.ndarray, size: tuple[float, float], xlabel: str, ylabel: str,
             rotate: int = 0, *, names: tuple[str, str], label, df: pd.DataFrame | None = None) -> Figure:
    """A heatmap of ``terms`` (counts indexed by terms) with ``label(terms)`` as its headings: in the current
    language where drawn, in English in the data."""
    sns = _white_theme()
    fig, ax = plt.subplots(figsize=size)
    sns.heatmap(label(terms), mask=mask, annot=True, fmt="d", cmap=HEAT_CMAP, vmin=0, linewidths=0.5,
                linecolor="white", cbar_kws={"label": tr("works"), "shrink": 0.6}, ax=ax, annot_kws={"fontsize": 9})
    ax.set_xlabel(tr(xlabel))
    ax.set_ylabel(tr(ylabel))
    ax.tick_params(axis="x", rotation=rotate)
    fig.tight_layout()
    with using(MAIN):
        data = label(terms)
    shown = data.mask(mask)  # the cells the heatmap draws (blank cells: no works, or above the diagonal)
    drawn = shown.rename_axis(index=names[0], columns=names[1]).stack().dropna().rename("works").astype(int)
    drawn = drawn.reset_index()
    return attach(_finish(fig), drawn, unit="works", df=df)


def timeline(df: pd.DataFrame | None = None) -> Figure:
    """Heatmap of publications per theme and five-year period; blank cells have no works."""
    df = bibliography.load() if df is None else df
    m = timeline_matrix(df)
    return _heatmap(m, m.to_numpy() == 0, (8.5, 6.5), N_("period of publication"), "", rotate=45,
                    names=("theme", "period"), label=lambda t: t.rename(index=_theme), df=df)


def _theme(tag: str) -> str:
    return vocab.label("keywords", tag)


def cooccurrence(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Theme × theme: works tagged with both (diagonal: works tagged with the theme)."""
    df = bibliography.load() if df is None else df
    c = Counter()
    for tags in df["keywords"]:
        tags = sorted(set(tags))
        c.update((t, t) for t in tags)
        for a, b in itertools.combinations(tags, 2):
            c[a, b] += 1
            c[b, a] += 1
    return pd.DataFrame([[c.get((a, b), 0) for b in vocab.THEMES] for a in vocab.THEMES],
                        index=list(vocab.THEMES), columns=list(vocab.THEMES))


def cooccurrence_figure(df: pd.DataFrame | None = None) -> Figure:
    """Lower-triangle heatmap of how often two themes tag the same work; diagonal = works per theme."""
    df = bibliography.load() if df is None else df
    m = cooccurrence(df)
    mask = np.triu(np.ones(m.shape, dtype=bool), k=1) | (m.to_numpy() == 0)
    return _heatmap(m, mask, (9, 7.5), "", "", rotate=90, names=("theme", "with theme"),
                    label=lambda t: t.rename(index=_theme, columns=_theme), df=df)


def top_pairs(df: pd.DataFrame | None = None, n: int = 3) -> list[tuple[str, str, int]]:
    """The ``n`` theme pairs that most often tag the same work, as (label, label, works)."""
    m = cooccurrence(df)
    pairs = [(a, b, int(m.loc[a, b])) for a, b in itertools.combinations(m.index, 2)]
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    return [(vocab.label("keywords", a), vocab.label("keywords", b), k) for a, b, k in pairs[:n]]


# ---- the methods appendix -------------------------------------------------------------------

def ledger_counts(ledger: pd.DataFrame | None = None, searches: pd.DataFrame | None = None) -> dict[str, int]:
    """PRISMA 2020 counts from the search log and the ledger (see :func:`prisma_figure`).

    ``identified`` are the records the logged searches returned plus the seed bibliography's and the leads'
    records (those no logged search found); ``not_kept`` were set aside on title and snippet; ``found_again`` were
    kept by a search but were already in the ledger (found by another search, or a check of a seed or lead record);
    ``screened`` are the ledger's rows; ``excluded_<reason>`` count each exclusion reason; ``included`` are in
    ``references.bib``. Each step follows from the one before: identified − not_kept − found_again = screened.
    """
    if ledger is None:
        ledger, problems = bibliography.read_ledger()
        if problems:
            raise bibliography.BibliographyError(problems)
    if searches is None:
        searches, problems = bibliography.read_searches()
        if problems:
            raise bibliography.BibliographyError(problems)
    seen = int(searches["records_seen"].astype(int).sum()) if len(searches) else 0
    kept = int(searches["records_kept"].astype(int).sum()) if len(searches) else 0
    ids = ledger["search_id"].map(bibliography.split_ids)
    seed = int(ids.map(lambda i: i == [bibliography.SEED]).sum())
    lead = int(ids.map(lambda i: i == [bibliography.LEAD]).sum())  # leads not also found by a logged search
    included = ledger["decision"] == "included"
    out = {
        "searches": len(searches), "search_records": seen, "search_kept": kept, "not_kept": seen - kept,
        "seed": seed, "leads": lead, "identified": seen + seed + lead,
        "found_again": kept + seed + lead - len(ledger),
        "screened": len(ledger),
        "duplicates": int((ledger["reason"] == "duplicate").sum()),
        "not_confirmed": int((ledger["reason"] == "no-record-found").sum()),
        "included": int(included.sum()),
        "included_yes": int((included & (ledger["verified"] == "yes")).sum()),
        "included_partial": int((included & (ledger["verified"] == "partial")).sum()),
    }
    out["assessed"] = out["screened"] - out["duplicates"]
    for reason in vocab.REASONS:
        out[f"excluded_{reason.replace('-', '_')}"] = int((ledger["reason"] == reason).sum())
    out["excluded_other"] = out["assessed"] - out["not_confirmed"] - out["included"]
    return out


def search_table(searches: pd.DataFrame | None = None) -> pd.DataFrame:
    """The search log by source: searches run, records seen and records kept for screening."""
    if searches is None:
        searches, _ = bibliography.read_searches()
    s = searches.assign(seen=searches["records_seen"].astype(int), kept=searches["records_kept"].astype(int))
    t = s.groupby("source").agg(searches=("search_id", "count"), first=("date", "min"), last=("date", "max"),
                                seen=("seen", "sum"), kept=("kept", "sum"))
    t.columns = [tr("Searches"), tr("First"), tr("Last"), tr("Records seen"), tr("Kept for screening")]
    t.index.name = tr("Source")
    return t


def exclusion_table(ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Records excluded at screening, by reason (fixed list), with the reason's definition."""
    if ledger is None:
        ledger, _ = bibliography.read_ledger()
    counts = ledger.loc[ledger["decision"] == "excluded", "reason"].value_counts()
    return pd.DataFrame([{tr("Reason"): tr(lab), tr("Meaning"): tr(d), tr("Records"): int(counts.get(r, 0))}
                         for r, (lab, d) in vocab.REASONS.items()]).set_index(tr("Reason"))


def ledger_table(ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Works in the ledger by verification status and inclusion, with totals."""
    if ledger is None:
        ledger, _ = bibliography.read_ledger()
    t = pd.crosstab(ledger["verified"], ledger["included"], margins=True, margins_name="total")
    t = t.reindex(index=[s for s in (*bibliography.STATUSES, "total") if s in t.index],
                  columns=[c for c in ("yes", "no", "total") if c in t.columns], fill_value=0)
    t.index.name, t.columns.name = "verified", "included"
    return t


def prisma_figure(ledger: pd.DataFrame | None = None, searches: pd.DataFrame | None = None) -> Figure:
    """The PRISMA 2020 flow: identified -> screened -> assessed -> included, with exclusions beside each step."""
    c = ledger_counts(ledger, searches)
    fig, ax = plt.subplots(figsize=(9.5, 7.6))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 14)
    ax.axis("off")

    def box(x, y, w, text, shade, h=2.2):
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.1", facecolor=shade,
                                    edgecolor="#222222", linewidth=1))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=12)

    def arrow(x0, y0, x1, y1):
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.2})

    other = [(vocab.term_label(vocab.REASONS, r), c[f"excluded_{r.replace('-', '_')}"])
             for r in vocab.REASONS if r not in ("duplicate", "no-record-found")]
    box(0.2, 11.2, 4.8, tr("Identified: n = {identified}\n{search_records} from {searches} logged searches,\n{seed} "
                           "from the seed bibliography, {leads} from leads").format(**c), "#f0f0f0")
    box(5.5, 11.2, 4.3, tr("Set aside on title and snippet\nn = {not_kept}").format(**c), "#ffffff")
    box(5.5, 9.95, 4.3, tr("Kept, but already in the ledger: n = {found_again}").format(**c), "#ffffff", h=1.0)
    box(0.2, 7.6, 4.8, tr("Records screened (ledger rows)\nn = {screened}").format(**c), "#e0e0e0")
    box(5.5, 7.6, 4.3, tr("Duplicates removed\nn = {duplicates}").format(**c), "#ffffff")
    box(0.2, 4.0, 4.8, tr("Assessed: record checked, work read\nn = {assessed}").format(**c), "#d0d0d0")
    box(5.5, 2.4, 4.3, tr("Excluded after assessment\nNot confirmed by a record: {not_confirmed}").format(**c) + "\n"
                       + "\n".join(f"{lab}: {n}" for lab, n in other if n), "#ffffff", h=4.6)
    box(0.2, 0.4, 4.8, tr("Included in references.bib\nn = {included} (record yes {included_yes}, partial "
                           "{included_partial})").format(**c), "#a6a6a6")
    arrow(2.6, 11.1, 2.6, 9.95)
    arrow(2.6, 7.5, 2.6, 6.35)
    arrow(2.6, 3.9, 2.6, 2.75)
    arrow(5.1, 12.3, 5.4, 12.3)
    arrow(2.6, 10.45, 5.4, 10.45)
    arrow(5.1, 8.7, 5.4, 8.7)
    arrow(5.1, 5.1, 5.4, 5.1)
    fig.tight_layout()
    drawn = pd.DataFrame([(k, int(v)) for k, v in c.items()], columns=["count", "records"])
    return attach(_finish(fig), drawn, unit="records", period="the book's searches and ledger",
                  source="data/literature/searches.csv, data/literature/verification.csv and references.bib")


SCHEME_TITLES: dict[str, str] = {
    "tests": N_("How a study bears on a condition"), "bias": N_("Risk of bias"),
    "bias_reason": N_("The reason for the risk of bias"), "finding": N_("Finding"),
    "design": N_("Design: the robustness ladder, modelled on the Maryland Scientific Methods Scale"),
    "read": N_("What was read (ledger column read)"),
}
"""Headings of the coding scheme's tables that are not a coding field's column heading."""


def scheme_title(field: str) -> str:
    """The heading of one coding field's table in the methods appendix (Markdown), in the current language."""
    title = tr(SCHEME_TITLES[field]) if field in SCHEME_TITLES else field_label(field)
    return f"**{title}** ({tr('field')} `{field}`)"


def coding_scheme(field: str) -> pd.DataFrame:
    """The vocabulary of one coding field, from :mod:`analysis.literature.vocab`: term, label, definition."""
    terms = {**vocab.FIELDS, **vocab.SINGLE, "design": vocab.DESIGNS, "read": vocab.READ, "tests": vocab.TESTS}[field]
    return pd.DataFrame([(t, tr(lab), tr(d)) for t, (lab, d) in terms.items()],
                        columns=[tr("Term"), tr("Label"), tr("Definition")])
