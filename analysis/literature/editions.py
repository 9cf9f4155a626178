"""A living review: the coded bibliography of each kept edition, and what changed since the last one.

``data/literature/editions/edition-<n>.csv`` keeps, per work of edition *n*, the fields that the synthesis reads.
:func:`changes` compares the current bibliography with the last kept edition: works added and removed, and the
conditions whose certainty (:func:`analysis.literature.findings.certainty`, the same rule for both) changed.
``python -m analysis.literature.editions freeze N DATE`` keeps the current bibliography as edition N.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pandas as pd

from analysis import ROOT
from analysis.literature import bibliography, findings, vocab

EDITIONS = ROOT / "data" / "literature" / "editions"
"""Where the kept editions are."""

COLUMNS = ("key", "citation", "year", "studytype", "conditions", "geography", "finding", "design", "edition_date")
LISTS = ("studytype", "conditions", "geography")


def to_frame(df: pd.DataFrame, date: str) -> pd.DataFrame:
    """The columns an edition keeps, lists joined with ``; ``."""
    out = df[[c for c in COLUMNS if c != "edition_date"]].copy()
    for c in LISTS:
        out[c] = out[c].map("; ".join)
    out["design"] = out["design"].astype("string").fillna("")
    out["edition_date"] = date
    return out


def latest(folder: Path = EDITIONS) -> tuple[int, Path]:
    """The number and file of the last kept edition."""
    files = sorted(((int(m.group(1)), p) for p in folder.glob("edition-*.csv")
                    if (m := re.fullmatch(r"edition-(\d+)\.csv", p.name))), key=lambda t: t[0])
    if not files:
        raise FileNotFoundError(f"{folder}: no kept edition (edition-N.csv); freeze one with "
                                "`python -m analysis.literature.editions freeze 1 YYYY-MM-DD`")
    return files[-1]


def read(path: Path) -> pd.DataFrame:
    """A kept edition as works (lists split again), ready for :func:`analysis.literature.findings.certainty`."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}; re-freeze the edition")
    for c in LISTS:
        df[c] = df[c].map(lambda v: [t.strip() for t in v.split(";") if t.strip()])
    df["design"] = pd.to_numeric(df["design"], errors="coerce").astype("Int64")
    return df


def changes(df: pd.DataFrame | None = None, folder: Path = EDITIONS) -> dict[str, object]:
    """What changed in the evidence since the last kept edition.

    Returns the edition's number and date, the keys added and removed (sorted) and a table of the conditions
    whose certainty changed (``condition``, ``label``, ``before``, ``now``).
    """
    df = bibliography.load() if df is None else df
    number, path = latest(folder)
    old = read(path)
    rows = []
    for cond, (label, _) in vocab.CONDITIONS.items():
        before = findings.certainty(old[old["conditions"].map(lambda cs: cond in cs)])[0]
        now = findings.certainty(df[df["conditions"].map(lambda cs: cond in cs)])[0]
        if before != now:
            rows.append({"condition": cond, "label": label, "before": before, "now": now})
    return {
        "edition": number, "date": old["edition_date"].iloc[0] if len(old) else "",
        "added": sorted(set(df["key"]) - set(old["key"])), "removed": sorted(set(old["key"]) - set(df["key"])),
        "certainty": pd.DataFrame(rows, columns=["condition", "label", "before", "now"]),
    }


def freeze(number: int, date: str, folder: Path = EDITIONS) -> Path:
    """Keep the current bibliography as edition ``number`` (refuses to overwrite a kept edition)."""
    target = folder / f"edition-{number}.csv"
    if target.exists():
        raise FileExistsError(f"{target.name} exists: a kept edition is never overwritten; use the next number")
    folder.mkdir(parents=True, exist_ok=True)
    to_frame(bibliography.load(), date).to_csv(target, index=False, quoting=csv.QUOTE_MINIMAL)
    return target


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "freeze":
        print(freeze(int(sys.argv[2]), sys.argv[3]))
    else:
        print(__doc__)
