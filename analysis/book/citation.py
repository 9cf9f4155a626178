"""The book's own citation, generated from ``CITATION.cff``."""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis import ROOT


REQUIRED = ("title", "authors", "version", "date-released", "url", "license")
"""Keys of ``CITATION.cff`` the book's and the chapters' citations are made from."""

PDF_NAME = "what-works-in-a-learning-region.pdf"
"""File name of the PDF edition, at the root of the built book."""


def load_cff(path: Path | None = None) -> dict:
    """Read ``CITATION.cff``; fail with the file name if a required key is missing."""
    path = path or ROOT / "CITATION.cff"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ValueError(f"{path.name}: missing {', '.join(missing)}; add them to the file.")
    return data


def _year(cff: dict) -> str:
    return str(cff["date-released"])[:4]


def bibtex(cff: dict) -> str:
    """A BibTeX ``@book`` entry for the book."""
    authors = " and ".join(f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    key = f"{cff['authors'][0]['family-names'].lower()}{_year(cff)}what"
    fields = {
        "author": authors,
        "title": cff["title"],
        "year": _year(cff),
        "version": cff.get("version", ""),
        "url": cff["url"],
        "note": f"Executable book; licence {cff['license']}",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items() if v)
    return f"@book{{{key},\n{body}\n}}"


def apa(cff: dict) -> str:
    """An APA 7 reference for the book (plain text, title in asterisks for italics)."""
    names = [f"{a['family-names']}, {'. '.join(p[0] for p in a['given-names'].split())}." for a in cff["authors"]]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    version = f" (Version {cff['version']})" if cff.get("version") else ""
    return f"{authors} ({_year(cff)}). *{cff['title']}*{version} [Executable book]. {cff['url']}"


def edition(cff: dict) -> str:
    """The edition line of the footer: ``Edition 2.0.0, 3 December 2026``."""
    import datetime as dt

    date = dt.date.fromisoformat(str(cff["date-released"]))
    return f"Edition {cff['version']}, {date.day} {date:%B %Y}"


def _initials(given: str) -> str:
    return " ".join(f"{p[0]}." for p in given.split())


def chapter_apa(cff: dict, title: str, url: str) -> str:
    """An APA 7 reference for one chapter of the book (plain text)."""
    names = [f"{a['family-names']}, {_initials(a['given-names'])}" for a in cff["authors"]]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return (f"{authors} ({_year(cff)}). {title}. In {authors.replace(', &', ' &')}, {cff['title']} "
            f"(Version {cff['version']}) [Executable book]. {url}")


def chapter_bibtex(cff: dict, title: str, url: str, key: str) -> str:
    """A BibTeX ``@inbook`` entry for one chapter (biblatex fields: booktitle, version, date, url)."""
    authors = " and ".join(f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    fields = {"author": authors, "title": title, "booktitle": cff["title"], "date": str(cff["date-released"]),
              "version": cff["version"], "url": url, "note": f"Executable book; licence {cff['license']}"}
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@inbook{{{key},\n{body}\n}}"
