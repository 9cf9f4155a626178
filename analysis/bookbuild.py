"""Helpers for tests that build the book: copy the repository, run Jupyter Book."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from analysis import ROOT


def tracked_files(root: Path = ROOT) -> list[Path]:
    """Files of the working tree that git tracks or would track (not ignored)."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root, check=True, capture_output=True,
    ).stdout.decode()
    return [root / p for p in out.split("\0") if p and (root / p).is_file()]


def copy_repo(dest: Path, toc_files: list[str] | None = None) -> Path:
    """Copy the repository's files to ``dest``; optionally keep only ``toc_files`` in the TOC.

    The first of ``toc_files`` becomes the root page; the rest are chapters.
    """
    for path in tracked_files():
        target = dest / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    if toc_files:
        toc = {"format": "jb-book", "root": toc_files[0],
               "chapters": [{"file": f} for f in toc_files[1:]]}
        (dest / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return dest


def build(src: Path, out: Path, timeout: int = 1800) -> subprocess.CompletedProcess:
    """Build the book in ``src`` into ``out`` with warnings as errors; return the finished process.

    The ``analysis`` package is imported from ``src`` (PYTHONPATH), so a copy's
    changes are what its chapters see.
    """
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1")
    jb = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run(
        [str(jb), "build", str(src), "--path-output", str(out), "-W", "-n", "--keep-going"],
        cwd=src, env=env, capture_output=True, text=True, timeout=timeout,
    )


def executed(log: str) -> list[str]:
    """Names of the notebooks that a build log says were executed (not taken from the cache)."""
    return sorted({Path(line.split(":")[0]).name for line in log.splitlines() if "Executing notebook" in line})


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def log_text(result: subprocess.CompletedProcess) -> str:
    """The build's stdout and stderr together, with terminal colour codes removed."""
    return ANSI.sub("", result.stdout + result.stderr)
