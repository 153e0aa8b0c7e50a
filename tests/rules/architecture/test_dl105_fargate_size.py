"""DL105 fargate-size: src/deploylint/rules/architecture/dl105_fargate_size.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, Related, rule_pack

from .shared import comps


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"cpu": 256, "memory": 512}, []),
        ({"cpu": 1024, "memory": 8192}, []),
        ({"cpu": 4096, "memory": 30720}, []),
        ({"cpu": 8192, "memory": 20480}, []),
        ({"cpu": 16384, "memory": 122880}, []),
        ({"cpu": 2048, "memory": 2048}, [6]),
        ({"cpu": 2048, "memory": 4500}, [6]),
        ({"cpu": 8192, "memory": 17408}, [6]),  # 4096 MiB steps
        ({"cpu": 3000, "memory": 4096}, [5]),
    ],
)
def test_dl105_positions(lint: Lint, changes: dict[str, Any], expected: list[int]) -> None:
    rows = lint(comps(**changes), "--select", "DL105")
    assert rows == [("arch.yaml", line, 12 if line == 5 else 15, "DL105") for line in expected]


@pytest.mark.parametrize(
    ("compute", "expected"),
    [
        ("{type: ECS Fargate, cpu: '2048'}", [(3, 5)]),  # memory missing: the compute key
        ("{type: ECS Fargate, memory: '4096'}", [(3, 5)]),
        # DL002's finding (not selected), not a missing value: "not checked" at the value
        ("{type: ECS Fargate, memory: 'two'}", [(3, 42)]),
    ],
)
def test_dl105_missing_half(lint: Lint, compute: str, expected: list[Any]) -> None:
    files = {"a.yaml": f"architecture:\n  components:\n    compute: {compute}\n"}
    rows = lint(files, "--select", "DL105")
    assert rows == [("a.yaml", line, col, "DL105") for line, col in expected]


def test_dl105_messages(lint_messages: Messages, lint_related: Related) -> None:
    [(rule, severity, message, related)] = lint_related(comps(memory=2048), "--select", "DL105")
    assert (rule, severity) == ("DL105", "error")
    assert "compute memory 2048 MiB is not valid with cpu 2048; " in message
    assert related == (("arch.yaml", 5, "compute cpu is set here"),)
    assert "4096-16384 MiB in 1024 MiB steps for 2048 CPU units" in message
    assert "2048 MiB needs cpu 256 or 512 or 1024 (guide 2.1)" in message
    [(_, _, message)] = lint_messages(comps(cpu=3000), "--select", "DL105")
    assert "compute cpu 3000 is not a Fargate task size" in message
    assert "256, 512, 1024, 2048, 4096, 8192, 16384" in message
    assert "with memory 4096 MiB use cpu 512 or 1024 or 2048 (guide 2.1)" in message


def test_dl105_compute_type_is_the_packs_choice(lint_messages: Messages, tmp_path: Path) -> None:
    """ECS on EC2 is not the guide's compute (issue 17 §6); a pack that allows it gets the
    EC2 launch type's free-form task size."""
    files = comps(compute_type="ECS EC2", cpu=3000, memory=4500)
    found = lint_messages(files, "--select", "DL105")
    assert [(r, s) for r, s, _ in found] == [("DL105", "error")]
    assert (
        "compute type 'ECS EC2' is not one the policy allows; expected ECS Fargate" in (found[0][2])
    )
    extra, path = rule_pack(tmp_path, "DL105", "compute_types: [ECS Fargate, ECS EC2]")
    assert lint_messages({**files, **extra}, "--select", "DL105", "--policy", path) == []
