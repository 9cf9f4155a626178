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
