"""Computations behind the book "What works in a learning region?".

Chapters import from here; the package holds the logic that tests cover:
the structured bibliography, literature tables, regional data and maps.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""Repository root: the folder that holds ``_config.yml``."""

__all__ = ["ROOT"]
