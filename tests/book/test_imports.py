"""The rules between the four wings of ``analysis/``: import-linter's contracts in ``pyproject.toml``."""

from __future__ import annotations

import re

import os
import shutil
import subprocess
import sys
from pathlib import Path

from analysis import ROOT

LINT = Path(sys.executable).with_name("lint-imports")
CONTRACTS = 5


def lint(root: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the ``analysis`` package under ``root`` with the contracts of its pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_every_contract_is_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in result.stdout


SHARED = {"__init__.py", "language.py"}
"""The package's own modules, which every wing may use: the repository root, and the book's languages."""


def test_no_module_is_left_directly_under_analysis():
    loose = sorted(p.name for p in (ROOT / "analysis").glob("*.py") if p.name not in SHARED)
    assert not loose, f"modules outside the four wings: {loose}"


def test_the_shared_language_module_imports_no_wing():
    text = (ROOT / "analysis" / "language.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) analysis\.(literature|regional|chapters|book)", text, re.M)


def copy_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "analysis", tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_a_forbidden_import_between_the_engines_is_caught(tmp_path):
    root = copy_package(tmp_path)
    vocab = root / "analysis" / "literature" / "vocab.py"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\nfrom analysis.regional import regions  # noqa\n")
    result = lint(root)
    assert result.returncode != 0
    assert "The two engines do not know each other BROKEN" in result.stdout
    assert "analysis.literature.vocab -> analysis.regional" in result.stdout


def test_a_chapter_importing_the_build_is_caught(tmp_path):
    root = copy_package(tmp_path)
    views = root / "analysis" / "chapters" / "views.py"
    views.write_text(views.read_text(encoding="utf-8") + "\nfrom analysis.book import bench  # noqa\n")
    result = lint(root)
    assert result.returncode != 0
    assert "Chapters use the book wing only for its glue helpers BROKEN" in result.stdout
