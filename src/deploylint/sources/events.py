"""ruamel's node events, each made by one Python call instead of three.

libyaml's event parser (``_ruamel_yaml.CParser``) makes an instance of ruamel's event
classes for every node of a file, looking each class up in its module's namespace at every
call; ruamel's ``ScalarEvent.__init__`` calls ``NodeEvent.__init__``, which calls
``Event.__init__``. The subclasses here set the same slots in one call: making the events
of a config costs a fifth less. The loader puts them in that namespace only while it reads
a file's events (:func:`installed`), so ruamel works as before for anyone else. The
composer (``loader.py``) tells node events apart by these exact classes: an event from
another source (ruamel's pure-Python parser) is given its class by :func:`ours`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import _ruamel_yaml
from ruamel.yaml import events as ev


class ScalarEvent(ev.ScalarEvent):
    __slots__ = ()

    def __init__(
        self,
        anchor: Any,
        tag: Any,
        implicit: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        style: Any = None,
        comment: Any = None,
    ) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = None if comment is ev.CommentCheck else comment  # as Event's
        self.anchor = anchor
        self.ctag = tag
        self.implicit = implicit
        self.value = value
        self.style = style


class _CollectionStart(ev.CollectionStartEvent):
    """``CollectionStartEvent.__init__`` in one call (for the two classes below)."""

    __slots__ = ()

    def __init__(
        self,
        anchor: Any,
        tag: Any,
        implicit: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        flow_style: Any = None,
        comment: Any = None,
        nr_items: int | None = None,
    ) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = None if comment is ev.CommentCheck else comment  # as Event's
        self.anchor = anchor
        self.ctag = tag
        self.implicit = implicit
        self.flow_style = flow_style
        self.nr_items = nr_items


class MappingStartEvent(_CollectionStart, ev.MappingStartEvent):
    __slots__ = ()


class SequenceStartEvent(_CollectionStart, ev.SequenceStartEvent):
    __slots__ = ()


_OURS: dict[type, type] = {
    ev.ScalarEvent: ScalarEvent,
    ev.MappingStartEvent: MappingStartEvent,
    ev.SequenceStartEvent: SequenceStartEvent,
}


def ours(next_event: Callable[[], Any]) -> Callable[[], Any]:
    """``next_event`` with each node event of ruamel's own classes given ours (the same
    slots: only the class changes)."""

    def converted() -> Any:
        event = next_event()
        cls = _OURS.get(type(event))
        if cls is not None:
            event.__class__ = cls
        return event

    return converted


@contextmanager
def installed() -> Iterator[None]:
    """libyaml's parser makes these classes while the block runs, and ruamel's again after
    it (nothing else in the process sees ours: ruamel's ``CParser.check_event`` compares
    exact classes). Blocks may nest and may run in several threads at once: ours stay in
    place until the last open block ends (a count, not a stack: threads end in any order)."""
    global _open, _before
    with _LOCK:
        if _open == 0:
            _before = [getattr(_ruamel_yaml, base.__name__) for base in _OURS]
            for base, fast in _OURS.items():
                setattr(_ruamel_yaml, base.__name__, fast)
        _open += 1
    try:
        yield
    finally:
        with _LOCK:
            _open -= 1
            if _open == 0:
                for base, previous in zip(_OURS, _before, strict=True):
                    setattr(_ruamel_yaml, base.__name__, previous)


_LOCK = threading.Lock()
_open = 0  # blocks of installed() running now, in any thread
_before: list[Any] = []  # what the first of them found in _ruamel_yaml


def _works() -> bool:
    """Whether libyaml's parser makes these classes inside :func:`installed`."""
    with installed():
        parser = _ruamel_yaml.CParser("[a]")
        made = [type(parser.get_event()) for _ in range(4)]  # stream, document, [, a
    return made[2:] == [SequenceStartEvent, ScalarEvent]


# False if a release of ruamel.yaml.clib binds its classes otherwise: the loader then
# converts each event (``ours``), slower but the same
INSTALLED = _works()
