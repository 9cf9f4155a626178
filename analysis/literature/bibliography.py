"""Load and validate the structured bibliography, ``references.bib``.

:func:`load` reads the BibTeX file with bibtexparser 2.x into a tidy
DataFrame (one row per work, coding fields as lists, authors and year
normalised, the ledger's verification status joined in). Before it returns it
validates the file and the verification ledger and raises one
:class:`BibliographyError` that lists **every** problem, each with its file and
line (or key) and what to do.

Run ``python -m analysis.literature.bibliography --bench`` to time loading and validating.
"""

from __future__ import annotations

import csv
import difflib
from collections import Counter
import logging
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bibtexparser
import pandas as pd
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from analysis import ROOT
from analysis.language import MAIN, current, tr
from analysis.literature import vocab

BIB = ROOT / "references.bib"
"""The book's bibliography."""

LEDGER = ROOT / "data" / "literature" / "verification.csv"
"""The verification and screening ledger: one row per record considered, with its status, evidence and decision."""

SEARCHES = ROOT / "data" / "literature" / "searches.csv"
"""The search log: one row per search run."""

PLACES = ROOT / "data" / "regional" / "crosswalk_gemeente_2023_regions.csv"
"""The CBS 2023 region codes a ``places`` term may take (read as a plain list; the data engine is not imported)."""

READ_HOOKS: list = []
"""Callbacks ``hook(path)``, told of each file this module reads (the bibliography, ledger, search log, place codes).
Empty unless the book's build fills it in (to record what each notebook reads); a hook never changes what is read."""


def _notify(path: Path) -> None:
    for hook in READ_HOOKS:
        hook(path)


CODING_FIELDS: tuple[str, ...] = (
    "keywords", "mechanisms", "actors", "phase", "studytype", "scale", "geography", "conditions",
    "outcomes", "programme", "places", "intervention",
)
"""List-valued coding fields, in the order the tables show them (``summary`` is free text)."""

FINDING_FIELDS: tuple[str, ...] = ("finding", "design", "finding_note")
"""Single-valued fields of what a study found."""

EVIDENCE_FIELDS: tuple[str, ...] = ("tests", "bias", "bias_reason", "effect", "cost", "lessons")
"""Fields every study that tests an effect carries besides ``intervention`` (methods appendix: coding scheme)."""

STANDARD_FIELDS = frozenset(
    "author editor title journal booktitle year month volume number pages doi url urldate publisher address "
    "institution school organization type series isbn issn edition note howpublished langid chapter".split())
"""Ordinary BibTeX fields: never mistaken for a misspelt coding field."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inbook": ("author|editor", "title", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "report": ("author", "title", "institution", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": ("author", "title", "year"),
    "online": ("author", "title", "year", "url"),
}
"""Fields each entry type must have; ``a|b`` means either will do."""

LEDGER_COLUMNS = ("key", "doi", "verified", "evidence", "fields_confirmed", "note", "included",
                  "read", "decision", "reason", "search_id")
SEARCH_COLUMNS = ("search_id", "date", "source", "query", "records_seen", "records_kept")
SEED = "seed"
"""``search_id`` of the works of the first edition's seed bibliography, gathered before the search log began."""
LEAD = "lead"
"""``search_id`` of records taken from the list of leads (``shared/bib/candidates.csv``), each checked by a search."""
DECISIONS = ("included", "excluded")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = ("yes", "partial", "no")
YEAR_RANGE = (1900, 2030)
EVIDENCE_FROM = 1990
"""Works published before this year are included only as conceptual works (the origin of a concept)."""
KEY_RE = re.compile(r"^[a-z0-9]+$")
DOI_RE = re.compile(r"^10\.\d{4,9}/[^\s]+$")
LATEX = {r"\&": "&", r"\%": "%", r"\_": "_", r"\ldots": "…", r"\textendash": "–", "---": "—", "--": "–"}
_LATEX_TEXT = LatexNodes2Text(math_mode="verbatim")

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Problem:
    """One problem in the bibliography or the ledger.

    Parameters
    ----------
    where : str
        File and line, e.g. ``references.bib:12 (morgan1997learning)``.
    what : str
        What is wrong.
    fix : str
        What to do about it.
    """

    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} -> {self.fix}"


class BibliographyError(ValueError):
    """The bibliography or its ledger has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the bibliography; fix them and rebuild:\n{lines}")


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def split_list(value: str | None) -> list[str]:
    """Split a comma-separated coding field into stripped, non-empty terms."""
    if not value:
        return []
    return [t.strip() for t in value.split(",") if t.strip()]


def clean(text: str | None) -> str:
    """Plain text of a BibTeX value: LaTeX escapes decoded, braces and extra spaces removed."""
    if not text:
        return ""
    if "\\" in text:  # accents and other macros: decoded by pylatexenc (a bare % is text here, not a comment)
        text = _LATEX_TEXT.latex_to_text(re.sub(r"(?<!\\)%", r"\\%", text))
    for src, dst in LATEX.items():
        text = text.replace(src, dst)
    return " ".join(text.replace("{", "").replace("}", "").replace("\xa0", " ").split())


def parse_tests(value: str | None) -> dict[str, str]:
    """The ``tests`` field, ``{trust: measured, leadership: described}``, as a mapping condition -> how tested."""
    out = {}
    for part in split_list(value):
        cond, _, how = part.partition(":")
        out[cond.strip()] = how.strip()
    return out


def split_names(value: str | None) -> list[str]:
    """Split a BibTeX name list on ``and`` outside braces; keep each name's raw text."""
    if not value:
        return []
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and value[i:i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i + 5
            i += 4
        i += 1
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def family_name(name: str) -> str:
    """Family name of one BibTeX name: ``Last, First`` or ``First Last``; ``{Org}`` kept whole."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):
        return clean(name)
    if "," in name:
        return clean(name.split(",")[0])
    return clean(name).split(" ")[-1]


def citation_label(names: list[str], year: int | str) -> str:
    """Author-year label as the text cites it: ``Morgan (1997)``, ``A and B (2002)``, ``A et al. (2010)``."""
    fam = [family_name(n) for n in names] or ["Anon."]
    if len(fam) == 1:
        who = fam[0]
    elif len(fam) == 2:
        who = f"{fam[0]} and {fam[1]}"
    else:
        who = f"{fam[0]} et al."
    return f"{who} ({year})"


@lru_cache(maxsize=4)
def place_names(path: Path = PLACES) -> dict[str, str]:
    """The name of every CBS 2023 region code a ``places`` term may take (``NL``: Nederland)."""
    names = {"NL": "Nederland"}
    _notify(Path(path))
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for level in ("gm", "corop", "arbeidsmarktregio", "province", "landsdeel"):
                names[row[f"{level}_code"]] = row[f"{level}_name"]
    return names


def place_codes(path: Path = PLACES) -> frozenset[str]:
    """Every CBS 2023 code of a municipality, COROP area, labour-market region, province or landsdeel, and NL."""
    return frozenset(place_names(path))


def split_ids(value: str) -> list[str]:
    """The search ids of a ledger row (``;``-separated: a record may be found by several searches)."""
    return [i.strip() for i in (value or "").split(";") if i.strip()]


def read_searches(path: Path = SEARCHES) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the search log; return it (with a ``line`` column) and its problems."""
    name = _rel(path)
    empty = pd.DataFrame(columns=[*SEARCH_COLUMNS, "line"])
    if not path.is_file():
        return empty, [Problem(name, "the search log is missing",
                               "restore it from git or create it with columns " + ", ".join(SEARCH_COLUMNS))]
    problems: list[Problem] = []
    _notify(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in SEARCH_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return empty, [Problem(f"{name}:1", f"missing column(s) {', '.join(missing)}", "add them to the header row")]
        rows = []
        for row in reader:
            row = {c: (row.get(c) or "").strip() for c in SEARCH_COLUMNS}
            row["line"] = reader.line_num
            rows.append(row)
    seen: set[str] = set()
    for row in rows:
        where = f"{name}:{row['line']} ({row['search_id'] or 'no id'})"
        if not row["search_id"] or row["search_id"] in seen:
            problems.append(Problem(where, "search_id is empty or repeated", "give every search its own id"))
        seen.add(row["search_id"])
        if not DATE_RE.match(row["date"]):
            problems.append(Problem(where, f"date '{row['date']}' is not a date YYYY-MM-DD",
                                    "give the day the search was run"))
        if not row["source"]:
            problems.append(Problem(where, "the search has no source", "name the database or index searched"))
        if not row["query"]:
            problems.append(Problem(where, "the search has no query", "give the query exactly as typed"))
        counts = [row["records_seen"], row["records_kept"]]
        if not all(c.isdigit() for c in counts):
            problems.append(Problem(where, f"records_seen/records_kept '{counts[0]}'/'{counts[1]}' are not counts",
                                    "give whole numbers"))
        elif int(counts[1]) > int(counts[0]):
            problems.append(Problem(where, "more records kept than seen", "check the two counts"))
    return pd.DataFrame(rows, columns=[*SEARCH_COLUMNS, "line"]), problems


def read_ledger(path: Path = LEDGER) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the verification ledger; return it (with a ``line`` column) and its own problems."""
    problems: list[Problem] = []
    name = _rel(path)
    if not path.is_file():
        return pd.DataFrame(columns=[*LEDGER_COLUMNS, "line"]), [
            Problem(name, "the verification ledger is missing", "restore it from git or create it with columns "
                    + ", ".join(LEDGER_COLUMNS))]
    _notify(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in LEDGER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return pd.DataFrame(columns=[*LEDGER_COLUMNS, "line"]), [
                Problem(f"{name}:1", f"missing column(s) {', '.join(missing)}", "add them to the header row")]
        rows = []
        for row in reader:
            row = {c: (row.get(c) or "").strip() for c in LEDGER_COLUMNS}
            row["line"] = reader.line_num
            rows.append(row)
    ledger = pd.DataFrame(rows, columns=[*LEDGER_COLUMNS, "line"])
    seen: dict[str, int] = {}
    for row in rows:
        where = f"{name}:{row['line']} ({row['key']})"
        if row["key"] in seen:
            problems.append(Problem(where, f"duplicate ledger row for '{row['key']}' (first on line {seen[row['key']]})",
                                    "keep one row per work"))
        seen.setdefault(row["key"], row["line"])
        if row["verified"] not in STATUSES:
            problems.append(Problem(where, f"verified is '{row['verified']}'", f"use one of {', '.join(STATUSES)}"))
        if row["included"] not in ("yes", "no"):
            problems.append(Problem(where, f"included is '{row['included']}'", "use yes or no"))
        if row["included"] == "yes" and row["verified"] == "no":
            problems.append(Problem(where, "a work with verified=no is marked included=yes",
                                    "set included=no and remove the entry from references.bib"))
        if row["included"] == "yes" and not row["evidence"]:
            problems.append(Problem(where, "included without evidence", "name the record that confirmed the work"))
        problems += _check_decision(row, where)
    return ledger, problems


def _check_decision(row: dict, where: str) -> list[Problem]:
    """Problems of one ledger row's screening decision."""
    out = []
    reasons = list(vocab.REASONS)
    if row["decision"] not in DECISIONS:
        out.append(Problem(where, f"decision is '{row['decision']}'", "use included or excluded"))
    elif (row["decision"] == "included") != (row["included"] == "yes"):
        out.append(Problem(where, f"decision '{row['decision']}' contradicts included={row['included']}",
                           "make the two agree"))
    if row["decision"] == "excluded" and not row["reason"]:
        out.append(Problem(where, "an excluded record has no reason", f"give one of: {', '.join(reasons)}"))
    elif row["reason"] and row["reason"] not in vocab.REASONS:
        out.append(Problem(where, f"reason '{row['reason']}' is not in the list", _nearest(row["reason"], reasons)))
    elif row["decision"] == "included" and row["reason"]:
        out.append(Problem(where, f"an included work has an exclusion reason '{row['reason']}'", "clear the reason"))
    if row["read"] and row["read"] not in vocab.READ:
        out.append(Problem(where, f"read is '{row['read']}'", _nearest(row["read"], list(vocab.READ))))
    if not row["search_id"]:
        out.append(Problem(where, "the record has no search_id",
                           f"give the id of the search that found it (data/literature/searches.csv) or '{SEED}'"))
    return out


def _nearest(term: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(term.lower(), choices, n=1, cutoff=0.5)
    return f"did you mean '{match[0]}'?" if match else f"use one of: {', '.join(choices)}"


def _check_entry(entry: Entry, where: str) -> list[Problem]:
    """Problems of one entry: key, required fields, DOI, year and controlled vocabularies."""
    problems: list[Problem] = []
    f = {k.lower(): v.value if hasattr(v, "value") else v for k, v in entry.fields_dict.items()}
    if not KEY_RE.match(entry.key):
        problems.append(Problem(where, f"key '{entry.key}' is not lower-case letters and digits only",
                                f"rename it, e.g. '{re.sub('[^a-z0-9]', '', entry.key.lower())}' "
                                "(the key is the bibliography anchor), in the ledger too"))
    required = REQUIRED.get(entry.entry_type.lower())
    if required is None:
        problems.append(Problem(where, f"entry type @{entry.entry_type} is not supported",
                                f"use one of @{', @'.join(REQUIRED)}"))
    else:
        for req in required:
            if not any(str(f.get(alt, "")).strip() for alt in req.split("|")):
                wanted = "' or '".join(req.split("|"))
                problems.append(Problem(where, f"@{entry.entry_type} lacks required field '{wanted}'",
                                        "add it from the record in the ledger, or change the entry type"))
    doi = str(f.get("doi", "")).strip()
    if doi and not DOI_RE.match(doi):
        problems.append(Problem(where, f"malformed DOI '{doi}'",
                                "give the bare DOI '10.xxxx/...' (no https://doi.org/ prefix), or leave it out"))
    year = str(f.get("year", "")).strip()
    if year:
        if not year.isdigit() or not YEAR_RANGE[0] <= int(year) <= YEAR_RANGE[1]:
            problems.append(Problem(where, f"year '{year}' is out of range {YEAR_RANGE[0]}–{YEAR_RANGE[1]}",
                                    "give the four-digit year of publication"))
    for field, terms in vocab.FIELDS.items():
        choices = list(terms)
        for term in split_list(f.get(field)):
            if term not in terms:
                problems.append(Problem(where, f"{field} term '{term}' is not in the vocabulary",
                                        f"{_nearest(term, choices)} (vocabularies: analysis/vocab.py)"))
    problems += _check_findings(f, where)
    problems += _check_evidence(f, where)
    title = str(f.get("title", "")).strip()
    if title and not _protected(title):
        problems.append(Problem(where, "the title's case is not protected",
                                "wrap the whole title in a second pair of braces, title = {{...}}, so that every "
                                "style prints it as the source does"))
    for code in split_list(f.get("geography")):
        if not vocab.is_geography(code):
            problems.append(Problem(where, f"geography '{code}' is not an upper-case ISO country code, EU or OECD",
                                    f"did you mean '{code.upper()}'?" if vocab.is_geography(code.upper())
                                    else "use e.g. NL, DE, GB, EU or OECD"))
    known = set(CODING_FIELDS) | set(FINDING_FIELDS) | set(EVIDENCE_FIELDS) | {"summary"}
    for name in f:
        if name not in known and name not in STANDARD_FIELDS:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
            if close:
                problems.append(Problem(where, f"field '{name}' looks like a misspelt coding field",
                                        f"rename it to '{close[0]}'"))
    return problems


def _protected(value: str) -> bool:
    """True if ``value`` is one brace group, ``{...}`` (a title whose case every style keeps)."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(value):
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and i < len(value) - 1:
            return False
    return True


def _check_evidence(f: dict, where: str) -> list[Problem]:
    """Problems of the evidence fields of a study that tests an effect: intervention, tests, bias, effect, cost."""
    out: list[Problem] = []
    tested = str(f.get("finding", "")).strip() in vocab.TESTED
    present = [k for k in ("intervention", *EVIDENCE_FIELDS) if str(f.get(k, "")).strip()]
    if not tested:
        extra = [k for k in present if k != "intervention"]
        if extra:
            out.append(Problem(where, f"{', '.join(extra)} coded on a work that tests no effect",
                               f"code them only where finding is one of {', '.join(vocab.TESTED)}"))
        return out
    if not split_list(f.get("intervention")):
        out.append(Problem(where, "a study that tests an effect has no intervention",
                           "code the lever it varied or the exposure it studied, from vocab.INTERVENTIONS"))
    for name in ("bias", "bias_reason", "effect", "cost", "lessons"):
        if not clean(f.get(name)):
            hint = {"effect": f"give the headline effect as reported, or '{vocab.NOT_REPORTED}'",
                    "cost": f"give the cost as reported, or '{vocab.NOT_REPORTED}'",
                    "lessons": f"say how it worked or why not, as the study reports it, or '{vocab.NOT_REPORTED}'"}
            out.append(Problem(where, f"a study that tests an effect has no {name}",
                               hint[name] if name in hint else f"use one of {', '.join(vocab.SINGLE[name])}"))
    bias, reason = str(f.get("bias", "")).strip(), str(f.get("bias_reason", "")).strip()
    for name, value in (("bias", bias), ("bias_reason", reason)):
        if value and value not in vocab.SINGLE[name]:
            out.append(Problem(where, f"{name} '{value}' is not in the vocabulary",
                               f"{_nearest(value, list(vocab.SINGLE[name]))} (vocabularies: analysis/literature/vocab.py)"))
    if bias and reason and (bias == "low") != (reason == "independent-comparison"):
        out.append(Problem(where, f"bias '{bias}' does not fit its reason '{reason}'",
                           "low risk of bias goes with, and only with, independent-comparison"))
    design = str(f.get("design", "")).strip()
    if bias == "low" and design.isdigit() and int(design) < 3:
        out.append(Problem(where, f"low risk of bias at design level {design}",
                           "a study without a controlled comparison (level 3+) has some concerns or high risk"))
    if reason == "no-comparison" and design.isdigit() and int(design) >= 3:
        out.append(Problem(where, f"bias reason 'no-comparison' at design level {design}",
                           "a level 3+ design has a comparison: give the reason that applies"))
    tests, conds = parse_tests(f.get("tests")), split_list(f.get("conditions"))
    for cond in conds:
        if cond not in tests:
            out.append(Problem(where, f"condition '{cond}' has no entry in tests",
                               f"say how the study bears on it: {cond}: one of {', '.join(vocab.TESTS)}"))
    for cond, how in tests.items():
        if cond not in conds:
            out.append(Problem(where, f"tests names '{cond}', which is not among the entry's conditions",
                               "add it to conditions or remove it from tests"))
        if how not in vocab.TESTS:
            out.append(Problem(where, f"tests value '{how}' for '{cond}' is not in the vocabulary",
                               f"{_nearest(how, list(vocab.TESTS))}"))
    return out


def _check_findings(f: dict, where: str) -> list[Problem]:
    """Problems of what a study found: finding, design, finding_note, places, by study type."""
    out: list[Problem] = []
    types = split_list(f.get("studytype"))
    finding = str(f.get("finding", "")).strip()
    design = str(f.get("design", "")).strip()
    coded = set(types) & set(vocab.FINDING_TYPES)
    empirical = set(types) & set(vocab.EMPIRICAL)
    if finding and finding not in vocab.FINDINGS:
        out.append(Problem(where, f"finding '{finding}' is not in the vocabulary",
                           f"{_nearest(finding, list(vocab.FINDINGS))} (vocabularies: analysis/literature/vocab.py)"))
    if coded and not finding:
        out.append(Problem(where, f"a {'/'.join(sorted(coded))} work has no finding",
                           f"code what it found: one of {', '.join(vocab.FINDINGS)} (from what was read)"))
    if finding and not coded:
        out.append(Problem(where, f"a finding is coded on a {'/'.join(types) or 'uncoded'} work",
                           f"code findings only for study types {', '.join(vocab.FINDING_TYPES)}"))
    if design and not (design.isdigit() and int(design) in vocab.DESIGNS):
        out.append(Problem(where, f"design level '{design}' is outside 0-5",
                           "give a whole number 0-5 on the robustness ladder (methods appendix)"))
    if empirical and not design:
        out.append(Problem(where, "an empirical work has no design level", "give its robustness level 0-5"))
    if empirical and not split_list(f.get("outcomes")):
        out.append(Problem(where, "an empirical work has no outcomes", f"use terms of {', '.join(vocab.OUTCOMES)}"))
    if finding and not clean(f.get("finding_note")):
        out.append(Problem(where, "a coded finding has no finding_note", "say in one sentence what was found"))
    year = str(f.get("year", "")).strip()
    if year.isdigit() and int(year) < EVIDENCE_FROM and set(types) - {"conceptual"}:
        out.append(Problem(where, f"a {'/'.join(types)} work from {year}, before {EVIDENCE_FROM}",
                           f"works before {EVIDENCE_FROM} are included only as conceptual works (methods appendix)"))
    known = place_codes()
    for code in split_list(f.get("places")):
        if code not in known:
            close = difflib.get_close_matches(code.upper(), sorted(known), n=1, cutoff=0.6)
            out.append(Problem(where, f"places code '{code}' is not a CBS 2023 region code",
                               (f"did you mean '{close[0]}'? " if close else "")
                               + "use NL, PVxx, CRxx, AMxx, GMxxxx or LDxx (data/regional/crosswalk_gemeente_2023_regions.csv)"))
    return out


def _parse(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Parse ``path``; return its entries and its parse and duplicate-key problems."""
    name = _rel(path)
    if not path.is_file():
        return [], [Problem(name, "the bibliography file is missing", "restore references.bib from git")]
    _notify(path)
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
    problems = []
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            first = library.entries_dict.get(block.key)
            first_line = f" (first on line {first.start_line + 1})" if first is not None else ""
            problems.append(Problem(f"{name}:{line} ({block.key})", f"duplicate key '{block.key}'{first_line}",
                                    "remove the second entry or give it its own key"))
        elif isinstance(block, ParsingFailedBlock):
            head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
            error = block.error
            reason = " ".join(str(getattr(error, "abort_reason", "") or error).split())
            key = re.match(r"@\w+\s*[{(]\s*([^,\s]+)", head)
            where = f"{name}:{line}" + (f" ({key.group(1)})" if key else "")
            if "looking for field-value closing" in reason or "end of file" in reason.lower():
                what = f"unbalanced brace in the block starting '{head}' (the parser ran on into the next entry)"
            else:
                what = f"cannot parse the block starting '{head}'" + (f": {reason}" if reason else "")
            problems.append(Problem(where, what, "check that every { has its } and every field ends with a comma"))
    return library.entries, problems


def validate(path: Path = BIB, ledger_path: Path = LEDGER,
             searches_path: Path | None = None) -> tuple[list[Entry], pd.DataFrame, list[Problem]]:
    """Check the bibliography against its rules, the ledger and the search log; return entries, ledger, problems."""
    entries, problems = _parse(path)
    ledger, ledger_problems = read_ledger(ledger_path)
    problems += ledger_problems
    searches_path = searches_path or Path(ledger_path).with_name(SEARCHES.name)
    searches, search_problems = read_searches(searches_path)
    problems += search_problems
    ids = set(searches["search_id"]) | {SEED, LEAD}
    cited = Counter(i for row in ledger.itertuples(index=False) for i in split_ids(row.search_id))
    for row in searches.itertuples(index=False):
        if str(row.records_kept).isdigit() and int(row.records_kept) < cited.get(row.search_id, 0):
            problems.append(Problem(f"{_rel(searches_path)}:{row.line} ({row.search_id})",
                                    f"{cited[row.search_id]} ledger rows cite this search, which kept {row.records_kept}",
                                    "give the number of records the search kept for screening"))
    for row in ledger.itertuples(index=False):
        unknown = [i for i in split_ids(row.search_id) if i not in ids]
        if unknown:
            problems.append(Problem(f"{_rel(ledger_path)}:{row.line} ({row.key})",
                                    f"search_id '{', '.join(unknown)}' is not in {_rel(searches_path)}",
                                    "log the search, or correct the id"))
    name, lname = _rel(path), _rel(ledger_path)
    rows = {r.key: r for r in ledger.itertuples(index=False)}
    keys = set()
    problems += _check_duplicates(entries, name)
    for entry in entries:
        where = f"{name}:{entry.start_line + 1} ({entry.key})"
        keys.add(entry.key)
        problems += _check_entry(entry, where)
        row = rows.get(entry.key)
        if row is None:
            problems.append(Problem(where, "entry has no row in the verification ledger",
                                    f"add a row to {lname} naming the record that confirmed it, or remove the entry"))
        elif row.verified == "no":
            problems.append(Problem(where, f"the ledger ({lname}:{row.line}) says this work could not be verified",
                                    "remove the entry: unverified works must not be cited"))
        elif row.included != "yes":
            problems.append(Problem(where, f"the ledger ({lname}:{row.line}) marks this work included=no",
                                    "set included=yes in the ledger, or remove the entry"))
        elif _value(entry, "finding") and row.read not in vocab.READ:
            problems.append(Problem(where, f"a finding is coded but the ledger ({lname}:{row.line}) does not say "
                                    "what was read", f"set read to one of {', '.join(vocab.READ)}"))
    for row in ledger.itertuples(index=False):
        if row.included == "yes" and row.key not in keys:
            problems.append(Problem(f"{lname}:{row.line} ({row.key})", "ledger row marked included=yes has no entry",
                                    f"add the entry to {name} or set included=no"))
    return entries, ledger, problems


def _work_id(entry: Entry) -> tuple[str, str]:
    """The DOI and the normalised title + year of an entry, by which one work is recognised twice."""
    title = re.sub(r"[^a-z0-9]+", " ", clean(_value(entry, "title")).lower()).strip()
    return _value(entry, "doi").lower(), f"{title} ({_value(entry, 'year')})"


def _check_duplicates(entries: list[Entry], name: str) -> list[Problem]:
    """Problems of two entries for one work: the same DOI, or the same title and year."""
    out: list[Problem] = []
    seen: dict[str, Entry] = {}
    for entry in entries:
        doi, title = _work_id(entry)
        for ident in (f"DOI {doi}" if doi else "", f"title and year '{title}'"):
            if not ident:
                continue
            first = seen.setdefault(ident, entry)
            if first is not entry:
                out.append(Problem(f"{name}:{entry.start_line + 1} ({entry.key})",
                                   f"the same work as {first.key} (line {first.start_line + 1}): same {ident}",
                                   "keep one entry, cite its key everywhere, and mark the other duplicate in the ledger"))
    return out


CITE_RE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
"""A MyST citation role, ``{cite:p}`a,b` ``; its keys are comma-separated."""


def check_citations(pages: dict[str, str], ledger_path: Path = LEDGER) -> list[Problem]:
    """Problems with the works that the pages cite: every key must be a work the ledger marks included and confirmed.

    ``pages`` maps a page's name (e.g. ``book/why-region.md``) to its text.
    """
    ledger, problems = read_ledger(ledger_path)
    rows = {r.key: r for r in ledger.itertuples(index=False)}
    for name, text in pages.items():
        for lineno, line in enumerate(text.splitlines(), 1):
            for m in CITE_RE.finditer(line):
                for key in (k.strip() for k in m.group(1).split(",")):
                    row = rows.get(key)
                    where = f"{name}:{lineno} ({key})"
                    if row is None:
                        problems.append(Problem(where, "the page cites a work that is not in the ledger",
                                                "add and verify the work, or remove the citation"))
                    elif row.verified == "no" or row.decision != "included":
                        problems.append(Problem(where, f"the page cites a work the ledger marks "
                                                f"{'not confirmed' if row.verified == 'no' else 'excluded'} "
                                                f"({_rel(ledger_path)}:{row.line}: {row.reason or row.verified})",
                                                "remove the citation, or confirm the work and include it"))
    return problems


def _value(entry: Entry, field: str) -> str:
    f = entry.fields_dict.get(field)
    return str(f.value).strip() if f is not None else ""


def _row(entry: Entry, status: str) -> dict:
    f = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    authors = split_names(f.get("author")) or split_names(f.get("editor"))
    year = int(f["year"]) if str(f.get("year", "")).isdigit() else None
    row = {
        "key": entry.key,
        "type": entry.entry_type.lower(),
        "citation": citation_label(authors, year if year is not None else "n.d."),
        "authors": [clean(a) for a in authors],
        "year": year,
        "title": clean(f.get("title")),
        "venue": clean(f.get("journal") or f.get("booktitle") or f.get("publisher") or f.get("institution")
                       or f.get("howpublished")),
        "doi": f.get("doi", "").strip(),
        "url": f.get("url", "").strip(),
    }
    for field in CODING_FIELDS:
        row[field] = split_list(f.get(field))
    row["summary"] = clean(f.get("summary"))
    row["finding"] = f.get("finding", "").strip()
    design = f.get("design", "").strip()
    row["design"] = int(design) if design.isdigit() else None
    row["finding_note"] = clean(f.get("finding_note"))
    row["tests"] = parse_tests(f.get("tests"))
    for field in ("bias", "bias_reason"):
        row[field] = f.get(field, "").strip()
    for field in ("effect", "cost", "lessons"):
        row[field] = clean(f.get(field))
    row["status"] = status
    row["line"] = entry.start_line + 1
    return row


_CACHE: dict[tuple, pd.DataFrame] = {}


def load(path: Path = BIB, ledger_path: Path = LEDGER) -> pd.DataFrame:
    """Load and validate the bibliography into a tidy DataFrame, one row per work.

    Parameters
    ----------
    path, ledger_path : Path
        The BibTeX file and its verification ledger.

    Returns
    -------
    pandas.DataFrame
        Columns ``key, type, citation, authors, year, title, venue, doi, url``, the list-valued
        coding fields (empty list where not coded), ``summary``, the ledger ``status`` and the
        entry's ``line``; ordered by key.

    Raises
    ------
    BibliographyError
        Listing every problem found, each with its file and line or key.
    """
    path, ledger_path = Path(path), Path(ledger_path)
    stamp = tuple((p.resolve(), p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else (p, None, None)
                  for p in (path, ledger_path, Path(ledger_path).with_name(SEARCHES.name)))
    if stamp in _CACHE:
        return _CACHE[stamp].copy()
    entries, ledger, problems = validate(path, ledger_path)
    if problems:
        raise BibliographyError(problems)
    status = dict(zip(ledger["key"], ledger["verified"]))
    df = pd.DataFrame([_row(e, status[e.key]) for e in entries])
    df = df.sort_values("key", kind="stable").reset_index(drop=True)
    df["citation"] = disambiguate(df)
    df["year"] = df["year"].astype("Int64")
    df["design"] = df["design"].astype("Int64")
    df["read"] = df["key"].map(dict(zip(ledger["key"], ledger["read"])))
    _CACHE[stamp] = df
    return df.copy()


TEXTS = ("summary", "finding_note", "effect", "cost", "lessons")
"""The coded fields written as prose: the Dutch edition reads them from the catalog ``references.po``."""


def messages(df: pd.DataFrame) -> list[tuple[str, str]]:
    """The prose of the coding, to translate: ``(context, English)`` per entry and field of :data:`TEXTS`, with
    the context ``<key> <field>``; the fixed text "not reported" is a label, not a message of its own."""
    return [(f"{row['key']} {field}", row[field]) for row in df.to_dict("records") for field in TEXTS
            if row[field] and row[field] != vocab.NOT_REPORTED]


from_catalog = tr
""":func:`analysis.language.tr` for texts that are not messages of the code (Babel extracts ``tr`` calls only)."""


def coded(key: str, field: str, text: str) -> str:
    """The coded ``text`` of entry ``key``'s ``field`` (see :data:`TEXTS`) in the current language; a text the
    catalog has not translated stays English."""
    if text == vocab.NOT_REPORTED:
        return tr(text)
    return from_catalog(text, context=f"{key} {field}", domain="references")


def in_language(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (from :func:`load`) with the prose of the coding (:data:`TEXTS`) in the current language."""
    if current() == MAIN:
        return df
    out = df.copy()
    for field in TEXTS:
        out[field] = [coded(key, field, text) for key, text in zip(out["key"], out[field])]
    return out


def disambiguate(df: pd.DataFrame) -> pd.Series:
    """Author-year labels with a, b, ... where two works share one (``Romme (2022a)``), ordered by title."""
    labels = df["citation"].copy()
    for label, group in df.groupby("citation"):
        if len(group) < 2:
            continue
        for n, idx in enumerate(group.sort_values("title").index):
            labels[idx] = re.sub(r"\)$", f"{chr(97 + n)})", label)
    return labels


def raw_entries(path: Path = BIB) -> dict[str, str]:
    """The raw BibTeX text of each entry, by key, exactly as written (for exports)."""
    entries, _ = _parse(Path(path))
    return {e.key: e.raw.strip() for e in entries}


def synthetic(n: int) -> str:
    """A valid BibTeX text of ``n`` synthetic, fully coded entries (for benchmarks)."""
    themes, mechs, acts = list(vocab.THEMES), list(vocab.MECHANISMS), list(vocab.ACTORS)
    conds, types = list(vocab.CONDITIONS), list(vocab.STUDY_TYPES)
    outs, finds = list(vocab.OUTCOMES), list(vocab.FINDINGS)
    out = []
    for i in range(n):
        out.append(
            f"@article{{synth{i:05d}x,\n  author = {{Author, Ann and Writer, Bo}},\n  title = {{{{Synthetic work {i}}}}},\n"
            f"  journal = {{Journal of Tests}},\n  year = {{{1990 + i % 35}}},\n  doi = {{10.1234/synth.{i}}},\n"
            f"  keywords = {{{themes[i % len(themes)]}, {themes[(i * 7) % len(themes)]}}},\n"
            f"  mechanisms = {{{mechs[i % 3]}}},\n  actors = {{{acts[i % 5]}, {acts[(i + 2) % 5]}}},\n"
            f"  studytype = {{{types[i % len(types)]}}},\n  scale = {{region}},\n  geography = {{NL}},\n"
            f"  conditions = {{{conds[i % len(conds)]}}},\n"
            + (f"  outcomes = {{{outs[i % len(outs)]}}},\n  finding = {{{finds[i % len(finds)]}}},\n"
               f"  design = {{{i % 6}}},\n  finding_note = {{A synthetic finding.}},\n  places = {{NL, PV20}},\n"
               + (f"  intervention = {{sector-training}},\n  tests = {{{conds[i % len(conds)]}: described}},\n"
                  f"  bias = {{high}},\n  bias_reason = {{confounding}},\n  effect = {{not reported}},\n"
                  f"  cost = {{not reported}},\n  lessons = {{not reported}},\n"
                  if finds[i % len(finds)] in vocab.TESTED else "")
               if types[i % len(types)] in vocab.FINDING_TYPES else "")
            + "  summary = {A synthetic summary.}\n}\n"
        )
    return "\n".join(out)


def bench(n: int = 1000, repeat: int = 3) -> dict[str, float]:
    """Best-of-``repeat`` seconds to load and validate the real file and ``n`` synthetic entries."""
    import tempfile

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            _CACHE.clear()
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    result = {"real_entries": float(len(load())), "real_seconds": best(load)}
    with tempfile.TemporaryDirectory() as tmp:
        bib, led = Path(tmp) / "synthetic.bib", Path(tmp) / "ledger.csv"
        bib.write_text(synthetic(n), encoding="utf-8")
        with led.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(LEDGER_COLUMNS)
            w.writerows([f"synth{i:05d}x", "", "yes", "synthetic", "all", "", "yes", "abstract", "included", "",
                         "S1"] for i in range(n))
        (Path(tmp) / SEARCHES.name).write_text(",".join(SEARCH_COLUMNS) + f"\nS1,2026-12-03,synthetic,test,{n},{n}\n",
                                                encoding="utf-8")
        result["synthetic_entries"] = float(n)
        result["synthetic_seconds"] = best(lambda: load(bib, led))
    return result


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--bench`` times loading; otherwise validate and print a summary or the problems."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m analysis.literature.bibliography", description=main.__doc__)
    parser.add_argument("--bench", action="store_true", help="time loading the real file and synthetic entries")
    parser.add_argument("-n", type=int, default=1000, help="number of synthetic entries for --bench")
    args = parser.parse_args(argv)
    if args.bench:
        r = bench(args.n)
        print(f"references.bib: {int(r['real_entries'])} entries loaded and validated in {r['real_seconds']:.3f} s")
        print(f"synthetic:      {int(r['synthetic_entries'])} entries loaded and validated in {r['synthetic_seconds']:.3f} s")
        return 0
    try:
        df = load()
    except BibliographyError as err:
        print(err)
        return 1
    print(f"{_rel(BIB)}: {len(df)} entries, no problems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
