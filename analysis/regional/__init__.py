"""The data engine: ``data/`` and its registry -> validated boundaries and indicators -> maps, charts, comparisons.

Holds the data registry with checksums and refresh (``sources``), boundaries, indicators, lookups and
crosswalks (``regions``), maps (``maps``), charts (``charts``), comparisons of regions (``compare``) and the
nesting of region systems (``nesting``).

May import: ``analysis`` (for ``ROOT``) and its own modules. Never ``literature``, ``chapters`` or ``book``.
"""
