"""Issue 14 §2: conflicting values are combined only across the conflicts one rule reads.

The engine observes what each rule reads (``model.reads``): a rule sees every combination
of the values of the conflicts it reads, whatever else conflicts in the set, so two
independent conflicts no longer multiply and a rule's verdict never depends on file names
or on how many other keys conflict. Through the real CLI on real files.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import run_json

NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True).filter(
    lambda n: n not in ("production", "staging", "common")
)
COMMON = {
    "architecture": {
        "environments": {"production": {"region": "ap-northeast-1"}},
        "components": {"database": {"engine": "PostgreSQL", "instance_type": "db.t3.medium"}},
    }
}


def _side(size: int, overflow: int, workers: int, tasks: int, extra: int) -> dict[str, Any]:
    """One file's capacity settings (DL304 reads the first four together) and three keys
    other rules read (``extra`` tells the two files' values apart)."""
    return {
        "architecture": {
            "environments": {"production": {"scaling": {"min": 1, "max": tasks}}},
        },
        "config": {
            "database": {"pool_size": size, "max_overflow": overflow},
            "application": {"api": {"workers": workers, "timeout": 30 + extra}},
            "cache": {"timeout": 1 + extra},
            "search": {"number_of_replicas": 1 + extra},
        },
    }


def _check(files: dict[str, Any], *args: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_text(yaml.safe_dump(data), encoding="utf-8")
        _, report = run_json(["check", "--no-config", *args, tmp])
    return list(report["findings"])


def _dl304(findings: list[dict[str, Any]]) -> set[str]:
    return {f["message"].split(",")[0] for f in findings if f["rule"] == "DL304"}


@settings(max_examples=6, deadline=None, derandomize=True)
@given(names=st.lists(NAMES, min_size=2, max_size=2, unique=True))
def test_a_four_way_combination_is_found_whatever_else_conflicts(names: list[str]) -> None:
    # neither file alone exceeds the budget; only pool_size 20 + max_overflow 10 from one
    # file with workers 4 and scaling.max 4 from the other does ((20 + 10) x 4 x 4 = 480):
    # a combination of four conflicts that a cover of pairs need not hold, beside three
    # conflicts (7 in all, 128 combinations) that DL304 does not read
    one = _side(20, 10, 2, 2, 0)
    two = _side(10, 0, 4, 4, 1)
    files = {"common.yaml": COMMON, f"{names[0]}.yaml": one, f"{names[1]}.yaml": two}
    found = _check(files, "--select", "DL304,DL007")
    assert "database pools can open (20 + 10) x 4 workers x 4 tasks = 480 connections" in (
        _dl304(found)
    ), found
    assert not [f for f in found if "not checked in full" in f["message"]], found
    swapped = {"common.yaml": COMMON, f"{names[1]}.yaml": one, f"{names[0]}.yaml": two}
    assert _dl304(_check(swapped, "--select", "DL304")) == _dl304(found)


def test_many_independent_conflicts_stay_complete(tmp_path: Path) -> None:
    # 80 more environments whose scaling.max the two files write differently (160
    # conflicts in the merge): DL101 on production reads production's two conflicts only,
    # sees every combination of min and max, and nothing is "not checked in full"
    one: dict[str, Any] = {
        "architecture": {
            "environments": {
                "production": {"region": "ap-northeast-1", "scaling": {"min": 2, "max": 4}}
            }
        }
    }
    two: dict[str, Any] = {
        "architecture": {
            "environments": {
                "production": {"region": "ap-northeast-1", "scaling": {"min": 5, "max": 10}}
            }
        }
    }
    for n in range(80):
        env = {"region": "ap-northeast-1"}
        one["architecture"]["environments"][f"e{n}"] = {**env, "scaling": {"min": 1, "max": 2}}
        two["architecture"]["environments"][f"e{n}"] = {**env, "scaling": {"min": 1, "max": 3}}
    found = _check({"a.yaml": one, "b.yaml": two}, "--select", "DL101,DL007")
    messages = [f["message"] for f in found]
    assert any("scaling.min 5 is greater than scaling.max 4" in m for m in messages), messages
    assert not [m for m in messages if "not checked in full" in m]


def test_a_rule_reading_too_many_conflicts_says_it_was_not_checked_in_full() -> None:
    # nine groups whose inbound rules two unrelated files write differently: the network
    # rules read all nine together (512 combinations, over the bound of 256): they see
    # every pair of values and say so; the rules that read none of them say nothing
    def groups(port: int) -> dict[str, Any]:
        rules = [{"port": port, "source": "10.0.0.0/8"}]
        found = {f"g{n}": {"inbound": rules} for n in range(9)}
        return {"infrastructure": {"network": {"security": {"groups": found}}}}

    found = _check({"a.yaml": groups(443), "b.yaml": groups(444)}, "--select", "DL205,DL101")
    partial = [f for f in found if "not checked in full" in f["message"]]
    assert [f["rule"] for f in partial] == ["DL205"], found
    assert "DL205 reads 9 conflicting keys, 512 combinations" in partial[0]["message"]
