"""DL102 scaling-baseline: src/deploylint/rules/architecture/dl102_scaling_baseline.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import envs


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"p_min": 4, "p_max": 8, "s_min": 3, "s_max": 4}, []),
        ({"p_min": 2}, [(7, 14)]),
        ({"p_max": 11}, [(9, 14)]),
        ({"s_min": 1, "s_max": 6}, [(14, 14), (16, 14)]),
        # staging's numbers are fine for production's floor only because each has its own
        ({"s_min": 2, "s_max": 5, "p_min": 2, "p_max": 5}, [(7, 14)]),
    ],
)
def test_dl102_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(envs(**changes), "--select", "DL102")
    assert rows == [("arch.yaml", line, col, "DL102") for line, col in expected]


def test_dl102_messages(lint_messages: Messages) -> None:
    found = lint_messages(envs(p_min=2, s_max=8), "--select", "DL102")
    assert [(rule, severity) for rule, severity, _ in found] == [("DL102", "error")] * 2
    low, high = (m for _, _, m in found)
    assert "production scaling.min 2 is below the 3 tasks" in low
    assert "expected min >= 3 (guide 2.1)" in low
    assert "staging scaling.max 8 is above the 5 tasks" in high
    assert "expected max <= 5 (guide 2.1)" in high


def test_dl102_options(lint: Lint, tmp_path: Path) -> None:
    files = envs(p_min=2, s_min=1, s_max=8)
    assert lint(files, "--select", "DL102") == [
        ("arch.yaml", 7, 14, "DL102"),
        ("arch.yaml", 14, 14, "DL102"),
        ("arch.yaml", 16, 14, "DL102"),
    ]
    extra, path = rule_pack(
        tmp_path, "DL102", "min_tasks: {production: 2, staging: 1}\nmax_tasks: {staging: 8}"
    )
    assert lint({**files, **extra}, "--select", "DL102", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL102", "min_tasks: {production: 4}")
    rows = lint({**files, **extra}, "--select", "DL102", "--policy", path)
    assert rows == [
        ("arch.yaml", 7, 14, "DL102"),
        ("arch.yaml", 14, 14, "DL102"),
        ("arch.yaml", 16, 14, "DL102"),
    ]


def test_dl102_default_entry(lint: Lint, tmp_path: Path) -> None:
    files = {"a.yaml": "architecture:\n  environments:\n    qa: {scaling: {min: 1, max: 40}}\n"}
    assert lint(files, "--select", "DL102") == []  # the guide names no qa environment
    extra, path = rule_pack(tmp_path, "DL102", "min_tasks: {default: 2}\nmax_tasks: {default: 20}")
    rows = lint({**files, **extra}, "--select", "DL102", "--policy", path)
    assert rows == [("a.yaml", 3, 25, "DL102"), ("a.yaml", 3, 33, "DL102")]
