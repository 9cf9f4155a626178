"""Rerunning one chapter: one command executes it and says where its executed notebook and figures are."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import ROOT
from analysis.book import rerun


def test_one_command_reruns_a_chapter_and_says_where_its_results_are(tmp_path):
    out = tmp_path / "why-region"
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env["PYTHONPATH"] = str(ROOT)  # what the set-up's `-e .` gives; the command runs from any folder
    proc = subprocess.run([sys.executable, "-m", "analysis.book.rerun", "why-region", "--out", str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-4000:]
    notebook = out / "why-region.ipynb"
    assert f"executed notebook: {notebook}" in proc.stdout and f"figures" in proc.stdout
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.get("execution_count") for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    pngs = sorted((out / "figures").glob("*.png"))
    csvs = {p.stem for p in (out / "figures").glob("*.csv")}
    assert len(pngs) >= 5 and "fig_bw_map" in csvs and {p.stem for p in pngs} >= csvs
    listed = re.findall(r"^  (\S+)$", proc.stdout, flags=re.M)
    assert sorted(listed) == sorted(p.name for p in (out / "figures").iterdir())


def _small_root(tmp_path: Path, body: str) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/probe\n")
    (tmp_path / "book" / "probe.md").write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "kernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n# Probe\n\n" + body, encoding="utf-8")
    return tmp_path


def test_an_unknown_chapter_names_the_chapters(tmp_path):
    with pytest.raises(SystemExit, match=r"no chapter 'nosuch' in _toc.yml; choose one of: .*why-region"):
        rerun.chapter_path("nosuch")


def test_a_failing_cell_stops_the_rerun_and_keeps_the_notebook(tmp_path):
    root = _small_root(tmp_path, "```{code-cell} ipython3\nimport os\nprint(os.getcwd())\n```\n\n"
                                 "```{code-cell} ipython3\nraise ValueError('deliberate 42')\n```\n")
    result = rerun.rerun("probe", tmp_path / "out", timeout=120, root=root)
    assert result["error"] and "deliberate 42" in result["error"]
    nb = nbformat.read(result["notebook"], as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.outputs[0]["text"].strip() == str(root / "book"), "the chapter runs from book/"
