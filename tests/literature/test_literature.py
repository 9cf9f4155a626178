"""Review tables, gap map, figures and exports: every work appears, counts add up, keys resolve."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from analysis.literature import bibliography, exports, tables, vocab
from analysis.literature.bibliography import BibliographyError

FIX = Path(__file__).parents[1] / "fixtures" / "bib"


@pytest.fixture(scope="module")
def works():
    return bibliography.load()


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return exports.write_all(tmp_path_factory.mktemp("downloads"))


def keys_linked(cells) -> list[str]:
    return [k for cell in cells for k in re.findall(r'href="bibliography\.html#cite-([a-z0-9]+)"', cell)]


# ---- tables ----------------------------------------------------------------------------------

def test_the_full_table_has_every_work_once_linked_to_its_entry(works):
    table = tables.works_table(works)
    assert sorted(keys_linked(table["Work"])) == sorted(works["key"])
    first = table.loc["morgan1997learning"]
    assert first["Work"] == '<a class="lr-work" href="bibliography.html#cite-morgan1997learning">Morgan (1997)</a>'
    assert "doi.org/10.1080/00343409750132289" in first["Title and summary"]


def test_empty_coding_fields_show_as_not_coded(works):
    table = tables.works_table(works)
    no_phase = works.loc[works["phase"].map(len) == 0, "key"]
    assert len(no_phase) > 0
    assert all("phase" in table.loc[k, "Coding"].split(tables.NOT_CODED)[-1] for k in no_phase)
    fixture = bibliography.load(FIX / "good.bib", FIX / "good.csv")
    bare = tables.works_table(fixture).loc["asheim2002regional"]
    assert bare["Study type"] == tables.NOT_CODED and bare["Themes"] == tables.NOT_CODED
    assert "Summary not coded" in bare["Title and summary"]


@pytest.mark.parametrize("field", ["keywords", "mechanisms", "actors", "phase", "studytype", "conditions"])
def test_review_table_rows_add_up(works, field):
    table = tables.review_table(field, df=works)
    expected = sum(max(1, len(terms)) for terms in works[field])
    assert len(table) == expected
    assert set(keys_linked(table["Work"])) == set(works["key"])
    labels = set(table[tables.FIELD_LABELS[field]])
    assert labels <= {vocab.label(field, t) for t in vocab.FIELDS[field]} | {tables.NOT_CODED}


def test_theme_table_holds_exactly_the_tagged_works(works):
    for tag in vocab.THEMES:
        table = tables.theme_table(tag, works)
        tagged = set(works.loc[works["keywords"].map(lambda t: tag in t), "key"])
        assert set(keys_linked(table["Work"])) == tagged, tag


def test_review_table_rejects_unknown_names():
    with pytest.raises(KeyError, match="did not|use one of"):
        tables.review_table("keywords", "triple-helx")
    with pytest.raises(KeyError, match="unknown coding field"):
        tables.review_table("colour")


def test_counts_add_up(works):
    for field in ("mechanisms", "studytype", "conditions"):
        c = tables.counts(field, works)
        assert c[tables.NOT_CODED] == (works[field].map(len) == 0).sum()
        assert c.drop(tables.NOT_CODED).sum() == works[field].map(len).sum()
    cov = tables.coverage(works).set_index("Field")
    assert (cov["Coded"] + cov["Not coded"] == len(works)).all()


def test_interactive_table_loads_datatables_from_the_book(works):
    html = tables.interactive(tables.works_table(works))._repr_html_()
    assert "../_static/dt_bundle.js" in html and "../_static/dt_bundle.css" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert "cite-morgan1997learning" in html


def test_interactive_table_also_carries_a_static_table_for_paper(works):
    from markdown_it import MarkdownIt

    table = tables.works_table(works)
    bundle = tables.interactive(table, caption="All works")._repr_mimebundle_()
    assert "dt_bundle.js" in bundle["text/html"] and "dt_bundle.js" not in bundle["text/markdown"]
    static = BeautifulSoup(bundle["text/markdown"], "html.parser")
    assert static.find("caption").get_text() == "All works"
    assert len(static.select("tbody tr")) == min(len(table), tables.STATIC_ROWS)
    assert len(table) > tables.STATIC_ROWS and f"The first {tables.STATIC_ROWS} of {len(table)} rows" in static.get_text()
    # one raw HTML block for Markdown: nothing of the table is read as Markdown text or code
    assert [t.type for t in MarkdownIt("commonmark").parse(bundle["text/markdown"])] == ["html_block"]


# ---- gap map, timeline, co-occurrence ----------------------------------------------------------

def test_gap_matrix_counts_pairs(works):
    m = tables.gap_matrix(works)
    assert list(m.index) == list(vocab.CONDITIONS) and list(m.columns) == list(vocab.MECHANISMS)
    assert m.to_numpy().sum() == sum(len(c) * len(k) for c, k in zip(works["conditions"], works["mechanisms"]))
    comp = tables.gap_composition(works)
    per_cell = comp.groupby(["row", "col"])["works"].sum()
    for (r, c), n in per_cell.items():
        # a work counts once per study type it has; with one type per work the sums match
        assert n >= m.loc[r, c]


def test_gap_matrix_on_a_fixture():
    df = bibliography.load(FIX / "good.bib", FIX / "good.csv")
    m = tables.gap_matrix(df)
    assert m.loc["trust", "knowledge-transfer"] == 1 and m.loc["trust", "network-formation"] == 1
    assert m.to_numpy().sum() == 2


def test_gap_table_totals(works):
    t = tables.gap_table(works)
    total = t["All works with this condition"]
    assert (total.to_numpy() == tables.counts("conditions", works).drop(tables.NOT_CODED).to_numpy()).all()
    assert len(t) == len(vocab.CONDITIONS)


def test_timeline_and_cooccurrence_add_up(works):
    tl = tables.timeline_matrix(works)
    assert tl.to_numpy().sum() == works["keywords"].map(len).sum()
    co = tables.cooccurrence(works)
    assert (co.to_numpy() == co.to_numpy().T).all()
    for tag in vocab.THEMES:
        assert co.loc[tag, tag] == works["keywords"].map(lambda t: tag in t).sum()


def test_figures_are_drawn(works):
    for fig in (tables.gap_map(works), tables.timeline(works), tables.cooccurrence_figure(works),
                tables.prisma_figure()):
        assert isinstance(fig, Figure) and fig.axes


def test_ledger_flow_adds_up():
    c = tables.ledger_counts()
    assert c["identified"] == c["search_records"] + c["seed"] + c["leads"]
    assert c["not_kept"] == c["search_records"] - c["search_kept"] >= 0
    assert c["assessed"] == c["screened"] - c["duplicates"]
    excluded = sum(v for k, v in c.items() if k.startswith("excluded_") and k != "excluded_other")
    assert excluded + c["included"] == c["screened"]
    assert c["included"] == c["included_yes"] + c["included_partial"] == len(bibliography.load())
    table = tables.ledger_table()
    assert table.loc["total", "total"] == c["screened"]


def test_coding_scheme_is_generated_from_the_vocabulary():
    for field, terms in vocab.FIELDS.items():
        table = tables.coding_scheme(field)
        assert list(table["Term"]) == list(terms)


# ---- exports ---------------------------------------------------------------------------------

def test_synthesis_csv_has_every_work_and_resolving_keys(works, exported):
    rows = list(csv.DictReader(exported[exports.SYNTHESIS].open(encoding="utf-8")))
    assert sorted(r["key"] for r in rows) == sorted(works["key"])
    assert all(r["bibliography_anchor"] == f"cite-{r['key']}" for r in rows)
    morgan = next(r for r in rows if r["key"] == "morgan1997learning")
    assert morgan["mechanisms"] == "knowledge-transfer; network-formation" and morgan["year"] == "1997"


def test_bibtex_exports_parse_and_keys_resolve(works, exported):
    keys = set(works["key"])
    whole = bibtexparser.parse_file(str(exported[exports.ALL_BIB]))
    assert not whole.failed_blocks and {e.key for e in whole.entries} == keys
    for tag in vocab.THEMES:
        name = exports.theme_file(tag)
        tagged = set(works.loc[works["keywords"].map(lambda t: tag in t), "key"])
        if not tagged:
            assert name not in exported
            continue
        lib = bibtexparser.parse_file(str(exported[name]))
        assert {e.key for e in lib.entries} == tagged, tag
    with zipfile.ZipFile(exported[exports.THEME_ZIP]) as zf:
        assert sorted(zf.namelist()) == sorted(n for n in exported if n.startswith("references-") and n.endswith(".bib"))


def test_ris_has_one_record_per_work(works, exported):
    text = exported[exports.RIS].read_text(encoding="utf-8")
    ids = re.findall(r"^ID  - (\S+)$", text, re.M)
    assert sorted(ids) == sorted(works["key"])
    assert text.count("\nER  - ") + text.startswith("ER  - ") == len(works)
    assert "DO  - 10.1080/00343409750132289" in text


def test_exports_are_deterministic(tmp_path, exported):
    again = exports.write_all(tmp_path)
    for name, path in exported.items():
        assert again[name].read_bytes() == path.read_bytes(), name


def test_theme_links_use_the_download_role(works):
    text = exports.theme_links(works)
    assert "{download}`Triple helix <downloads/references-triple-helix.bib>`" in text


def test_exports_refuse_a_bad_bibliography(tmp_path):
    with pytest.raises(BibliographyError, match="duplicate key"):
        exports.write_all(tmp_path, FIX / "duplicate.bib", FIX / "good.csv")


# ---- the build -------------------------------------------------------------------------------

@pytest.mark.build
def test_a_bad_bibliography_stops_the_build_with_the_message(tmp_path):
    from analysis.book.build import build, copy_repo, log_text

    src = copy_repo(tmp_path / "src", ["book/intro", "book/literature", "book/bibliography"])
    bib = src / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("studytype = {conceptual}", "studytype = {conceptul}", 1),
                   encoding="utf-8")
    result = build(src, tmp_path / "out")
    log = log_text(result)
    assert result.returncode != 0
    assert "studytype term 'conceptul' is not in the vocabulary" in log
    assert "did you mean 'conceptual'?" in log and "references.bib:" in log


@pytest.mark.build
def test_the_literature_pages_and_downloads_are_built(built_book):
    page = (built_book / "book" / "works.html").read_text(encoding="utf-8")
    assert "../_static/dt_bundle.js" in page and (built_book / "_static" / "dt_bundle.js").is_file()
    assert "dt_for_itables" not in page and not re.search(r"https?://[^'\"]*dt_bundle", page)
    works = bibliography.load()
    assert set(works["key"]) <= set(re.findall(r"cite-([a-z0-9]+)", page))
    downloads = {p.name: p for p in (built_book / "_downloads").rglob("*") if p.is_file()}
    for name in (exports.SYNTHESIS, exports.ALL_BIB, exports.RIS, exports.THEME_ZIP):
        assert name in downloads, name
    rows = list(csv.DictReader(io.StringIO(downloads[exports.SYNTHESIS].read_text(encoding="utf-8"))))
    assert len(rows) == len(works)
    methods = (built_book / "book" / "methods.html").read_text(encoding="utf-8")
    assert all(term in methods for term in vocab.CONDITIONS)
