"""DL405 log-retention-minimum: src/deploylint/rules/monitoring/dl405_log_retention_minimum.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ALL_STREAMS, GUIDE_RETENTION, PER_STREAM, rows

STREAM_RETENTIONS = """
infrastructure:
  monitoring:
    logs:
      retention: {infra}
      streams: {streams}
monitoring:
  logs:
    retention:
      application: {app}
      access: {acc}
      error: {err}
"""


GUIDE_STREAMS = {**GUIDE_RETENTION, "infra": PER_STREAM, "streams": ALL_STREAMS}


INFRA_RETENTION = (4, 18)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"infra": 365}, []),
        ({"infra": 30, "streams": "[application]"}, []),  # 30 days only covers application
        # the guide's 3.1: one number for every stream, too short for access and error: one
        # finding names both
        ({"infra": 30}, [INFRA_RETENTION]),
        ({"infra": 30, "streams": "null"}, [INFRA_RETENTION]),  # no list: every stream
        # CloudWatch rejects 0: DL404's finding, which names the minimum; with DL404 not
        # selected (ignored, suppressed) DL405 reports it: a rejected value is still days
        ({"infra": 0}, [INFRA_RETENTION]),
        ({"app": 0}, [(9, 20)]),
        ({"infra": 90}, [INFRA_RETENTION]),
        ({"infra": "{application: 14, access: 90, error: 365}"}, [(4, 32)]),
        ({"acc": 60, "err": 180}, [(10, 15), (11, 14)]),
        ({"app": 7}, [(9, 20)]),
    ],
)
def test_dl405_positions(
    lint: Lint, changes: dict[str, Any], expected: list[tuple[int, int]]
) -> None:
    files = {"a.yaml": STREAM_RETENTIONS.format(**{**GUIDE_STREAMS, **changes})}
    assert lint(files, "--select", "DL405") == rows("a.yaml", "DL405", *expected)


def test_dl405_messages_name_the_stream(lint_messages: Messages) -> None:
    files = {"a.yaml": STREAM_RETENTIONS.format(**{**GUIDE_STREAMS, "infra": 90, "err": 180})}
    assert lint_messages(files, "--select", "DL405") == [
        (
            "DL405",
            "error",
            "infrastructure.monitoring.logs.retention 90 days, which applies to every stream, "
            "is below the 365 days error logs must be kept (guide 6.1)",
        ),
        (
            "DL405",
            "error",
            "monitoring.logs.retention.error 180 days is below the 365 days error logs must be "
            "kept (guide 6.1)",
        ),
    ]


def test_dl405_minimum_days_option(lint: Lint, tmp_path: Path) -> None:
    files = {"a.yaml": STREAM_RETENTIONS.format(**{**GUIDE_STREAMS, "infra": 90})}
    assert lint(files, "--select", "DL405") == rows("a.yaml", "DL405", INFRA_RETENTION)
    extra, path = rule_pack(tmp_path, "DL405", "minimum_days: {error: 90}")
    assert lint({**files, **extra}, "--select", "DL405", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL405", "minimum_days: {application: 60}")
    assert lint({**files, **extra}, "--select", "DL405", "--policy", path) == rows(
        "a.yaml", "DL405", INFRA_RETENTION, (9, 20)
    )
