"""Numbers a chapter states: plain Python values, glued under their own names."""

from __future__ import annotations

import numpy as np


def plain(value):
    """A numpy scalar as a plain Python value, so that glued numbers format cleanly."""
    return value.item() if isinstance(value, np.generic) else value


def plain_facts(facts: dict) -> dict:
    """``facts`` with every numpy scalar made a plain Python value."""
    return {key: plain(value) for key, value in facts.items()}


def glue_facts(facts: dict) -> None:
    """Glue every fact under its own name for ``{glue:text}`` in a chapter (no output in the cell)."""
    from myst_nb import glue

    for key, value in facts.items():
        glue(key, plain(value), display=False)


def dutch(value: float, digits: int = 1) -> str:
    """``value`` written the Dutch way, with a decimal comma, for the Dutch summaries."""
    return f"{value:.{digits}f}".replace(".", ",")
