"""Rerun one chapter: execute it as the build does, and say where its executed notebook and figures are.

``python -m analysis.book.rerun why-region`` reads ``book/why-region.md`` (a MyST notebook) with jupytext,
executes it with nbclient in a fresh kernel from the ``book/`` folder (as the build does: the chapter's relative
paths resolve there), and writes into ``_build/rerun/why-region/``:

* ``why-region.ipynb``: the executed notebook, with every output;
* ``figures/``: every image the chapter made (shown or glued for the book), as PNG or SVG files named after their
  glue key or their cell, and the data of each glued figure as the CSV the book links under it.

It prints those paths. A cell that raises stops the run with the cell and its traceback; the notebook is still
written, up to that cell, and the command exits 1. Needs only the set-up's environment (``requirements.txt``).
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
import time
from pathlib import Path

from analysis import ROOT
from analysis.book.toc import toc_files

GLUE_PREFIX = "application/papermill.record/"
"""The mime prefix under which myst-nb's ``glue(..., display=False)`` keeps an output."""

IMAGES = {"image/png": ".png", "image/svg+xml": ".svg", "image/jpeg": ".jpg"}


def chapter_path(name: str, root: Path = ROOT) -> Path:
    """The MyST notebook of chapter ``name`` (``why-region``, ``why-region.md`` or ``book/why-region.md``)."""
    stem = Path(name).name.removesuffix(".md").removesuffix(".ipynb")
    path = root / "book" / f"{stem}.md"
    pages = [f.split("/")[-1] for f in toc_files(root / "_toc.yml")]
    if stem not in pages or not path.is_file():
        raise SystemExit(f"no chapter {name!r} in _toc.yml; choose one of: {', '.join(pages)}")
    return path


def _figures(nb, folder: Path, book: Path) -> list[Path]:
    """Write every image output of the executed notebook ``nb`` into ``folder`` (each image once); copy each glued
    figure's CSV."""
    from analysis.book.facts import FIGURE_DATA

    written, seen = [], set()
    for i, cell in enumerate(nb.cells):
        for j, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            key = (out.get("metadata", {}).get("scrapbook") or {}).get("name")
            for mime, suffix in IMAGES.items():
                value = data.get(mime, data.get(GLUE_PREFIX + mime))
                if value is None:
                    continue
                value = value if isinstance(value, str) else "".join(value)
                if value in seen:  # a glued figure the inline backend also showed: one file is enough
                    break
                seen.add(value)
                name = key or f"cell{i:02d}-{j}"
                path = folder / f"{name}{suffix}"
                if suffix == ".svg":
                    path.write_text(value, encoding="utf-8")
                else:
                    path.write_bytes(base64.b64decode(value))
                written.append(path)
                csv = book / FIGURE_DATA / f"{key}.csv" if key else None
                if csv is not None and csv.is_file():
                    shutil.copyfile(csv, folder / csv.name)
                    written.append(folder / csv.name)
                break
    return written


def rerun(name: str, out: Path | None = None, timeout: int = 600, root: Path = ROOT) -> dict:
    """Execute chapter ``name``; return the notebook written, the figures, the seconds and the error (or None)."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    md = chapter_path(name, root)
    out = Path(out) if out else root / "_build" / "rerun" / md.stem
    figures = out / "figures"
    shutil.rmtree(figures, ignore_errors=True)
    figures.mkdir(parents=True, exist_ok=True)
    nb = jupytext.read(md)
    kernel = (nb.metadata.get("kernelspec") or {}).get("name", "python3")
    # the kernel imports this checkout's analysis package, wherever the command is run from
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel, resources={"metadata": {"path": str(md.parent)}})
    start, error = time.perf_counter(), None
    try:
        client.execute()
    except CellExecutionError as err:
        error = str(err)
    seconds = time.perf_counter() - start
    notebook = out / f"{md.stem}.ipynb"
    nb.metadata.pop("jupytext", None)
    nbformat.write(nb, notebook)
    return {"notebook": notebook, "figures": _figures(nb, figures, md.parent), "folder": figures,
            "seconds": seconds, "error": error, "cells": sum(c.cell_type == "code" for c in nb.cells)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.book.rerun", description=__doc__.splitlines()[0])
    parser.add_argument("chapter", help="the chapter's file name in book/, e.g. why-region")
    parser.add_argument("--out", help="folder for the results (default: _build/rerun/<chapter>/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    result = rerun(args.chapter, Path(args.out) if args.out else None, args.timeout)
    if result["error"]:
        print(result["error"], file=sys.stderr)
        print(f"[rerun] {args.chapter}: a cell failed after {result['seconds']:.0f} s; the notebook up to it is "
              f"{result['notebook']}", file=sys.stderr)
        return 1
    print(f"[rerun] {args.chapter}: {result['cells']} code cells executed in {result['seconds']:.0f} s, no error")
    print(f"executed notebook: {result['notebook']}")
    print(f"figures ({len(result['figures'])} files): {result['folder']}")
    for path in result["figures"]:
        print(f"  {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
