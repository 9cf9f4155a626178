"""Sphinx extension: the Dutch edition, from the same sources and the same executed notebooks.

The English build is the main one. When it has finished, this extension builds the book once more with
``language = "nl"`` into ``nl/`` inside the English output folder. That build reads the same chapters and finds
every notebook in the same execution cache, so nothing executes twice. Its text comes from three places:

* the prose of the chapters, translated in the gettext catalogs under ``locales/nl/LC_MESSAGES/`` (Sphinx's own
  i18n; ``python -m analysis.book.translations`` updates them and marks a changed sentence for review);
* what the code writes (tables, strand pages, figure titles): a chapter glues the Dutch version of an output under
  ``<key>__nl`` beside ``<key>``, and the glue roles and directives of the Dutch build take it;
* numbers: a glued number is printed with the decimal comma and thousands point of the language (Babel's symbols).

Code outputs are never taken from the catalogs: a catalog holds sentences, not computed values.
"""

from __future__ import annotations

import ast
import html
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from analysis.book.facts import SHOWN, language_mime, variant_key
from analysis.language import MAIN, NAMES, localise, tr

EDITIONS = {code: {"name": name, "folder": "" if code == MAIN else code} for code, name in NAMES.items()}
"""Each edition: the name of its language in that language, and its folder inside the main output folder."""


def language(document_or_env) -> str:
    env = getattr(getattr(document_or_env, "settings", None), "env", document_or_env)
    return getattr(getattr(env, "config", None), "language", None) or MAIN


_RENDERERS: dict = {}
"""The notebook renderer of each page being read, by docname: Sphinx parses a translated paragraph as a document
of its own (a notebook of one cell, with no outputs); its glue roles borrow the page's, kept when the page's own roles ran."""


def _borrow(document) -> object:
    """Lend a translated paragraph's document the page's notebook; return what to restore afterwards."""
    docname = getattr(getattr(document.settings, "env", None), "docname", None)
    if "nb_renderer" in document and not str(document.get("source", "")).endswith(":<translated>"):
        _RENDERERS[docname] = document["nb_renderer"]
        return document["nb_renderer"]
    own = document.get("nb_renderer")
    if docname in _RENDERERS:
        document["nb_renderer"] = _RENDERERS[docname]
    return own


def _restore(document, own) -> None:
    """Give the document its own notebook back (a doctree must not hold the page's: it is pickled)."""
    if own is None:
        document.attributes.pop("nb_renderer", None)
    else:
        document["nb_renderer"] = own


def _glue_keys(document) -> dict:
    renderer = document.get("nb_renderer") if hasattr(document, "get") else None
    return renderer.renderer.nb_client.glue_data if renderer is not None else {}


def _key(document, key: str) -> str:
    """The glue key the build of this document's language uses: ``<key>__<lang>`` when the notebook glued one."""
    lang = language(document)
    if lang == MAIN or "::" in key:
        return key
    local = variant_key(key, lang)
    return local if local in _glue_keys(document) else key


def _untranslatable(found: list) -> list:
    """Mark pasted outputs so that the catalogs never hold them (they are computed, not written)."""
    for node in found:
        if isinstance(node, nodes.Element):
            for sub in node.findall(nodes.Element):
                sub["translatable"] = False
    return found


def _directive(base, computed: bool = True):
    """``base`` taking the glue key of the build's language; what it pastes is ``computed`` (not for the
    catalogs), except a figure's caption and alt text, which the chapter writes."""
    class Localised(base):
        def run(self):
            own = _borrow(self.state.document)
            try:
                self.arguments[0] = _key(self.state.document, self.arguments[0])
                found = super().run()
                return _untranslatable(found) if computed else found
            finally:
                _restore(self.state.document, own)

    Localised.__name__ = f"Localised{base.__name__}"
    return Localised


def _role(base, text: bool = False):
    class Localised(base):
        def run(self):
            own = _borrow(self.document)
            try:
                key, sep, fmt = self.text.rpartition(":") if text and ":" in self.text else (self.text, "", "")
                key = _key(self.document, key)
                self.text = key + sep + fmt
                found, messages = super().run()
                value = _glue_keys(self.document).get(key, {}).get("data", {}).get("text/plain", "")
            finally:
                _restore(self.document, own)
            lang = language(self.document)
            if text and lang != MAIN and _is_number(value):
                for node in found:
                    if isinstance(node, nodes.inline):
                        written = localise(node.astext(), lang)
                        node.clear()
                        node += nodes.Text(written)
            return found, messages

    Localised.__name__ = f"Localised{base.__name__}"
    return Localised


def _is_number(text: str) -> bool:
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return False
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class KeepOutputs(SphinxTransform):
    """Mark every cell output as not for translation, before Sphinx's i18n reads the page (priority 20)."""

    default_priority = 15

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") == "cell_code_output":
                _untranslatable([node])


class LanguageOutputs:
    """MyST-NB mime renderer (entry point ``myst_nb.mime_renderers``): a cell output's version in the build's
    language (:func:`analysis.book.facts.show`), rendered as its ordinary mime type. The main edition never picks
    them; the others prefer them (:func:`_config`)."""

    mime_priority_overrides = [("*", language_mime(lang, m), None) for lang in NAMES if lang != MAIN for m in SHOWN]

    @staticmethod
    def handle_mime(renderer, data, inline):
        from myst_nb.core.render import MimeData

        for lang in NAMES:
            for mime in SHOWN:
                if lang != MAIN and data.mime_type == language_mime(lang, mime):
                    plain = MimeData(mime, data.content, cell_metadata=data.cell_metadata,
                                     output_metadata=data.output_metadata, cell_index=data.cell_index,
                                     output_index=data.output_index, line=data.line)
                    return (renderer.render_mime_type_inline if inline else renderer.render_mime_type)(plain)
        return None


def counterpart(pagename: str, lang: str, to: str) -> str:
    """The relative URL, from page ``pagename`` of the ``lang`` edition, of the same page in the ``to`` edition."""
    depth = pagename.count("/") + (1 if EDITIONS[lang]["folder"] else 0)
    folder = EDITIONS[to]["folder"]
    return "../" * depth + (f"{folder}/" if folder else "") + f"{pagename}.html"


def absolute(baseurl: str, pagename: str, lang: str) -> str:
    folder = EDITIONS[lang]["folder"]
    return baseurl.rstrip("/") + "/" + (f"{folder}/" if folder else "") + f"{pagename}.html"


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    lang = app.config.language or MAIN
    baseurl = app.config.html_baseurl or ""
    links = [f'<link rel="alternate" hreflang="{code}" href="{html.escape(absolute(baseurl, pagename, code))}" />'
             for code in EDITIONS]
    links.append(f'<link rel="alternate" hreflang="x-default" '
                 f'href="{html.escape(absolute(baseurl, pagename, MAIN))}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links) + "\n"
    context["lr_languages_label"] = SWITCH_LABEL.get(lang, SWITCH_LABEL[MAIN])
    context["lr_languages"] = [
        {"code": code, "name": meta["name"], "current": code == lang,
         "url": counterpart(pagename, lang, code)} for code, meta in EDITIONS.items()]


TEMPLATES = Path(__file__).with_name("templates")

SWITCH_LABEL = {"en": "This page in another language", "nl": "Deze pagina in een andere taal"}


def footer_message(footer: str) -> str:
    """The footer of ``_config.yml`` (``html.extra_footer``) as one message: its lines joined by spaces."""
    return " ".join(footer.split())


def _config(app, config) -> None:
    """The language switch in every page's header, before the header's buttons; in an edition other than the
    main one, the outputs in its language first."""
    # the gettext builder has no output priorities of its own: give it the HTML builder's, so that the pasted
    # figures, whose alt texts are messages, are in the pages it reads
    config.nb_mime_priority_overrides = [
        *(config.nb_mime_priority_overrides or []),
        *(("gettext", mime, rank) for rank, mime in enumerate(
            ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/latex", "text/plain")))]
    lang = config.language or MAIN
    if lang != MAIN:
        first = [(builder, language_mime(lang, m), rank)
                 for builder in ("html", "singlehtml") for rank, m in enumerate(
                     ("text/markdown", "text/html", "text/plain") if builder == "singlehtml" else SHOWN)]
        config.nb_mime_priority_overrides = [*first, *(config.nb_mime_priority_overrides or [])]
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
    options = dict(config.html_theme_options or {})
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    if isinstance(end, str):
        end = [end]
    options["article_header_end"] = ["lr-languages.html", *[t for t in end if t != "lr-languages.html"]]
    if options.get("extra_footer"):
        options["extra_footer"] = tr(footer_message(options["extra_footer"]), lang)
    config.html_theme_options = options
    if lang != MAIN:
        config.html_title = tr(config.html_title or config.project, lang)
        config.project = tr(config.project, lang)


def _captions(app, doctree) -> None:
    """The captions of the table of contents (``_toc.yml``: Chapters, Appendices) in the build's language: the
    table of contents is made after Sphinx's i18n has read the page."""
    from sphinx import addnodes

    lang = app.config.language or MAIN
    if lang == MAIN:
        return
    for toctree in doctree.findall(addnodes.toctree):
        if toctree.get("caption"):
            toctree["caption"] = tr(toctree["caption"], lang)


CODE_CATALOGS = ("analysis.po", "references.po")
"""The catalogs of the text code writes: a change re-reads every page of an edition in that language (the pages'
own catalogs are Sphinx's to track)."""


def _outdated(app, env, added, changed, removed) -> list[str]:
    lang = app.config.language or MAIN
    if lang == MAIN:
        return []
    import hashlib

    digest = hashlib.sha256()
    for name in CODE_CATALOGS:
        path = Path(app.srcdir) / "locales" / lang / "LC_MESSAGES" / name
        digest.update(path.read_bytes() if path.is_file() else b"")
    stamp = digest.hexdigest()
    if getattr(env, "lr_code_catalogs", None) == stamp:
        return []
    env.lr_code_catalogs = stamp
    return sorted(env.found_docs)


def _build_other(app, exception) -> None:
    """After the main build: build every other edition into its folder, from the same execution cache.

    Each edition builds in a process of its own (docutils keeps its node classes per process); the single-page
    build (of the PDF editions) likewise.
    """
    if exception is not None or (app.config.language or MAIN) != MAIN or app.builder.name not in ("html", "singlehtml"):
        return
    if os.environ.get("BOOK_LANGUAGES", "all") == MAIN:
        return
    import pickle
    import subprocess
    import sys
    import tempfile

    from sphinx.errors import ExtensionError

    for lang, meta in EDITIONS.items():
        if lang == MAIN:
            continue
        job = {"srcdir": str(app.srcdir), "outdir": str(Path(app.outdir) / meta["folder"]),
               "doctreedir": str(Path(app.doctreedir).with_name(Path(app.doctreedir).name + f"-{lang}")),
               "builder": app.builder.name,
               "overrides": {**app.config.overrides, "extensions": list(app.config.extensions), "language": lang,
                             # the main build's execution cache (MyST-NB's default lies beside the output folder)
                             "nb_execution_cache_path": str(app.config.nb_execution_cache_path
                                                            or Path(app.outdir).parent / ".jupyter_cache")},
               "warningiserror": app.warningiserror, "keep_going": app.keep_going, "verbosity": app.verbosity}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "job.pickle"
            path.write_bytes(pickle.dumps(job))
            done = subprocess.run([sys.executable, "-m", "analysis.book.languages", str(path)])
        if done.returncode:
            raise ExtensionError(f"the {meta['name']} edition ({job['outdir']}) did not build: see above.")


def build_edition(job: dict) -> int:
    """Build one edition as the main build described it (:func:`_build_other`); return Sphinx's status."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(None), docutils_namespace():
        other = Sphinx(job["srcdir"], None, job["outdir"], job["doctreedir"], job["builder"],
                       confoverrides=job["overrides"], warningiserror=job["warningiserror"],
                       keep_going=job["keep_going"], verbosity=job["verbosity"])
        other.build()
    return other.statuscode


def setup(app):
    from myst_nb.ext.glue import directives, roles

    for name, base in [("", directives.PasteAnyDirective), ("any", directives.PasteAnyDirective),
                       ("md", directives.PasteMarkdownDirective), ("math", directives.PasteMathDirective)]:
        app.add_directive_to_domain("glue", name, _directive(base), override=True)
    app.add_directive_to_domain("glue", "figure", _directive(directives.PasteFigureDirective, computed=False),
                                override=True)
    app.add_directive("glue", _directive(directives.PasteAnyDirective), override=True)
    for name, base in [("", roles.PasteRoleAny), ("any", roles.PasteRoleAny), ("md", roles.PasteMarkdownRole)]:
        app.add_role_to_domain("glue", name, _role(base)(), override=True)
    app.add_role_to_domain("glue", "text", _role(roles.PasteTextRole, text=True)(), override=True)
    app.add_role("glue", _role(roles.PasteRoleAny)(), override=True)
    app.add_transform(KeepOutputs)
    app.connect("config-inited", _config)
    app.connect("html-page-context", _page_context)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-read", _captions)
    app.connect("build-finished", _build_other)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    import pickle
    import sys

    sys.exit(build_edition(pickle.loads(Path(sys.argv[1]).read_bytes())))
