"""One module per chapter, computing that chapter's evidence: the only wing that combines the two engines.

``outline`` lists the chapters and their theme tags; ``why_region``, ``what_region``, ``leadership`` and
``governance`` serve their chapters; ``views`` holds the chapter views of the literature (chapters 3-6).

May import: ``literature``, ``regional`` and ``book.facts`` (the glue helpers). Never the rest of ``book``.
"""
