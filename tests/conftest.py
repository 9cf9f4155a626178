"""Shared fixtures: one full build of the book per test session, shared by the session's parallel workers."""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from analysis.book.build import build, copy_repo, log_text  # noqa: E402


PAGE_TESTS = ("tests/browser/test_first_visit.py::", "tests/browser/test_interactive.py::",
              "tests/browser/test_pages.py::")
"""The tests that share visits to a page: its one reading (``read_page`` in ``tests/browser/conftest.py``) and the
tab in which its tables are sorted and filtered and its maps hovered (``tab`` in ``test_interactive.py``)."""


def pytest_xdist_make_scheduler(config, log):
    """Like ``--dist load``, but the tests of one page in :data:`PAGE_TESTS` go to one worker, where they share
    their visits to that page. Work goes out in the order of the collection, so that the tests that do not need
    the built book run while it builds (:func:`pytest_collection_modifyitems`)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByPage(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(PAGE_TESTS) and nodeid.endswith("]"):
                return "page " + nodeid.rsplit("[", 1)[1]
            return nodeid

    config.option.loadscopereorder = False  # LoadScopeScheduling would put the largest groups (the pages) first
    return ByPage(config, log)


def _pdf_edition(src: Path, base: Path, html: Path) -> None:
    """Build the PDF edition of the copy into the built book, where every footer links to it.

    A failure is recorded in ``pdf-error.txt`` for the PDF tests to report; the HTML tests go on.
    """
    from analysis.book import citation, edition, pdf

    try:
        single = pdf.build_single(src, base / "pdf", cache=html.parent / ".jupyter_cache")
        pdf.print_pdf(single, html / citation.PDF_NAME)
        pdf.print_pdf(single / "nl", html / "nl" / citation.PDF_NAME, lang="nl")
        edition.link_pdf(html)
    except Exception as err:  # reported by tests/book/test_pdf.py with the full message
        (base / "pdf-error.txt").write_text(f"{type(err).__name__}: {err}", encoding="utf-8")


def _shared_build(base: Path) -> None:
    """Build the book, then its PDF edition, in ``base``, unless a process of this session did or does.

    Writes ``returncode`` and ``build.log`` when the HTML is built, then ``pdf.done`` when the PDF is (or failed).
    """
    with open(base.parent / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        html = base / "out" / "_build" / "html"
        if not (base / "returncode").is_file():
            base.mkdir(parents=True, exist_ok=True)
            src = copy_repo(base / "src")
            result = build(src, base / "out")
            (base / "build.log").write_text(log_text(result), encoding="utf-8")
            (base / "returncode").write_text(str(result.returncode))
        if not (base / "pdf.done").is_file():
            if (base / "returncode").read_text() == "0":
                _pdf_edition(base / "src", base, html)
            (base / "pdf.done").write_text("done")


_BUILDER: dict[Path, threading.Thread] = {}


def _start_build(base: Path) -> threading.Thread:
    """Start :func:`_shared_build` in a thread of this process (once); return the thread."""
    if base not in _BUILDER:
        _BUILDER[base] = threading.Thread(target=_shared_build, args=(base,), daemon=True, name="book build")
        _BUILDER[base].start()
    return _BUILDER[base]


def _wait_for(base: Path, marker: str) -> None:
    thread = _start_build(base)
    while not (base / marker).is_file():
        if not thread.is_alive() and not (base / marker).is_file():
            pytest.fail(f"the session's build of the book stopped before it wrote {marker} (see the log above)")
        time.sleep(0.5)


def _shared_base(factory) -> Path:
    """The session's shared build folder (the same for every xdist worker)."""
    base_temp = factory.getbasetemp()
    return (base_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else base_temp) / "book"


def _needs_book(item) -> int:
    """0: the test does not read the session's build; 1: it reads the HTML; 2: it also reads the PDF edition."""
    names = getattr(item, "fixturenames", ())
    if "built_book" in names:
        return 2
    return int("built_html" in names or ("book_html" in names and not os.environ.get("BOOK_HTML")))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run the tests that do not read the built book first, while the book builds in the background, then those
    that read its HTML, while its PDF edition builds, and then those that read the PDF too."""
    items.sort(key=_needs_book)
    if any(map(_needs_book, items)):
        _start_build(_shared_base(config._tmp_path_factory))  # pytest's own tmp_path_factory, as the fixture's


def _built(base: Path) -> Path:
    returncode = int((base / "returncode").read_text())
    if returncode != 0:
        log = (base / "build.log").read_text(encoding="utf-8")
        pytest.fail(f"the book did not build (exit {returncode}):\n{log[-6000:]}")
    return base / "out" / "_build" / "html"


@pytest.fixture(scope="session")
def built_html(tmp_path_factory) -> Path:
    """A clean copy of the book built with warnings as errors, before its PDF edition is; its ``_build/html``.

    Built once per test session, in the background from the moment the tests are collected: the first xdist
    worker to start builds it under a lock in the session's shared temporary folder, and every test that needs
    it waits for it. Fails the session's build-dependent tests with the build log if the build fails.
    """
    base = _shared_base(tmp_path_factory)
    _wait_for(base, "returncode")
    return _built(base)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, built_html) -> Path:
    """The built book with its PDF edition (``built_html`` once the PDF is built into it)."""
    _wait_for(_shared_base(tmp_path_factory), "pdf.done")
    return built_html
