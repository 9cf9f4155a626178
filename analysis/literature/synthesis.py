"""The "What works" synthesis as downloads: every lever and outcome with its certainty, every condition with how
it was tested.

Both tables come from :mod:`analysis.literature.strands` and :mod:`analysis.literature.grade`, the one computation
behind every evidence label of the book::

    from analysis.literature import synthesis
    synthesis.strands_table(works)        # one row per lever and outcome
    synthesis.conditions_table(works)     # one row per success condition
    synthesis.write_all("book/downloads") # what-works-strands.csv, what-works-conditions.csv, what-works.markdown
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.language import N_, excel_nl, tr, using
from analysis.literature import bibliography, grade, strands, vocab

STRANDS_FILE = "what-works-strands.csv"
CONDITIONS_FILE = "what-works-conditions.csv"
MD_FILE = "what-works.markdown"
"""Not ``.md``: the book would read a ``.md`` file in ``book/`` as a page of its own."""

ARGUED_NOT_TESTED = N_("argued, not tested")
"""What a condition carries where no study varied or measured it."""


def strands_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per lever and outcome with studies: studies, robust studies, direction, certainty, the reason for
    each GRADE domain (empty where not rated down) and the keys of the studies."""
    rows = []
    for lever in vocab.LEVERS:
        r = strands.ratings(df, lever)
        for _, x in r.iterrows():
            rows.append({"lever": lever, "lever_label": vocab.term_label(vocab.INTERVENTIONS, lever), "outcome": x["outcome"],
                         "outcome_label": x["label"], "studies": x["studies"], "robust": x["robust"],
                         "direction": tr(x["direction"]), "certainty": tr(x["certainty"]), "start": x["start"],
                         **{d.replace(" ", "_"): x[d] or "" for d in grade.DOMAINS},
                         "keys": "; ".join(x["keys"])})
    return pd.DataFrame(rows)


def condition_certainty(ratings: dict) -> str:
    """A condition's certainty per outcome, ``"Employment: positive — low"``; or *argued, not tested*."""
    if not ratings:
        return tr(ARGUED_NOT_TESTED)
    return "; ".join(f"{vocab.term_label(vocab.OUTCOMES, o)}: {tr(r.direction)} — {tr(r.level)}"
                     for o, r in ratings.items())


def conditions_table(df: pd.DataFrame) -> pd.DataFrame:
    """One row per condition: works that argue, describe and test it, its certainty (only where tested)."""
    c = strands.conditions(df)
    return pd.DataFrame({
        "condition": c.index, "label": c["label"], "works": c["works"], "argued": c["argued"],
        "described": c["described"], "tested": c["tested"],
        "certainty": c["ratings"].map(condition_certainty),
        "tested_keys": c["tested_keys"].map("; ".join),
        "levers": c["levers"].map(lambda ls: "; ".join(vocab.term_label(vocab.INTERVENTIONS, x) for x in ls)),
    }).reset_index(drop=True)


def to_markdown(st: pd.DataFrame, ct: pd.DataFrame) -> str:
    """Both tables as Markdown (pipe tables) with the rule above them."""
    def table(frame: pd.DataFrame) -> list[str]:
        cols = list(frame.columns)
        out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(str(v).replace("|", "/") for v in row) + " |" for row in frame.itertuples(index=False)]
        return out
    lines = ["# What works in a learning region? Strands and conditions", "",
             "Generated from references.bib by analysis.literature.synthesis; keys are those of references.bib.", "",
             "Certainty rule: " + grade.rule().replace("*", ""), "", "## Strands: each lever and outcome", ""]
    lines += table(st) + ["", "## Success conditions", ""] + table(ct)
    return "\n".join(lines) + "\n"


def excel_nl_name(name: str) -> str:
    """The file beside ``name`` (a ``.csv``) that Dutch Excel opens as it should, with the Dutch edition's labels."""
    return name.replace(".csv", ".excel-nl.csv")


def write_all(outdir: Path | str, df: pd.DataFrame | None = None) -> dict[str, Path]:
    """Write the strands and conditions tables (CSV) and both as Markdown into ``outdir``, only when changed.

    Called on every build by ``analysis.book.downloads`` so that the chapter's ``{download}`` links find them.
    """
    df = bibliography.load() if df is None else df
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    st, ct = strands_table(df), conditions_table(df)
    written = {}
    with using("nl"):
        st_nl, ct_nl = strands_table(df), conditions_table(df)
    for name, data in ((STRANDS_FILE, st.to_csv(index=False, lineterminator="\n").encode("utf-8")),
                       (CONDITIONS_FILE, ct.to_csv(index=False, lineterminator="\n").encode("utf-8")),
                       (MD_FILE, to_markdown(st, ct).encode("utf-8")),
                       (excel_nl_name(STRANDS_FILE), excel_nl(st_nl)),
                       (excel_nl_name(CONDITIONS_FILE), excel_nl(ct_nl))):
        target = outdir / name
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written[name] = target
    return written
