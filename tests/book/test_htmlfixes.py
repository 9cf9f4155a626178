"""Unit tests of analysis.book.htmlfixes: the page context fixes that keep the browser console clean."""

from __future__ import annotations

from analysis.book import htmlfixes


class Script(str):
    """Stands in for Sphinx's _JavaScript: a str with a filename and attributes."""

    def __new__(cls, filename, **attributes):
        self = super().__new__(cls, filename or "")
        self.filename, self.attributes = filename, attributes
        return self


def test_identical_inline_scripts_are_written_once():
    thebe = 'const THEBE_JS_URL = "x"'
    context = {"script_files": [Script(None, body=thebe), Script("_static/a.js"), Script(None, body=thebe),
                                Script(None, body="let other = 1"), Script("_static/a.js", defer="defer")]}
    htmlfixes._dedupe_scripts(None, "p", "page.html", context, None)
    bodies = [s.attributes.get("body") for s in context["script_files"]]
    assert bodies.count(thebe) == 1 and "let other = 1" in bodies
    assert len(context["script_files"]) == 4  # a.js with other attributes is another script


def test_default_mode_is_light_unless_the_book_sets_one():
    context = {}
    htmlfixes._default_mode(None, "p", "page.html", context, None)
    assert context["default_mode"] == "light"
    context = {"default_mode": "dark"}
    htmlfixes._default_mode(None, "p", "page.html", context, None)
    assert context["default_mode"] == "dark"


def test_bibliography_entries_are_list_items():
    context = {"body": '<div class="citation-list" role="list"><div class="citation" id="cite-a" '
                       'role="doc-biblioentry">A</div></div>'}
    htmlfixes._biblioentry_as_listitem(None, "book/bibliography", "page.html", context, None)
    assert 'role="listitem"' in context["body"] and "doc-biblioentry" not in context["body"]


def test_buttons_with_visible_text_lose_the_label_that_hides_it():
    html = ('<button class="search-button-field" aria-label="Search"><i class="fa-solid"></i>'
            '<span>Search</span><kbd>Ctrl</kbd>+<kbd>K</kbd></button>'
            '<button class="icon" aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i></button>'
            '<summary aria-label="Toggle hidden content"><p>Show code cell outputs</p></summary>'
            '<button aria-label="Open the Search page">Search</button>')
    fixed = htmlfixes.label_in_name(html)
    assert '<button class="search-button-field"><i' in fixed, "a name must contain the visible text (WCAG 2.5.3)"
    assert '<button class="icon" aria-label="Search">' in fixed, "an icon-only button keeps its name"
    assert "<summary><p>Show code" in fixed
    assert 'aria-label="Open the Search page">Search</button>' in fixed, "a label that contains the text stays"


def test_pages_lose_the_icon_script_and_all_but_the_search_page_the_search_index():
    head = ('<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
            '<script src="../_static/searchtools.js"></script>\n<script src="../searchindex.js"></script>\n'
            '<script src="../_static/doctools.js"></script>\n')
    page = htmlfixes.fix_page(head, searched=False)
    assert "fontawesome" not in page and "searchindex" not in page and "searchtools" not in page
    assert "doctools.js" in page
    search = htmlfixes.fix_page(head, searched=True)
    assert "searchindex.js" in search and "searchtools.js" in search and "fontawesome" not in search


def test_the_icon_css_keeps_only_the_icons_in_use_and_reports_their_glyphs():
    css = ('.fa-github:before{content:"\\f09b"}.fa-gitlab:before{content:"\\f296"}'
           '.fa-search:before,.fa-magnifying-glass:before{content:"\\f002"}.x{--pst-icon-bell:"\uf0f3"}')
    trimmed, codepoints = htmlfixes.trim_icon_css(css, {"fa-github", "fa-magnifying-glass"})
    assert ".fa-github:before" in trimmed and "fa-gitlab" not in trimmed and ".fa-search:before" in trimmed
    assert codepoints == {0xF09B, 0xF002, 0xF0F3}


def test_purged_css_keeps_rules_of_used_classes_elements_and_at_rules():
    css = ('body{margin:0}.used{a:1}.unused{b:2}.used .unused{c:3}.used:not(.unused){d:4}'
           '@media (min-width:1px){.unused{e:5}.used{f:6}}@font-face{font-family:x}@keyframes k{0%{g:7}}')
    out = htmlfixes.purge(css, {"used"})
    assert "body{margin:0}" in out and ".used{a:1}" in out and ".used:not(.unused){d:4}" in out
    assert ".unused{b:2}" not in out and "c:3" not in out and "e:5" not in out
    assert "@media (min-width:1px){.used{f:6}}" in out and "@font-face" in out and "@keyframes k" in out


def test_figures_become_palette_pngs_of_the_same_look():
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image

    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    colours = ["#edf8b1", "#7fcdbb", "#2c7fb8", "#253494"]
    for i, c in enumerate(colours):
        ax.add_patch(plt.Polygon([(i, 0), (i + 1, 0.2), (i + 0.8, 1), (i + 0.1, 0.9)], facecolor=c, edgecolor="white"))
    ax.plot(np.linspace(0, 4, 200), 0.5 + 0.3 * np.sin(np.linspace(0, 20, 200)), color="k")
    ax.set_xlim(0, 4)
    ax.set_title("Four classes and a line, anti-aliased")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    small = htmlfixes.light_png(buf.getvalue())
    assert small is not None and len(small) <= 0.8 * len(buf.getvalue()), "a figure gets at least a fifth lighter"
    before = np.asarray(Image.open(buf).convert("RGBA")).astype(int)
    after = np.asarray(Image.open(io.BytesIO(small)).convert("RGBA")).astype(int)
    assert after.shape == before.shape
    assert np.abs(after - before).mean() < 2, "the same look: pixels move by a level or two on average"
    for colour in colours:  # every class colour of the figure is still there, exactly
        rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        assert ((after[..., :3] == rgb).all(axis=-1)).sum() > 100, colour
    assert htmlfixes.light_png(small) is None, "a palette PNG is left as it is"


def test_the_sidebar_toggle_of_a_chapters_sections_gets_a_name():
    page = htmlfixes.fix_page('<details open="open">' + htmlfixes.TOC_TOGGLE + '<i class="fa-solid fa-chevron-down"></i>'
                              '</span></summary><ul></ul></details>', searched=False)
    assert '<summary aria-label="Sections of this chapter"><span class="toctree-toggle"' in page


def test_icons_drawn_by_css_escapes_are_kept_in_the_subset():
    assert htmlfixes.css_codepoints('.onthispage:after{content:"\\f107";font-family:x}') == {0xF107}
