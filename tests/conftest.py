"""Shared fixtures: one full build of the book per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from analysis.book.build import build, copy_repo, log_text  # noqa: E402


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build a clean copy of the book with warnings as errors; return its ``_build/html`` folder.

    Fails the session's build-dependent tests with the build log if the build fails.
    """
    base = tmp_path_factory.mktemp("book")
    src = copy_repo(base / "src")
    result = build(src, base / "out")
    log = log_text(result)
    (base / "build.log").write_text(log, encoding="utf-8")
    if result.returncode != 0:
        pytest.fail(f"the book did not build (exit {result.returncode}):\n{log[-6000:]}")
    return base / "out" / "_build" / "html"
