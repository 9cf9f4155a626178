"""Fixtures of the literature tests."""

from __future__ import annotations

import pytest

from analysis.literature import bibliography


@pytest.fixture(scope="module")
def works():
    """The real, validated bibliography."""
    return bibliography.load()
