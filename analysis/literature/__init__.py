"""The bibliography engine: ``references.bib`` and its ledger -> coded works -> tables, gap maps, synthesis, exports.

Holds the loader and validator (``bibliography``), the controlled vocabularies (``vocab``), the review tables,
gap maps and literature figures (``tables``), the exports for reference managers (``exports``) and the
synthesis of success conditions (``synthesis``).

May import: ``analysis`` (for ``ROOT``) and its own modules. Never ``regional``, ``chapters`` or ``book``.
"""
