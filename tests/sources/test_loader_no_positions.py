"""A parse without position maps (``positions=False``: policy packs, the fast checks)
reports the same problems as one with them, also when a duplicate key comes before an
error that ends the parse: the duplicate's message names where the first key is."""

from __future__ import annotations

import pytest

from deploylint.sources.loader import Limits, load_text

CASES = [
    ("?\n? &0,", False),  # found by the random property: an empty key twice, then a syntax error
    ("a: 1\na: 2\nb: [", False),  # a duplicate, then a syntax error
    ("a: 1\na: 2\nb: " + "[" * 70 + "1", False),  # a duplicate, then too deep
    ('{"a": 1, "a": 2, ', True),  # JSON: a duplicate, then a syntax error
    ('{"a": 1, "a": 2, "b": ' + "[" * 70 + "1", True),  # JSON: a duplicate, then too deep
    ("a: 1\na: 2\n", False),  # a duplicate alone
]


@pytest.mark.parametrize(("text", "json"), CASES)
def test_without_positions_the_problems_are_the_same(text: str, json: bool) -> None:
    with_positions = load_text(text, Limits(), json=json).problems
    without = load_text(text, Limits(), positions=False, json=json).problems
    assert without == with_positions
    duplicate = without[0].message
    assert "appears again; first defined at line 1, column" in duplicate
