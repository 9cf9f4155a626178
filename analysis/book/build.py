"""Build the book from a copy of the repository: used by the tests and the benchmark."""

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


def jupyter_book() -> str:
    """The ``jupyter-book`` command of the running Python environment."""
    here = Path(sys.executable).with_name("jupyter-book")
    return str(here) if here.is_file() else (shutil.which("jupyter-book") or "jupyter-book")


def build(src: Path, out: Path, timeout: int = 1800) -> subprocess.CompletedProcess:
    """Build the book in ``src`` into ``out`` with warnings as errors; return the finished process.

    The ``analysis`` package is imported from ``src`` (PYTHONPATH), so a copy's
    changes are what its chapters see.
    """
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [jupyter_book(), "build", str(src), "--path-output", str(out), "-W", "-n", "--keep-going"],
        cwd=src, env=env, capture_output=True, text=True, timeout=timeout,
    )


def executed(log: str) -> list[str]:
    """Names of the notebooks that a build log says were executed (not taken from the cache)."""
    return sorted({Path(line.split(":")[0]).name for line in strip_ansi(log).splitlines()
                   if "Executing notebook" in line})


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    """``text`` without terminal colour codes."""
    return ANSI.sub("", text)


def log_text(result: subprocess.CompletedProcess) -> str:
    """The build's stdout and stderr together, with terminal colour codes removed."""
    return strip_ansi(result.stdout + result.stderr)
