"""Double coding: the blind second coding of a random sample of studies and the agreement between coders.

``data/literature/double_coding.csv`` holds one row per sampled study and field: what the first and the second
coder coded, whether they agreed, and, where not, how the disagreement was resolved and the final value (which is
what ``references.bib`` holds). ``double_coding_draw.json`` records the seed, the population and the sample::

    from analysis.literature import agreement
    agreement.kappas()     # Cohen's kappa and raw agreement per field
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis import ROOT
from analysis.literature import bibliography

FILE = ROOT / "data" / "literature" / "double_coding.csv"
"""One row per sampled study and field, with both codings and the resolution."""

DRAW = ROOT / "data" / "literature" / "double_coding_draw.json"
"""The seed, the population (the studies that tested an effect when the sample was drawn) and the sample."""

FIELDS: tuple[str, ...] = ("finding", "design", "intervention", "bias")
"""The fields coded twice."""

COLUMNS: tuple[str, ...] = ("key", "field", "first", "second", "agree", "resolution", "final", "note")

RESOLUTIONS: tuple[str, ...] = ("", "kept-first", "took-second", "recoded")
"""How a disagreement was resolved (empty where the coders agreed)."""


def draw(population: list[str], n: int, seed: int) -> list[str]:
    """The sample: ``n`` keys drawn from the sorted ``population`` with ``random.Random(seed)``, sorted."""
    return sorted(random.Random(seed).sample(sorted(population), n))


def read_draw(path: Path = DRAW) -> dict:
    """The recorded draw (seed, population, sample)."""
    bibliography._notify(path)
    return json.loads(path.read_text(encoding="utf-8"))


def read(path: Path = FILE) -> pd.DataFrame:
    """The double-coding log; fails with the file, line and what to do on a malformed row."""
    bibliography._notify(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    problems = []
    for n, row in enumerate(rows, 2):
        where = f"{bibliography._rel(path)}:{n} ({row.get('key')}, {row.get('field')})"
        if row.get("field") not in FIELDS:
            problems.append(f"{where}: field must be one of {', '.join(FIELDS)}")
        if row.get("agree") not in ("yes", "no"):
            problems.append(f"{where}: agree must be yes or no")
        elif (row["agree"] == "yes") != (row["first"] == row["second"]):
            problems.append(f"{where}: agree={row['agree']} but first '{row['first']}' vs second '{row['second']}'")
        if row.get("resolution") not in RESOLUTIONS or (row.get("agree") == "no") != bool(row.get("resolution")):
            problems.append(f"{where}: a disagreement needs a resolution ({', '.join(RESOLUTIONS[1:])}), "
                            "an agreement none")
        if row.get("agree") == "no" and not row.get("note"):
            problems.append(f"{where}: say in note why the disagreement was resolved as it was")
    if problems:
        raise ValueError("double coding log has problems; fix them:\n  - " + "\n  - ".join(problems))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two codings of the same items (1: perfect, 0: chance; NaN if chance agreement is 1)."""
    if len(first) != len(second) or not first:
        raise ValueError("cohen_kappa needs two codings of the same, non-empty list of items")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    ca, cb = Counter(first), Counter(second)
    expected = sum(ca[c] * cb[c] for c in set(ca) | set(cb)) / n ** 2
    return float("nan") if expected == 1 else (observed - expected) / (1 - expected)


def kappas(log: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per field: the studies coded twice, raw agreement, Cohen's kappa and the disagreements."""
    log = read() if log is None else log
    rows = []
    for field in FIELDS:
        sub = log[log["field"] == field]
        if sub.empty:
            continue
        rows.append({"field": field, "studies": len(sub), "agreement": float((sub["agree"] == "yes").mean()),
                     "kappa": cohen_kappa(list(sub["first"]), list(sub["second"])),
                     "disagreements": int((sub["agree"] == "no").sum())})
    return pd.DataFrame(rows).set_index("field")
