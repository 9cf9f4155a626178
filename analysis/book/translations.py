"""The catalogs of the Dutch edition: update them from the English text, and check them.

``python -m analysis.book.translations update`` extracts the English messages with Sphinx's gettext builder (the
notebooks' outputs come from the execution cache; outputs are not messages) and merges them into
``locales/nl/LC_MESSAGES/`` with sphinx-intl: a new sentence arrives untranslated, a changed one keeps its old
translation marked *fuzzy* (for review), and Sphinx uses neither until a translator has done the work.
``python -m analysis.book.translations check`` reports every message that is untranslated, fuzzy or left over,
and every translation whose markup, references or numbers differ from its English message. The tests run both.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from analysis import ROOT

LOCALES = "locales"
LANG = "nl"
LEVERS = "analysis/chapters/levers.yaml"
"""The strand pages' fixed text per lever (what the lever is in the Netherlands, what to weigh): messages too."""

ROLE = re.compile(r"\{([a-z:]+)\}`([^`]*)`")
"""A MyST role: ``{name}`content```."""

LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`]+)`")
DIGITS = re.compile(r"\d+")
FIELD = re.compile(r"\{[a-z_]*\}|_[A-Z]+_")
"""A field the code fills in: ``{n}`` (Python format) or ``_TOTAL_`` (DataTables)."""
MACHINE_PATH = re.compile(r"(^|[\s:])/(\.\./)*(tmp|work|home|root|Users)/")
"""An absolute path of the machine that built the book."""

KEPT_ROLES = ("glue", "cite", "doc", "ref", "numref", "eq", "download", "term")


def catalogs(root: Path = ROOT, lang: str = LANG) -> list[Path]:
    return sorted((root / LOCALES / lang / "LC_MESSAGES").rglob("*.po"))


def _roles(text: str) -> Counter:
    found = Counter()
    for name, content in ROLE.findall(text):
        if not name.split(":")[0] in KEPT_ROLES:
            continue
        target = re.search(r"<([^>]+)>\s*$", content)
        found[(name, target.group(1) if target else content)] += 1
    return found


def differences(msgid: str, msgstr: str) -> list[str]:
    """What a translation changed that it must keep: roles and their targets (glued values, citations,
    cross-references, glossary terms), link targets, code, and the digits of every typed number."""
    problems = []
    if _roles(msgid) != _roles(msgstr):
        missing, extra = _roles(msgid) - _roles(msgstr), _roles(msgstr) - _roles(msgid)
        problems.append(f"roles differ: missing {sorted(missing)}, extra {sorted(extra)}")
    if Counter(LINK.findall(msgid)) != Counter(LINK.findall(msgstr)):
        problems.append("link targets differ")
    plain_id, plain_str = ROLE.sub("", msgid), ROLE.sub("", msgstr)
    if Counter(FIELD.findall(plain_id)) != Counter(FIELD.findall(plain_str)):
        problems.append(f"placeholders differ: {sorted(FIELD.findall(plain_id))} in English, "
                        f"{sorted(FIELD.findall(plain_str))} in the translation")
    if Counter(CODE.findall(plain_id)) != Counter(CODE.findall(plain_str)):
        problems.append("code spans differ")
    strip = lambda t: FIELD.sub("", LINK.sub("", CODE.sub("", t)))  # noqa: E731 - link targets and code are compared above
    if Counter(DIGITS.findall(strip(plain_id))) != Counter(DIGITS.findall(strip(plain_str))):
        problems.append(f"typed numbers differ: {sorted(DIGITS.findall(strip(plain_id)))} in English, "
                        f"{sorted(DIGITS.findall(strip(plain_str)))} in the translation")
    return problems


def check(root: Path = ROOT, lang: str = LANG, templates: Path | None = None) -> list[str]:
    """Every problem of the catalogs, one line each naming the file and the message; empty when all is well.

    ``templates``: a folder of ``.pot`` files made from the current English text (gettext builder); when given,
    a message of the English text that a catalog lacks, or a catalog's message the English text no longer has,
    is a problem too.
    """
    import polib

    problems = []
    found = {p.relative_to(root / LOCALES / lang / "LC_MESSAGES").with_suffix("").as_posix(): p
             for p in catalogs(root, lang)}
    if templates is not None:
        wanted = {p.relative_to(templates).with_suffix("").as_posix(): p for p in sorted(templates.rglob("*.pot"))}
        for name in sorted(set(wanted) - set(found)):
            problems.append(f"{LOCALES}/{lang}/LC_MESSAGES/{name}.po: missing; run "
                            "`python -m analysis.book.translations update` and translate it")
        for name in sorted(set(wanted) & set(found)):
            english = {e.msgid for e in polib.pofile(str(wanted[name])) if e.msgid}
            have = {e.msgid for e in polib.pofile(str(found[name])) if not e.obsolete}
            rel = found[name].relative_to(root).as_posix()
            problems += [f"{rel}: the English text has a message the catalog lacks (run update): {m[:80]!r}"
                         for m in sorted(english - have)]
            problems += [f"{rel}: a message the English text no longer has (run update): {m[:80]!r}"
                         for m in sorted(have - english)]
    for name, path in found.items():
        rel = path.relative_to(root).as_posix()
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgid:
                continue
            where = f"{rel}: {entry.msgid[:70]!r}"
            if MACHINE_PATH.search(entry.msgid):
                problems.append(f"{where}: a path of the machine that extracted it; it is not a message (check "
                                "gettext_additional_targets in _config.yml) and must not be in the repository")
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{where}: marked for review (fuzzy): the English changed; check the translation "
                                "and remove the flag")
            elif not entry.msgstr.strip():
                problems.append(f"{where}: not translated")
            else:
                problems += [f"{where}: {p}" for p in differences(entry.msgid, entry.msgstr)]
    return problems


def extract(out: Path, root: Path = ROOT, cache: Path | None = None) -> Path:
    """Run Sphinx's gettext builder on the book in ``root``; return the folder of its ``.pot`` files.

    ``cache``: an execution cache to copy first (a built book's ``_build/.jupyter_cache``), so that nothing
    executes again.
    """
    import os
    import shutil

    from analysis.book.build import jupyter_book, strip_ansi

    if cache is not None and cache.is_dir():
        own = out / "_build" / ".jupyter_cache"
        shutil.rmtree(own, ignore_errors=True)
        shutil.copytree(cache, own)
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1", BOOK_LANGUAGES="en")
    done = subprocess.run([jupyter_book(), "build", str(root), "--builder", "custom", "--custom-builder",
                           "gettext", "--path-output", str(out)], cwd=root, env=env, capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(f"the gettext build of {root} failed:\n{strip_ansi(done.stdout + done.stderr)[-4000:]}")
    return out / "_build" / "gettext"


KEYWORDS = {"tr": None, "N_": None}
"""The functions whose first argument is a message (:mod:`analysis.language`)."""


def _page_messages(page: Path) -> list[str]:
    """The messages in the code cells of a chapter (``tr("...")`` in a table's caption or headings)."""
    import io

    import jupytext
    from babel.messages.extract import extract

    code = "\n".join(c.source for c in jupytext.read(page).cells if c.cell_type == "code")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    return [m for _line, m, _c, _ctx in extract("python", io.BytesIO(code.encode("utf-8")), keywords=KEYWORDS)]


def code_messages(root: Path = ROOT) -> dict[str, list[tuple[str | None, str]]]:
    """The messages of the text code writes, per catalog: ``analysis`` (the coding scheme's labels and every
    ``tr("...")`` in ``analysis/`` and in the chapters' code cells, found by Babel) and ``references`` (the prose of the coding)."""
    from babel.messages.extract import extract_from_dir

    from analysis.literature import bibliography, vocab

    found = [(None, m) for m in vocab.messages()]
    levers = yaml.safe_load((root / LEVERS).read_text(encoding="utf-8"))
    for entry in levers.values():
        found += [(None, text.strip()) for text in [entry["dutch"], *entry["consider"]]]
    for _file, _line, message, _comments, context in extract_from_dir(
            str(root / "analysis"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.append((context or None, message))
    from analysis.book.languages import footer_message

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    footer = (config.get("html") or {}).get("extra_footer")
    if footer:
        found.append((None, footer_message(footer)))
    found.append((None, config["title"]))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found += [(None, part["caption"]) for part in toc.get("parts", []) if part.get("caption")]
    for page in sorted((root / "book").glob("*.md")):
        found += [(None, message) for message in _page_messages(page)]
    return {"analysis": list(dict.fromkeys(found)),
            "references": bibliography.messages(bibliography.load(root / "references.bib",
                                                                  root / "data" / "literature" / "verification.csv"))}


def write_templates(folder: Path, root: Path = ROOT) -> list[Path]:
    """Write ``<domain>.pot`` of :func:`code_messages` into ``folder``; return the files."""
    import polib

    written = []
    for domain, messages in code_messages(root).items():
        pot = polib.POFile()
        pot.metadata = {"Content-Type": "text/plain; charset=utf-8", "Content-Transfer-Encoding": "8bit"}
        for context, message in messages:
            pot.append(polib.POEntry(msgctxt=context, msgid=message, msgstr=""))
        path = folder / f"{domain}.pot"
        pot.save(str(path))
        written.append(path)
    return written


def update(root: Path = ROOT, lang: str = LANG, cache: Path | None = None) -> list[str]:
    """Merge the current English messages into the catalogs (sphinx-intl); return what it reports."""
    with tempfile.TemporaryDirectory() as tmp:
        pots = extract(Path(tmp), root, cache if cache is not None else root / "_build" / ".jupyter_cache")
        write_templates(pots, root)
        done = subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(pots), "-l", lang,
                               "-d", str(root / LOCALES), "-w", "0"], capture_output=True, text=True, check=True)
    _drop_obsolete(root, lang)
    return done.stdout.splitlines()


def _drop_obsolete(root: Path, lang: str) -> None:
    """Remove the messages the English text no longer has (git keeps their history)."""
    import polib

    for path in catalogs(root, lang):
        po = polib.pofile(str(path), wrapwidth=0)
        old = [e for e in po if e.obsolete]
        if old:
            for entry in old:
                po.remove(entry)
            po.save(str(path))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "check"])
    args = parser.parse_args(argv)
    if args.command == "update":
        print("\n".join(update()))
    problems = check()
    print("\n".join(problems) or f"{len(catalogs())} catalogs: every message translated and consistent.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())


BLOCKS = ("p", "li", "th", "td", "h1", "h2", "h3", "h4", "figcaption", "dt", "dd", "caption", "summary", "label")
"""The elements whose own text the language check reads, inside a page's article and footer."""

SKIP = ("pre", "code", ".bibliography", ".citation", "script", "style", ".lr-cite pre", "[lang]:not(html)",
        ".lr-work-title", "a.lr-work", 'a[href*="#cite-"]')
"""What the language check leaves out: code, the bibliography's entries and the titles of works in tables (titles
keep their language), citation labels (names: links to the bibliography's entries), and any element that
declares its own language."""


def english_blocks(page: Path, allow: tuple[str, ...] = (), min_words: int = 4) -> list[str]:
    """The text of every block of a built page that reads as English rather than Dutch (lingua), with its words
    of ``allow`` (proper names, titles) taken out first."""
    from bs4 import BeautifulSoup

    detector = _detector()
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article") or soup
    for sel in SKIP:
        for node in main.select(sel):
            node.decompose()
    found = []
    for block in main.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue  # the inner blocks are read on their own
        text = " ".join(block.get_text(" ").split())
        for phrase in allow:
            text = text.replace(phrase, " ")
        words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", text)
        if len(words) < min_words:
            continue
        scores = {c.language.name: c.value for c in detector.compute_language_confidence_values(" ".join(words))}
        if scores.get("ENGLISH", 0) > 0.8:
            found.append(text)
    return found


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.DUTCH).build()
