"""Counts of what the studies found, and the living review: what changed since the kept edition."""

from __future__ import annotations

import pytest

from analysis.literature import bibliography, editions, findings, vocab


def test_facts_count_studies_tested_and_robust(works):
    f = findings.facts(works)
    tested = works[works["finding"].isin(vocab.TESTED)]
    assert f["n_tested"] == len(tested) == sum(f[f"n_{x}"] for x in vocab.TESTED)
    assert f["n_studies"] == f["n_tested"] + f["n_descriptive"]
    assert f["n_tested_3plus"] == int((tested["design"].fillna(0) >= 3).sum()) <= f["n_design_3plus"]


def test_changes_since_the_kept_edition(tmp_path):
    works = bibliography.load()
    kept = works.iloc[:-1].copy()
    kept.loc[kept.index[0], "finding"] = "positive" if kept["finding"].iloc[0] != "positive" else "null"
    editions.to_frame(kept, "2026-01-01").to_csv(tmp_path / "edition-1.csv", index=False)
    change = editions.changes(works, tmp_path)
    assert change["added"] == [works["key"].iloc[-1]] and change["removed"] == []
    assert change["edition"] == 1 and change["date"] == "2026-01-01"
    recoded = change["recoded"]
    assert list(recoded.loc[recoded["field"] == "finding", "key"]) == [works["key"].iloc[0]]
    with pytest.raises(FileExistsError):
        editions.freeze(1, "2026-01-02", tmp_path)


def test_the_kept_editions_read():
    number, path = editions.latest()
    old = editions.read(path)
    assert number >= 2 and len(old) > 200 and set(editions.COLUMNS) <= set(old.columns)
