"""The loader's event classes (sources/events.py) are put in place while a file is read:
reads in several threads at once (``--env all`` reads environments in threads) give what
one thread gives, and ruamel's own classes are back when the last read ends."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import _ruamel_yaml
from ruamel.yaml import events as ev

from deploylint.sources.loader import LoadResult, load_text
from tests.helpers import EXAMPLES


def _seen(result: LoadResult) -> tuple[Any, ...]:
    return tuple((d.data, d.values, d.keys) for d in result.documents), tuple(result.problems)


def test_reads_in_threads_give_what_one_thread_gives() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.yaml"))]
    assert len(texts) > 10
    texts = texts * 20
    alone = [_seen(load_text(t)) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda t: _seen(load_text(t)), texts))
    assert together == alone
    for name in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent"):
        assert getattr(_ruamel_yaml, name) is getattr(ev, name)
