"""What turns the computations into a book: the build around the chapters.

Holds the Sphinx extensions (``cache``: the execution cache follows the inputs; ``downloads``: the files
offered for download; ``htmlfixes``: a clean browser console), the glue helpers (``facts``), the reader of
``_toc.yml`` (``toc``), the book's own citation (``citation``), the build helper (``build``), the benchmark
(``bench``) and the page-weight report (``weight``).

May import: ``analysis`` and its own modules; an engine only in ``downloads`` (what the build writes) and
``bench`` (what the benchmark measures). Never ``chapters``.
"""
