"""Exports for people who lift the synthesis into a proposal: CSV, BibTeX per theme, RIS, clean BibTeX, CSL-JSON.

``references.bib`` carries the book's coding fields; :func:`standard_bibtex` writes the same works with standard
fields only, in entry types of the biblatex data model (edited volumes as ``@collection`` with editors, reports with
their institution), and :func:`csl_json` the CSL-JSON that Zotero, Mendeley and pandoc read.

:func:`write_all` writes every export into one folder; the book's Sphinx
extension calls it on every build so that the pages can offer them with the
``{download}`` role. Citation keys are those of ``references.bib`` and stable.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from analysis.literature import bibliography, vocab

SYNTHESIS = "literature-synthesis.csv"
ALL_BIB = "references.bib"
RIS = "references.ris"
THEME_ZIP = "references-by-theme.zip"
STANDARD_BIB = "references.standard.bib"
CSL_JSON = "references.csl.json"

BIBLATEX_TYPES = {"article": "article", "book": "book", "incollection": "incollection", "inbook": "inbook",
                  "inproceedings": "inproceedings", "techreport": "report", "report": "report",
                  "phdthesis": "thesis", "mastersthesis": "thesis", "misc": "misc", "online": "online"}
"""BibTeX entry type -> biblatex entry type (a book with editors only becomes ``@collection``)."""

BIBLATEX_FIELDS = {"author": "author", "editor": "editor", "title": "title", "journal": "journaltitle",
                   "booktitle": "booktitle", "year": "date", "volume": "volume", "number": "number", "pages": "pages",
                   "doi": "doi", "url": "url", "isbn": "isbn", "publisher": "publisher", "address": "location",
                   "institution": "institution", "school": "institution", "series": "series", "edition": "edition",
                   "note": "note", "howpublished": "howpublished", "langid": "langid", "type": "type"}
"""Fields kept in the standard export, renamed to their biblatex names; every coding field is left out."""

CSL_TYPES = {"article": "article-journal", "book": "book", "incollection": "chapter", "inbook": "chapter",
             "inproceedings": "paper-conference", "techreport": "report", "report": "report",
             "phdthesis": "thesis", "mastersthesis": "thesis", "misc": "document", "online": "webpage"}
RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP", "inbook": "CHAP",
             "inproceedings": "CPAPER", "techreport": "RPRT", "report": "RPRT", "phdthesis": "THES",
             "mastersthesis": "THES", "misc": "GEN", "online": "ELEC"}
"""BibTeX entry type -> RIS reference type."""

CSV_COLUMNS = ("key", "citation", "bibliography_anchor", "type", "authors", "year", "title", "venue", "doi", "url",
               *bibliography.CODING_FIELDS, "summary", "ledger_status")


def theme_file(tag: str) -> str:
    """File name of the BibTeX export of one theme, e.g. ``references-triple-helix.bib``."""
    return f"references-{tag}.bib"


def theme_links(df: pd.DataFrame, folder: str = "downloads") -> str:
    """MyST list of ``{download}`` links to each theme's BibTeX file, with its number of works."""
    lines = []
    for tag in vocab.THEMES:
        n = int(df["keywords"].map(lambda tags: tag in tags).sum())
        if n:
            lines.append(f"- {{download}}`{vocab.label('keywords', tag)} <{folder}/{theme_file(tag)}>` ({n} works)")
    return "\n".join(lines)


def synthesis_csv(df: pd.DataFrame) -> str:
    """The literature synthesis as CSV text: one row per work, list fields joined with ``; ``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in df.sort_values("key").itertuples(index=False):
        w.writerow([r.key, r.citation, f"cite-{r.key}", r.type, "; ".join(r.authors),
                    "" if pd.isna(r.year) else int(r.year), r.title, r.venue, r.doi, r.url,
                    *("; ".join(getattr(r, f)) for f in bibliography.CODING_FIELDS), r.summary, r.status])
    return buf.getvalue()


def bibtex(keys: list[str], raw: dict[str, str], header: str) -> str:
    """BibTeX text of ``keys`` (sorted), each entry exactly as in ``references.bib``."""
    return f"% {header}\n% Generated from references.bib by analysis.literature.exports; keys are stable.\n\n" + \
        "\n\n".join(raw[k] for k in sorted(keys)) + "\n"


def _ris_pages(pages: str) -> list[str]:
    parts = [p for p in pages.replace("–", "-").split("-") if p]
    return [f"SP  - {parts[0]}"] + ([f"EP  - {parts[-1]}"] if len(parts) > 1 else []) if parts else []


def ris(df: pd.DataFrame, fields: dict[str, dict[str, str]]) -> str:
    """RIS text of the works in ``df``; ``fields`` holds each entry's raw BibTeX fields by key."""
    out = []
    for r in df.sort_values("key").itertuples(index=False):
        f = fields[r.key]
        lines = [f"TY  - {RIS_TYPES.get(r.type, 'GEN')}", f"ID  - {r.key}"]
        lines += [f"AU  - {a}" for a in r.authors]
        lines += [f"ED  - {bibliography.clean(e)}" for e in bibliography.split_names(f.get("editor")) if f.get("author")]
        lines.append(f"TI  - {r.title}")
        if not pd.isna(r.year):
            lines.append(f"PY  - {int(r.year)}")
        if f.get("journal"):
            lines.append(f"JO  - {bibliography.clean(f['journal'])}")
        if f.get("booktitle"):
            lines.append(f"T2  - {bibliography.clean(f['booktitle'])}")
        for tag, name in (("VL", "volume"), ("IS", "number"), ("PB", "publisher"), ("CY", "address"),
                          ("SN", "isbn")):
            if f.get(name):
                lines.append(f"{tag}  - {bibliography.clean(f[name])}")
        if r.type in ("techreport", "report") and f.get("institution"):
            lines.append(f"PB  - {bibliography.clean(f['institution'])}")
        lines += _ris_pages(bibliography.clean(f.get("pages", "")))
        if r.doi:
            lines.append(f"DO  - {r.doi}")
        if r.url:
            lines.append(f"UR  - {r.url}")
        lines += [f"KW  - {vocab.label('keywords', t)}" for t in r.keywords]
        if r.summary:
            lines.append(f"N1  - {r.summary}")
        lines.append("ER  - ")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def standard_bibtex(fields: dict[str, dict[str, str]], types: dict[str, str]) -> str:
    """BibTeX with standard fields only, in biblatex entry types (see :data:`BIBLATEX_TYPES`)."""
    out = ["% What works in a learning region? - all works, standard biblatex fields only (no coding fields).",
           "% Generated from references.bib by analysis.literature.exports; keys are stable.", ""]
    for key in sorted(fields):
        f, kind = fields[key], types[key]
        target = BIBLATEX_TYPES[kind]
        if kind == "book" and not f.get("author") and f.get("editor"):
            target = "collection"
        lines = [f"@{target}{{{key},"]
        note = [f["note"]] if f.get("note") else []
        for name, new in BIBLATEX_FIELDS.items():
            if not f.get(name) or name == "note":
                continue
            if name == "type" and target not in ("report", "thesis"):
                continue
            if name == "isbn" and target == "report":   # biblatex reports have no isbn: keep it in the note
                note.append(f"ISBN {f[name]}")
                continue
            if name == "publisher" and target == "misc":   # a misc entry's publisher is its organization
                new = "organization"
            lines.append(f"  {new} = {{{f[name]}}},")
        if note:
            lines.append(f"  note = {{{'. '.join(note)}}},")
        if target == "report" and not f.get("type"):
            lines.append("  type = {techreport},")
        if target == "thesis" and not f.get("type"):
            lines.append(f"  type = {{{'phdthesis' if kind == 'phdthesis' else 'mathesis'}}},")
        lines[-1] = lines[-1].rstrip(",")
        out.append("\n".join(lines) + "\n}\n")
    return "\n".join(out)


def csl_name(name: str) -> dict[str, str]:
    """One BibTeX name as a CSL name: ``{Org}`` literal, ``Last, First`` or ``First Last``."""
    raw = name.strip()
    if raw.startswith("{") and raw.endswith("}"):
        return {"literal": bibliography.clean(raw)}
    if "," in raw:
        family, given = raw.split(",", 1)
        return {"family": bibliography.clean(family), "given": bibliography.clean(given)}
    parts = bibliography.clean(raw).split(" ")
    return {"family": parts[-1], "given": " ".join(parts[:-1])} if len(parts) > 1 else {"literal": parts[0]}


def csl_json(fields: dict[str, dict[str, str]], types: dict[str, str]) -> str:
    """CSL-JSON of every work: the item types, names and fields that reference managers import."""
    items = []
    for key in sorted(fields):
        f, kind = fields[key], types[key]
        c = bibliography.clean
        item: dict[str, object] = {"id": key, "type": CSL_TYPES[kind], "title": c(f.get("title"))}
        for role in ("author", "editor"):
            if f.get(role):
                item[role] = [csl_name(n) for n in bibliography.split_names(f[role])]
        if str(f.get("year", "")).isdigit():
            item["issued"] = {"date-parts": [[int(f["year"])]]}
        for src, dst in (("journal", "container-title"), ("booktitle", "container-title"), ("volume", "volume"),
                         ("number", "issue"), ("doi", "DOI"), ("url", "URL"), ("isbn", "ISBN"),
                         ("publisher", "publisher"), ("institution", "publisher"), ("school", "publisher"),
                         ("address", "publisher-place"), ("type", "genre"), ("series", "collection-title"),
                         ("note", "note")):
            if f.get(src) and dst not in item:
                item[dst] = c(f[src])
        if f.get("pages"):
            item["page"] = c(f["pages"]).replace("–", "-")
        if f.get("langid"):
            item["language"] = {"english": "en", "dutch": "nl"}.get(f["langid"], f["langid"])
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def _raw_fields(path: Path) -> dict[str, dict[str, str]]:
    import bibtexparser

    library = bibtexparser.parse_string(Path(path).read_text(encoding="utf-8"))
    return {e.key: {k.lower(): str(v.value) for k, v in e.fields_dict.items()} for e in library.entries}


def write_all(outdir: Path, path: Path = bibliography.BIB, ledger_path: Path = bibliography.LEDGER) -> dict[str, Path]:
    """Write every export into ``outdir``; return them by name.

    Writes the synthesis CSV, the whole bibliography, RIS, one BibTeX file per theme (for the themes
    that have works) and a zip of the theme files. Content is deterministic: an unchanged
    bibliography gives byte-identical files.

    Raises
    ------
    analysis.literature.bibliography.BibliographyError
        If the bibliography or its ledger has problems.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    df = bibliography.load(path, ledger_path)
    raw = bibliography.raw_entries(path)
    files: dict[str, str] = {
        SYNTHESIS: synthesis_csv(df),
        ALL_BIB: bibtex(list(df["key"]), raw, "What works in a learning region? - all works"),
        RIS: ris(df, _raw_fields(path)),
    }
    fields = _raw_fields(path)
    types = dict(zip(df["key"], df["type"]))
    fields = {k: v for k, v in fields.items() if k in types}
    files[STANDARD_BIB] = standard_bibtex(fields, types)
    files[CSL_JSON] = csl_json(fields, types)
    themes = {}
    for tag in vocab.THEMES:
        keys = [k for k, tags in zip(df["key"], df["keywords"]) if tag in tags]
        if keys:
            themes[theme_file(tag)] = bibtex(keys, raw, f"Works on the theme '{vocab.label('keywords', tag)}' ({tag})")
    files.update(themes)
    written = {}
    for name, text in files.items():
        target = outdir / name
        data = text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
        written[name] = target
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(themes):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, themes[name])
    target = outdir / THEME_ZIP
    if not target.is_file() or target.read_bytes() != buf.getvalue():
        target.write_bytes(buf.getvalue())
    written[THEME_ZIP] = target
    return written
