"""The overview of *What works*, rendered: the toolkit, where to start, the conditions, the evidence and gap map and
the sensitivity table, from :mod:`analysis.literature.strands` into ``templates/whatworks.md.j2``::

    from analysis.chapters import whatworks
    whatworks.glue_overview()
"""

from __future__ import annotations

import json

import pandas as pd

from analysis.book.facts import variant_key
from analysis.chapters.strands import PAGE, certainty_html, cite, template
from analysis.language import LANGUAGES, N_, tr, using
from analysis.literature import bibliography, findings, grade, strands, synthesis, vocab

AUDIENCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "province": (N_("For a province or a Regio Deal partnership"),
                 ("area-based-funding", "cluster-programmes", "sme-knowledge-links", "labour-market-services")),
    "lectorate": (N_("For a hogeschool lectorate"),
                  ("practice-research", "sme-knowledge-links", "vet-partnerships", "university-founding")),
    "mbo": (N_("For an mbo college"),
            ("vet-partnerships", "apprenticeships", "vocational-programmes", "sector-training", "training-subsidies")),
}
"""Which strands each reader weighs first: the book's reading of who can pull which lever."""

EVALUATION: tuple[tuple[str, int, str], ...] = (
    (N_("A lottery for an oversubscribed scheme"), 5,
     N_("when more people, firms or places apply than can take part, draw who starts first and compare.")),
    (N_("Staggered starts and sharp rules"), 4,
     N_("start in some places later, or use a threshold that decides who is eligible, and compare just either side.")),
    (N_("Comparison regions over time"), 3,
     N_("follow the region and comparable regions that did not take part, before and after the start.")),
)
"""Evaluation designs a region can build in, with the design level of the studies that used them."""


def _step(df: pd.DataFrame, lever: str) -> str:
    r = strands.ratings(df, lever)
    top = strands.best(r)
    link = f'[{vocab.term_label(vocab.INTERVENTIONS, lever)}]({PAGE.format(lever=lever)})'
    if top is None:
        return link + ": " + tr("no study found by the search tests an effect; if you start it, evaluate it from day one.")
    what = (tr("{direction} on {outcome}, {certainty} certainty ({n} study)") if top["studies"] == 1 else
            tr("{direction} on {outcome}, {certainty} certainty ({n} studies)")).format(
        direction=tr(top["direction"]), outcome=top["label"].lower(),
        certainty=certainty_html(top["certainty"], lever, top["outcome"]), n=top["studies"])
    if top["certainty"] in ("high", "moderate") and top["direction"] == "positive":
        advice = tr("the studies support it; check the strand for the Dutch fit and the cost.")
    elif top["certainty"] in ("high", "moderate") and top["direction"] in ("little or no effect", "negative"):
        advice = tr("do not expect it to work as the studies tried it; read the strand for what differed.")
    elif top["certainty"] in ("high", "moderate"):
        advice = tr("its effects differ between places and groups; read behind the average before you copy it.")
    else:
        advice = tr("the evidence is too thin to rely on; start small, with a comparison, and learn from it.")
    return f"{link}: {what} — {advice}"


def toolkit_rows(df: pd.DataFrame) -> list[dict]:
    """One row per strand for the toolkit table."""
    t = strands.toolkit(df)
    rows = []
    for lever, r in t.iterrows():
        n_costs = len(r["costs"])
        outcome, direction, level = (v if isinstance(v, str) else None
                                     for v in (r["outcome"], r["direction"], r["certainty"]))
        rows.append({"page": PAGE.format(lever=lever), "label": r["label"],
                     "outcome": None if outcome is None else vocab.term_label(vocab.OUTCOMES, outcome),
                     "direction": direction and tr(direction),
                     "certainty_html": certainty_html(level, lever, outcome or "none"),
                     "cost": tr("reported by {n}").format(n=n_costs) if n_costs else tr("not reported"),
                     "studies": r["studies"], "robust": r["robust"]})
    return rows


def evaluation_rows(df: pd.DataFrame) -> list[dict]:
    """Evaluation designs with up to four studies of the bibliography that used each (most recent first)."""
    t = findings.tested(df)
    out = []
    for label, level, how in EVALUATION:
        sub = t[t["design"] == level].sort_values("year", ascending=False).head(4)
        out.append({"label": tr(label), "how": tr(how), "cites": [cite(w) for _, w in sub.iterrows()]})
    return out


def condition_rows(df: pd.DataFrame) -> list[dict]:
    """One row per success condition: works that argue, describe and test it, and its certainty where tested."""
    c = strands.conditions(df)
    rows = []
    for cond, r in c.iterrows():
        if r["ratings"]:
            cert = "; ".join(f"{vocab.term_label(vocab.OUTCOMES, o)}: {tr(x.direction)}, {certainty_html(x.level, cond, o)}"
                             for o, x in r["ratings"].items())
        else:
            cert = f'<span class="lr-certainty lr-untested" data-strand="{cond}" data-outcome="none">' \
                   f"{tr(synthesis.ARGUED_NOT_TESTED)}</span>"
        rows.append({"label": r["label"], "works": r["works"], "argued": r["argued"], "described": r["described"],
                     "tested": r["tested"], "certainty_html": cert,
                     "levers": ", ".join(f'<a href="{PAGE.format(lever=x)}">{vocab.term_label(vocab.INTERVENTIONS, x)}</a>'
                                         for x in r["levers"]) or "–"})
    return rows


def gapmap_rows(df: pd.DataFrame) -> list[dict]:
    """The evidence and gap map: a row per lever, a cell per outcome with its studies."""
    cells = strands.gap_cells(df)
    by_key = df.set_index("key")
    signs = dict(zip(vocab.TESTED, ("+", "±", "0", "−")))
    rows = []
    for lever in vocab.LEVERS:
        row = {"page": PAGE.format(lever=lever), "label": vocab.term_label(vocab.INTERVENTIONS, lever), "cells": []}
        for _, c in cells[cells["lever"] == lever].iterrows():
            tally = " ".join(f"{signs[f]}{c[f]}" for f in vocab.TESTED if c[f])
            aria = (tr("{lever}, {outcome}: {n} studies, ").format(
                        lever=vocab.term_label(vocab.INTERVENTIONS, lever),
                        outcome=vocab.term_label(vocab.OUTCOMES, c["outcome"]), n=c["studies"])
                    + ", ".join(f"{c[f]} {vocab.term_label(vocab.FINDINGS, f).lower()}" for f in vocab.TESTED if c[f]))
            works = [tr("{work} ({finding}, design {design})").format(
                         work=cite(by_key.loc[k].to_dict() | {"key": k}),
                         finding=vocab.term_label(vocab.FINDINGS, by_key.at[k, "finding"]).lower(),
                         design="–" if pd.isna(by_key.at[k, "design"]) else int(by_key.at[k, "design"]))
                     for k in c["keys"]]
            row["cells"].append({"n": c["studies"], "tally": tally, "aria": aria, "works": works})
        rows.append(row)
    return rows


def sensitivity_rows(df: pd.DataFrame) -> tuple[list[dict], str]:
    """The sensitivity table's rows and, as JSON for the page's switch, every rule combination per row."""
    sens = strands.sensitivity(df)
    singles = ["all", *grade.SENSITIVITY]
    rows, data = [], {}
    for i, r in sens.iterrows():
        rid = f"{r['lever']}:{r['outcome']}"
        rows.append({"id": rid, "lever": vocab.term_label(vocab.INTERVENTIONS, r["lever"]),
                     "outcome": vocab.term_label(vocab.OUTCOMES, r["outcome"]),
                     "cells": [tr(r[c]) for c in singles]})
        data[rid] = {c: tr(r[c]) for c in sens.columns if c not in ("lever", "outcome")}
    return rows, json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def render_overview(df: pd.DataFrame) -> dict[str, str]:
    """The overview parts (toolkit, start, conditions, gapmap, sensitivity) as CommonMark with inline HTML."""
    m = template("whatworks.md.j2").make_module({})
    audiences = [{"title": tr(title), "steps": [_step(df, lv) for lv in levers]} for title, levers in AUDIENCES.values()]
    sens_rows, sens_data = sensitivity_rows(df)
    rules = [(k, tr(label)) for k, (label, _) in grade.SENSITIVITY.items()]
    return {
        "toolkit": m.toolkit(toolkit_rows(df)),
        "start": m.start(audiences, evaluation_rows(df)),
        "conditions": m.conditions(condition_rows(df)),
        "gapmap": m.gapmap([vocab.term_label(vocab.OUTCOMES, o) for o in vocab.OUTCOMES], gapmap_rows(df)),
        "sensitivity": m.sensitivity(rules, sens_rows, sens_data),
    }


def glue_overview(df: pd.DataFrame | None = None) -> None:
    """Glue the overview parts as ``ww_<part>`` for the chapter's ``{glue:md}``."""
    from IPython.display import Markdown
    from myst_nb import glue

    df = bibliography.load() if df is None else df
    for lang in LANGUAGES:
        with using(lang):
            for name, text in render_overview(df).items():
                glue(variant_key(f"ww_{name}", lang), Markdown(str(text).strip() + "\n"), display=False)


def condition_facts(df: pd.DataFrame, cond: str, prefix: str) -> dict[str, object]:
    """What *What works* says of one condition, for another chapter to glue: works that argue, describe and test
    it, and its certainty (``argued, not tested`` where no study varied or measured it)."""
    row = synthesis.conditions_table(df).set_index("condition").loc[cond]
    return {f"{prefix}_works": int(row["works"]), f"{prefix}_argued": int(row["argued"]),
            f"{prefix}_described": int(row["described"]), f"{prefix}_tested": int(row["tested"]),
            f"{prefix}_certainty": row["certainty"]}
