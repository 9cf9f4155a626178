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

* pydata-sphinx-theme's search buttons show the text "Search Ctrl+K" but are named ``aria-label="Search"``:
  axe-core reports ``label-content-name-mismatch`` (WCAG 2.5.3, Label in Name). :func:`_label_in_name` drops
  the ``aria-label`` of a button that has visible text, so its name is that text; icon-only buttons keep theirs.
  The same for the toggles of hidden cells, ``<summary aria-label="Toggle hidden content">Show code cell
  outputs</summary>`` (MyST-NB).
* the sidebar's toggle of a chapter's sections is a ``<summary>`` holding only an icon: :data:`TOC_TOGGLE` gets
  a name (axe: ``summary-name``).
* at 390 px, long inline code and wide tables widened the page: ``static/book-fixes.css`` wraps inline code
  and gives wide outputs a scroll container of their own; ``static/book-fixes.js`` makes a container that
  does scroll a tab stop, so a keyboard reader can scroll it (axe: ``scrollable-region-focusable``).

And two faults of weight: every page loads the theme's ``fontawesome.js`` (1.49 MB), which only swaps the
``<i class="fa-...">`` icons for SVG, although the theme's stylesheet already draws them from its icon fonts.
:func:`_light_icons` (after the build) removes that script from every page, drops the stylesheet's rules for
icons no page or script uses, and subsets the icon fonts to the glyphs still referenced (fontTools): the same
icons, a few kilobytes instead of 2 MB. :func:`_purge_css` keeps, of the theme's stylesheet (mostly Bootstrap),
sphinx-design's and MyST-NB's, only the rules whose classes some page or script names (313 + 55 + 43 kB ->
about 125 kB). :func:`_light_images` stores the figures (``_images/*.png``, matplotlib's RGBA) as 256-colour
PNGs, a quarter of the bytes for the same look. And every page loads the search index (``searchindex.js``,
``searchtools.js``, ``language_data.js``), which only the search page uses (the theme's search box sends the
reader there): :func:`_search_only_where_searched` keeps them on ``search.html`` alone.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


STATIC = Path(__file__).parent / "static"
"""The book's own static files (``book-fixes.css``, ``book-fixes.js``, the DataTables bundle)."""


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


SEARCH_SCRIPTS = re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)[^"]*"></script>\n?')
"""The search index and its scripts in a page's head."""

ARIA_LABELLED_BUTTON = re.compile(r'(<(button|summary)\b[^>]*?)\s+aria-label="([^"]*)"([^>]*>)(.*?)</\2>', re.S)


def _visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def label_in_name(html: str) -> str:
    """Drop ``aria-label`` from every button or ``<summary>`` whose visible text it does not contain (WCAG 2.5.3)."""

    def fix(m: re.Match) -> str:
        text = _visible_text(m.group(5))
        if text and text.casefold() not in m.group(3).casefold():
            return f"{m.group(1)}{m.group(4)}{m.group(5)}</{m.group(2)}>"
        return m.group(0)

    return ARIA_LABELLED_BUTTON.sub(fix, html)


FA_SCRIPT = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
"""The theme's icon script in a page's head."""

FA_RULE = re.compile(r'((?:\.fa-[\w-]+:{1,2}(?:before|after),?)+)\{content:"\\([0-9a-fA-F]+)"\}')
"""One icon rule of the theme's stylesheet: ``.fa-github:before{content:"\\f09b"}`` (one or more selectors)."""

FA_NAME = re.compile(r"\bfa-[a-z0-9-]+")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
FA_CSS = "_static/styles/pydata-sphinx-theme.css"
FA_FONTS = "_static/vendor/fontawesome/webfonts"


def used_icon_names(outdir: Path) -> set[str]:
    """Every ``fa-...`` name in a built page or in a script the pages load (but the icon script itself)."""
    names: set[str] = set()
    for path in outdir.rglob("*"):
        if path.suffix in {".html", ".js"} and path.is_file() and path.name != "fontawesome.js":
            names.update(FA_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def trim_icon_css(css: str, used: set[str]) -> tuple[str, set[int]]:
    """``css`` without the rules of unused icons; and the code points the remaining CSS draws."""
    codepoints: set[int] = set()

    def keep(m: re.Match) -> str:
        names = set(re.findall(r"\.(fa-[\w-]+):", m.group(1)))
        if names & used:
            codepoints.add(int(m.group(2), 16))
            return m.group(0)
        return ""

    css = FA_RULE.sub(keep, css)
    codepoints.update(css_codepoints(css))
    return css, codepoints


def css_codepoints(css: str) -> set[int]:
    """The icon code points a stylesheet draws: private-use characters, and ``content: "\\f107"`` escapes (the
    book theme draws the chevron after *Contents* so; a subset font without it showed a missing-glyph box)."""
    points = {ord(c) for c in PRIVATE_USE.findall(css)}
    points.update(int(esc, 16) for esc in re.findall(r'content:\s*"\\([0-9a-fA-F]{4})"', css))
    return points


def subset_font(path: Path, codepoints: set[int]) -> None:
    """Keep only ``codepoints`` (those the font has) in the font file at ``path``, in place."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    have = set(font.getBestCmap() or {})
    font.close()
    options = subset.Options()
    options.flavor = "woff2" if path.suffix == ".woff2" else None
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.layout_features = ["*"]
    font = subset.load_font(str(path), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(codepoints & have) or [0x20])
    sub.subset(font)
    subset.save_font(font, str(path), options)


def split_rules(css: str) -> list[tuple[str, str | None]]:
    """The top-level blocks of a stylesheet as (prelude, body) pairs (the body of ``@media`` still nested)."""
    out, i, n = [], 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            out.append((css[i:], None)); break
        prelude = css[i:j]
        depth, k = 1, j + 1
        while k < n and depth:
            c = css[k]
            if c == "{": depth += 1
            elif c == "}": depth -= 1
            elif c in "\"'":
                k = css.index(c, k + 1)
            k += 1
        out.append((prelude, css[j + 1:k - 1]))
        i = k
    return out

def selectors(prelude: str) -> list[str]:
    """The comma-separated selectors of a rule (commas inside parentheses kept)."""
    parts, depth, cur = [], 0, ""
    for c in prelude:
        if c == "(": depth += 1
        elif c == ")": depth -= 1
        if c == "," and depth == 0:
            parts.append(cur); cur = ""
        else: cur += c
    parts.append(cur)
    return parts

CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def purge(css: str, used: set[str]) -> str:
    """``css`` without the selectors that name a class no page or script uses (``:not(...)`` aside)."""
    out = []
    for prelude, body in split_rules(css):
        if body is None:
            out.append(prelude); continue
        p = prelude.strip()
        if p.startswith("@"):
            if p.startswith(("@media", "@supports", "@layer", "@container")):
                inner = purge(body, used)
                if inner.strip(): out.append(f"{prelude}{{{inner}}}")
            else:
                out.append(f"{prelude}{{{body}}}")
            continue
        keep = []
        for sel in selectors(prelude):
            # classes outside :not(...) must all be used
            plain = re.sub(r":not\([^)]*\)", "", sel)
            classes = CLASS.findall(plain)
            if all(c in used for c in classes):
                keep.append(sel)
        if keep:
            out.append(",".join(keep) + "{" + body + "}")
    return "".join(out)


PURGED_CSS = ("_static/styles/pydata-sphinx-theme.css", "_static/sphinx-design.min.css", "_static/mystnb.*.css")
"""Stylesheets of which only the rules for classes the book uses are kept (the theme's Bootstrap, sphinx-design)."""


def used_words(outdir: Path) -> set[str]:
    """Every word (``[\\w-]+``) of every page and script of the build: the class names anything may use."""
    words: set[str] = set()
    for path in outdir.rglob("*"):
        if path.suffix in {".html", ".js"} and path.is_file():
            words.update(re.findall(r"[\w-]+", path.read_text(encoding="utf-8", errors="replace")))
    return words


TOC_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
"""The theme's toggle of a chapter's sections in the sidebar: an icon only, so a summary with no name (axe:
``summary-name``, serious) wherever a chapter has sections."""


def fix_page(html: str, searched: bool) -> str:
    """One written page without the icon script, with named buttons, and the search index only if ``searched``."""
    html = label_in_name(FA_SCRIPT.sub("", html))
    html = html.replace(TOC_TOGGLE, TOC_TOGGLE.replace("<summary>", '<summary aria-label="Sections of this chapter">'))
    return html if searched else SEARCH_SCRIPTS.sub("", html)


def _finish_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for page in out.rglob("*.html"):
        if "_static" in page.relative_to(out).parts:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = fix_page(text, searched=page.relative_to(out).as_posix() == "search.html")
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    _light_icons(out)
    _purge_css(out)
    _light_images(app, out)


def _light_icons(out: Path) -> None:
    for name in ("fontawesome.js", "fontawesome.js.map"):
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)
    css_path = out / FA_CSS
    if not css_path.is_file():
        return
    css, codepoints = trim_icon_css(css_path.read_text(encoding="utf-8"), used_icon_names(out))
    for other in (out / "_static").rglob("*.css"):
        if other != css_path:
            codepoints.update(css_codepoints(other.read_text(encoding="utf-8", errors="replace")))
    css_path.write_text(css, encoding="utf-8")
    (out / (FA_CSS + ".map")).unlink(missing_ok=True)
    for font in sorted((out / FA_FONTS).glob("*")):
        if font.suffix in {".woff2", ".ttf"}:
            subset_font(font, codepoints)


def light_png(data: bytes) -> bytes | None:
    """``data`` (an opaque PNG) as a PNG of its 256 most frequent colours, if at least a fifth smaller; else None.

    A figure drawn by matplotlib holds a few flat colours (its classes, text, background) and their anti-aliased
    edges. The palette keeps those flat colours exactly and gives each edge pixel the nearest of them, without
    dithering: the same look, about a quarter of the bytes. Figures with transparency are left as they are.
    """
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        if im.format != "PNG" or im.mode not in {"RGB", "RGBA", "L", "LA"} or getattr(im, "is_animated", False):
            return None
        rgba = im.convert("RGBA")
    if rgba.getextrema()[3][0] < 255:
        return None
    import numpy as np

    pixels = np.asarray(rgba.convert("RGB"), dtype=np.uint32)
    keys = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    unique, inverse, counts = np.unique(keys.ravel(), return_inverse=True, return_counts=True)
    rgb = np.stack([(unique >> 16) & 255, (unique >> 8) & 255, unique & 255], axis=1).astype(np.int32)
    palette = rgb[np.argsort(-counts, kind="stable")[:256]]
    nearest = np.empty(len(unique), dtype=np.uint8)
    for start in range(0, len(unique), 4096):  # each colour to the nearest palette colour (itself, if it is one)
        chunk = rgb[start:start + 4096]
        nearest[start:start + 4096] = ((chunk[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    small = Image.fromarray(nearest[inverse].reshape(keys.shape), mode="P")
    small.putpalette(palette.astype(np.uint8).ravel().tolist())
    buf = io.BytesIO()
    small.save(buf, "PNG", optimize=True)
    return buf.getvalue() if len(buf.getvalue()) <= 0.8 * len(data) else None


def _light_images(app, out: Path) -> None:
    """Lighten the figures this build copied; also the build's own copy they came from (MyST-NB's outputs under
    ``_build``), so the next build copies the light one and has nothing to do. Files of the repository are
    never changed."""
    build_dir = Path(app.outdir).parent.resolve()
    for src, dest in sorted((getattr(app.builder, "images", None) or {}).items()):
        target = out / getattr(app.builder, "imagedir", "_images") / dest
        if target.suffix.lower() != ".png" or not target.is_file():
            continue
        data = target.read_bytes()
        small = light_png(data)
        if small is None:
            continue
        target.write_bytes(small)
        source = (Path(app.srcdir) / src).resolve()
        if build_dir in source.parents and source.is_file() and source.read_bytes() == data:
            stat = source.stat()
            source.write_bytes(small)
            # the same time stamp: the image is a dependency of its page, which must not look changed
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _purge_css(out: Path) -> None:
    words = used_words(out)
    for pattern in PURGED_CSS:
        for path in sorted(out.glob(pattern)):
            path.write_text(purge(path.read_text(encoding="utf-8"), words), encoding="utf-8")


def _static_files(app):
    if app.builder.format == "html":
        for name in ("book-fixes.css", "book-fixes.js"):
            if str(STATIC / name) not in app.config.html_static_path:
                app.config.html_static_path.append(str(STATIC / name))
        app.add_css_file("book-fixes.css")
        app.add_js_file("book-fixes.js", defer="defer")


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _default_mode)
    app.connect("html-page-context", _biblioentry_as_listitem)
    app.connect("builder-inited", _static_files)
    app.connect("build-finished", _finish_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
