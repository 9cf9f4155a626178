"""Clean exports for reference managers, validated by independent tools: biber, pybtex, rispy and citeproc-py."""

from __future__ import annotations

import json
import shutil
import subprocess

import pybtex.database
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from analysis.literature import bibliography, exports


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return exports.write_all(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def works():
    return bibliography.load()


def biber_warnings(path) -> list[str]:
    biber = shutil.which("biber")
    assert biber, "biber is not installed: apt-get install biber (.ci/run installs it)"
    out = subprocess.run([biber, "--tool", "--validate-datamodel", path.name], cwd=path.parent,
                         capture_output=True, text=True, timeout=300)
    log = out.stdout + out.stderr
    assert out.returncode == 0 and "Datamodel validation complete" in log, log[-2000:]
    return [line for line in log.splitlines() if line.startswith(("WARN", "ERROR"))]


def test_standard_bibtex_fits_the_biblatex_data_model(exported):
    assert biber_warnings(exported[exports.STANDARD_BIB]) == []


def test_the_coded_bibliography_does_not_and_biber_says_so(exported):
    """The validator can fail: the coded file carries fields that biblatex does not know."""
    warnings = biber_warnings(exported[exports.ALL_BIB])
    assert any("summary" in w and "invalid" in w for w in warnings)


def test_standard_bibtex_has_every_work_and_no_coding_field(exported, works):
    data = pybtex.database.parse_file(str(exported[exports.STANDARD_BIB]), bib_format="bibtex")
    assert sorted(data.entries) == sorted(works["key"])
    coding = set(bibliography.CODING_FIELDS) | set(bibliography.FINDING_FIELDS) | {"summary"}
    for key, entry in data.entries.items():
        assert not coding & {f.lower() for f in entry.fields}, key
    edited = [k for k, e in data.entries.items() if e.type == "collection"]
    assert edited and all("editor" in data.entries[k].persons for k in edited)


def test_ris_parses_with_every_work(exported, works):
    entries = rispy.loads(exported[exports.RIS].read_text(encoding="utf-8"))
    assert sorted(e["id"] for e in entries) == sorted(works["key"])
    titles = dict(zip(works["key"], works["title"]))
    assert all(e["title"] == titles[e["id"]] for e in entries)


def test_csl_json_renders_in_a_citation_style(exported, works):
    items = json.loads(exported[exports.CSL_JSON].read_text(encoding="utf-8"))
    assert sorted(i["id"] for i in items) == sorted(works["key"])
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    bib.register(Citation([CitationItem(i["id"]) for i in items]))
    rendered = [str(b) for b in bib.bibliography()]
    assert len(rendered) == len(items) and all(rendered)
    dialogic = next(i for i in items if i["id"] == "dialogic2020eindevaluatie")
    assert dialogic["type"] == "report" and dialogic["author"][0] == {"literal": "Dialogic"}


@pytest.mark.parametrize("name, expected", [("Morgan, Kevin", {"family": "Morgan", "given": "Kevin"}),
                                            ("{Raad voor het Openbaar Bestuur}", {"literal": "Raad voor het Openbaar Bestuur"}),
                                            ("Bjørn T. Asheim", {"family": "Asheim", "given": "Bjørn T."})])
def test_csl_names(name, expected):
    assert exports.csl_name(name) == expected
