"""A living review: the coded bibliography of each kept edition, and what changed since the last one.

``data/literature/editions/edition-<n>.csv`` keeps, per work of edition *n*, the fields that the synthesis reads.
:func:`changes` compares the current bibliography with the last kept edition: works added and removed, and the
works whose finding, design or conditions were recoded.
``python -m analysis.literature.editions freeze N DATE`` keeps the current bibliography as edition N.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pandas as pd

from analysis import ROOT
from analysis.language import tr
from analysis.literature import bibliography

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
    """A kept edition as works (lists split again)."""
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

    Returns the edition's number and date, the keys added and removed (sorted) and a table of the works kept
    whose coding changed (``key``, ``citation``, ``field``, ``before``, ``now``; fields ``finding``, ``design``,
    ``conditions``).
    """
    df = bibliography.load() if df is None else df
    number, path = latest(folder)
    old = read(path).set_index("key")
    now = df.set_index("key")
    rows = []
    for key in sorted(set(old.index) & set(now.index)):
        for field in ("finding", "design", "conditions"):
            a, b = old.at[key, field], now.at[key, field]
            if field == "design":
                a, b = ("" if pd.isna(a) else str(int(a))), ("" if pd.isna(b) else str(int(b)))
            elif field == "conditions":
                a, b = ", ".join(sorted(a)), ", ".join(sorted(b))
            if a != b:
                rows.append({"key": key, "citation": now.at[key, "citation"], "field": field,
                             "before": a or "–", "now": b or "–"})
    return {
        "edition": number, "date": old["edition_date"].iloc[0] if len(old) else "",
        "added": sorted(set(now.index) - set(old.index)), "removed": sorted(set(old.index) - set(now.index)),
        "recoded": pd.DataFrame(rows, columns=["key", "citation", "field", "before", "now"]),
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


def recoded_table(change: dict):
    """The works kept whose coding changed (from :func:`changes`), for the page: citation, field, before and now,
    headed in the current language, each citation linked to its entry; fields and terms are shown as code, as
    ``references.bib`` holds them."""
    import html

    from analysis.literature.tables import work_link

    t = change["recoded"].assign(citation=[work_link(k, c) for k, c in zip(change["recoded"]["key"],
                                                                           change["recoded"]["citation"])])
    t = t.drop(columns="key").rename(columns={"citation": tr("Citation"), "field": tr("Field"), "before": tr("Before"), "now": tr("Now")})
    code = [tr("Field"), tr("Before"), tr("Now")]
    return t.style.hide(axis="index").format(lambda v: f"<code>{html.escape(str(v))}</code>", subset=code)
