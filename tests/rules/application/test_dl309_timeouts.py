"""DL309 timeouts: src/deploylint/rules/application/dl309_timeouts.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Related

TIMEOUTS = """
config:
  application:
    api:
      timeout: {api}
  database:
    pool_timeout: {pool}
    pool_recycle: {recycle}
  cache:
    timeout: {cache}
"""


@pytest.mark.parametrize(
    ("api", "pool", "recycle", "cache", "expected"),
    [
        (60, 30, 1800, 5, []),  # the guide
        ("2m", 30, "30m", 5, []),
        (0, 300, 1800, 300, []),  # api timeout 0: disabled, nothing outlives it
        (60, 60, 1800, 5, [(6, 19)]),
        (60, 30, 1800, 60, [(9, 14)]),
        (30, 45, -1, 30, [(6, 19), (7, 19), (9, 14)]),
        (60, 30, 0, 5, [(7, 19)]),
    ],
)
def test_dl309_positions(
    lint: Lint, api: Any, pool: Any, recycle: Any, cache: Any, expected: list[tuple[int, int]]
) -> None:
    text = TIMEOUTS.format(api=api, pool=pool, recycle=recycle, cache=cache)
    rows = lint({"a.yaml": text}, "--select", "DL309")
    assert rows == [("a.yaml", line, col, "DL309") for line, col in expected]


def test_dl309_messages(lint_related: Related) -> None:
    text = TIMEOUTS.format(api=30, pool=45, recycle=-1, cache=5)
    found = lint_related({"a.yaml": text}, "--select", "DL309")
    assert [(f.rule, f.severity) for f in found] == [("DL309", "warning")] * 2
    pool, recycle = (f.message for f in found)
    assert "database pool_timeout 45 s is not below the api timeout 30 s: " in pool
    assert found[0].related == (("a.yaml", 4, "the api timeout is set here"),)
    assert "guide 5.1" in pool
    assert "pool_recycle -1 never replaces a connection" in recycle
    assert "above 0, e.g. 1800 (guide 5.1)" in recycle
