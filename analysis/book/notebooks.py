"""Notebook copies of the chapters, for the launch buttons: ``book/<chapter>.ipynb`` beside each MyST notebook.

Colab opens only ``.ipynb`` files, so every chapter that is a MyST notebook has a Jupyter notebook of the same
name, converted with jupytext, with one cell in front that prepares Colab (it clones the repository, installs
``requirements.txt`` and moves to ``book/``; elsewhere it does nothing). The theme's launch buttons point at
the ``.ipynb`` when it exists; Sphinx ignores these copies (``exclude_patterns``). Run
``python -m analysis.book.notebooks`` after editing a chapter; ``--check`` lists copies that are out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jupytext
import nbformat

from analysis import ROOT
from analysis.book.toc import toc_files

REPOSITORY = "https://github.com/lerende-regio/what-works-learning-region"
SETUP_TAG = "colab-setup"
SETUP = f"""# Runs only on Google Colab: fetch the book and install what the chapter needs (takes a few minutes).
import os, sys
if "google.colab" in sys.modules and not os.path.exists("/content/book-repo"):
    !git clone --depth 1 {REPOSITORY} /content/book-repo
    %pip install -q -r /content/book-repo/requirements.txt
if "google.colab" in sys.modules:
    os.chdir("/content/book-repo/book")"""


def is_notebook(md: Path) -> bool:
    """True for a MyST Markdown notebook (a jupytext header with a kernelspec)."""
    head = md.read_text(encoding="utf-8").lstrip()[:2000]
    return head.startswith("---") and "kernelspec" in head.split("---", 2)[1]


def chapters(root: Path = ROOT) -> list[Path]:
    """The MyST notebooks of the table of contents."""
    out = []
    for f in toc_files(root / "_toc.yml"):
        md = root / f"{f}.md"
        if md.is_file() and is_notebook(md):
            out.append(md)
    return out


def convert(md: Path) -> str:
    """The ``.ipynb`` text of one chapter: the Colab setup cell, then the chapter's cells as jupytext reads them."""
    nb = jupytext.read(md)
    setup = nbformat.v4.new_code_cell(SETUP, metadata={"tags": [SETUP_TAG]})
    nb.cells.insert(0, setup)
    nb.metadata.pop("jupytext", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nbformat.writes(nb) + "\n"


def write_all(root: Path = ROOT) -> list[Path]:
    """Write every chapter's ``.ipynb`` whose content changed; return those written."""
    written = []
    for md in chapters(root):
        target, text = md.with_suffix(".ipynb"), convert(md)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def stale(root: Path = ROOT) -> list[str]:
    """The chapters whose ``.ipynb`` is missing or differs from a fresh conversion of the ``.md``."""
    out = []
    for md in chapters(root):
        target = md.with_suffix(".ipynb")
        if not target.is_file() or target.read_text(encoding="utf-8") != convert(md):
            out.append(target.relative_to(root).as_posix())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.book.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list out-of-date copies; exit 1 if there are any")
    args = parser.parse_args(argv)
    if args.check:
        out = stale()
        for name in out:
            print(f"{name} is out of date: run python -m analysis.book.notebooks", file=sys.stderr)
        return 1 if out else 0
    for path in write_all():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
