"""Interactive content works in the browser: filterable tables sort and filter, maps draw and show tooltips.

The tests find what a page holds by its DOM, so every table and map a chapter
adds is checked without touching this file:

* filterable tables: itables / DataTables 2 (``table.dataTable`` inside
  ``.dt-container``, with a search box ``input[type=search]`` and an info line
  ``.dt-info``), as :func:`analysis.literature.tables.interactive` writes them;
* interactive maps: :func:`analysis.regional.maps.interactive`'s ``figure.lr-map``
  (``data-regions`` = number of regions, one ``path.lr-region[data-code]`` per
  region, tooltip ``.lr-tip``), and Leaflet maps (``.leaflet-container`` with
  ``.leaflet-interactive`` shapes and ``.leaflet-tooltip``), also inside frames.
"""

from __future__ import annotations

import re

import pytest
from bookpages import SOURCE_TABLES, TOC_PAGES, has_source_tables, new_visit, page_id, reveal

pytestmark = pytest.mark.browser

TABLE = "table.dataTable"
INFO = re.compile(r"of\s+([\d,.\s]+?)\s+entr(?:y|ies)(?:\s*\(filtered from\s+([\d,.\s]+?)\s+total)?", re.I)


def _wait_for_tables(page) -> int:
    """Wait until every itables table on the page has been turned into a DataTable; return how many."""
    static = page.locator(SOURCE_TABLES).count()
    if static:
        page.wait_for_function(
            f"n => document.querySelectorAll('{TABLE}').length >= n", arg=static, timeout=15_000
        )
    return page.locator(TABLE).count()


def _info(container) -> tuple[int, int]:
    """(rows matching the filter, rows in all) from the DataTables info line."""
    text = container.locator(".dt-info, .dataTables_info").first.inner_text()
    if re.search(r"\b0\s+to\s+0\s+of\s+0\b", text) and "filtered" not in text:
        return 0, 0
    m = INFO.search(text)
    assert m, f"cannot read the table's info line: {text!r}"
    shown = int(re.sub(r"\D", "", m.group(1)))
    total = int(re.sub(r"\D", "", m.group(2))) if m.group(2) else shown
    return shown, total


def _type(page, container, search, text: str) -> None:
    """Type ``text`` into a table's search box and wait until the table has redrawn."""
    info = container.locator(".dt-info, .dataTables_info").first
    before = info.inner_text()
    search.fill(text)
    try:
        page.wait_for_function("([e, b]) => e.innerText !== b", arg=[info.element_handle(), before], timeout=3_000)
    except Exception:
        pass  # the same info line (e.g. a word in every row) is checked by the caller


def _column(table, index: int) -> list[str]:
    return table.evaluate(
        "(t, i) => Array.from(t.querySelectorAll('tbody tr')).filter(r => !r.querySelector('.dt-empty, .dataTables_empty'))"
        ".map(r => (r.children[i] ? r.children[i].innerText : '').trim())",
        index,
    )


def _sort_key(values: list[str]):
    numbers = []
    for v in values:
        try:
            numbers.append(float(v.replace(",", "").replace("\u2009", "")))
        except ValueError:
            return None
    return numbers


def _ordered(values: list[str], descending: bool) -> bool:
    nums = _sort_key(values)
    seq = nums if nums is not None else [v.casefold() for v in values]
    pairs = list(zip(seq, seq[1:]))
    return all(a >= b for a, b in pairs) if descending else all(a <= b for a, b in pairs)


@pytest.fixture(scope="session")
def tab(browser, book_url):
    """``tab(path)``: a browser tab on ``path``, shared by the tests of that page, which run one after the other
    (sort, filter, maps: ``tests/conftest.py`` keeps a page's tests on one worker), as one reader uses the page.
    The tab's logs are emptied for each test after the first, which also sees what went wrong while it loaded."""
    held: dict[str, object] = {}

    def open_tab(path: str):
        if path in held:
            held[path].reset()
            return held[path]
        for v in held.values():
            v.context.close()
        held.clear()
        v = new_visit(browser, book_url)
        try:
            v.open(path)
        except Exception:
            v.context.close()
            raise
        held[path] = v
        return v

    yield open_tab
    for v in held.values():
        v.context.close()


def _tables(tab, book_html, path):
    if not has_source_tables(book_html / path):  # the built file has none: no need to open it
        pytest.skip(f"{path} has no filterable table")
    visit = tab(path)
    count = _wait_for_tables(visit.page)
    if not count:
        pytest.skip(f"{path} has no filterable table")
    return visit, [visit.page.locator(TABLE).nth(i) for i in range(count)]


@pytest.mark.parametrize("path", TOC_PAGES, ids=page_id)
def test_filterable_tables_sort_by_a_column(tab, book_html, path):
    problems = []
    visit, tables = _tables(tab, book_html, path)
    for n, table in enumerate(tables, 1):
        reveal(table)
        headers = table.locator("thead th")
        numeric = [i for i in range(headers.count()) if "dt-type-numeric" in (headers.nth(i).get_attribute("class") or "")]
        col = numeric[0] if numeric else 0
        header = headers.nth(col)
        name = header.inner_text().strip()
        before = _column(table, col)
        orders = []
        # DataTables 2 sorts on a click on the header, or only on its sort button (data-dt-order="icon-only")
        button = header.locator(".dt-column-order[role=button]")
        control = button if button.count() and header.get_attribute("data-dt-order") == "icon-only" else header
        for direction in ("ascending", "descending"):
            control.click()
            visit.page.wait_for_function(
                "([h, d]) => h.getAttribute('aria-sort') === d", arg=[header.element_handle(), direction], timeout=5_000
            )
            values = _column(table, col)
            orders.append(values)
            if not _ordered(values, descending=direction == "descending"):
                problems.append(f"table {n}, column {name!r}: not in {direction} order after a click: {values}")
        if len(set(before)) > 1 and orders[0] == orders[1]:
            problems.append(f"table {n}, column {name!r}: sorting both ways shows the same rows: {orders[0]}")
    assert not problems, f"{path}:\n" + "\n".join(problems)
    assert not visit.problems(), "\n".join(visit.problems())


@pytest.mark.parametrize("path", TOC_PAGES, ids=page_id)
def test_filterable_tables_filter_on_a_typed_word(tab, book_html, path):
    problems = []
    visit, tables = _tables(tab, book_html, path)
    for n, table in enumerate(tables, 1):
        container = table.locator("xpath=ancestor::div[contains(@class,'dt-container') or contains(@class,'dataTables_wrapper')][1]")
        reveal(table)
        search = container.locator("input[type=search]").first
        assert search.count(), f"{path}: table {n} has no search box"
        search.scroll_into_view_if_needed()
        shown, total = _info(container)
        assert shown == total, f"{path}: table {n} starts filtered ({shown} of {total} rows)"
        rows = _column(table, 0)
        assert total > 0 and rows, f"{path}: table {n} is empty"
        # a word from the table itself: the longest word of a row in the middle of the first page
        cells = table.locator("tbody tr").nth(len(rows) // 2).inner_text()
        words = sorted(set(re.findall(r"[^\W\d_]{5,}", cells)), key=lambda w: (-len(w), w))
        assert words, f"{path}: table {n} has no word to filter on in {cells!r}"
        word = words[0]
        _type(visit.page, container, search, word)
        matched, all_rows = _info(container)
        visible = table.locator("tbody tr").all_inner_texts()
        if not (1 <= matched <= total and all_rows == total):
            problems.append(f"table {n}: filtering on {word!r} matches {matched} of {all_rows} (all {total})")
        off = [r[:80] for r in visible if word.casefold() not in r.casefold()]
        if off:
            # DataTables also searches hidden text (e.g. a title attribute); accept only if the row's HTML has it
            html = table.locator("tbody tr").evaluate_all("rs => rs.map(r => r.innerHTML)")
            off = [r[:80] for r, h in zip(visible, html) if word.casefold() not in (r + h).casefold()]
        if off:
            problems.append(f"table {n}: rows shown for {word!r} that do not contain it: {off[:3]}")
        page_length = len(rows)  # rows on the first page before filtering
        if len(visible) != min(matched, page_length):
            problems.append(f"table {n}: {len(visible)} rows shown for {word!r}, but {matched} match "
                            f"and a page holds {page_length}")
        _type(visit.page, container, search, "zzqx-no-such-word")
        if _info(container)[0] != 0 or not table.locator(".dt-empty, .dataTables_empty").count():
            problems.append(f"table {n}: a word in no row still shows rows")
        _type(visit.page, container, search, "")
        if _info(container) != (total, total):
            problems.append(f"table {n}: clearing the search box does not bring back all {total} rows")
    assert not problems, f"{path}:\n" + "\n".join(problems)
    assert not visit.problems(), "\n".join(visit.problems())


# ----------------------------------------------------------------------------------------------- maps

_POINT_IN = """(p) => {
  // a point of the page where this region, and nothing over it, is under the mouse
  const svg = p.ownerSVGElement, box = p.getBBox(), m = p.getScreenCTM();
  if (!box.width || !box.height) return null;
  for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
    const pt = svg.createSVGPoint();
    pt.x = box.x + box.width * i / 12; pt.y = box.y + box.height * j / 12;
    if (!p.isPointInFill(pt)) continue;
    const s = pt.matrixTransform(m);
    if (document.elementFromPoint(s.x, s.y) === p) return {x: s.x, y: s.y};
  }
  return null;
}"""


def _sample(items: list, k: int = 5) -> list:
    if len(items) <= k:
        return items
    step = (len(items) - 1) / (k - 1)
    return [items[round(i * step)] for i in range(k)]


def _check_svg_map(page, fig, n: int) -> list[str]:
    problems = []
    reveal(fig)
    expected = int(fig.get_attribute("data-regions") or 0)
    paths = fig.locator("path.lr-region")
    codes = paths.evaluate_all("ps => ps.map(p => p.dataset.code)")
    drawn = paths.evaluate_all("ps => ps.filter(p => { const b = p.getBBox(); return b.width > 0 && b.height > 0 && p.getAttribute('d'); }).length")
    if not expected:
        problems.append(f"map {n}: no data-regions count on figure.lr-map")
    if len(codes) != expected or len(set(codes)) != expected:
        problems.append(f"map {n}: {len(codes)} shapes with {len(set(codes))} distinct region codes for {expected} regions")
    if drawn != len(codes):
        problems.append(f"map {n}: {len(codes) - drawn} region shapes are empty (nothing drawn)")
    tip = fig.locator(".lr-tip")
    for i in _sample(list(range(len(codes)))):
        path = paths.nth(i)
        path.scroll_into_view_if_needed()
        point = path.evaluate(_POINT_IN)
        if point is None:
            continue  # a sliver too small to aim at; the others are checked
        page.mouse.move(point["x"], point["y"])
        try:
            tip.wait_for(state="visible", timeout=2_000)
        except Exception:
            problems.append(f"map {n}: hovering region {codes[i]} shows no tooltip")
            continue
        text, name = tip.inner_text(), path.get_attribute("data-name") or ""
        if name not in text or codes[i] not in text:
            problems.append(f"map {n}: tooltip over {codes[i]} ({name}) reads {text!r}")
        page.mouse.move(1, 1)
        try:
            tip.wait_for(state="hidden", timeout=2_000)
        except Exception:
            problems.append(f"map {n}: the tooltip stays after the mouse leaves the map")
    # keyboard readers: focusing a region shows its tooltip too
    paths.first.focus()
    if not tip.is_visible():
        problems.append(f"map {n}: focusing a region with the keyboard shows no tooltip")
    paths.first.blur()
    return problems


def _check_leaflet_map(frame, container, n: int) -> list[str]:
    problems = []
    reveal(container)
    shapes = container.locator(".leaflet-interactive")
    count = shapes.count()
    expected = container.evaluate("c => { const e = c.closest('[data-regions]'); return e ? +e.dataset.regions : null; }")
    if count == 0:
        problems.append(f"Leaflet map {n}: no shapes drawn")
    elif expected is not None and count != expected:
        problems.append(f"Leaflet map {n}: {count} shapes for {expected} regions")
    if count:
        shapes.nth(count // 2).hover(force=True)
        tip = container.locator(".leaflet-tooltip, .leaflet-popup")
        try:
            tip.first.wait_for(state="visible", timeout=3_000)
            if not tip.first.inner_text().strip():
                problems.append(f"Leaflet map {n}: the tooltip is empty")
        except Exception:
            problems.append(f"Leaflet map {n}: hovering a shape shows no tooltip")
    return problems


@pytest.mark.parametrize("path", TOC_PAGES, ids=page_id)
def test_interactive_maps_draw_every_region_and_show_tooltips(tab, book_html, path):
    built = (book_html / path).read_text(encoding="utf-8")
    if "lr-map" not in built and "leaflet" not in built.lower() and "<iframe" not in built:
        pytest.skip(f"{path} has no interactive map (none in its HTML: no need to open it)")
    visit = tab(path)
    page = visit.page
    problems, found = [], 0
    figures = page.locator("figure.lr-map")
    for i in range(figures.count()):
        found += 1
        problems += _check_svg_map(page, figures.nth(i), found)
    for frame in page.frames:
        containers = frame.locator(".leaflet-container")
        for i in range(containers.count()):
            found += 1
            problems += _check_leaflet_map(frame, containers.nth(i), found)
    if not found:
        pytest.skip(f"{path} has no interactive map")
    assert not problems, f"{path}:\n" + "\n".join(problems)
    assert not visit.problems(), "\n".join(visit.problems())
