"""Helpers for data tests: a private copy of data/ that a test may corrupt."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from analysis.regional.sources import DATA_DIR


def copy_data(tmp_path: Path) -> Path:
    """Copy the book's data/ folder to ``tmp_path/data`` and return it."""
    dest = tmp_path / "data"
    shutil.copytree(DATA_DIR, dest)
    return dest


def rewrite(data_dir: Path, name: str, text: str | bytes, *, rehash: bool = True) -> None:
    """Replace a file in a data copy; with ``rehash``, record its new sha256 so content checks are reached."""
    path = data_dir / name
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.write_bytes(data)
    if rehash:
        reg = data_dir / "sources.yaml"
        raw = reg.read_text(encoding="utf-8")
        old = yaml.safe_load(raw)["files"][name]["sha256"]
        reg.write_text(raw.replace(old, hashlib.sha256(data).hexdigest()), encoding="utf-8")


def replace_once(data_dir: Path, name: str, old: str, new: str) -> None:
    """In a data copy, replace the first ``old`` in file ``name`` by ``new`` (which must be there) and rehash."""
    text = (data_dir / name).read_text(encoding="utf-8")
    assert old in text, f"{name} has no {old!r}: the test's fixture is out of date"
    rewrite(data_dir, name, text.replace(old, new, 1))


def edit_registry(data_dir: Path, old: str, new: str) -> None:
    """In a data copy, replace the first ``old`` in ``sources.yaml`` by ``new`` (which must be there)."""
    reg = data_dir / "sources.yaml"
    text = reg.read_text(encoding="utf-8")
    assert old in text, f"sources.yaml has no {old!r}: the test's fixture is out of date"
    reg.write_text(text.replace(old, new, 1), encoding="utf-8")
