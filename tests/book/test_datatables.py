"""The DataTables bundle the book serves is what package-lock.json and analysis/book/datatables build, byte for byte."""

from __future__ import annotations

import os
import subprocess

import pytest

from analysis import ROOT
from analysis.book import downloads

ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def test_the_served_bundle_is_the_books_own():
    assert (downloads.BUNDLE / "dt_bundle.js").is_file() and (downloads.BUNDLE / "dt_bundle.css").is_file()
    js = (downloads.BUNDLE / "dt_bundle.js").read_text(encoding="utf-8")
    assert "export" in js and "ITable" in js and "jQuery" in js
    assert len(js.encode()) < 250_000, "DataTables and jQuery only: no extension bundle"


def test_the_bundle_rebuilds_from_the_lock_file(tmp_path):
    if not ESBUILD.is_file():
        message = "node_modules/.bin/esbuild is missing: run `npm ci` (package-lock.json pins esbuild and DataTables)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "dt_bundle.js"
    subprocess.run([str(ESBUILD), "analysis/book/datatables/index.mjs", "--bundle", "--minify", "--format=esm",
                    "--target=es2020", "--legal-comments=eof", f"--outfile={out}", "--log-level=warning"],
                   cwd=ROOT, check=True, timeout=120)
    assert out.read_bytes() == (downloads.BUNDLE / "dt_bundle.js").read_bytes(), \
        "analysis/book/static/datatables/dt_bundle.js is stale: run `npm run build:datatables` and commit it"
    css = ROOT / "node_modules" / "datatables.net-dt" / "css" / "dataTables.dataTables.min.css"
    assert css.read_bytes() == (downloads.BUNDLE / "dt_bundle.css").read_bytes()
