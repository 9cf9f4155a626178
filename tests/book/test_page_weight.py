"""Page weight of the built book stays within budget: pages ≤ 1.5 MB, interactive maps ≤ 300 kB.

A page's weight is its HTML plus the files only it loads; the theme's shared
assets are counted once, on their own (see :mod:`analysis.book.weight`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.book import weight
from analysis.book.toc import toc_files

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def book_weight(built_book: Path) -> weight.BookWeight:
    return weight.measure(built_book)


def test_every_toc_page_is_weighed(book_weight):
    weighed = {p.page for p in book_weight.pages}
    missing = [f"{f}.html" for f in toc_files() if f"{f}.html" not in weighed]
    assert not missing, f"pages of _toc.yml that the weight report misses: {missing}"


def test_no_page_or_map_is_over_budget(book_weight, capsys):
    with capsys.disabled():
        print("\n" + book_weight.markdown())
    problems = book_weight.over_budget()
    assert not problems, "over the page-weight budget:\n" + "\n".join(problems)


def test_the_report_names_a_page_and_its_largest_parts(tmp_path):
    """The budget check fails on a heavy page and a heavy map and names both and their parts."""
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "theme.js").write_text("x" * 100)
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "huge.png").write_bytes(b"\0" * 1_600_000)
    (tmp_path / "light.html").write_text('<script src="_static/theme.js"></script><p>light</p>')
    srcdoc = "&lt;script src=&quot;https://unpkg.com/leaflet.js&quot;&gt;&lt;/script&gt;" + "L" * 400_000
    (tmp_path / "heavy.html").write_text(
        '<script src="_static/theme.js"></script><img src="_images/huge.png" alt="a huge figure">'
        f'<iframe srcdoc="{srcdoc}"></iframe>'
    )
    book = weight.measure(tmp_path)
    assert book.shared == {"_static/theme.js": 100}
    problems = book.over_budget()
    assert len(problems) == 2, problems
    page_problem, map_problem = problems
    assert "heavy.html" in page_problem and "_images/huge.png" in page_problem
    assert "interactive map" in map_problem and "heavy.html" in map_problem and "map markup" in map_problem
    assert "light.html" not in "".join(problems)


def test_css_fonts_count_only_the_first_format():
    css = "@font-face{font-family:x;src:url(a.woff2) format('woff2'),url(a.ttf) format('truetype')}" \
          ".b{background:url('b.png')}@import \"c.css\";"
    assert weight.css_urls(css) == ["a.woff2", "b.png", "c.css"]
