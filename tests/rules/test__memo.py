"""rules/_memo.py: a helper's result for the engine's frozen data is computed once per data
object (environments that share their data share it), and never for data that is not the
engine's frozen data (a view recording what a rule reads, or data not made read-only)."""

from __future__ import annotations

from typing import Any

from deploylint.model.effective import DataEffective
from deploylint.model.reads import Reads, release, traced
from deploylint.model.sections import ConfigFile
from deploylint.rules import _memo
from deploylint.rules.application import dl310_plaintext_secret as dl310
from deploylint.rules.policy import load_policy
from deploylint.rules.rule import Context, read_only, read_only_all

DATA = {"config": {"database": {"password": "hunter2-prod-db"}, "api": {"port": 8000}}}


def _context(eff: Any) -> Context[Any]:
    policy = load_policy(None)
    return Context(eff.env, eff.model, eff, policy.options["DL310"], policy, {eff.env: eff})


def _effective(env: str, data: dict[str, Any]) -> DataEffective:
    return DataEffective(env, data, ConfigFile(), {})


def test_environments_that_share_their_data_compute_once() -> None:
    calls: list[object] = []

    def compute(data: Any) -> tuple[str, ...]:
        calls.append(data)
        return tuple(sorted(data))

    prod, staging = _effective("production", DATA), _effective("staging", DATA)
    other = _effective("dev", {"monitoring": {}})
    read_only_all([prod, staging, other])
    assert _memo.per_data(_context(prod), "test keys", compute) == ("config",)
    assert _memo.per_data(_context(staging), "test keys", compute) == ("config",)
    assert _memo.per_data(_context(other), "test keys", compute) == ("monitoring",)
    assert calls == [prod.data, other.data]
    # another name is another computation
    assert _memo.per_data(_context(prod), "test count", lambda d: len(d)) == 1


def test_data_that_is_not_frozen_or_is_observed_is_always_computed() -> None:
    calls: list[object] = []

    def compute(data: Any) -> int:
        calls.append(data)
        return len(data)

    loose = _effective("production", {"a": 1})
    assert _memo.per_data(_context(loose), "test len", compute) == 1
    loose.data["b"] = 2  # not read-only: nothing remembered
    assert _memo.per_data(_context(loose), "test len", compute) == 2
    frozen = read_only(_effective("production", {"a": 1}))
    reads = Reads()
    view = traced(frozen, reads)
    try:
        for _ in range(2):
            assert _memo.per_data(_context(view), "test len", compute) == 1
    finally:
        release(reads)
    assert len(calls) == 4
    assert ("production", ()) in reads.keys  # the rule's read was recorded, each time


def test_dl310_says_the_same_for_shared_and_separate_data() -> None:
    shared = [_effective(env, DATA) for env in ("production", "staging")]
    read_only_all(shared)
    separate = [read_only(_effective(env, {**DATA})) for env in ("production", "staging")]
    for a, b in zip(shared, separate, strict=True):
        found = list(dl310.check(_context(a)))
        assert found == list(dl310.check(_context(b)))
        assert [v.path for v in found] == [("config", "database", "password")]
