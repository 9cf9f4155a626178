"""Numbers a chapter states: plain Python values, glued under their own names."""

from __future__ import annotations

import numpy as np

from analysis.language import LANGUAGES, MAIN, NAMES, excel_nl, number, using


def plain(value):
    """A numpy scalar as a plain Python value, so that glued numbers format cleanly."""
    return value.item() if isinstance(value, np.generic) else value


def plain_facts(facts: dict) -> dict:
    """``facts`` with every numpy scalar made a plain Python value."""
    return {key: plain(value) for key, value in facts.items()}


def glue_facts(facts) -> None:
    """Glue every fact under its own name for ``{glue:text}`` in a chapter (no output in the cell).

    ``facts`` is a dict, or a function that returns one: then it is called once per edition, written in its
    language (:func:`analysis.language.using`), and a text that differs between the languages is glued for each
    (:func:`variant_key`); numbers are the same in both and print in each language's format.
    """
    from myst_nb import glue

    if not callable(facts):
        for key, value in facts.items():
            glue(key, plain(value), display=False)
        return
    editions = {}
    for lang in LANGUAGES:
        with using(lang):
            editions[lang] = facts()
    for key, value in editions[MAIN].items():
        glue(key, plain(value), display=False)
        for lang in LANGUAGES[1:]:
            other = editions[lang][key]
            if other != value:
                glue(variant_key(key, lang), plain(other), display=False)


def dutch(value: float, digits: int = 1) -> str:
    """``value`` written the Dutch way, with a decimal comma, for the Dutch summaries."""
    return number(value, f".{digits}f", "nl")


def variant_key(key: str, lang: str) -> str:
    """The glue key of the ``lang`` version of an output glued under ``key`` (the main language's own key)."""
    return key if lang == MAIN else f"{key}__{lang}"


SHOWN = ("text/html", "text/markdown", "text/plain")
"""The kinds of output a cell shows in every edition's language (:func:`show`)."""


def language_mime(lang: str, mime: str) -> str:
    """The mime type under which an output carries its ``lang`` version of ``mime`` (``text/html``)."""
    return f"application/x.lr-{lang}+{mime.split('/')[1]}"


class Editions:
    """A cell's output in the language of every edition: the main one's as usual, the others' under
    :func:`language_mime`, which the book's edition in that language shows (:mod:`analysis.book.languages`)."""

    def __init__(self, make):
        self.outputs = {}
        for lang in LANGUAGES:
            with using(lang):
                self.outputs[lang] = make()

    def _repr_mimebundle_(self, include=None, exclude=None):
        from IPython.core.formatters import format_display_data

        with using(MAIN):
            data, meta = format_display_data(self.outputs[MAIN])
        for lang in LANGUAGES[1:]:
            with using(lang):
                other, _ = format_display_data(self.outputs[lang])
            data.update({language_mime(lang, m): v for m, v in other.items() if m in SHOWN})
        return data, meta


def show(make) -> Editions:
    """What a cell shows, made by ``make()`` once per edition in its language: end a cell with
    ``show(lambda: tables.interactive(...))``, or ``display(show(lambda: ...))``."""
    return Editions(make)


def glue_languages(key: str, make) -> None:
    """Glue ``make()`` for every edition, written in its language (:func:`analysis.language.using`), under
    :func:`variant_key` (no output in the cell): the edition of each language pastes its own. ``make`` returns
    what :func:`myst_nb.glue` takes (text, a number, a table, a figure, ``IPython.display.Markdown``)."""
    from myst_nb import glue

    for lang in LANGUAGES:
        with using(lang):
            glue(variant_key(key, lang), make(), display=False)


FIGURE_DATA = "downloads/figures"
"""Where :func:`glue_figure` writes each figure's data, relative to the chapter's folder (``book/``)."""

FIGURE_META = ("source", "period", "unit", "licence")
"""What the file of every figure's data states, besides the numbers."""


def figure_csv(key: str, fig) -> str:
    """The text of a figure's data file: ``#`` lines with figure, source, period, unit and licence, then the CSV
    of ``fig.lr_data`` (exactly the numbers the figure draws).

    Raises ValueError when ``fig`` carries no data (``lr_data``) or its ``lr_meta`` leaves one of
    :data:`FIGURE_META` empty.
    """
    import pandas as pd

    data, meta = getattr(fig, "lr_data", None), getattr(fig, "lr_meta", None)
    if not isinstance(data, pd.DataFrame) or not isinstance(meta, dict):
        raise ValueError(
            f"figure {key} has no data attached: {type(fig).__name__} without lr_data/lr_meta. Draw it with a "
            "drawing function of analysis.regional.maps/charts, analysis.literature.tables/findings or "
            "analysis.chapters that attaches the data it draws (fig.lr_data, a DataFrame, and fig.lr_meta, a dict "
            f"with {', '.join(FIGURE_META)}), or attach them where the figure is drawn."
        )
    if data.empty:
        raise ValueError(f"figure {key} has no data attached: its lr_data has no rows.")
    empty = [k for k in FIGURE_META if not str(meta.get(k) or "").strip()]
    if empty:
        raise ValueError(f"figure {key}: its lr_meta gives no {', '.join(empty)}; pass them to glue_figure "
                         f"({', '.join(f'{k}=...' for k in empty)}) or to the drawing function (meta=...).")
    return _header(key, meta) + data.to_csv(index=False, lineterminator="\n")


def _header(key: str, meta: dict) -> str:
    lines = [f"# figure: {key}"]
    lines += [f"# {k}: {' '.join(str(meta[k]).split())}" for k in FIGURE_META]
    lines += [f"# {k}: {' '.join(str(v).split())}" for k, v in meta.items() if k not in FIGURE_META and v]
    return "\n".join(lines) + "\n"


def figure_csv_excel_nl(key: str, fig) -> str:
    """The same file as Dutch Excel opens it: semicolons between fields and a decimal comma (written as UTF-8 with
    a byte-order mark by :func:`glue_figure`); the ``#`` lines with source, period, unit and licence stay on top."""
    figure_csv(key, fig)  # the same checks
    return excel_nl(fig.lr_data, _header(key, fig.lr_meta)).decode("utf-8-sig")


def excel_nl_name(key: str) -> str:
    """The file name of a figure's data for Dutch Excel, beside ``<key>.csv``."""
    return f"{key}.excel-nl.csv"


def glue_figure(key: str, fig, folder=None, **meta):
    """Write the data ``fig`` draws to ``downloads/figures/<key>.csv``, and beside it the same for Dutch Excel
    (:func:`figure_csv_excel_nl`), when their content changed, and glue ``fig`` under ``key`` for
    ``{glue:figure}``; the book's extension links the file under the figure.

    ``fig`` is a drawn figure (glued for the main language only) or a function without arguments that draws it
    (``lambda: charts.lines(...)``): then it draws once per edition, in its language
    (:func:`analysis.language.using`), and each edition's figure is glued under :func:`variant_key`. The data
    file is written from the main language's figure; every edition must draw the same data (``lr_data``), or
    ValueError names the figure. ``meta`` fills in or corrects ``fig.lr_meta`` (``licence=...``,
    ``period=...``) before the file is written. Raises ValueError when the figure carries no data (see
    :func:`figure_csv`). Returns the path written.
    """
    from pathlib import Path

    from myst_nb import glue

    figures = _draw_editions(key, fig) if callable(fig) else {MAIN: fig}
    for each in figures.values():
        if meta:
            if not isinstance(getattr(each, "lr_meta", None), dict):
                figure_csv(key, each)  # raises: no data attached
            each.lr_meta = {**each.lr_meta, **meta}
    fig = figures[MAIN]
    text = figure_csv(key, fig)
    path = Path(folder if folder is not None else FIGURE_DATA) / f"{key}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    nl, nl_text = path.with_name(excel_nl_name(key)), figure_csv_excel_nl(key, fig)
    if not nl.is_file() or nl.read_bytes() != nl_text.encode("utf-8-sig"):
        nl.write_bytes(nl_text.encode("utf-8-sig"))
    for lang, each in figures.items():
        with using(lang):
            glue(variant_key(key, lang), each, display=False)
    return path


def _draw_editions(key: str, draw) -> dict:
    """``draw()`` once per edition, in its language; ValueError when an edition's figure draws other data
    (``lr_data``) than the main language's."""
    figures = {}
    for lang in LANGUAGES:
        with using(lang):
            figures[lang] = draw()
    data = getattr(figures[MAIN], "lr_data", None)
    for lang, other in figures.items():
        if data is not None and not data.equals(getattr(other, "lr_data", None)):
            raise ValueError(
                f"figure {key}: its {NAMES[lang]} edition draws other data (lr_data) than the {NAMES[MAIN]} one; "
                "the data must not depend on the language. Keep text that goes into the data as a message "
                "(N_(...)) that the drawing function translates where it draws it, not tr(...).")
    return figures
