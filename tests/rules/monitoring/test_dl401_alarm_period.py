"""DL401 alarm-period: src/deploylint/rules/monitoring/dl401_alarm_period.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Messages

from .shared import rows

ALARM = """
infrastructure:
  monitoring:
    cloudwatch:
      alarms:
        high_cpu:
          threshold: 80
          period: {period}
          evaluation_periods: {evals}
          datapoints_to_alarm: {dp}
"""


PERIOD, EVALS, DATAPOINTS = (7, 19), (8, 31), (9, 32)


@pytest.mark.parametrize(
    ("period", "evals", "dp", "expected"),
    [
        (300, 2, 2, []),
        ("5m", 2, 1, []),
        (10, 3, 3, [PERIOD]),  # high resolution on ECS CPUUtilization: a warning
        (60, 1440, 1, []),  # exactly one day
        (3600, 168, 1, []),  # exactly seven days
        (90, 2, 2, [PERIOD]),
        (45, 2, 2, [PERIOD]),
        (0, 2, 2, [PERIOD]),
        (90, 2000, 1, [PERIOD]),  # the window is only judged on a valid period
        (300, 0, 1, [EVALS]),
        (300, 2, 3, [DATAPOINTS]),
        (300, 2, 0, [DATAPOINTS]),
        (60, 1441, 1, [EVALS]),  # over one day with a period under an hour
        (3600, 169, 1, [EVALS]),  # over seven days
    ],
)
def test_dl401_positions(
    lint: Lint, period: Any, evals: int, dp: int, expected: list[tuple[int, int]]
) -> None:
    files = {"infra.yaml": ALARM.format(period=period, evals=evals, dp=dp)}
    assert lint(files, "--select", "DL401") == rows("infra.yaml", "DL401", *expected)


def test_dl401_checks_6_1_metrics_too(lint_messages: Messages) -> None:
    files = {
        "monitoring.yaml": """
        monitoring:
          metrics:
            application:
              response_time: {threshold: 1000, period: 90, evaluation_periods: 2}
              error_rate: {threshold: 1, period: 300, evaluation_periods: 1, datapoints_to_alarm: 2}
        """
    }
    found = lint_messages(files, "--select", "DL401")
    assert found == [
        (
            "DL401",
            "error",
            "metric application.response_time period 90 s is not 10, 20, 30 or a multiple "
            "of 60 seconds; use 60 s or 120 s (guide 6.1)",
        ),
        (
            "DL401",
            "error",
            "metric application.error_rate datapoints_to_alarm 2 exceeds evaluation_periods 1; "
            "the alarm can never fire (M of N needs M <= N) (guide 6.1)",
        ),
    ]


def test_dl401_window_message_says_the_limit(lint_messages: Messages) -> None:
    files = {"infra.yaml": ALARM.format(period=60, evals=1441, dp=1)}
    [(_, _, message)] = lint_messages(files, "--select", "DL401")
    assert "alarm high_cpu evaluates 1441 x 60 s" in message
    assert "at most 24 h" in message
    assert "evaluation_periods <= 1440" in message
    assert "(guide 3.1)" in message


@pytest.mark.parametrize(
    ("alarm", "expected"),
    [
        ("{metric: CPUUtilization, period: 30}", "CPUUtilization"),
        ("{metric: TargetResponseTime, period: 10}", "TargetResponseTime"),
        ("{metric: FreeableMemory, period: 20}", "FreeableMemory"),
        ("{period: 10}", "the ECS CPUUtilization metric"),  # named high_cpu: ECS
        ("{metric: QueueDepth, period: 10}", None),  # a custom metric may be high resolution
        ("{metric: CPUUtilization, period: 60}", None),
    ],
)
def test_dl401_high_resolution_on_a_minute_metric(
    lint_messages: Messages, alarm: str, expected: str | None
) -> None:
    text = "infrastructure:\n  monitoring:\n    cloudwatch:\n      alarms:\n"
    alarm = alarm.replace("}", ", evaluation_periods: 1}")  # (without it: DL401 says so)
    found = lint_messages({"infra.yaml": f"{text}        high_cpu: {alarm}\n"}, "--select", "DL401")
    if expected is None:
        assert found == []
        return
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL401", "warning")
    assert f"is a high-resolution period, but {expected} is published by AWS once a minute" in (
        message
    )


@pytest.mark.parametrize(
    ("metric", "period", "expected"),
    [
        ("application:\n      request_count", 10, "the ALB RequestCount metric"),
        ("application:\n      response_time", 20, "the ALB TargetResponseTime metric"),
        ("application:\n      error_rate", 30, "the ALB HTTPCode_Target_5XX_Count metric"),
        ("system:\n      cpu", 10, "the ECS CPUUtilization metric"),
        ("system:\n      memory", 30, "the ECS MemoryUtilization metric"),
        ("system:\n      disk", 10, None),  # a custom (agent) metric may be high resolution
        ("application:\n      request_count", 60, None),
    ],
)
def test_dl401_high_resolution_on_6_1_minute_metrics(
    lint_messages: Messages, metric: str, period: int, expected: str | None
) -> None:
    text = (
        f"monitoring:\n  metrics:\n    {metric}: "
        f"{{threshold: 1, period: {period}, evaluation_periods: 1}}\n"
    )
    found = lint_messages({"m.yaml": text}, "--select", "DL401")
    if expected is None:
        assert found == []
        return
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL401", "warning")
    assert f"but {expected}" in message and "is published by AWS once a minute" in message
