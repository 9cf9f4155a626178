"""What the evidence found: a summary of findings per success condition, its certainty, and the outcome gap map.

Computed from the findings coded per study (``finding``, ``design``, ``outcomes``, ``geography``) of the works that
support each condition. The certainty label follows a documented rule in the spirit of GRADE and the EEF padlocks
(:data:`CERTAINTY_RULE`); every downgrade is returned with its reason::

    from analysis.literature import findings
    sof = findings.summary_table()          # one row per condition
    findings.condition_section("trust")     # Markdown: what the studies found, where, how sure
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from analysis.literature import bibliography, tables, vocab

LEVELS: tuple[str, ...] = ("very low", "low", "moderate", "high")
"""Certainty labels, lowest first."""

EUROPE: frozenset[str] = frozenset(
    "AT BE BG CH CY CZ DE DK EE ES EU FI FR GB GR HR HU IE IS IT LT LU LV MT NL NO PL PT RO SE SI SK".split())
"""Country codes counted as European evidence (EU member states, EEA, Switzerland, the UK and ``EU``)."""

REGION_PAGE = "your-region.html"
"""The page with a profile of every Dutch region; ``#<code>`` opens one."""

KINDS = {"GM": "municipality", "CR": "COROP area", "AM": "labour-market region", "PV": "province",
         "LD": "landsdeel"}

MIN_TESTED = 3
"""Fewer studies that test an effect than this: downgraded for imprecision."""

MIN_CONSISTENT = 2 / 3
"""Share of tested studies pointing the same way (positive vs. mixed/null/negative) below this: inconsistent."""

CERTAINTY_RULE = (
    "Only studies that test an effect count (finding positive, mixed, null or negative). "
    "The starting level is set by the most robust of them: design 4-5 (quasi-experiment or randomised) *high*, "
    "3 (controlled comparison over time) *moderate*, 2 (before-after or uncontrolled comparison) *low*, "
    "1 or no tested study *very low*. It is lowered one level for each of: imprecision "
    f"(fewer than {MIN_TESTED} tested studies), inconsistency (less than {MIN_CONSISTENT:.0%} of tested studies point "
    "the same way, positive against mixed, null or negative) and indirectness for Dutch regions (no tested study "
    "from the Netherlands or elsewhere in Europe). Descriptive studies and conceptual works do not raise the level."
)
"""The certainty rule in words (the chapter prints it)."""

FINDING_STYLE: dict[str, tuple[str, str]] = {
    "positive": ("#009E73", ""), "mixed": ("#E69F00", "///"), "null": ("#56B4E9", ".."),
    "negative": ("#D55E00", "xx"), "descriptive": ("#ffffff", ""),
}
"""Colour (Okabe-Ito) and hatch (readable in grey) of each finding."""


PRACTICE: dict[str, str] = {
    "shared-ambition": "write down why the partners work together and what they want to reach, and revisit it when partners join or leave",
    "trust": "start with small joint projects that let partners see each other deliver before larger commitments",
    "boundary-spanners": "give named people the time and mandate to connect the organisations and translate between them",
    "leadership": "agree who convenes and keeps the coalition together, and share that role across organisations",
    "anchor-institution": "ask the region's university, hogeschool and mbo college to make regional engagement part of their strategy, with people and budget",
    "inclusive-governance": "decide openly who takes part, with what say, and how groups that are not at the table are heard",
    "knowledge-infrastructure": "keep lasting places (a monitor, a practoraat or lectoraat, a data platform) where regional knowledge is collected and shared",
    "absorptive-capacity": "help small firms and workers take up new knowledge: people who can use it, and time to learn",
    "proximity": "bring partners close in what they know and how they work, not only in distance, and link them to those unlike them",
    "place-based-policy": "tailor programmes to the region's own assets and problems, and measure the effect against comparable regions",
    "long-term-commitment": "fund collaborations beyond one project cycle, and plan how what works is continued",
    "lifelong-learning": "make training for workers easy to find and pay for, and combine it with guidance and employers' involvement",
    "external-linkages": "connect the region's networks to knowledge and partners outside it",
    "reflexivity": "evaluate the collaboration while it runs and use the results to adapt it",
}
"""What a region can do about each condition: the book's practical reading, not a finding of the studies."""


def _supports(df: pd.DataFrame, cond: str) -> pd.DataFrame:
    return df[df["conditions"].map(lambda cs: cond in cs)]


def tested(df: pd.DataFrame) -> pd.DataFrame:
    """The works among ``df`` whose finding tests an effect."""
    return df[df["finding"].isin(vocab.TESTED)]


def is_european(geography: list[str]) -> bool:
    """True if any of a work's geography codes is European (:data:`EUROPE`)."""
    return bool(set(geography) & EUROPE)


def certainty(works: pd.DataFrame) -> tuple[str, list[str]]:
    """The certainty of the evidence in ``works`` (those supporting one condition) and the reasons for each downgrade.

    Returns
    -------
    tuple
        The label (one of :data:`LEVELS`) and a list of reasons, the first naming the starting level.
    """
    t = tested(works)
    best = int(t["design"].max()) if len(t) and t["design"].notna().any() else 0
    start = 3 if best >= 4 else 2 if best == 3 else 1 if best == 2 else 0
    reasons = [f"starts {LEVELS[start]}: the most robust tested study has design {best}" if len(t)
               else "starts very low: no study tests an effect"]
    level = start
    if 0 < len(t) < MIN_TESTED:
        level -= 1
        reasons.append(f"imprecision: only {len(t)} tested {'study' if len(t) == 1 else 'studies'}")
    if len(t):
        pos = int((t["finding"] == "positive").sum())
        share = max(pos, len(t) - pos) / len(t)
        if share < MIN_CONSISTENT:
            level -= 1
            reasons.append(f"inconsistency: {pos} of {len(t)} tested studies positive")
        if not t["geography"].map(is_european).any():
            level -= 1
            reasons.append("indirectness: no tested study from the Netherlands or elsewhere in Europe")
    return LEVELS[max(level, 0)], reasons


def summary_table(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The summary of findings: one row per condition (vocabulary order).

    Columns: ``label``, ``works`` (supporting works), ``studies`` (with a coded finding), ``evaluations``,
    one count per finding, ``max_design`` and ``median_design`` (of studies with a design level),
    ``share_european`` and ``share_dutch`` (of studies), ``certainty`` and ``reasons`` (list).
    """
    df = bibliography.load() if df is None else df
    rows = []
    for cond, (label, _) in vocab.CONDITIONS.items():
        sub = _supports(df, cond)
        studies = sub[sub["finding"] != ""]
        designs = studies["design"].dropna()
        level, reasons = certainty(sub)
        row = {"condition": cond, "label": label, "works": len(sub), "studies": len(studies),
               "evaluations": int(studies["studytype"].map(lambda t: "evaluation" in t).sum())}
        for f in vocab.FINDINGS:
            row[f] = int((studies["finding"] == f).sum())
        row.update({
            "max_design": int(designs.max()) if len(designs) else None,
            "median_design": float(designs.median()) if len(designs) else None,
            "share_european": float(studies["geography"].map(is_european).mean()) if len(studies) else None,
            "share_dutch": float(studies["geography"].map(lambda g: "NL" in g).mean()) if len(studies) else None,
            "certainty": level, "reasons": reasons,
        })
        rows.append(row)
    return pd.DataFrame(rows).set_index("condition")


def display_summary(sof: pd.DataFrame) -> pd.DataFrame:
    """The summary of findings for the page: one line per condition, the reasons in small print."""
    def pct(x):
        return "–" if x is None or pd.isna(x) else f"{x:.0%}"
    tally = [" / ".join(str(r[f]) for f in vocab.FINDINGS) for _, r in sof.iterrows()]
    return pd.DataFrame({
        "Condition": sof["label"].to_numpy(),
        "Works": sof["works"].to_numpy(),
        "Studies (evaluations)": [f"{s} ({e})" for s, e in zip(sof["studies"], sof["evaluations"])],
        "Findings +/±/0/−/descr.": tally,
        "Design max / median": [("–" if m is None or pd.isna(m) else f"{int(m)} / {md:g}")
                                for m, md in zip(sof["max_design"], sof["median_design"])],
        "Europe (NL)": [f"{pct(e)} ({pct(n)})" for e, n in zip(sof["share_european"], sof["share_dutch"])],
        "Certainty": [f"<b>{c}</b><br><small>{'; '.join(r)}</small>" for c, r in zip(sof["certainty"], sof["reasons"])],
    }, index=sof.index)


def condition_section(cond: str, df: pd.DataFrame | None = None, page: str = tables.BIB_PAGE) -> str:
    """Markdown for one condition: what it is, what the studies found, where, and how sure we can be."""
    df = bibliography.load() if df is None else df
    label, definition = vocab.CONDITIONS[cond]
    sub = _supports(df, cond)
    studies = sub[sub["finding"] != ""].sort_values(["design", "year"], ascending=[False, False], na_position="last")
    level, reasons = certainty(sub)
    t = tested(studies)
    lines = [f"**What it is.** {definition[0].upper() + definition[1:]}. {len(sub)} works in the bibliography "
             f"support it; {len(studies)} of them are studies with a coded finding, {len(t)} of which test an effect."]
    if len(t):
        lines += ["", "**What the studies that test an effect found** (most robust first):", ""]
        for _, r in t.iterrows():
            where = ", ".join(r["geography"]) or "place not coded"
            design = "design not coded" if pd.isna(r["design"]) else f"design {int(r['design'])}"
            lines.append(f"- {tables.work_link(r['key'], r['citation'], page)} ({vocab.FINDINGS[r['finding']][0].lower()}, "
                         f"{design}, {where}): {r['finding_note']}")
    desc = studies[studies["finding"] == "descriptive"]
    if len(desc):
        shown = "; ".join(tables.work_link(k, c, page) for k, c in zip(desc["key"][:12], desc["citation"][:12]))
        more = f" and {len(desc) - 12} more" if len(desc) > 12 else ""
        lines += ["", f"**Descriptive studies** ({len(desc)}) show where and how the condition was present, without "
                      f"testing an effect: {shown}{more}."]
    if len(studies):
        geo = pd.Series([g for gs in studies["geography"] for g in gs]).value_counts()
        places = sorted({p for ps in studies["places"] for p in ps if p != "NL"})
        names = bibliography.place_names()
        regions_ = ", ".join(f'<a href="{REGION_PAGE}#{p}">{names[p]}</a> ({KINDS[p[:2]]})' for p in places)
        lines += ["", "**Where.** Studies by country: " + ", ".join(f"{g} {n}" for g, n in geo.items())
                  + "." + (f" Dutch regions studied: {regions_}." if places else "")]
    lines += ["", f"**How sure we can be: {level}.** " + "; ".join(reasons) + "."]
    lines += ["", f"**What a region can do** (the book's practical reading): {PRACTICE[cond]}."]
    return "\n".join(lines)


def outcome_matrix(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Studies per condition × outcome: a cell holds the list of (finding, design) of the studies in it."""
    df = bibliography.load() if df is None else df
    studies = df[df["finding"] != ""]
    cells = {c: {o: [] for o in vocab.OUTCOMES} for c in vocab.CONDITIONS}
    for _, r in studies.sort_values(["finding", "design"]).iterrows():
        for c in r["conditions"]:
            for o in r["outcomes"]:
                cells[c][o].append((r["finding"], None if pd.isna(r["design"]) else int(r["design"])))
    return pd.DataFrame(cells).T


def outcome_gap_map(df: pd.DataFrame | None = None) -> Figure:
    """Evidence gap map, conditions × outcomes (3ie layout): one square per study, coloured by its finding,
    labelled with its design level; an empty cell is a gap."""
    m = outcome_matrix(df)
    nrow, ncol = m.shape
    per_row = 6
    fig, ax = plt.subplots(figsize=(13, 0.62 * nrow + 2.6))
    for i, cond in enumerate(m.index):
        for j, out in enumerate(m.columns):
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor="#f7f7f7" if (i + j) % 2 else "#ffffff",
                                   edgecolor="#cccccc", linewidth=0.5))
            cell = m.loc[cond, out]
            size = 1 / per_row
            for k, (finding, design) in enumerate(cell[: per_row * 3]):
                x, y = j + 0.02 + (k % per_row) * size * 0.96, i + 0.05 + (k // per_row) * 0.3
                colour, hatch = FINDING_STYLE[finding]
                ax.add_patch(Rectangle((x, y), size * 0.9, 0.27, facecolor=colour, hatch=hatch,
                                       edgecolor="#222222", linewidth=0.5))
                ax.text(x + size * 0.45, y + 0.14, "" if design is None else str(design), ha="center",
                        va="center", fontsize=6.5)
            if len(cell) > per_row * 3:
                ax.text(j + 0.98, i + 0.95, f"+{len(cell) - per_row * 3}", ha="right", va="bottom", fontsize=7)
    ax.set_xlim(0, ncol)
    ax.set_ylim(nrow, 0)
    ax.set_xticks(np.arange(ncol) + 0.5, [textwrap.fill(vocab.OUTCOMES[o][0], 14) for o in m.columns], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(nrow) + 0.5, [vocab.CONDITIONS[c][0] for c in m.index], fontsize=9)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    handles = [Patch(facecolor=c, hatch=h, edgecolor="#222222", label=vocab.FINDINGS[f][0])
               for f, (c, h) in FINDING_STYLE.items()]
    ax.legend(handles=handles, title="Finding (number in the square: design level 0-5)", loc="upper center",
              bbox_to_anchor=(0.5, -0.01), ncols=5, frameon=False, fontsize=9)
    fig.tight_layout()
    drawn = pd.DataFrame([
        {"condition": vocab.CONDITIONS[cond][0], "outcome": vocab.OUTCOMES[out][0], "square": k + 1,
         "finding": vocab.FINDINGS[finding][0], "design_level": design}
        for cond in m.index for out in m.columns for k, (finding, design) in enumerate(m.loc[cond, out])])
    cells = pd.DataFrame([{"condition": vocab.CONDITIONS[c][0], "outcome": vocab.OUTCOMES[o][0],
                           "studies": len(m.loc[c, o])} for c in m.index for o in m.columns])
    drawn = cells.merge(drawn, on=["condition", "outcome"], how="left")
    drawn["design_level"] = drawn["design_level"].astype("Int64")
    drawn["square"] = drawn["square"].astype("Int64")
    return tables.attach(fig, drawn, unit="studies (one square per study; 0 studies = gap)",
                         df=bibliography.load() if df is None else df)


def facts(sof: pd.DataFrame, df: pd.DataFrame) -> dict[str, object]:
    """Numbers the chapter glues: studies, evaluations, certainty per label, per condition."""
    studies = df[df["finding"] != ""]
    out: dict[str, object] = {
        "n_studies": len(studies),
        "n_tested": len(tested(studies)),
        "n_evaluations": int(df["studytype"].map(lambda t: "evaluation" in t).sum()),
        "n_programme": int((df["programme"].map(len) > 0).sum()),
        "n_design_3plus": int((studies["design"].fillna(0) >= 3).sum()),
    }
    for f in vocab.FINDINGS:
        out[f"n_{f}"] = int((studies["finding"] == f).sum())
    for lev in LEVELS:
        names = list(sof.loc[sof["certainty"] == lev, "label"])
        out[f"certainty_n_{lev.replace(' ', '_')}"] = len(names)
        out[f"certainty_{lev.replace(' ', '_')}"] = ", ".join(names) or "none"
    return out
