"""Sphinx extension: a "Data (CSV)" link under every figure, to the numbers the figure draws.

Every ``{glue:figure} KEY`` with ``:name: NAME`` of a page gets, under its caption, a download link to
``book/downloads/figures/KEY.csv``, the file :func:`analysis.book.facts.glue_figure` writes from the object that draws
the figure while the chapter executes (with its source, period, unit and licence in ``#`` lines). The link is a
Sphinx download reference, so the file is copied to ``_downloads/`` like the files of the ``{download}`` role.

The figures of a page are found in its source at ``source-read``; a figure whose file is missing stops the build
with a message naming the chapter, the figure and what to add.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError

from analysis.language import N_, tr

FIGURE_DATA = "downloads/figures"
"""Where the figures' data files are, relative to the pages' folder (``book/``); as in :mod:`analysis.book.facts`."""

LINK_TEXT = N_("Data (CSV)")
LINK_TEXT_NL = N_("CSV for Dutch Excel")
"""The second link: the same numbers with semicolons and a decimal comma, as Dutch Excel opens them."""
LINK_CLASS = "lr-figure-data"

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glue:figure\}\s+(?P<key>\S+)\s*$")
_NAME = re.compile(r"^:name:\s*(?P<name>\S+)\s*$")


def figures_in(text: str) -> list[tuple[str, str | None, int]]:
    """Every ``{glue:figure}`` of a page's source: (key, name or None, line number), in order."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _FENCE.match(line.strip())
        if not m:
            continue
        name = None
        for opt in lines[i + 1:]:
            opt = opt.strip()
            if not opt.startswith(":"):
                break
            n = _NAME.match(opt)
            if n:
                name = n.group("name")
        out.append((m.group("key"), name, i + 1))
    return out


def data_file(key: str) -> str:
    """The data file of figure ``key``, relative to the pages' folder."""
    return f"{FIGURE_DATA}/{key}.csv"


def data_file_nl(key: str) -> str:
    """The data file of figure ``key`` for Dutch Excel, relative to the pages' folder (as ``facts.excel_nl_name``)."""
    return f"{FIGURE_DATA}/{key}.excel-nl.csv"


def check_page(docname: str, source_path: Path, text: str) -> list[tuple[str, str]]:
    """The (key, name) of the page's figures; raises ExtensionError for a figure without a name or a data file."""
    figures = []
    for key, name, line in figures_in(text):
        where = f"{source_path.name}, line {line}: figure {key}"
        if name is None:
            raise ExtensionError(
                f"{where} has no :name:; add `:name: {key.replace('_', '-')}` to the directive, so that its "
                "Data (CSV) link can be placed under it."
            )
        csv = source_path.parent / data_file(key)
        if csv.is_file() and not (source_path.parent / data_file_nl(key)).is_file():
            raise ExtensionError(
                f"{where} ({name}) has no copy for Dutch Excel, {data_file_nl(key)}, beside its CSV; glue the figure "
                f"with analysis.book.facts.glue_figure({key!r}, fig), which writes both, or execute the chapter again."
            )
        if not csv.is_file():
            raise ExtensionError(
                f"{where} ({name}) has no data file {FIGURE_DATA}/{key}.csv. Glue the figure with "
                f"analysis.book.facts.glue_figure({key!r}, fig) in the chapter's code cell (it writes the file from "
                "the data the drawing function attaches, fig.lr_data and fig.lr_meta, and needs them), or, if the "
                "chapter is served from the execution cache, execute it again (remove _build/.jupyter_cache)."
            )
        figures.append((key, name))
    return figures


def _source_read(app, docname, source):
    path = Path(app.env.doc2path(docname))
    figures = check_page(docname, path, source[0])
    pages = app.env.__dict__.setdefault("lr_figure_data", {})
    pages[docname] = figures


def _link(docname: str, key: str, lang: str) -> nodes.paragraph:
    para = nodes.paragraph("", "", classes=[LINK_CLASS])
    for i, (target, text) in enumerate(((data_file(key), tr(LINK_TEXT, lang)), (data_file_nl(key), tr(LINK_TEXT_NL, lang)))):
        ref = addnodes.download_reference("", "", refdoc=docname, refdomain="", reftype="download",
                                          refexplicit=True, refwarn=False, reftarget=target)
        ref += nodes.literal(text, text, classes=["xref", "download"])
        if i:
            para += nodes.Text(" · ")
        para += ref
    return para


def _doctree_read(app, doctree):
    """Append the link under each figure of the page (before the download collector resolves the links)."""
    docname = app.env.docname
    figures = getattr(app.env, "lr_figure_data", {}).get(docname, [])
    if not figures:
        return
    by_name = {}
    for fig in doctree.findall(nodes.figure):
        for name in fig.get("names", []):
            by_name[name] = fig
    for key, name in figures:
        fig = by_name.get(nodes.fully_normalize_name(name)) or by_name.get(name)
        if fig is None:
            raise ExtensionError(f"{app.env.doc2path(docname)}: figure {key} ({name}) is not in the page's "
                                 "document tree; check its {glue:figure} directive.")
        fig += _link(docname, key, app.config.language or "en")


def _purge(app, env, docname):
    getattr(env, "lr_figure_data", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.__dict__.setdefault("lr_figure_data", {}).update(
        {d: f for d, f in getattr(other, "lr_figure_data", {}).items() if d in docnames})


def setup(app):
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read, priority=400)  # before Sphinx's DownloadFileCollector (500)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
