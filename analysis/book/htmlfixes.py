"""Sphinx extension: a clean browser console on every page of the built book.

Two faults of the theme stack (Jupyter Book 1.0.4, sphinx-book-theme 1.3,
pydata-sphinx-theme 0.17, sphinx-thebe 0.3) show up as console errors that the
browser tests (``tests/browser``) count against every page:

* inline scripts that extensions add while the environment is read
  (sphinx-thebe's ``const THEBE_JS_URL = ...``, sphinx-togglebutton's
  settings) are written into each page twice; a second ``const`` is a
  ``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``.
  :func:`_dedupe_scripts` keeps the first of identical scripts.
* pydata-sphinx-theme's head script sets the colour mode to
  ``localStorage.mode || "{{ default_mode }}"``; with no ``default_mode`` a
  first visit logs "Got invalid theme mode: . Resetting to auto.".
  :func:`_default_mode` sets it to ``light`` unless the book sets
  ``html_context: {default_mode: ...}``: maps and figures are drawn on white,
  and a reader can still switch to dark or to the system's mode.
* docutils writes the bibliography as ``<div role="list">`` holding entries
  with ``role="doc-biblioentry"``, a role deprecated in DPUB-ARIA 1.1 that is
  no list item: axe-core reports ``aria-required-children`` (critical) and a
  screen reader announces an empty list. :func:`_biblioentry_as_listitem`
  gives each entry ``role="listitem"``.
"""

from __future__ import annotations


def _key(asset) -> tuple:
    attributes = getattr(asset, "attributes", {}) or {}
    return (str(getattr(asset, "filename", asset) or ""), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for asset in scripts:
        key = _key(asset)
        if key in seen:
            continue
        seen.add(key)
        unique.append(asset)
    context["script_files"] = unique


def _default_mode(app, pagename, templatename, context, doctree):
    if not context.get("default_mode"):
        context["default_mode"] = "light"


def _biblioentry_as_listitem(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _default_mode)
    app.connect("html-page-context", _biblioentry_as_listitem)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
