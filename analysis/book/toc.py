"""The reader of ``_toc.yml``: which pages the book builds, in reading order."""

from __future__ import annotations

from pathlib import Path

import yaml

from analysis import ROOT


def toc_files(toc: Path | None = None) -> list[str]:
    """Return every file listed in ``_toc.yml``, root first, in reading order."""
    toc = toc or ROOT / "_toc.yml"
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files = [data["root"]]

    def walk(items: list[dict]) -> None:
        for item in items:
            if "file" in item:
                files.append(item["file"])
            for key in ("parts", "chapters", "sections"):
                walk(item.get(key, []))

    walk(data.get("parts", []) + data.get("chapters", []))
    return files
