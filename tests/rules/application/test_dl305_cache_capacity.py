"""DL305 cache-capacity: src/deploylint/rules/application/dl305_cache_capacity.py (from test_dl3xx_config.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Related

CACHE = """
architecture:
  environments:
    production:
      scaling: {{min: 3, max: {tasks}, desired: 3}}
config:
  application:
    api:
      workers: {workers}
  cache:
    max_connections: {per_worker}
"""


@pytest.mark.parametrize(
    ("tasks", "workers", "per_worker", "expected"),
    [
        (10, 4, 100, []),  # the guide: 4000
        (10, 5, 1300, []),  # 65000 exactly
        (10, 5, 1301, [10]),
        (10, 4, 2000, [10]),
    ],
)
def test_dl305_positions(
    lint: Lint, tasks: int, workers: int, per_worker: int, expected: list[int]
) -> None:
    files = {"a.yaml": CACHE.format(tasks=tasks, workers=workers, per_worker=per_worker)}
    assert lint(files, "--select", "DL305") == [("a.yaml", n, 22, "DL305") for n in expected]


def test_dl305_message(lint_related: Related) -> None:
    files = {"a.yaml": CACHE.format(tasks=10, workers=4, per_worker=2000)}
    [(rule, severity, message, related)] = lint_related(files, "--select", "DL305")
    assert (rule, severity) == ("DL305", "warning")
    assert "2000 x 4 workers x 10 tasks = 80000 connections" in message
    assert related == (("a.yaml", 4, "production scaling.max is set here"),)
    assert "15000 more than ElastiCache Redis maxclients 65000" in message
    assert "guide 5.1" in message
