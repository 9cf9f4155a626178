"""The book's own citation, generated from ``CITATION.cff``.

``CITATION.cff`` (CFF 1.2.0) describes the repository (``type: software``) and, in ``preferred-citation``, the
book (``type: book``): its authors are the book's contributors, as an entity author. The workshop the book is
based on, by José Cuperus and Arjen Edzes (2023), is in ``references``: every citation here credits it, none
names its presenters as the book's authors.

Each form is offered as a reader pastes it: APA 7 (plain text, titles in asterisks for italics), classic BibTeX
(``@book`` and ``@incollection`` with ``year``, for natbib styles such as ``plainnat``) and biblatex (``@book`` and
``@inbook`` with ``date``, ``langid`` and the credit in ``addendum``, for biber).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from analysis import ROOT
from analysis.language import N_, current, tr


TITLE = N_("What works in a learning region? An executable book on how stakeholders in a Dutch region learn together")
"""The book's title (``CITATION.cff`` holds it too; a test keeps them equal), a message for its Dutch title."""

REQUIRED = ("title", "authors", "version", "date-released", "url", "license", "preferred-citation")
"""Keys of ``CITATION.cff`` the book's and the chapters' citations are made from."""

PDF_NAME = "what-works-in-a-learning-region.pdf"
"""File name of the PDF edition, at the root of the built book."""

KEY = "whatworks"
"""Start of the BibTeX keys of the book (``whatworks2026``) and its chapters (``whatworks2026whyregion``)."""


def load_cff(path: Path | None = None) -> dict:
    """Read ``CITATION.cff``; fail with the file name if a required key is missing."""
    path = path or ROOT / "CITATION.cff"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ValueError(f"{path.name}: missing {', '.join(missing)}; add them to the file.")
    book = data["preferred-citation"]
    if book.get("type") != "book" or not book.get("authors"):
        raise ValueError(f"{path.name}: preferred-citation must be of type book, with its authors; fix the file.")
    return data


def book(cff: dict) -> dict:
    """The book's own metadata: ``preferred-citation``, with the repository's keys where it has none."""
    merged = {k: cff[k] for k in ("title", "authors", "version", "date-released", "url", "license", "keywords")
              if k in cff}
    merged.update(cff.get("preferred-citation") or {})
    return merged


def workshop(cff: dict) -> dict | None:
    """The work the book is based on: the first of ``references`` (the 2023 workshop), or ``None``."""
    refs = cff.get("references") or []
    return refs[0] if refs else None


def year(cff: dict) -> str:
    b = book(cff)
    return str(b.get("year") or str(b["date-released"])[:4])


def _date(cff: dict) -> dt.date:
    return dt.date.fromisoformat(str(book(cff)["date-released"]))


def _end(text: str) -> str:
    """``text`` closed with a full stop, unless it already ends in a mark of its own (APA: no doubled marks)."""
    return text if text.rstrip().endswith((".", "?", "!")) else text + "."


def _initials(given: str) -> str:
    return " ".join(f"{p[0]}." for p in given.split())


def _person(author: dict, order: str = "family") -> str:
    """One author: an entity by its name; a person as ``Family, G.`` or ``G. Family``."""
    if "name" in author:
        return author["name"]
    if order == "family":
        return f"{author['family-names']}, {_initials(author['given-names'])}"
    return f"{_initials(author['given-names'])} {author['family-names']}"


def _apa_names(authors: list[dict], order: str = "family") -> str:
    names = [_person(a, order) for a in authors]
    if len(names) == 1:
        return names[0]
    sep = ", & " if order == "family" else (", & " if len(names) > 2 else " & ")
    return ", ".join(names[:-1]) + sep + names[-1]


def author_names(cff: dict) -> list[str]:
    """The book's authors as they are written in full (an entity's name; ``Given Family`` for a person)."""
    return [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in book(cff)["authors"]]


def credit(cff: dict) -> str:
    """One sentence crediting the work the book is based on (plain text), or ``""`` when it names none."""
    w = workshop(cff)
    if not w:
        return ""
    people = [f"{a['given-names']} {a['family-names']}" + (f" ({a['affiliation']})" if a.get("affiliation") else "")
              for a in w.get("authors", [])]
    who = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " " + tr("and") + " " + people[-1]
    where = w.get("conference", {}).get("name", "")
    when = ", ".join(x for x in (where, str(w.get("year", ""))) if x)
    return tr("Based on the workshop “{title}” by {who}").format(title=w["title"], who=who) + (
        f", {when}" if when else "") + "."


def _credit_short(cff: dict) -> str:
    w = workshop(cff)
    if not w:
        return ""
    names = [f"{a['given-names']} {a['family-names']}" for a in w.get("authors", [])]
    return f"Based on the workshop ``{w['title']}'' by {' and '.join(names)} ({w.get('year', '')})"


def apa(cff: dict) -> str:
    """An APA 7 reference for the book (plain text, title in asterisks for italics)."""
    b = book(cff)
    version = f" (Version {b['version']})" if b.get("version") else ""
    return f"{_end(_apa_names(b['authors']))} ({year(cff)}). *{b['title']}*{version} [Executable book]. {b['url']}"


def chapter_apa(cff: dict, title: str, url: str) -> str:
    """An APA 7 reference for one chapter of the book (plain text).

    The chapter's authors are the book's; the book is named after "In" with its authors in the order of a given
    name first (APA for the book a chapter is in), which for an entity author is its name.
    """
    b = book(cff)
    return (f"{_end(_apa_names(b['authors']))} ({year(cff)}). {_end(title)} "
            f"In {_apa_names(b['authors'], order='given')}, *{b['title']}* (Version {b['version']}) "
            f"[Executable book]. {url}")


def _tex(text: str) -> str:
    """``text`` safe in a BibTeX field: the characters TeX treats specially escaped, accents kept as UTF-8."""
    return re.sub(r"([&%$#_])", r"\\\1", text)


def _bib_names(authors: list[dict]) -> str:
    """BibTeX ``author``: an entity in an extra pair of braces, so that it is not split into names."""
    return " and ".join("{" + _tex(a["name"]) + "}" if "name" in a else f"{a['family-names']}, {a['given-names']}"
                        for a in authors)


def _entry(kind: str, key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@{kind}{{{key},\n{body}\n}}"


def key(cff: dict, stem: str = "") -> str:
    """The BibTeX key of the book (``stem`` empty) or of one of its chapters."""
    return f"{KEY}{year(cff)}{re.sub(r'[^a-z0-9]', '', stem.lower())}"


def _publisher(cff: dict) -> str:
    return (book(cff).get("publisher") or {}).get("name", "")


def _note(cff: dict) -> str:
    b = book(cff)
    parts = [f"Version {b['version']}" if b.get("version") else "", "Executable book", _credit_short(cff),
             f"Licence {b['license']}" if b.get("license") else ""]
    return ". ".join(p for p in parts if p)


def _biblatex_note(cff: dict) -> str:
    """biblatex's data model has no ``version`` for a book: the version goes in the note."""
    b = book(cff)
    return ". ".join(p for p in (f"Version {b['version']}" if b.get("version") else "", "Executable book",
                                 f"Licence {b['license']}" if b.get("license") else "") if p)


def bibtex(cff: dict) -> str:
    """A classic BibTeX ``@book`` entry for the book (``year``, ``note``; for natbib styles such as plainnat)."""
    b = book(cff)
    return _entry("book", key(cff), {
        "author": _bib_names(b["authors"]), "title": "{" + _tex(b["title"]) + "}", "publisher": _tex(_publisher(cff)),
        "year": year(cff), "url": b["url"], "note": _note(cff)})


def biblatex(cff: dict) -> str:
    """A biblatex ``@book`` entry for the book (``date``, ``langid``, the credit in ``addendum``; for biber)."""
    b = book(cff)
    return _entry("book", key(cff), {
        "author": _bib_names(b["authors"]), "title": "{" + _tex(b["title"]) + "}", "publisher": _tex(_publisher(cff)),
        "date": _date(cff).isoformat(), "url": b["url"], "langid": "english", "addendum": _credit_short(cff),
        "note": _biblatex_note(cff)})


def chapter_bibtex(cff: dict, title: str, url: str, key: str) -> str:
    """A classic BibTeX ``@incollection`` entry for one chapter (``booktitle``, ``year``; for natbib styles)."""
    b = book(cff)
    return _entry("incollection", key, {
        "author": _bib_names(b["authors"]), "title": "{" + _tex(title) + "}", "booktitle": "{" + _tex(b["title"]) + "}",
        "publisher": _tex(_publisher(cff)), "year": year(cff), "url": url, "note": _note(cff)})


def chapter_biblatex(cff: dict, title: str, url: str, key: str) -> str:
    """A biblatex ``@inbook`` entry for one chapter (a self-contained part of a book by the same authors)."""
    b = book(cff)
    return _entry("inbook", key, {
        "author": _bib_names(b["authors"]), "title": "{" + _tex(title) + "}", "booktitle": "{" + _tex(b["title"]) + "}",
        "publisher": _tex(_publisher(cff)), "date": _date(cff).isoformat(), "url": url, "langid": "english",
        "addendum": _credit_short(cff), "note": _biblatex_note(cff)})


def edition(cff: dict) -> str:
    """The edition line of the footer, in the current language: ``Edition 2.0.0, 3 December 2026``."""
    from babel.dates import format_date

    return tr("Edition {version}, {date}").format(version=book(cff)["version"],
                                                   date=format_date(_date(cff), "d MMMM y", locale=current()))


def subject(cff: dict) -> str:
    """The PDF's subject: the abstract's first sentence, and the credit to the workshop if it does not give it."""
    first = re.split(r"(?<=\.)\s", " ".join(str(cff.get("abstract", "")).split()), maxsplit=1)[0]
    w = workshop(cff)
    return first if w and w["title"] in first else " ".join(x for x in (first, credit(cff)) if x)
