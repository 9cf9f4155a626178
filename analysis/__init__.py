"""Computations behind the book "What works in a learning region?", in four wings.

``literature``
    the bibliography engine: ``references.bib`` and its ledger -> coded works -> tables, gap maps, synthesis, exports.
``regional``
    the data engine: ``data/`` and its registry -> validated boundaries and indicators -> maps, charts, comparisons.
``chapters``
    one module per chapter: the only wing that combines the two engines.
``book``
    what makes it a book: Sphinx extensions, glue helpers, build, benchmark, page weight.

Beside the wings, ``analysis.language`` holds what all of them share for the book's two editions: the catalogs of
the text code writes, and numbers in each language's format; it imports no wing.

The engines never import each other, nor ``chapters`` or ``book``; the contracts in ``pyproject.toml``
(``lint-imports``) check this.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""Repository root: the folder that holds ``_config.yml``."""

__all__ = ["ROOT"]
