"""The "What works" synthesis: one row per success condition of a learning region.

Every row is computed from the coded bibliography (:func:`analysis.literature.bibliography.load`): the works
that support the condition (``conditions`` field), their study types, and the mechanisms and phases
of the collaboration cycle they bear on. Each condition gets a strength-of-evidence label by the
rule in :func:`strength` (stated on the chapter page too)::

    from analysis.literature import synthesis
    table = synthesis.conditions_table()        # one row per condition, plain values
    synthesis.write_all("book/downloads")       # what-works-conditions.csv and .markdown

The label describes how much, and what kind of, evidence *this bibliography* holds for a condition;
it is not an estimate of how large or how certain the condition's effect is.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.literature import bibliography, findings, tables, vocab

EMPIRICAL: tuple[str, ...] = vocab.EMPIRICAL
"""Study types that report new observations of practice (cases, surveys, statistics, evaluations)."""

SYNTHESES: tuple[str, ...] = ("review",)
"""Study types that synthesise earlier empirical studies."""

MIN_WORKS_MODERATE = 5
"""A condition needs at least this many supporting works to be more than *thin*."""

MIN_EVIDENCE_MODERATE = 2
"""... and at least this many of them empirical or reviews."""

MIN_WORKS_STRONGER = 10
"""For *stronger*: at least this many supporting works ..."""

MIN_EVIDENCE_STRONGER = 5
"""... at least this many of them empirical or reviews ..."""

MIN_SHARE_STRONGER = 0.5
"""... and at least this share of them empirical or reviews."""

LABELS: tuple[str, ...] = ("thin", "moderate", "stronger")
"""The strength-of-evidence labels, weakest first."""

RULE = (
    f"A work counts as evidence-based if at least one of its study types is empirical "
    f"({', '.join(vocab.label('studytype', s).lower() for s in EMPIRICAL)}) or a review. "
    f"*Stronger*: at least {MIN_WORKS_STRONGER} supporting works, at least {MIN_EVIDENCE_STRONGER} of them "
    f"evidence-based, and evidence-based works at least {MIN_SHARE_STRONGER:.0%} of all. "
    f"*Moderate*: at least {MIN_WORKS_MODERATE} supporting works of which at least {MIN_EVIDENCE_MODERATE} "
    f"evidence-based, but not *stronger*. *Thin*: everything else, including conditions supported only by "
    f"conceptual work and policy reports."
)
"""The labelling rule in words, generated from the thresholds above (the chapter prints it)."""

CSV_FILE = "what-works-conditions.csv"
MD_FILE = "what-works-conditions.markdown"
"""Not ``.md``: the book would read a ``.md`` file in ``book/`` as a page of its own."""
CSV_COLUMNS = ("condition", "label", "definition", "works", "evidence_based_works", "evidence_share",
               "strength", "studies", "evaluations", "positive", "mixed", "null", "negative", "descriptive",
               "max_design", "median_design", "share_european", "share_dutch", "certainty", "certainty_reasons",
               "keys", "citations", "study_types", "mechanisms", "phases")
SOF_COLUMNS = ("studies", "evaluations", "positive", "mixed", "null", "negative", "descriptive", "max_design",
               "median_design", "share_european", "share_dutch", "certainty", "reasons")
"""Columns of the summary of findings (:func:`analysis.literature.findings.summary_table`) joined in."""


def is_evidence_based(types: list[str]) -> bool:
    """True if any of a work's study types is empirical (:data:`EMPIRICAL`) or a review (:data:`SYNTHESES`)."""
    return any(t in EMPIRICAL or t in SYNTHESES for t in types)


def strength(works: int, evidence_based: int) -> str:
    """The strength-of-evidence label of a condition (see :data:`RULE`).

    Parameters
    ----------
    works
        Number of works in the bibliography that support the condition.
    evidence_based
        How many of them are empirical or reviews (:func:`is_evidence_based`).

    Returns
    -------
    str
        ``"stronger"``, ``"moderate"`` or ``"thin"``.

    Raises
    ------
    ValueError
        If a count is negative or ``evidence_based`` exceeds ``works``.
    """
    if works < 0 or evidence_based < 0 or evidence_based > works:
        raise ValueError(f"strength(): need 0 <= evidence_based <= works, got works={works}, "
                         f"evidence_based={evidence_based}")
    if (works >= MIN_WORKS_STRONGER and evidence_based >= MIN_EVIDENCE_STRONGER
            and evidence_based / works >= MIN_SHARE_STRONGER):
        return "stronger"
    if works >= MIN_WORKS_MODERATE and evidence_based >= MIN_EVIDENCE_MODERATE:
        return "moderate"
    return "thin"


def _counted(field: str, counter: Counter) -> str:
    """``Label n, Label n`` in vocabulary order, then *not coded*; ``–`` if empty."""
    order = [*vocab.FIELDS[field], tables.NOT_CODED]
    parts = [f"{vocab.label(field, t) if t != tables.NOT_CODED else t} {counter[t]}" for t in order if counter[t]]
    return ", ".join(parts) or "–"


def conditions_table(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per success condition (vocabulary order), with its evidence.

    Parameters
    ----------
    df : DataFrame, optional
        Works as :func:`analysis.literature.bibliography.load` returns them; the whole bibliography by default.

    Returns
    -------
    DataFrame
        Indexed by condition term; columns ``label``, ``definition``, ``works`` (count), ``evidence_based``
        (count), ``evidence_share`` (0–1, NaN without works), ``strength``, ``keys`` (list, by year then key),
        ``citations`` (list, same order), ``study_types``, ``mechanisms``, ``phases`` (text ``Label n, ...``;
        a work with several terms counts under each; an empty field counts as *not coded*).

    Raises
    ------
    KeyError
        If a work is coded with a condition that is not in :data:`analysis.literature.vocab.CONDITIONS`.
    """
    df = bibliography.load() if df is None else df
    for key, conds in zip(df["key"], df["conditions"]):
        unknown = [c for c in conds if c not in vocab.CONDITIONS]
        if unknown:
            raise KeyError(f"references.bib, entry '{key}': unknown condition(s) {unknown}; "
                           f"use one of {', '.join(vocab.CONDITIONS)} (analysis/vocab.py)")
    rows = []
    for cond, (label, definition) in vocab.CONDITIONS.items():
        sub = df[df["conditions"].map(lambda cs: cond in cs)].sort_values(["year", "key"])
        n = len(sub)
        ev = int(sub["studytype"].map(is_evidence_based).sum())
        counters = {f: Counter(t for terms in sub[f] for t in (terms or [tables.NOT_CODED]))
                    for f in ("studytype", "mechanisms", "phase")}
        rows.append({
            "condition": cond, "label": label, "definition": definition, "works": n, "evidence_based": ev,
            "evidence_share": ev / n if n else float("nan"), "strength": strength(n, ev),
            "keys": list(sub["key"]), "citations": list(sub["citation"]),
            "study_types": _counted("studytype", counters["studytype"]),
            "mechanisms": _counted("mechanisms", counters["mechanisms"]),
            "phases": _counted("phase", counters["phase"]),
        })
    table = pd.DataFrame(rows).set_index("condition")
    return table.join(findings.summary_table(df)[list(SOF_COLUMNS)])


def _short_mechanisms(text: str) -> str:
    for term, short in tables.SHORT_MECHANISMS.items():
        text = text.replace(vocab.label("mechanisms", term), short)
    return text


def display_table(table: pd.DataFrame, page: str = tables.BIB_PAGE) -> pd.DataFrame:
    """The conditions table for the page: HTML cells, linked citations, one-word mechanism names."""
    return pd.DataFrame({
        "Condition": [f"<b>{lab}</b><br><small>{d}</small>" for lab, d in zip(table["label"], table["definition"])],
        "Works": table["works"].to_numpy(),
        "Evidence": [f"<b>{s}</b><br><small>{e} of {n} empirical or review</small>"
                     for s, e, n in zip(table["strength"], table["evidence_based"], table["works"])],
        "Kinds of evidence (works per study type)": table["study_types"].to_numpy(),
        "Mechanisms": [_short_mechanisms(m) for m in table["mechanisms"]],
        "Phases": table["phases"].to_numpy(),
        "Supporting works": ["; ".join(tables.work_link(k, c, page) for k, c in zip(ks, cs)) or "none"
                             for ks, cs in zip(table["keys"], table["citations"])],
    }, index=table.index)


def facts(table: pd.DataFrame, df: pd.DataFrame) -> dict[str, object]:
    """Numbers the chapter glues: counts per label, the best-supported condition, totals."""
    counts = table["strength"].value_counts()
    top = table.sort_values(["works", "evidence_based"], ascending=False).iloc[0]
    coded = df["conditions"].map(len) > 0
    ev = df["studytype"].map(is_evidence_based)
    out: dict[str, object] = {
        "n_conditions": len(table),
        "n_works": len(df),
        "n_works_coded": int(coded.sum()),
        "n_works_coded_evidence": int((coded & ev).sum()),
        "share_coded_evidence": float((coded & ev).sum() / coded.sum()) if coded.any() else float("nan"),
        "top_label": top["label"], "top_works": int(top["works"]),
        "n_without_empirical": int((table["evidence_based"] == 0).sum()),
    }
    types = df.loc[coded & ev, "studytype"]
    out["n_coded_cases"] = int(types.map(lambda ts: bool({"case-study", "comparative-case"} & set(ts))).sum())
    out["n_coded_reviews"] = int(types.map(lambda ts: "review" in ts).sum())
    out["n_coded_stats"] = int(types.map(lambda ts: bool({"survey", "quantitative"} & set(ts))).sum())
    for lab in LABELS:
        out[f"n_{lab}"] = int(counts.get(lab, 0))
        out[f"names_{lab}"] = ", ".join(table.loc[table["strength"] == lab, "label"]) or "none"
    for cond, row in table.iterrows():
        slug = cond.replace("-", "_")
        out[f"{slug}_works"] = int(row["works"])
        out[f"{slug}_evidence"] = int(row["evidence_based"])
        out[f"{slug}_strength"] = row["strength"]
    return out


def to_csv(table: pd.DataFrame) -> str:
    """The conditions table as CSV text (lists joined with ``; ``), one row per condition."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    def num(x, fmt="{:g}"):
        return "" if x is None or pd.isna(x) else fmt.format(x)
    for cond, r in table.iterrows():
        share = "" if pd.isna(r["evidence_share"]) else f"{r['evidence_share']:.2f}"
        w.writerow([cond, r["label"], r["definition"], r["works"], r["evidence_based"], share, r["strength"],
                    r["studies"], r["evaluations"], r["positive"], r["mixed"], r["null"], r["negative"],
                    r["descriptive"], num(r["max_design"]), num(r["median_design"]),
                    num(r["share_european"], "{:.2f}"), num(r["share_dutch"], "{:.2f}"), r["certainty"],
                    "; ".join(r["reasons"]), "; ".join(r["keys"]), "; ".join(r["citations"]), r["study_types"],
                    r["mechanisms"], r["phases"]])
    return buf.getvalue()


def to_markdown(table: pd.DataFrame) -> str:
    """The conditions table as a Markdown (pipe) table, with the labelling rule above it."""
    head = ["Condition", "Works", "Empirical or review", "Strength", "Studies", "Findings +/±/0/−/descr.",
            "Design max", "Certainty", "Why", "Study types", "Mechanisms", "Phases", "Citation keys"]
    lines = ["# What works in a learning region? Success conditions and their evidence", "",
             "Generated from references.bib by analysis.literature.synthesis; keys are those of references.bib.", "",
             "Strength rule: " + RULE.replace("*", ""), "",
             "Certainty rule: " + findings.CERTAINTY_RULE.replace("*", ""), "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, r in table.iterrows():
        tally = "/".join(str(r[f]) for f in vocab.FINDINGS)
        top = "–" if r["max_design"] is None or pd.isna(r["max_design"]) else str(int(r["max_design"]))
        cells = [r["label"], str(r["works"]), str(r["evidence_based"]), r["strength"], str(r["studies"]), tally,
                 top, r["certainty"], "; ".join(r["reasons"]), r["study_types"], r["mechanisms"], r["phases"],
                 ", ".join(r["keys"]) or "–"]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def write_all(outdir: Path | str, df: pd.DataFrame | None = None) -> dict[str, Path]:
    """Write the conditions table as CSV and Markdown into ``outdir`` (only when the content changed).

    Called on every build by ``analysis.book.cache`` so that the chapter's ``{download}`` links find them.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    table = conditions_table(df)
    written = {}
    for name, text in ((CSV_FILE, to_csv(table)), (MD_FILE, to_markdown(table))):
        target, data = outdir / name, text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written[name] = target
    return written
