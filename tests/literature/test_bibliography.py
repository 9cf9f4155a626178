"""Loading and validating the bibliography: each bad input is named with its place; the real file loads."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import ROOT
from analysis.literature import bibliography, vocab
from analysis.literature.bibliography import BibliographyError

FIX = Path(__file__).parents[1] / "fixtures" / "bib"


def problems(bib: str, ledger: str = "good.csv") -> list[str]:
    """The problem lines that loading a fixture raises (fails the test if it loads cleanly)."""
    with pytest.raises(BibliographyError) as err:
        bibliography.load(FIX / bib, FIX / ledger)
    lines = [str(p) for p in err.value.problems]
    assert str(err.value).count("\n  - ") == len(lines), "the message lists every problem"
    return lines


def one(lines: list[str], *needles: str) -> str:
    """The single problem line that contains all ``needles``."""
    hits = [line for line in lines if all(n in line for n in needles)]
    assert len(hits) == 1, f"expected one problem with {needles}, got {hits} among {lines}"
    return hits[0]


# ---- a good fixture ------------------------------------------------------------------------

def test_good_fixture_loads_into_a_tidy_frame():
    df = bibliography.load(FIX / "good.bib", FIX / "good.csv").set_index("key")
    assert list(df.index) == ["asheim2002regional", "morgan1997learning", "oecd2007higher"]
    m = df.loc["morgan1997learning"]
    assert m.citation == "Morgan (1997)" and m.year == 1997 and m.status == "yes"
    assert m.mechanisms == ["knowledge-transfer", "network-formation"]
    assert m.geography == ["GB", "EU"]
    assert df.loc["oecd2007higher", "citation"] == "OECD (2007)"
    assert df.loc["oecd2007higher", "status"] == "partial"
    assert df.loc["asheim2002regional", "citation"] == "Asheim et al. (2002)"
    assert df.loc["asheim2002regional", "title"] == "Regional Innovation & Learning"
    # empty coding fields are empty lists, not errors
    assert df.loc["asheim2002regional", "conditions"] == [] and df.loc["asheim2002regional", "summary"] == ""


def test_citation_labels():
    assert bibliography.citation_label(["Ansell, Chris", "Gash, Alison"], 2008) == "Ansell and Gash (2008)"
    assert bibliography.citation_label(["Kevin Morgan"], 1997) == "Morgan (1997)"
    assert bibliography.citation_label(["{World Economic Forum}"], 2023) == "World Economic Forum (2023)"
    assert bibliography.split_names("{Raad voor X and Y} and Smith, Al") == ["{Raad voor X and Y}", "Smith, Al"]


# ---- each bad input ------------------------------------------------------------------------

def test_unbalanced_brace_names_the_file_line_and_entry():
    line = one(problems("unbalanced.bib"), "unbalanced brace")
    assert line.startswith("tests/fixtures/bib/unbalanced.bib:8 (oecd2007higher)")
    assert "every { has its }" in line


def test_duplicate_key_names_both_lines():
    line = one(problems("duplicate.bib"), "duplicate key")
    assert line.startswith("tests/fixtures/bib/duplicate.bib:15 (morgan1997learning)")
    assert "first on line 1" in line


def test_missing_required_field_names_the_field_and_type():
    line = one(problems("bad_fields.bib"), "required field")
    assert "bad_fields.bib:1 (morgan1997learning)" in line and "@article" in line and "'journal'" in line


def test_malformed_doi():
    line = one(problems("bad_fields.bib"), "malformed DOI")
    assert "(morgan1997learning)" in line and "https://doi.org/10.1080" in line and "bare DOI" in line


def test_year_out_of_range():
    line = one(problems("bad_fields.bib"), "year '1850'")
    assert "bad_fields.bib:8 (oecd2007higher)" in line and "out of range" in line


@pytest.mark.parametrize("field, bad, good", [
    ("keywords", "triple-helx", "triple-helix"),
    ("mechanisms", "knowledge transfer", "knowledge-transfer"),
    ("actors", "goverment", "government"),
])
def test_term_outside_the_vocabulary_suggests_the_nearest(field, bad, good):
    line = one(problems("bad_fields.bib"), f"{field} term '{bad}'")
    assert "bad_fields.bib:15 (asheim2002regional)" in line
    assert f"did you mean '{good}'?" in line


def test_geography_must_be_upper_case_codes():
    lines = problems("bad_fields.bib")
    assert "did you mean 'NL'?" in one(lines, "geography 'nl'")
    assert "EU or OECD" in one(lines, "geography 'Europe'")


def test_misspelt_coding_field_is_caught():
    assert "rename it to 'mechanisms'" in one(problems("bad_fields.bib"), "field 'mechanism'")


def test_all_problems_are_reported_at_once():
    assert len(problems("bad_fields.bib")) == 9


def test_key_must_be_an_anchor():
    line = one(problems("bad_key.bib", "bad_key.csv"), "Morgan_1997")
    assert "lower-case letters and digits" in line and "'morgan1997'" in line


def test_entry_without_ledger_row():
    line = one(problems("ledger_mismatch.bib", "ledger_mismatch.csv"), "no row in the verification ledger")
    assert line.startswith("tests/fixtures/bib/ledger_mismatch.bib:8 (unlisted2010book)")


def test_ledger_row_without_entry():
    line = one(problems("ledger_mismatch.bib", "ledger_mismatch.csv"), "(missing2003entry)")
    assert line.startswith("tests/fixtures/bib/ledger_mismatch.csv:4") and "has no entry" in line


def test_unverified_work_must_not_be_cited():
    lines = problems("ledger_mismatch.bib", "ledger_mismatch.csv")
    line = one(lines, "(notfound2001)")
    assert "ledger_mismatch.bib:15" in line and "could not be verified" in line and "ledger_mismatch.csv:3" in line
    assert "verified=no is marked included=yes" in one(lines, "(badflag2004)", "verified=no")


def test_ledger_status_and_inclusion_must_be_known(tmp_path):
    ledger = tmp_path / "ledger.csv"
    text = (FIX / "good.csv").read_text().replace("oecd2007higher,,partial", "oecd2007higher,,maybe")
    ledger.write_text(text)
    assert "use one of yes, partial, no" in one(problems(str(FIX / "good.bib"), str(ledger)), "'maybe'")


def test_the_build_message_is_one_exception_naming_the_count():
    with pytest.raises(BibliographyError, match=r"^9 problem\(s\) in the bibliography"):
        bibliography.load(FIX / "bad_fields.bib", FIX / "good.csv")


def test_a_changed_file_is_revalidated(tmp_path):
    bib, led = tmp_path / "r.bib", tmp_path / "l.csv"
    shutil.copy(FIX / "good.bib", bib)
    shutil.copy(FIX / "good.csv", led)
    shutil.copy(FIX / "searches.csv", tmp_path / "searches.csv")
    assert len(bibliography.load(bib, led)) == 3
    bib.write_text(bib.read_text().replace("{conceptual}", "{conceptul}"))
    with pytest.raises(BibliographyError, match="did you mean 'conceptual'"):
        bibliography.load(bib, led)


# ---- the real bibliography and ledger -------------------------------------------------------

@pytest.fixture(scope="module")
def works():
    return bibliography.load()


def test_real_bibliography_loads_without_problems(works):
    entries, ledger, found = bibliography.validate()
    assert found == []
    assert len(works) == len(entries) > 0
    assert works["key"].is_unique and works["key"].str.fullmatch(r"[a-z0-9]+").all()


def test_ledger_covers_every_work_and_no_unverified_one(works):
    ledger, found = bibliography.read_ledger()
    assert found == []
    included = set(ledger.loc[ledger.included == "yes", "key"])
    assert included == set(works["key"])
    assert ledger.loc[ledger.verified == "no", "included"].eq("no").all()
    assert set(works["status"]) <= {"yes", "partial"}


def test_ledger_keeps_every_row_of_the_shared_ledger_first():
    shared = ROOT.parent / "shared" / "bib" / "VERIFICATION.csv"
    if not shared.is_file():
        pytest.skip("the shared seed ledger is not next to this checkout")
    with shared.open(encoding="utf-8") as fh:
        shared_keys = [r["key"] for r in csv.DictReader(fh)]
    ledger, _ = bibliography.read_ledger()
    assert list(ledger["key"])[:len(shared_keys)] == shared_keys


def test_every_coded_term_is_in_the_vocabulary(works):
    for field, terms in vocab.FIELDS.items():
        used = {t for ts in works[field] for t in ts}
        assert used <= set(terms), (field, used - set(terms))
    assert all(vocab.is_geography(c) for cs in works["geography"] for c in cs)


def test_every_work_has_a_citation_label_and_year(works):
    assert works["citation"].str.fullmatch(r".+ \(\d{4}[a-z]?\)").all()
    assert works["year"].between(*bibliography.YEAR_RANGE).all()


def test_bench_reports_both_timings():
    result = bibliography.bench(n=50, repeat=1)
    assert result["real_entries"] > 0 and result["synthetic_entries"] == 50
    assert result["real_seconds"] > 0 and result["synthetic_seconds"] > 0


# ---- findings, screening and the search log -----------------------------------------------------

STUDY = """@article{smith2020study,
  author = {Smith, Ann},
  title = {{A Study of Twente}},
  journal = {Journal},
  year = {2020},
  keywords = {human-capital},
  studytype = {evaluation},
  conditions = {trust},
  outcomes = {employment},
  finding = {positive},
  design = {3},
  finding_note = {Employment rose.},
  intervention = {sector-training},
  tests = {trust: measured},
  bias = {some-concerns},
  bias_reason = {selection},
  effect = {+5\\% earnings after two years},
  cost = {not reported},
  lessons = {Employers were involved from the start.},
  places = {PV20, CR36},
  summary = {Evaluates a programme.}
}
"""
LEDGER_ROW = "smith2020study,,yes,publisher page,authors;year,,yes,abstract,included,,S1\n"
SEARCH_ROW = "S1,2026-12-03,search:pages,a query,8,1\n"


def write_case(tmp_path, bib=STUDY, row=LEDGER_ROW, search=SEARCH_ROW):
    (tmp_path / "r.bib").write_text(bib, encoding="utf-8")
    (tmp_path / "l.csv").write_text(",".join(bibliography.LEDGER_COLUMNS) + "\n" + row, encoding="utf-8")
    (tmp_path / "searches.csv").write_text(",".join(bibliography.SEARCH_COLUMNS) + "\n" + search, encoding="utf-8")
    return tmp_path / "r.bib", tmp_path / "l.csv"


def test_a_coded_study_loads_with_its_finding(tmp_path):
    df = bibliography.load(*write_case(tmp_path))
    row = df.iloc[0]
    assert (row["finding"], row["design"], row["places"], row["read"]) == ("positive", 3, ["PV20", "CR36"], "abstract")
    assert (row["intervention"], row["tests"], row["bias"], row["bias_reason"]) == (
        ["sector-training"], {"trust": "measured"}, "some-concerns", "selection")
    assert row["effect"] == "+5% earnings after two years" and row["title"] == "A Study of Twente"


@pytest.mark.parametrize("change, message", [
    (("  intervention = {sector-training},\n", ""), "a study that tests an effect has no intervention"),
    (("intervention = {sector-training}", "intervention = {sector-trainig}"), "did you mean 'sector-training'"),
    (("  bias = {some-concerns},\n", ""), "a study that tests an effect has no bias"),
    (("bias = {some-concerns}", "bias = {low}"), "bias 'low' does not fit its reason 'selection'"),
    (("bias_reason = {selection}", "bias_reason = {no-comparison}"), "bias reason 'no-comparison' at design level 3"),
    (("  effect = {+5\\% earnings after two years},\n", ""), "a study that tests an effect has no effect"),
    (("  cost = {not reported},\n", ""), "a study that tests an effect has no cost"),
    (("tests = {trust: measured}", "tests = {}"), "condition 'trust' has no entry in tests"),
    (("tests = {trust: measured}", "tests = {trust: measurd}"), "did you mean 'measured'"),
    (("tests = {trust: measured}", "tests = {trust: measured, leadership: argued}"),
     "tests names 'leadership', which is not among the entry's conditions"),
    (("title = {{A Study of Twente}}", "title = {A Study of Twente}"), "the title's case is not protected"),
])
def test_a_tested_study_without_its_evidence_fields_is_named(tmp_path, change, message):
    bib, led = write_case(tmp_path, bib=STUDY.replace(*change))
    with pytest.raises(BibliographyError, match=re.escape(message)) as err:
        bibliography.load(bib, led)
    assert "r.bib:1 (smith2020study)" in str(err.value)


def test_evidence_fields_on_a_descriptive_work_are_named(tmp_path):
    bib, led = write_case(tmp_path, bib=STUDY.replace("finding = {positive}", "finding = {descriptive}"))
    with pytest.raises(BibliographyError, match="coded on a work that tests no effect"):
        bibliography.load(bib, led)


def test_two_entries_for_one_work_are_named(tmp_path):
    second = STUDY.replace("smith2020study", "smith2020same").replace("A Study of Twente", "A study of twente")
    bib, led = write_case(tmp_path, bib=STUDY + "\n" + second,
                         row=LEDGER_ROW + LEDGER_ROW.replace("smith2020study", "smith2020same"))
    with pytest.raises(BibliographyError, match=r"the same work as smith2020study .*same title and year"):
        bibliography.load(bib, led)


def test_latex_accents_are_decoded_and_labels_disambiguated():
    assert bibliography.clean(r"M{\"u}hlemann, Rodr\'iguez and Platform B{\`e}ta: 50% -- 60\%") == \
        "Mühlemann, Rodríguez and Platform Bèta: 50% – 60%"
    df = pd.DataFrame({"citation": ["Romme (2022)", "Romme (2022)", "Morgan (1997)"],
                       "title": ["Succes", "Against", "Learning"]})
    assert list(bibliography.disambiguate(df)) == ["Romme (2022b)", "Romme (2022a)", "Morgan (1997)"]


def test_no_rendered_text_of_the_bibliography_holds_latex(works):
    fields = ["citation", "title", "venue", "summary", "finding_note", "effect", "cost", "lessons"]
    text = works[fields].astype(str).agg(" ".join, axis=1)
    authors = works["authors"].map(" ".join)
    assert not (text + authors).str.contains(r"\\|\{|\}", regex=True).any()
    assert not works["citation"].duplicated().any()


@pytest.mark.parametrize("change, message", [
    (("finding = {positive}", "finding = {positiv}"), "did you mean 'positive'"),
    (("  finding = {positive},\n", ""), "a evaluation work has no finding"),
    (("design = {3}", "design = {7}"), "design level '7' is outside 0-5"),
    (("places = {PV20, CR36}", "places = {PV20, XX99}"), "places code 'XX99' is not a CBS 2023 region code"),
    (("outcomes = {employment}", "outcomes = {employmnt}"), "did you mean 'employment'"),
    (("studytype = {evaluation}", "studytype = {conceptual}"), "a finding is coded on a conceptual work"),
])
def test_bad_findings_stop_with_the_entry_named(tmp_path, change, message):
    bib, led = write_case(tmp_path, bib=STUDY.replace(*change))
    with pytest.raises(BibliographyError, match=re.escape(message)) as err:
        bibliography.load(bib, led)
    assert "r.bib:1 (smith2020study)" in str(err.value)


@pytest.mark.parametrize("row, search, message", [
    ("smith2020study,,yes,page,authors,,no,,excluded,,S1\n", SEARCH_ROW, "an excluded record has no reason"),
    ("smith2020study,,yes,page,authors,,no,,excluded,offtopic,S1\n", SEARCH_ROW, "did you mean 'off-topic'"),
    (LEDGER_ROW.replace(",S1", ",S9"), SEARCH_ROW, "search_id 'S9' is not in"),
    (LEDGER_ROW.replace(",abstract,", ",,"), SEARCH_ROW, "does not say what was read"),
    (LEDGER_ROW, "S1,,search:pages,a query,8,1\n", "date '' is not a date"),
    (LEDGER_ROW, "S1,2026-12-03,,a query,8,1\n", "the search has no source"),
])
def test_bad_screening_or_search_rows_are_named(tmp_path, row, search, message):
    bib, led = write_case(tmp_path, row=row, search=search)
    with pytest.raises(BibliographyError, match=re.escape(message)):
        bibliography.load(bib, led)


def test_every_citation_in_the_chapters_is_a_confirmed_work():
    from analysis.book.toc import toc_files

    pages = {f"{f}.md": (ROOT / f"{f}.md").read_text(encoding="utf-8") for f in toc_files()}
    assert bibliography.check_citations(pages) == []


def test_citing_an_unconfirmed_or_excluded_work_is_named(tmp_path):
    ledger = tmp_path / "l.csv"
    ledger.write_text(",".join(bibliography.LEDGER_COLUMNS) + "\n"
                      "gone2001work,,no,,,,no,,excluded,no-record-found,S1\n"
                      "held2002work,,yes,page,authors,,no,,excluded,reserve,S1\n", encoding="utf-8")
    problems = bibliography.check_citations({"book/x.md": "Intro.\nAs shown {cite:p}`gone2001work,held2002work`.\n"},
                                            ledger)
    assert [str(p).split(":", 2)[:2] for p in problems] == [["book/x.md", "2 (gone2001work)"],
                                                            ["book/x.md", "2 (held2002work)"]]
    assert "not confirmed" in str(problems[0]) and "excluded" in str(problems[1])
