"""DL101 scaling-order: src/deploylint/rules/architecture/dl101_scaling_order.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Related

from .shared import envs


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"s_min": 0, "s_desired": 0, "s_max": 0}, []),
        ({"p_desired": 3}, []),  # desired == min
        ({"p_desired": 10}, []),  # desired == max
        ({"p_desired": 2}, [(8, 18)]),  # below min
        ({"p_desired": 11}, [(8, 18)]),  # above max
        ({"s_min": 6}, [(14, 14)]),  # min > max: reported at min, desired not compared
        ({"s_desired": -1}, [(15, 18)]),
        ({"p_min": -1, "p_max": -2}, [(7, 14), (9, 14)]),
    ],
)
def test_dl101_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(envs(**changes), "--select", "DL101")
    assert rows == [("arch.yaml", line, col, "DL101") for line, col in expected]


def test_dl101_missing_values_are_not_compared(lint: Lint) -> None:
    files = {
        "a.yaml": """
        architecture:
          environments:
            production: {scaling: {desired: 5}}
            staging: {scaling: {min: 2}}
        """
    }
    assert lint(files, "--select", "DL101") == []


def test_dl101_messages(lint_related: Related) -> None:
    found = lint_related(envs(p_desired=12, s_min=6, s_desired=-1), "--select", "DL101")
    assert [(f.rule, f.severity) for f in found] == [("DL101", "error")] * 3
    above, order, negative = found
    assert "production scaling.desired 12 is above scaling.max 10" in above.message
    assert "min <= desired <= max (guide 2.1)" in above.message
    assert above.related == (("arch.yaml", 9, "production scaling.max is set here"),)
    assert "staging scaling.min 6 is greater than scaling.max 5" in order.message
    assert order.related == (("arch.yaml", 16, "staging scaling.max is set here"),)
    assert "staging scaling.desired is -1; a task count is 0 or more (guide 2.1)" in (
        negative.message
    )
    assert negative.related == ()
    for f in found:
        assert "arch.yaml" not in f.message  # positions are related places, not text
