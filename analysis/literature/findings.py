"""What the studies found, counted: the numbers the chapters glue about the coded findings.

The certainty of what a lever did is :mod:`analysis.literature.grade`'s; the strands are
:mod:`analysis.literature.strands`'. This module only counts::

    from analysis.literature import findings
    findings.facts(works)      # studies, tested studies, findings, robust designs, evaluations
"""

from __future__ import annotations

import pandas as pd

from analysis.literature import grade, vocab


def tested(df: pd.DataFrame) -> pd.DataFrame:
    """The works among ``df`` whose finding tests an effect."""
    return df[df["finding"].isin(vocab.TESTED)]


def facts(df: pd.DataFrame) -> dict[str, object]:
    """Numbers the chapters glue: works, studies, tested studies, findings, robust designs, evaluations."""
    studies = df[df["finding"] != ""]
    t = tested(studies)
    out: dict[str, object] = {
        "n_works": len(df),
        "n_studies": len(studies),
        "n_tested": len(t),
        "n_evaluations": int(df["studytype"].map(lambda s: "evaluation" in s).sum()),
        "n_programme": int((df["programme"].map(len) > 0).sum()),
        "n_design_3plus": int((studies["design"].fillna(0) >= grade.ROBUST).sum()),
        "n_tested_3plus": int((t["design"].fillna(0) >= grade.ROBUST).sum()),
        "n_tested_low_bias": int((t["bias"] == "low").sum()),
        "n_tested_dutch": int(t["geography"].map(lambda g: "NL" in g).sum()),
        "n_tested_exposure": int(t["intervention"].map(lambda i: bool(i) and all(x not in vocab.LEVERS for x in i)).sum()),
    }
    for f in vocab.FINDINGS:
        out[f"n_{f}"] = int((studies["finding"] == f).sum())
    return out
