"""DL404 log-retention-valid: src/deploylint/rules/monitoring/dl404_log_retention_valid.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Messages

from .shared import GUIDE_RETENTION, rows

RETENTIONS = """
infrastructure:
  monitoring:
    logs:
      retention: {infra}
monitoring:
  logs:
    retention:
      application: {app}
      access: {acc}
      error: {err}
"""


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"infra": "'30日'", "err": "365d", "acc": 3653}, []),
        ({"infra": "{application: 1, access: 400, error: 3653}"}, []),
        ({"infra": 45}, [(4, 18)]),
        ({"infra": "{application: 30, access: 45, error: 365}"}, [(4, 44)]),
        ({"acc": 100, "err": 730}, [(9, 15), (10, 14)]),
        ({"app": 0}, [(8, 20)]),
        ({"err": 5000}, [(10, 14)]),
    ],
)
def test_dl404_positions(
    lint: Lint, changes: dict[str, Any], expected: list[tuple[int, int]]
) -> None:
    files = {"a.yaml": RETENTIONS.format(**{**GUIDE_RETENTION, **changes})}
    assert lint(files, "--select", "DL404") == rows("a.yaml", "DL404", *expected)


def test_dl404_messages_suggest_the_nearest_values(lint_messages: Messages) -> None:
    files = {"a.yaml": RETENTIONS.format(**{**GUIDE_RETENTION, "infra": 45, "err": 5000})}
    assert lint_messages(files, "--select", "DL404") == [
        (
            "DL404",
            "error",
            "log retention 45 days (every stream) is not a value CloudWatch Logs accepts; "
            "nearest valid: 30 or 60; the policy keeps logs at least application 30, access "
            "90, error 365 days (DL405) (guide 3.1)",
        ),
        (
            "DL404",
            "error",
            "log retention 5000 days (error) is not a value CloudWatch Logs accepts; nearest "
            "valid: 3653; omit retention to keep logs forever (guide 6.1)",
        ),
    ]
