"""Strands: for each lever a region can pull, what its studies found per outcome and how sure we can be.

The engine computes tables and values from the coded bibliography; it knows no page. The chapters wing
renders them (``analysis.chapters.strands``)::

    from analysis.literature import strands
    strands.toolkit(works)                  # one row per lever: studies, robust studies, best-rated outcome, cost
    strands.ratings(works, "sector-training")  # one row per outcome: the GRADE rating and its reasons
    strands.conditions(works)               # per condition: works that argue, describe, and test it
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from analysis.literature import grade, vocab
from analysis.literature.findings import tested


def has(column: pd.Series, term: str) -> pd.Series:
    """Boolean mask: the rows whose list in ``column`` holds ``term`` (a boolean even when empty)."""
    return column.map(lambda terms: term in terms).astype(bool)


def studies(df: pd.DataFrame, lever: str, outcome: str | None = None) -> pd.DataFrame:
    """The studies that test an effect of ``lever`` (on ``outcome``), most robust first."""
    if lever not in vocab.INTERVENTIONS:
        raise KeyError(f"strands: '{lever}' is not an intervention of analysis/literature/vocab.py; "
                       f"use one of {', '.join(vocab.INTERVENTIONS)}")
    t = tested(df)
    t = t[has(t["intervention"], lever)]
    if outcome is not None:
        t = t[has(t["outcomes"], outcome)]
    return t.sort_values(["design", "year"], ascending=[False, False], na_position="last")


def ratings(df: pd.DataFrame, lever: str, rules: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per outcome with studies of ``lever``: the rating, its direction, start and reasons per domain."""
    rows = []
    for outcome in vocab.OUTCOMES:
        s = studies(df, lever, outcome)
        if s.empty:
            continue
        r = grade.rate_under(s, rules)
        rows.append({"outcome": outcome, "label": vocab.term_label(vocab.OUTCOMES, outcome), "studies": len(s),
                     "robust": int((s["design"].fillna(0) >= grade.ROBUST).sum()), "certainty": r.level,
                     "direction": r.direction, "start": r.start, **{d: r.reasons.get(d) for d in grade.DOMAINS},
                     "keys": list(s["key"]), "effects": _reported(s, "effect")})
    return pd.DataFrame(rows, columns=["outcome", "label", "studies", "robust", "certainty", "direction", "start",
                                       *grade.DOMAINS, "keys", "effects"])


def _reported(s: pd.DataFrame, field: str) -> list[tuple[str, str]]:
    """``(key, text)`` of the studies that report ``field`` (effect or cost), most robust first."""
    return [(k, v) for k, v in zip(s["key"], s[field]) if v and not v.lower().startswith(vocab.NOT_REPORTED)]


def best(r: pd.DataFrame) -> pd.Series | None:
    """The outcome of a lever rated with most certainty (ties: more studies), or None."""
    if r.empty or r["certainty"].isna().all():
        return None
    order = r.assign(rank=r["certainty"].map(grade.LEVELS.index)).sort_values(["rank", "studies"], ascending=False)
    return order.iloc[0]


def toolkit(df: pd.DataFrame) -> pd.DataFrame:
    """One row per lever (vocabulary order): studies, robust studies, outcomes rated, the best-rated one, costs."""
    rows = []
    for lever in vocab.LEVERS:
        s = studies(df, lever)
        r = ratings(df, lever)
        top = best(r)
        rows.append({"lever": lever, "label": vocab.term_label(vocab.INTERVENTIONS, lever), "studies": len(s),
                     "robust": int((s["design"].fillna(0) >= grade.ROBUST).sum()),
                     "dutch": int(s["geography"].map(lambda g: "NL" in g).sum()),
                     "outcome": None if top is None else top["outcome"],
                     "direction": None if top is None else top["direction"],
                     "certainty": None if top is None else top["certainty"],
                     "costs": _reported(s, "cost"), "keys": list(s["key"])})
    return pd.DataFrame(rows).set_index("lever")


def gap_cells(df: pd.DataFrame, rows: tuple[str, ...] = vocab.LEVERS) -> pd.DataFrame:
    """The evidence and gap map: one row per lever and outcome with its studies' keys and findings."""
    out = []
    for lever in rows:
        for outcome in vocab.OUTCOMES:
            s = studies(df, lever, outcome)
            out.append({"lever": lever, "outcome": outcome, "studies": len(s),
                        **{f: int((s["finding"] == f).sum()) for f in vocab.TESTED},
                        "keys": list(s["key"])})
    return pd.DataFrame(out)


def sensitivity(df: pd.DataFrame) -> pd.DataFrame:
    """Each lever's outcomes rated under every combination of the rules of :data:`grade.SENSITIVITY`."""
    names = list(grade.SENSITIVITY)
    combos = [c for n in range(len(names) + 1) for c in combinations(names, n)]
    out = []
    for lever in vocab.LEVERS:
        for outcome in vocab.OUTCOMES:
            s = studies(df, lever, outcome)
            if s.empty:
                continue
            row = {"lever": lever, "outcome": outcome}
            for combo in combos:
                r = grade.rate_under(s, combo)
                row["+".join(combo) or "all"] = r.level or "no study"
            out.append(row)
    return pd.DataFrame(out)


def how_tested(row: pd.Series, cond: str) -> str:
    """How a work bears on a condition: its ``tests`` value, or, if it tests no effect, argued or described."""
    if cond in row["tests"]:
        return row["tests"][cond]
    empirical = set(row["studytype"]) & set(vocab.EMPIRICAL)
    return "described" if empirical else "argued"


def conditions(df: pd.DataFrame) -> pd.DataFrame:
    """Per success condition: how many works argue, describe, vary or measure it, and its levers' studies."""
    rows = []
    for cond, (label, _) in vocab.CONDITIONS.items():
        sub = df[has(df["conditions"], cond)]
        how = [how_tested(r, cond) for _, r in sub.iterrows()]
        direct = sub[pd.Series([h in vocab.TESTED_DIRECTLY for h in how], index=sub.index, dtype=bool)]
        direct = tested(direct)
        levers = sorted({i for ii in direct["intervention"] for i in ii if i in vocab.LEVERS} |
                        {i for ii in tested(sub)["intervention"] for i in ii if i in vocab.LEVERS})
        rated = {}
        for outcome in vocab.OUTCOMES:
            s = direct[has(direct["outcomes"], outcome)]
            if len(s):
                rated[outcome] = grade.rate(s)
        rows.append({"condition": cond, "label": label, "works": len(sub),
                     "argued": how.count("argued"), "described": how.count("described"),
                     "tested": len(direct), "tested_keys": list(direct["key"]), "ratings": rated,
                     "levers": levers})
    return pd.DataFrame(rows).set_index("condition")
