"""rules/_steps.py: ``matching`` in one pass is the two-pass reading it replaced (actions
naming a concept, and a step's name only when none of its actions does), on random
processes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.rules._steps import Item, matching

CONCEPTS = ["backup", "migration", "health", "update", "log"]


def plain_matching(concepts: Iterable[str], items: Sequence[Item]) -> list[Item]:
    wanted = frozenset(concepts)
    hits = [i for i in items if i.action is not None and not wanted.isdisjoint(i.concepts)]
    steps_with_hits = {i.step for i in hits}
    names = [
        i
        for i in items
        if i.action is None and i.step not in steps_with_hits and not wanted.isdisjoint(i.concepts)
    ]
    return sorted(hits + names, key=lambda i: i.order)


named = st.frozensets(st.sampled_from(CONCEPTS), max_size=3)


@st.composite
def processes(draw: st.DrawFn) -> list[Item]:
    """A sequence as ``sequence`` builds it: each step's name, then its actions."""
    items: list[Item] = []
    for step in range(draw(st.integers(0, 5))):
        phase = draw(st.sampled_from(["pre_deployment", "deployment", "post_deployment"]))
        items.append(Item(len(items), phase, step, step, None, f"s{step}", draw(named)))
        for a in range(draw(st.integers(0, 4))):
            items.append(Item(len(items), phase, step, step, a, f"a{step}.{a}", draw(named)))
    return items


@settings(max_examples=200, deadline=None)
@given(processes(), st.lists(st.sampled_from(CONCEPTS), max_size=3))
def test_matching_is_the_plain_reading(items: list[Item], concepts: list[str]) -> None:
    got = matching(None, concepts, items)  # type: ignore[arg-type]  # ctx is not read
    assert got == plain_matching(concepts, items)
    assert [i.order for i in got] == sorted(i.order for i in got)
    # a part of the sequence (DL502 leaves some items out) reads the same way
    part = items[::2]
    assert matching(None, concepts, part) == plain_matching(concepts, part)  # type: ignore[arg-type]
