"""Unit tests of analysis.book.bench's data change (the builds themselves are measured, not tested)."""

from __future__ import annotations

import hashlib

import pandas as pd

from analysis.book import bench


def test_a_data_change_edits_a_registered_csv_and_records_its_new_checksum(tmp_path):
    csv = tmp_path / "data" / "regional" / "x.csv"
    csv.parent.mkdir(parents=True)
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    old = hashlib.sha256(csv.read_bytes()).hexdigest()
    registry = tmp_path / "data" / "sources.yaml"
    registry.write_text(f"files:\n  regional/x.csv:\n    kind: indicators\n    sha256: {old}\n", encoding="utf-8")
    before = pd.read_csv(csv)
    what = bench.change_one_data_file(tmp_path)
    new = hashlib.sha256(csv.read_bytes()).hexdigest()
    assert new != old and new in registry.read_text() and old not in registry.read_text()
    assert "regional/x.csv" in what
    pd.testing.assert_frame_equal(pd.read_csv(csv), before)


def test_without_a_registered_csv_a_data_file_is_added(tmp_path):
    what = bench.change_one_data_file(tmp_path)
    assert (tmp_path / "data" / "bench-probe.txt").is_file() and "bench-probe" in what
