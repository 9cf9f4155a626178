"""The helpers that turn computed numbers into glued facts."""

import numpy as np

from analysis.book.facts import dutch, plain, plain_facts


def test_dutch_uses_a_decimal_comma_and_rounds():
    assert dutch(3.3567) == "3,4"
    assert dutch(1.866, digits=2) == "1,87"


def test_plain_turns_numpy_scalars_into_python_values():
    facts = plain_facts({"n": np.int64(12), "x": np.float64(0.5), "name": "Utrecht"})
    assert facts == {"n": 12, "x": 0.5, "name": "Utrecht"}
    assert type(facts["n"]) is int and type(plain(np.float32(1.5))) is float
