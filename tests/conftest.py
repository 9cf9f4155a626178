"""Shared fixtures: one full build of the book per test session, shared by the session's parallel workers."""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from analysis.book.build import build, copy_repo, log_text  # noqa: E402


def _pdf_edition(src: Path, base: Path, html: Path) -> None:
    """Build the PDF edition of the copy into the built book, where every footer links to it.

    A failure is recorded in ``pdf-error.txt`` for the PDF tests to report; the HTML tests go on.
    """
    from analysis.book import citation, pdf

    try:
        single = pdf.build_single(src, base / "pdf", cache=html.parent / ".jupyter_cache")
        pdf.print_pdf(single, html / citation.PDF_NAME)
    except Exception as err:  # reported by tests/book/test_pdf.py with the full message
        (base / "pdf-error.txt").write_text(f"{type(err).__name__}: {err}", encoding="utf-8")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build a clean copy of the book with warnings as errors; return its ``_build/html`` folder.

    Built once per test session: with parallel workers (pytest-xdist), the first worker that needs the book
    builds it under a lock in the session's shared temporary folder and the others wait for it and read it.
    Fails the session's build-dependent tests with the build log if the build fails.
    """
    base_temp = tmp_path_factory.getbasetemp()
    shared = base_temp.parent if os.environ.get("PYTEST_XDIST_WORKER") else base_temp
    base = shared / "book"
    html = base / "out" / "_build" / "html"
    with open(shared / "book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / "build.log").is_file():
            base.mkdir(parents=True, exist_ok=True)
            src = copy_repo(base / "src")
            result = build(src, base / "out")
            if result.returncode == 0:
                _pdf_edition(src, base, html)
            (base / "returncode").write_text(str(result.returncode))
            (base / "build.log").write_text(log_text(result), encoding="utf-8")
    returncode = int((base / "returncode").read_text())
    if returncode != 0:
        log = (base / "build.log").read_text(encoding="utf-8")
        pytest.fail(f"the book did not build (exit {returncode}):\n{log[-6000:]}")
    return html
