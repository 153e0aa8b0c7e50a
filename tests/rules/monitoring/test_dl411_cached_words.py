"""DL411's channel reading is cached and its word patterns compiled once: the same verdicts
as reading each marker with a fresh pattern (the plain reading, kept here)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.rules.monitoring.dl411_alert_channels import is_production, other_environment


def plain_has_word(folded: str, marker: str) -> bool:
    m = marker.casefold()
    if not m.isascii():
        return m in folded
    return re.search(rf"(?<![a-z0-9]){re.escape(m)}(?![a-z0-9])", folded) is not None


def plain_other(value: str, others: Sequence[str]) -> str | None:
    folded = value.casefold()
    return next((m for m in others if plain_has_word(folded, m)), None)


def plain_is_production(value: str, markers: Sequence[str], others: Sequence[str]) -> bool:
    folded = value.casefold()
    if not any(plain_has_word(folded, m) for m in markers):
        return False
    return plain_other(value, others) is None


WORDS = ["prod", "PRD", "本番", "non", "pre", "staging", "stg", "ステージング", "dev", "QA", "a.b"]
word = st.sampled_from(WORDS) | st.text("abcdeprodnstg-_.#本番", min_size=1, max_size=5)
channel = st.lists(word | st.sampled_from(["-", "_", "#", " ", "alerts"]), max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(channel, st.lists(word, max_size=4), st.lists(word, max_size=5))
def test_the_cached_reading_is_the_plain_one(
    value: str, markers: list[str], others: list[str]
) -> None:
    for _ in range(2):  # the second time from the cache
        assert other_environment(value, others) == plain_other(value, others)
        assert is_production(value, markers, others) == plain_is_production(value, markers, others)
        assert is_production(value, tuple(markers), others) == is_production(value, markers, others)


def test_the_verdicts_follow_the_lists_they_are_given() -> None:
    """A verdict cached for one list of markers is not the answer for another."""
    assert is_production("#alerts-prod", ["prod"], ["non"])
    assert not is_production("#alerts-prod", ["prd"], ["non"])
    assert not is_production("#alerts-non-prod", ["prod"], ["non"])
    assert is_production("#alerts-non-prod", ["prod"], [])
    assert other_environment("#alerts-pre-prod", ["non", "pre"]) == "pre"
    assert other_environment("#alerts-pre-prod", ["non"]) is None
