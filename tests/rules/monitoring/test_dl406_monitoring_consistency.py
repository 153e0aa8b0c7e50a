"""DL406 monitoring-consistency: src/deploylint/rules/monitoring/dl406_monitoring_consistency.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Related

from .shared import ALL_STREAMS, PER_STREAM, rows

INFRA_MONITORING = """
infrastructure:
  monitoring:
    cloudwatch:
      alarms:
        high_cpu: {{threshold: {cpu}, period: {period}, evaluation_periods: 2}}
        high_memory: {{threshold: 85, period: 300, evaluation_periods: 2}}
    logs:
      retention: {infra}
      streams: {streams}
"""


MONITORING = """
monitoring:
  metrics:
    system:
      cpu: {threshold: 80, period: 300, evaluation_periods: 2}
      memory: {threshold: 85, period: 300, evaluation_periods: 2}
  logs:
    retention: {application: 30, access: 90, error: 365}
"""


CONSISTENT = {"cpu": 80, "period": 300, "infra": PER_STREAM, "streams": ALL_STREAMS}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"infra": 30, "streams": "[application]"}, []),  # only application is covered
        # too short for access and error: DL405's finding, not also this one
        ({"infra": 30}, []),
        ({"infra": 0}, []),  # DL404's
        ({"infra": 365}, [(8, 18)]),  # application and access: one finding
        ({"infra": "{application: 30, access: 60, error: 365}"}, []),  # DL405's
        ({"infra": "{application: 30, access: 180, error: 365}"}, [(8, 44)]),
        ({"cpu": 70}, [(5, 31)]),
        ({"period": 60}, [(5, 43)]),
        ({"cpu": 70, "period": 60, "infra": 365}, [(5, 31), (5, 43), (8, 18)]),
    ],
)
def test_dl406_positions(
    lint: Lint, changes: dict[str, Any], expected: list[tuple[int, int]]
) -> None:
    files = {
        "infrastructure.yaml": INFRA_MONITORING.format(**{**CONSISTENT, **changes}),
        "monitoring.yaml": MONITORING,
    }
    # beside DL404/DL405's findings (a retention they report) DL406's is left out; with
    # them ignored it is shown (tests/findings/test_covered_by.py)
    found = [r for r in lint(files, "--select", "DL404,DL405,DL406") if r[3] == "DL406"]
    assert found == rows("infrastructure.yaml", "DL406", *expected)


def test_dl406_pairs_only_a_single_alarm_per_metric(lint: Lint) -> None:
    infra = INFRA_MONITORING.format(**{**CONSISTENT, "cpu": 70}).replace(
        "        high_memory:", "        critical_cpu: {threshold: 95}\n        high_memory:"
    )
    files = {"infrastructure.yaml": infra, "monitoring.yaml": MONITORING}
    # two cpu alarms (warning and critical levels): neither is paired with system.cpu
    assert lint(files, "--select", "DL406") == []


def test_dl406_messages_name_both_places(lint_related: Related) -> None:
    files = {
        "infrastructure.yaml": INFRA_MONITORING.format(**{**CONSISTENT, "cpu": 70, "infra": 365}),
        "monitoring.yaml": MONITORING,
    }
    found = lint_related(files, "--select", "DL406")
    assert found[0][:2] == ("DL406", "error")
    assert sorted((f.message, f.related) for f in found) == [
        (
            "alarm high_cpu threshold 70 differs from monitoring.metrics.system.cpu.threshold "
            "80; make them agree (guide 3.1, 6.1)",
            (("monitoring.yaml", 4, "monitoring.metrics.system.cpu.threshold is set here"),),
        ),
        (
            "application, access log retention is 365 days in "
            "infrastructure.monitoring.logs.retention (every stream) but application 30 days "
            "in monitoring.logs.retention.application; access 90 days in "
            "monitoring.logs.retention.access; make them agree (guide 3.1, 6.1)",
            (
                ("monitoring.yaml", 7, "monitoring.logs.retention.application is set here"),
                ("monitoring.yaml", 7, "monitoring.logs.retention.access is set here"),
            ),
        ),
    ]
