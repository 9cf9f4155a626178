"""The book's own citation, generated from ``CITATION.cff``."""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis import ROOT


def load_cff(path: Path | None = None) -> dict:
    """Read ``CITATION.cff``; fail with the file name if a required key is missing."""
    path = path or ROOT / "CITATION.cff"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in ("title", "authors", "date-released", "url", "license") if k not in data]
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
