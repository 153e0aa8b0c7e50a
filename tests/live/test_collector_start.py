"""How the collector starts its parts (issue 16 §5): the longest chains of calls first,
the scaling targets beside the ECS part, no garbage collection while a client is made;
none of it changes what is read nor the order of the snapshot."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from deploylint.live import collector
from deploylint.live import snapshot as S
from deploylint.live.collector import PARTS, START, Collector, Connection, _collection_paused

from .stack import REGION, Stack


def test_every_part_has_its_place_in_the_start_order() -> None:
    assert sorted(START) == sorted(name for name, _, _ in PARTS)


def test_parts_start_longest_chain_first_and_the_snapshot_keeps_parts_order(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real = collector._Clients.__getitem__

    def getitem(self: Any, name: str) -> Any:
        if name not in self._made:
            made.append(name)
        return real(self, name)

    monkeypatch.setattr(collector._Clients, "__getitem__", getitem)
    snap = Collector(Connection(endpoint_url=pristine.endpoint), REGION).collect("production")
    assert made == [
        "sts",
        "ecs",
        "application-autoscaling",
        "s3",
        "opensearch",
        "elasticache",
        "logs",
        "rds",
        "cloudwatch",
        "ec2",
    ]
    order = [kind for _, kinds, _ in PARTS for kind in kinds]
    seen = [order.index(r.type) for r in snap.resources]
    assert seen == sorted(seen)  # grouped by part, in PARTS order, as before
    assert snap.unreadable == []
    (service,) = snap.of(S.ECS_SERVICE)
    assert (service.fields["min"], service.fields["max"]) == (3, 10)  # the scaling targets


@pytest.fixture
def gc_state() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:  # pragma: no cover - pytest runs with the collector on
        gc.disable()


def test_collection_is_paused_while_a_client_is_made_and_restored_after(gc_state: None) -> None:
    gc.enable()
    with _collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    with _collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_pauses_restore_the_collector_when_the_last_ends(gc_state: None) -> None:
    """Two environments read at once: their clients are made in two threads."""
    gc.enable()
    first, second = _collection_paused(), _collection_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
