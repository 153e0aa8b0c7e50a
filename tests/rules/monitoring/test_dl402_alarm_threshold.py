"""DL402 alarm-threshold: src/deploylint/rules/monitoring/dl402_alarm_threshold.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import rows

THRESHOLDS = """
infrastructure:
  monitoring:
    cloudwatch:
      alarms:
        high_cpu: {{threshold: {cpu}, period: 300, evaluation_periods: 2}}
        mem_alarm: {{threshold: {mem}, metric: MemoryUtilization}}
monitoring:
  metrics:
    system:
      disk: {{threshold: {disk}}}
    application:
      response_time: {{threshold: {rt}}}
      error_rate: {{threshold: {err}}}
      request_count: {{threshold: 5000}}
"""


CPU, MEM, DISK, RT, ERR = (5, 31), (6, 32), (10, 25), (12, 34), (13, 31)


GUIDE_THRESHOLDS = {"cpu": 80, "mem": 85, "disk": 80, "rt": 1000, "err": 1}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"cpu": 70, "mem": 50, "disk": 60, "rt": 500, "err": 0.5}, []),
        ({"cpu": 81}, [CPU]),
        ({"mem": 120}, [MEM]),  # not a percentage at all
        ({"disk": 0}, [DISK]),
        ({"disk": -5}, [DISK]),
        ({"rt": 1500}, [RT]),
        ({"err": 5}, [ERR]),
        ({"cpu": 90, "mem": 90, "disk": 90, "rt": 2000, "err": 2}, [CPU, MEM, DISK, RT, ERR]),
    ],
)
def test_dl402_positions(
    lint: Lint, changes: dict[str, float], expected: list[tuple[int, int]]
) -> None:
    files = {"a.yaml": THRESHOLDS.format(**{**GUIDE_THRESHOLDS, **changes})}
    assert lint(files, "--select", "DL402") == rows("a.yaml", "DL402", *expected)


def test_dl402_messages(lint_messages: Messages) -> None:
    files = {"a.yaml": THRESHOLDS.format(**{**GUIDE_THRESHOLDS, "cpu": 81, "mem": 120, "rt": 1500})}
    assert lint_messages(files, "--select", "DL402") == [
        (
            "DL402",
            "error",
            "alarm high_cpu threshold 81% is laxer than the policy's 80% for cpu; alert at "
            "80% or lower (guide 3.1)",
        ),
        (
            "DL402",
            "error",
            "alarm mem_alarm threshold 120 is not a percentage in (0, 100]; memory is measured "
            "in percent (guide 3.1)",
        ),
        (
            "DL402",
            "error",
            "metric application.response_time threshold 1500 ms is laxer than the policy's "
            "1000 ms for response_time; alert at 1000 ms or lower (guide 6.1)",
        ),
    ]


def test_dl402_alarm_kind_comes_from_its_metric_first(lint: Lint) -> None:
    text = """
    infrastructure:
      monitoring:
        cloudwatch:
          alarms:
            cpu_credits: {threshold: 150, metric: CPUCreditBalance}
            ecs_mem: {threshold: 90, metric: MemoryUtilization}
            memory_pressure: {threshold: 95}
    """
    # credits are no percentage; ecs_mem (by metric) and memory_pressure (by name) are
    assert lint({"a.yaml": text}, "--select", "DL402") == rows("a.yaml", "DL402", (6, 30), (7, 38))


RESPONSE = """
infrastructure:
  monitoring:
    cloudwatch:
      alarms:
        slow:
          metric: TargetResponseTime
          threshold: {threshold}
"""


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        ("0.5", []),
        ("1", []),  # the guide's 1000 ms
        ("1.5", [("error", "threshold 1.5 s on TargetResponseTime is laxer than the policy's")]),
        (
            "1000",
            [
                (
                    "warning",
                    "alarm slow threshold 1000 on TargetResponseTime is 1000 seconds (1000 s): "
                    "TargetResponseTime is measured in seconds, so this almost certainly meant "
                    "milliseconds; for 1000 ms write 1 (guide 3.1)",
                )
            ],
        ),
    ],
)
def test_dl402_target_response_time_is_in_seconds(
    lint_messages: Messages, threshold: str, expected: list[tuple[str, str]]
) -> None:
    files = {"infra.yaml": RESPONSE.format(threshold=threshold)}
    found = lint_messages(files, "--select", "DL402")
    assert len(found) == len(expected)
    for (_, severity, message), (want_severity, want) in zip(found, expected, strict=True):
        assert severity == want_severity
        assert want in message


def test_dl402_freeable_memory_is_bytes_not_percent(lint: Lint) -> None:
    text = RESPONSE.format(threshold="1073741824").replace("TargetResponseTime", "FreeableMemory")
    assert lint({"infra.yaml": text.replace("slow:", "高メモリ:")}, "--select", "DL402") == []
    # without the metric, the name says memory: a percentage, and the message says metric: settles it
    named = text.replace("          metric: FreeableMemory\n", "").replace("slow:", "高メモリ:")
    assert lint({"infra.yaml": named}, "--select", "DL402") == rows("infra.yaml", "DL402", (6, 22))


def test_dl402_a_named_alarm_message_says_metric_settles_it(lint_messages: Messages) -> None:
    text = RESPONSE.format(threshold="1073741824").replace(
        "          metric: TargetResponseTime\n", ""
    )
    [(_, _, message)] = lint_messages(
        {"infra.yaml": text.replace("slow:", "高メモリ:")}, "--select", "DL402"
    )
    assert message == (
        "alarm 高メモリ threshold 1073741824 is not a percentage in (0, 100]; memory is "
        "measured in percent (guide 3.1); an alarm's `metric:` settles what it watches (e.g. "
        "metric: MemoryUtilization); or add its name's wording to 'memory-alarm' in the "
        "policy pack's `vocabulary:`"
    )


def test_dl402_max_thresholds_option(lint: Lint, tmp_path: Path) -> None:
    files = {"a.yaml": THRESHOLDS.format(**{**GUIDE_THRESHOLDS, "rt": 1500})}
    assert lint(files, "--select", "DL402") == rows("a.yaml", "DL402", RT)
    extra, path = rule_pack(tmp_path, "DL402", "max_thresholds: {cpu: 70, response_time: 2000}")
    # cpu is now stricter than the guide's 80, response_time laxer; memory etc. inherited
    assert lint({**files, **extra}, "--select", "DL402", "--policy", path) == rows(
        "a.yaml", "DL402", CPU
    )


@pytest.mark.parametrize(
    ("threshold", "expected"),
    [
        (100, None),  # a percentage: (0, 100] includes 100
        (100.5, "is not a percentage in (0, 100]"),
        (101, "is not a percentage in (0, 100]"),
    ],
)
def test_dl402_at_exactly_100(
    lint_messages: Messages, tmp_path: Path, threshold: float, expected: str | None
) -> None:
    text = f"monitoring:\n  metrics:\n    system:\n      cpu: {{threshold: {threshold}}}\n"
    extra, path = rule_pack(tmp_path, "DL402", "max_thresholds: {cpu: 100}")
    found = lint_messages({"m.yaml": text, **extra}, "--select", "DL402", "--policy", path)
    assert [m for _, _, m in found if expected is None or expected in m] == [m for _, _, m in found]
    assert len(found) == (0 if expected is None else 1)
    # under the guide's pack, 100 is laxer than 80: not "not a percentage"
    [(_, _, message)] = lint_messages({"m.yaml": text}, "--select", "DL402")
    if expected is None:
        assert "laxer than the policy's 80%" in message
