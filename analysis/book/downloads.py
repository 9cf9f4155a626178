"""Sphinx extension: the files the book offers for download, written on every build.

The literature exports and the synthesis tables go to ``book/downloads``; the DataTables bundle that the
itables tables import is served from ``_static`` so that no page loads it from a CDN: the book's own
``static/datatables/dt_bundle.js`` (DataTables and jQuery only, 193 kB; built from ``datatables/index.mjs`` by
``npm run build:datatables``) in place of itables' 619 kB bundle of every DataTables extension. This is the
one place where the book wing imports an engine: for what the build itself writes.
"""

from __future__ import annotations

from pathlib import Path

BUNDLE = Path(__file__).parent / "static" / "datatables"
"""The DataTables bundle the tables load (``dt_bundle.js``, ``dt_bundle.css``)."""

TIPPY = Path(__file__).parent / "static" / "tippy"
TIPPY_FILES = ("popper.min.js", "tippy-bundle.umd.min.js")
"""The hover previews' scripts (sphinx-tippy's ``tippy_js``), served from ``_static`` (``npm run build:tippy``)."""

DOWNLOADS = "book/downloads"
"""Where the literature exports are written, relative to the book's source folder (git-ignored)."""


STAMP = ".inputs"
"""In ``book/downloads``: the fingerprint of the inputs the files were written from, and the files' names."""


def _stamp(folder: Path) -> None:
    from analysis.book.cache import fingerprint

    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != STAMP)
    (folder / STAMP).write_text("\n".join([fingerprint(), *names]) + "\n", encoding="utf-8")


def _current(folder: Path) -> bool:
    """Whether ``folder`` holds every file written from the current inputs (analysis/, data/, references.bib)."""
    from analysis.book.cache import fingerprint

    try:
        recorded, *names = (folder / STAMP).read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return False
    return recorded == fingerprint() and bool(names) and all((folder / n).is_file() for n in names)


def _literature_assets(app):
    """Write the literature exports into ``book/downloads`` and serve the itables bundle from ``_static``.

    Runs on every build, cached or not, so ``{download}`` links always find their files; when neither
    ``analysis/``, ``data/`` nor ``references.bib`` changed since the files were written (``.inputs``), they are
    left as they are. A bad bibliography raises here and stops the build with the list of problems.
    """
    _check_citations(Path(app.srcdir))
    folder = Path(app.srcdir) / DOWNLOADS
    if not _current(folder):
        from analysis.literature import exports, synthesis

        exports.write_all(folder)
        synthesis.write_all(folder)
        _stamp(folder)
    if app.builder.format == "html":
        for path in [BUNDLE / "dt_bundle.js", BUNDLE / "dt_bundle.css", *(TIPPY / n for n in TIPPY_FILES)]:
            if str(path) not in app.config.html_static_path:
                app.config.html_static_path.append(str(path))


def _check_citations(srcdir: Path) -> None:
    """Stop the build if a page cites a work the ledger marks not confirmed or excluded (file, line, key, fix)."""
    from analysis.book.toc import toc_files
    from analysis.literature import bibliography

    pages = {f"{f}.md": (srcdir / f"{f}.md").read_text(encoding="utf-8") for f in toc_files(srcdir / "_toc.yml")
             if (srcdir / f"{f}.md").is_file()}
    problems = bibliography.check_citations(pages, srcdir / "data" / "literature" / "verification.csv")
    if problems:
        raise bibliography.BibliographyError(problems)


def setup(app):
    app.connect("builder-inited", _literature_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
