"""The browser gates are live: on a deliberately bad page they see what they must report."""

from __future__ import annotations

import pytest
from bookpages import axe, new_visit, serve


pytestmark = pytest.mark.browser

BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>bad</title>
<script src="https://cdn.invalid/lib.js"></script>
<link rel="stylesheet" href="https://fonts.invalid/css?family=X">
</head><body><main>
<img src="missing.png">
<script>console.error("deliberate failure");</script>
<script>undefinedFunction();</script>
</main></body></html>"""


def test_a_bad_page_shows_every_kind_of_problem(browser, tmp_path):
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    with serve(tmp_path) as url:
        v = new_visit(browser, url)
        try:
            v.open("bad.html")
            violations = axe(v.page)["violations"]
        finally:
            v.context.close()
    assert any("cdn.invalid/lib.js" in f for f in v.foreign), v.foreign
    assert any("fonts.invalid" in f for f in v.foreign), v.foreign
    assert any("deliberate failure" in e for e in v.console_errors), v.console_errors
    assert any("undefinedFunction" in e for e in v.page_errors), v.page_errors
    assert any("missing.png" in f and "404" in f for f in v.failed), v.failed
    assert any(x["id"] == "image-alt" and x["impact"] == "critical" for x in violations), violations
