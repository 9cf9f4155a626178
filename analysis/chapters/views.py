"""Chapter-level views of the literature: the works of a chapter, counts, a gap view and the cycle figure.

Chapters 3 ("Mechanisms of a learning region") and 4 ("How do we learn together?") call these
functions on the DataFrame that :func:`analysis.literature.bibliography.load` returns. Tables and labels follow
:mod:`analysis.literature.vocab`; an empty coding field counts as *not coded*, as in :mod:`analysis.literature.tables`.
"""

from __future__ import annotations

import textwrap
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from analysis.chapters import outline
from analysis.language import MAIN, tr, using
from analysis.literature import bibliography, exports, tables, vocab
from analysis.book.facts import glue_facts
from analysis.literature.tables import FIELD_LABELS, NOT_CODED, heat_cmap

__all__ = ["chapter_tags", "tagged", "crosstab", "evidence_facts", "gap_view", "phase_counts", "cycle_figure",
           "glue_facts", "theme_downloads"]

HELIX = ("knowledge-institutions", "government", "business")
"""The three actors of the triple helix."""


def chapter_tags(file: str) -> tuple[str, ...]:
    """The theme tags a chapter embeds, from :data:`analysis.chapters.outline.CHAPTERS` (e.g. ``book/mechanisms``)."""
    for chapter in outline.CHAPTERS:
        if chapter.file == file:
            return chapter.tags
    raise KeyError(f"no chapter '{file}' in analysis.chapters.outline.CHAPTERS")


def tagged(df: pd.DataFrame, tags: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The works whose themes (``keywords``) include at least one of ``tags``.

    Parameters
    ----------
    df : DataFrame
        Works as :func:`analysis.literature.bibliography.load` returns them.
    tags : sequence of str
        Theme tags; each must be in :data:`analysis.literature.vocab.THEMES`.

    Returns
    -------
    DataFrame
        The matching rows of ``df``, in their original order.
    """
    unknown = [t for t in tags if t not in vocab.THEMES]
    if unknown:
        raise KeyError(f"unknown theme tag(s) {', '.join(unknown)}; use terms of analysis.literature.vocab.THEMES")
    wanted = set(tags)
    return df[df["keywords"].map(lambda ts: bool(wanted & set(ts)))]


def _terms(field: str, df: pd.DataFrame) -> list[str]:
    terms = list(vocab.FIELDS[field])
    if (df[field].map(len) == 0).any():
        terms.append(NOT_CODED)
    return terms


def crosstab(df: pd.DataFrame, rows: str, cols: str, labels: bool = False) -> pd.DataFrame:
    """Number of works per (row term, column term) of two coding fields.

    A work counts once in every cell of its terms; a work with an empty field counts under
    *not coded* (a row or column that appears only when some work needs it).

    Parameters
    ----------
    df : DataFrame
        Works as :func:`analysis.literature.bibliography.load` returns them.
    rows, cols : str
        Coding fields, e.g. ``"actors"`` and ``"studytype"``.
    labels : bool
        Whether to label rows and columns from :mod:`analysis.literature.vocab` instead of using the terms.

    Returns
    -------
    DataFrame
        Integer counts, terms in vocabulary order, zeros kept.
    """
    c = Counter((r, k) for rs, ks in zip(df[rows], df[cols]) for r in (rs or [NOT_CODED]) for k in (ks or [NOT_CODED]))
    r_terms, c_terms = _terms(rows, df), _terms(cols, df)
    out = pd.DataFrame([[c.get((r, k), 0) for k in c_terms] for r in r_terms], index=r_terms, columns=c_terms)
    if labels:
        out = out.rename(index=lambda t: t if t == NOT_CODED else vocab.label(rows, t),
                         columns=lambda t: t if t == NOT_CODED else vocab.label(cols, t))
    return out


def _has(df: pd.DataFrame, field: str, term: str) -> pd.Series:
    return df[field].map(lambda ts: term in ts)


def evidence_facts(df: pd.DataFrame, prefix: str) -> dict[str, int]:
    """Counts that a chapter states about its works, named ``<prefix>_<fact>`` for gluing.

    Facts: ``n`` works; ``conceptual`` (coded conceptual), ``conceptual_only`` (conceptual and no other
    study type), ``empirical`` (case study, comparative case, survey, quantitative or evaluation), ``nl`` (geography NL);
    per study type ``type_<term>``; per actor ``actor_<term>``; ``helix_all`` (all three helix actors)
    and ``no_actor`` (actors not coded); per mechanism ``mech_<term>`` and per phase ``phase_<term>``.
    """
    empirical = set(vocab.EMPIRICAL)
    facts = {
        "n": len(df),
        "conceptual": int(_has(df, "studytype", "conceptual").sum()),
        "conceptual_only": int((df["studytype"].map(lambda ts: list(ts) == ["conceptual"])).sum()),
        "empirical": int(df["studytype"].map(lambda ts: bool(empirical & set(ts))).sum()),
        "nl": int(_has(df, "geography", "NL").sum()),
        "helix_all": int(df["actors"].map(lambda ts: set(HELIX) <= set(ts)).sum()),
        "no_actor": int((df["actors"].map(len) == 0).sum()),
    }
    for field, name in (("studytype", "type"), ("actors", "actor"), ("mechanisms", "mech"), ("phase", "phase")):
        for term in vocab.FIELDS[field]:
            facts[f"{name}_{term.replace('-', '_')}"] = int(_has(df, field, term).sum())
    return {f"{prefix}_{k}": v for k, v in facts.items()}


def theme_downloads(df: pd.DataFrame, tags: tuple[str, ...] | list[str], folder: str = "downloads") -> str:
    """MyST list of ``{download}`` links to the BibTeX file of each of ``tags``, with its number of works.

    The files are those :func:`analysis.literature.exports.write_all` writes into ``book/downloads``.
    """
    lines = []
    for tag in tags:
        n = len(tagged(df, [tag]))
        works = (tr("1 work") if n == 1 else tr("{n} works")).format(n=n)
        lines.append(f"- {{download}}`{vocab.label('keywords', tag)} <{folder}/{exports.theme_file(tag)}>` ({works})")
    return "\n".join(lines)


def gap_view(df: pd.DataFrame, rows: str = "actors", cols: str = "studytype",
             figsize: tuple[float, float] = (8.0, 4.2)) -> Figure:
    """A chapter's evidence gap view: a heatmap of works per (row term, column term), empty cells marked *gap*.

    Cells are shaded on a light-to-dark sequential scale (readable in grey and by colour-blind readers)
    and carry their count; cells without a work are white and say *gap*. The figure is written in the current
    language, its data (``lr_data``) in English.
    """
    with using(MAIN):
        m = crosstab(df, rows, cols, labels=True)
    terms = crosstab(df, rows, cols)
    values = terms.to_numpy()
    fig, ax = plt.subplots(figsize=figsize)
    cmap = heat_cmap()
    norm = Normalize(0, max(1, int(values.max())))
    shown = np.ma.masked_where(values == 0, values)
    ax.imshow(shown, cmap=cmap, norm=norm, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            n = int(values[i, j])
            if n == 0:
                ax.text(j, i, tr("gap"), ha="center", va="center", fontsize=9, color="#444444", style="italic")
            else:
                dark = norm(n) > 0.5
                ax.text(j, i, str(n), ha="center", va="center", fontsize=11, fontweight="bold",
                        color="white" if dark else "black")
    ax.set_xticks(range(values.shape[1]), [textwrap.fill(_label(cols, t), 12) for t in terms.columns], fontsize=9)
    ax.set_yticks(range(values.shape[0]), [_label(rows, t) for t in terms.index], fontsize=10)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
    ax.grid(which="minor", color="#bbbbbb", linewidth=0.8)
    ax.tick_params(which="both", length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.tight_layout()
    plt.close(fig)
    drawn = m.rename_axis(index=FIELD_LABELS.get(rows, rows), columns=FIELD_LABELS.get(cols, cols))
    drawn = drawn.stack().rename("works").reset_index()
    return tables.attach(fig, drawn, unit="works (0 = gap)", df=df)


def _label(field: str, term: str) -> str:
    """The label of a term of ``field`` (or *not coded*) in the current language."""
    return tr(NOT_CODED) if term == NOT_CODED else vocab.label(field, term)


def phase_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Per phase of the collaboration cycle (vocabulary order): works coded for it and how many are conceptual.

    Returns
    -------
    DataFrame
        Indexed by phase term, with columns ``label``, ``works`` and ``conceptual``.
    """
    rows = []
    for term, (lab, _) in vocab.PHASES.items():
        has = _has(df, "phase", term)
        rows.append({"phase": term, "label": lab, "works": int(has.sum()),
                     "conceptual": int((has & _has(df, "studytype", "conceptual")).sum())})
    return pd.DataFrame(rows).set_index("phase")


def cycle_figure(counts: pd.DataFrame, figsize: tuple[float, float] = (7.0, 6.4)) -> Figure:
    """The collaboration cycle, ambition → network formation → co-creation → consolidation → ambition.

    Phases come from :data:`analysis.literature.vocab.PHASES`, placed clockwise from the top; each box gives the
    phase, its definition and the number of works coded for it (and how many of those are conceptual).

    Parameters
    ----------
    counts : DataFrame
        As :func:`phase_counts` returns it.
    """
    phases = list(vocab.PHASES)
    if list(counts.index) != phases:
        raise ValueError("counts must have one row per phase of analysis.literature.vocab.PHASES, in order")
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    k = len(phases)
    angles = [np.pi / 2 - 2 * np.pi * i / k for i in range(k)]
    pos = [(1.05 * np.cos(a), 1.05 * np.sin(a)) for a in angles]
    for (x, y), term in zip(pos, phases):
        lab, definition = (tr(text) for text in vocab.PHASES[term])
        row = counts.loc[term]
        ax.add_patch(FancyBboxPatch((x - 0.62, y - 0.3), 1.24, 0.6, boxstyle="round,pad=0.03,rounding_size=0.12",
                                    facecolor="#f2f2f2", edgecolor="#222222", linewidth=1.2, zorder=2))
        ax.text(x, y + 0.15, lab, ha="center", va="center", fontsize=12, fontweight="bold", zorder=3)
        ax.text(x, y - 0.02, textwrap.fill(definition, 26), ha="center", va="center", fontsize=8.5,
                style="italic", color="#333333", zorder=3)
        n, c = int(row["works"]), int(row["conceptual"])
        works = tr("{n} work ({c} conceptual)") if n == 1 else tr("{n} works ({c} conceptual)")
        ax.text(x, y - 0.2, works.format(n=n, c=c), ha="center", va="center", fontsize=9.5, zorder=3)
    half_w, half_h = 0.65, 0.33
    for i in range(k):
        (x0, y0), (x1, y1) = pos[i], pos[(i + 1) % k]
        start = (x0 + np.sign(x1 - x0) * half_w, y0) if abs(x0) < abs(y0) else (x0, y0 + np.sign(y1 - y0) * half_h)
        end = (x1 + np.sign(x0 - x1) * half_w, y1) if abs(x1) < abs(y1) else (x1, y1 + np.sign(y0 - y1) * half_h)
        ax.add_patch(FancyArrowPatch(start, end, connectionstyle="arc3,rad=-0.4", arrowstyle="-|>",
                                     mutation_scale=20, linewidth=2, color="#0072B2", shrinkA=2, shrinkB=2,
                                     zorder=1))
    ax.text(0, 0.08, tr("the collaboration\ncycle"), ha="center", va="center", fontsize=11, color="#333333")
    ax.text(0, -0.2, tr("back to ambition\nafter consolidation"), ha="center", va="center", fontsize=8.5,
            color="#555555", style="italic")
    fig.tight_layout()
    plt.close(fig)
    drawn = counts.reset_index()[["phase", "label", "works", "conceptual"]]
    return tables.attach(fig, drawn, unit="works coded for the phase (of which conceptual)")


def evaluated(df: pd.DataFrame, programmes: tuple[str, ...] = (), mechanisms: tuple[str, ...] = (),
              conditions: tuple[str, ...] = ()) -> pd.DataFrame:
    """Studies with a coded finding that evaluate one of ``programmes`` or bear on one of ``mechanisms`` or
    ``conditions``; most robust design first, then newest."""
    for field, terms in (("programme", programmes), ("mechanisms", mechanisms), ("conditions", conditions)):
        unknown = [t for t in terms if t not in vocab.FIELDS[field]]
        if unknown:
            raise KeyError(f"unknown {field} term(s) {', '.join(unknown)}; use terms of analysis/literature/vocab.py")
    hit = (df["programme"].map(lambda ts: bool(set(ts) & set(programmes)))
           | df["mechanisms"].map(lambda ts: bool(set(ts) & set(mechanisms)))
           | df["conditions"].map(lambda ts: bool(set(ts) & set(conditions))))
    out = df[hit & (df["finding"] != "")]
    return out.sort_values(["design", "year"], ascending=[False, False], na_position="last")


def findings_table(df: pd.DataFrame, page: str = tables.BIB_PAGE) -> pd.DataFrame:
    """What each study found, for a chapter page: work, programme, design, finding and its note."""
    return pd.DataFrame({
        tr("Work"): [tables.work_link(k, c, page) for k, c in zip(df["key"], df["citation"])],
        tr("Programme"): [", ".join(vocab.label("programme", p) for p in ps) or "–" for ps in df["programme"]],
        tr("Design"): ["–" if pd.isna(d) else int(d) for d in df["design"]],
        tr("Finding"): [vocab.term_label(vocab.FINDINGS, f) for f in df["finding"]],
        tr("What was found"): [bibliography.coded(k, "finding_note", t) for k, t in zip(df["key"], df["finding_note"])],
    })


def findings_facts(df: pd.DataFrame, prefix: str) -> dict[str, object]:
    """Counts a chapter states about the studies of :func:`evaluated`: per finding, evaluations, best design."""
    facts: dict[str, object] = {"n": len(df),
                                "evaluations": int(df["studytype"].map(lambda t: "evaluation" in t).sum()),
                                "design_max": int(df["design"].max()) if df["design"].notna().any() else 0,
                                "design_3plus": int((df["design"].fillna(0) >= 3).sum())}
    for f in vocab.FINDINGS:
        facts[f] = int((df["finding"] == f).sum())
    return {f"{prefix}_{k}": v for k, v in facts.items()}


PHASES_NL: dict[str, str] = {"ambition": "ambitie", "network-formation": "netwerkvorming", "co-creation": "co-creatie",
                             "consolidation": "consolidatie"}
"""Dutch names of the phases, for the Dutch summaries."""


def phase_order(counts: pd.DataFrame, prefix: str) -> dict[str, str]:
    """The phases by number of works (most first, ties kept in cycle order), in words, and the least coded ones."""
    ranked = counts.sort_values("works", ascending=False, kind="stable")
    least = counts.index[counts["works"] == counts["works"].min()]
    return {f"{prefix}_order": ", ".join(f"{r['label'].lower()} {r['works']}" for _, r in ranked.iterrows()),
            f"{prefix}_least_nl": " en ".join(PHASES_NL[p] for p in least)}
