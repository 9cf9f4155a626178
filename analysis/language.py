"""The book's two languages, for the text that code writes: catalogs, and numbers as each language writes them.

The prose of the chapters is translated by Sphinx from the catalogs ``locales/nl/LC_MESSAGES/book/*.po``. What
code writes comes from two more catalogs in the same folder, read here (with polib) by every wing:

``analysis.po``
    short texts of the code: labels of the coding scheme, table headers, sentences the chapters assemble
    (every call ``tr("...")`` in ``analysis/`` is a message; ``python -m analysis.book.translations update``
    extracts them with Babel);
``references.po``
    the coded texts of the bibliography (summary, finding note, effect, cost, lessons), one message per entry and
    field, with the context ``<key> <field>``.

A message without a translation (new, or changed and marked fuzzy) is printed in English, and the catalog test
fails until a translator has done the work.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from analysis import ROOT

LANGUAGES = ("en", "nl")
"""The book's editions; the first is the main one, in which the code is written."""

MAIN = LANGUAGES[0]

LOCALES = ROOT / "locales"

NAMES = {"en": "English", "nl": "Nederlands"}
"""Each language's name in that language."""


_CURRENT: ContextVar[str] = ContextVar("language", default=MAIN)


def current() -> str:
    """The language code writes in now: the main one, unless inside :func:`using`."""
    return _CURRENT.get()


@contextmanager
def using(lang: str):
    """Write in ``lang`` inside the block (``with using("nl"): table = tables.works_table(works)``)."""
    token = _CURRENT.set(check(lang))
    try:
        yield lang
    finally:
        _CURRENT.reset(token)


def catalog_path(domain: str, lang: str):
    return LOCALES / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=None)
def catalog(domain: str, lang: str) -> dict:
    """``{(context, English): translation}`` of one catalog, leaving out untranslated and fuzzy messages."""
    import polib

    path = catalog_path(domain, lang)
    if not path.is_file():
        return {}
    try:
        entries = polib.pofile(str(path))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path.relative_to(ROOT)}: not a readable gettext catalog ({exc}); restore it from git "
                         "or run `python -m analysis.book.translations update`.") from exc
    return {(e.msgctxt, e.msgid): e.msgstr for e in entries
            if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is defined (a constant); :func:`tr` translates it where it is
    used."""
    return message


def tr(message: str, lang: str | None = None, context: str | None = None, domain: str = "analysis") -> str:
    """``message`` in ``lang`` (default: :func:`current`): its translation in the catalog ``domain``, or the
    message itself."""
    lang = lang or current()
    if lang == MAIN or not message:
        return message
    return catalog(domain, lang).get((context, message), message)


def check(lang: str) -> str:
    """``lang`` itself when the book has that edition; otherwise ValueError naming the editions."""
    if lang not in LANGUAGES:
        raise ValueError(f"no edition in language {lang!r}; the book's editions are {', '.join(LANGUAGES)}.")
    return lang


def symbols(lang: str | None = None) -> dict[str, str]:
    """The decimal and thousands symbols of ``lang`` (default: :func:`current`), as pandas' ``Styler.format``
    takes them (``decimal=``, ``thousands=``)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    lang = lang or current()
    return {"decimal": get_decimal_symbol(lang), "thousands": get_group_symbol(lang)}


def excel_nl(frame, header: str = "") -> bytes:
    """``frame`` as Dutch Excel opens a CSV file: semicolons between fields, a decimal comma, CRLF line ends,
    UTF-8 with a byte-order mark; ``header`` (``#`` lines of provenance) on top."""
    text = header.replace("\r\n", "\n").replace("\n", "\r\n")
    return (text + frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")).encode("utf-8-sig")


def localise(number: str, lang: str) -> str:
    """A number as Python formats it (``"1,026.5"``) written with the decimal and group symbols of ``lang``
    (Babel's locale data: ``"1.026,5"`` in Dutch)."""
    if lang == MAIN:
        return number
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return number.translate({ord("."): get_decimal_symbol(lang), ord(","): get_group_symbol(lang)})


def number(value, spec: str = "", lang: str | None = None) -> str:
    """``value`` formatted with the Python format ``spec`` and written the way ``lang`` (default:
    :func:`current`) writes numbers."""
    if hasattr(value, "item"):
        value = value.item()
    return localise(format(value, spec), lang or current())
