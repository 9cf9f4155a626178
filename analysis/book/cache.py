"""Sphinx extension: make the execution cache follow the book's inputs.

Jupyter Book's cache keys a notebook on its code cells only, so a changed data
file, bibliography or ``analysis`` module would reuse stale outputs. This
extension hashes those inputs and

* marks every page outdated when the hash differs from the last build's, and
* appends a hidden cell carrying the hash to every MyST notebook, so the
  cached outputs of one set of inputs are never served for another.

A build with nothing changed keeps both the Sphinx environment and the cache.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from analysis import ROOT

WATCHED = ("analysis", "data", "references.bib")
"""Inputs, relative to the repository root, whose change re-executes the chapters."""

SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def input_files(root: Path = ROOT) -> list[Path]:
    """Every file under the watched inputs, sorted, skipping caches."""
    files: list[Path] = []
    for name in WATCHED:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(
                p for p in path.rglob("*")
                if p.is_file() and not SKIP_PARTS.intersection(p.relative_to(root).parts)
                and p.suffix != ".pyc"
            )
    return sorted(files)


def fingerprint(root: Path = ROOT) -> str:
    """A short sha256 over the names and bytes of every watched input file."""
    digest = hashlib.sha256()
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _is_notebook(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("---") and "kernelspec" in head.split("---", 2)[1]


def stamp_cell(fp: str) -> str:
    """The hidden cell appended to each notebook; its text changes with the inputs."""
    return (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
        f"# inputs fingerprint (analysis/, data/, references.bib): {fp}\n```\n"
    )


def _outdated(app, env, added, changed, removed):
    new = fingerprint()
    old = getattr(env, "analysis_inputs_fingerprint", None)
    env.analysis_inputs_fingerprint = new
    if old is not None and old != new:
        return sorted(env.found_docs)
    return []


def _source_read(app, docname, source):
    if _is_notebook(source[0]):
        source[0] += stamp_cell(app.env.analysis_inputs_fingerprint)


def setup(app):
    app.connect("env-get-outdated", _outdated)
    app.connect("source-read", _source_read)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
