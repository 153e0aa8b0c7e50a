"""The one-call node events (sources/events.py): what ruamel's classes hold, and the same
documents as composing ruamel's own events."""

from __future__ import annotations

import contextlib
from pathlib import Path

import _ruamel_yaml
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml import events as ev

from deploylint.sources import events
from deploylint.sources.loader import LoadResult, load_text

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO / "tests" / "data" / "yaml-test-suite"


def _slots(event: object) -> dict[str, object]:
    names = {n for cls in type(event).__mro__ for n in getattr(cls, "__slots__", ())}
    return {n: getattr(event, n) for n in sorted(names)}


def test_libyaml_makes_ours_while_the_loader_reads() -> None:
    """With this ruamel.yaml.clib the parser makes the one-call classes (no conversion)
    inside ``installed()``, and ruamel's own outside it, also after a load."""
    assert events.INSTALLED
    with events.installed():
        parser = _ruamel_yaml.CParser("{a: [b]}")
        made = [type(parser.get_event()) for _ in range(6)]
    assert made[2:6] == [
        events.MappingStartEvent,
        events.ScalarEvent,
        events.SequenceStartEvent,
        events.ScalarEvent,
    ]
    load_text("a: [b, {c: d}]\n")
    parser = _ruamel_yaml.CParser("a")
    parser.get_event()
    parser.get_event()
    assert parser.check_event(ev.ScalarEvent)  # ruamel's exact class again
    assert type(parser.get_event()) is ev.ScalarEvent


def test_installed_blocks_nest() -> None:
    with events.installed():
        with events.installed():
            pass
        assert _ruamel_yaml.ScalarEvent is events.ScalarEvent
    assert _ruamel_yaml.ScalarEvent is ev.ScalarEvent


ARGS = st.one_of(st.none(), st.text(max_size=3), st.booleans(), st.integers())


@settings(max_examples=60, deadline=None)
@given(st.lists(ARGS, min_size=8, max_size=8), st.booleans())
def test_the_same_slots_as_ruamels(args: list[object], check: bool) -> None:
    comment = ev.CommentCheck if check else args[7]
    pairs = [
        (ev.ScalarEvent(*args[:7], comment=comment), events.ScalarEvent(*args[:7], comment)),
        (
            ev.MappingStartEvent(*args[:6], comment, args[6]),
            events.MappingStartEvent(*args[:6], comment, args[6]),
        ),
        (
            ev.SequenceStartEvent(*args[:6], comment=comment, nr_items=args[6]),
            events.SequenceStartEvent(*args[:6], comment=comment, nr_items=args[6]),
        ),
    ]
    for theirs, mine in pairs:
        assert isinstance(mine, type(theirs))
        assert _slots(mine) == _slots(theirs)
        assert mine.tag == theirs.tag


def _key(result: LoadResult) -> object:
    return (
        [(d.data, d.values, d.keys, d.index) for d in result.documents],
        [(p.kind, p.message, p.span) for p in result.problems],
    )


def test_ruamels_own_events_compose_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the install did not take: libyaml's parser makes ruamel's classes and the
    loader converts each event (``ours``); the documents are the same."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SUITE.rglob("in.yaml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples").rglob("*.yaml"))]
    assert len(texts) > 300
    fast = [_key(load_text(t)) for t in texts]
    monkeypatch.setattr(events, "installed", contextlib.nullcontext)
    monkeypatch.setattr(events, "INSTALLED", False)
    assert [_key(load_text(t)) for t in texts] == fast


def test_ruamels_c_loader_reads_as_before() -> None:
    text = "a: [1, {b: c}]\nd: !!str 3\ne: &x {f: 1}\ng: *x\n"
    assert YAML(typ="safe").load(text) == YAML(typ="safe", pure=True).load(text)
