"""DL403 required-metrics: src/deploylint/rules/monitoring/dl403_required_metrics.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import rows

CLOUDWATCH = """
infrastructure:
  monitoring:
    cloudwatch:
      metrics: {metrics}
      alarms: {alarms}
"""


ALL_METRICS = "[CPUUtilization, MemoryUtilization, RequestCount, Latency]"


BOTH_ALARMS = "{high_cpu: {threshold: 80}, high_memory: {threshold: 85}}"


@pytest.mark.parametrize(
    ("metrics", "alarms", "expected"),
    [
        (ALL_METRICS, BOTH_ALARMS, []),
        (ALL_METRICS, "{ecs_a: {metric: CPUUtilization}, ecs_b: {metric: MemoryUtilization}}", []),
        (ALL_METRICS, "{HighCPU: {threshold: 80}, memory_pressure: {threshold: 85}}", []),
        ("[CPUUtilization, MemoryUtilization, RequestCount]", BOTH_ALARMS, [(4, 16)]),
        ("[cpuutilization, MemoryUtilization, RequestCount, Latency]", BOTH_ALARMS, [(4, 16)]),
        (ALL_METRICS, "{high_cpu: {threshold: 80}}", [(5, 7)]),  # at the `alarms:` key
        (ALL_METRICS, "{}", [(5, 7), (5, 7)]),
        ("[]", BOTH_ALARMS, [(4, 16)]),
        # the metric says what an alarm watches, whatever its name
        (ALL_METRICS, "{cpu_credits: {metric: CPUCreditBalance}, high_memory: {}}", [(5, 7)]),
        # an ALB publishes the guide's Latency as TargetResponseTime
        ("[CPUUtilization, MemoryUtilization, RequestCount, TargetResponseTime]", BOTH_ALARMS, []),
        # alarm kinds from Japanese names (the pack's vocabulary)
        (ALL_METRICS, "{CPU使用率高: {threshold: 80}, メモリ使用率高: {threshold: 85}}", []),
        (ALL_METRICS, "{HighCPUAlarm: {threshold: 80}, 高メモリ: {threshold: 85}}", []),
        (ALL_METRICS, "{high_cpu: {}, 高メモリー: {}}", []),
        # RDS FreeableMemory is a memory alarm (in bytes)
        (ALL_METRICS, "{high_cpu: {}, rds_mem: {metric: FreeableMemory}}", []),
        (ALL_METRICS, "{high_cpu: {}, 高負荷: {threshold: 85}}", [(5, 7)]),
    ],
)
def test_dl403_positions(
    lint: Lint, metrics: str, alarms: str, expected: list[tuple[int, int]]
) -> None:
    files = {"infra.yaml": CLOUDWATCH.format(metrics=metrics, alarms=alarms)}
    assert lint(files, "--select", "DL403") == rows("infra.yaml", "DL403", *expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `infrastructure` without a monitoring block: both lists are missing, at its key
        ("infrastructure:\n  network:\n    vpc: {cidr: 10.0.0.0/16}\n", [(1, 1)] * 3),
        # no `infrastructure` at all: not this set's concern
        ("config:\n  application:\n    api: {port: 8000}\n", []),
        # a monitoring block without cloudwatch: both lists are missing, at `monitoring:`
        ("infrastructure:\n  monitoring:\n    logs: {streams: [application]}\n", [(2, 3)] * 3),
    ],
)
def test_dl403_only_when_infrastructure_is_declared(
    lint: Lint, text: str, expected: list[tuple[int, int]]
) -> None:
    assert lint({"infra.yaml": text}, "--select", "DL403") == rows("infra.yaml", "DL403", *expected)


def test_dl403_messages(lint_messages: Messages) -> None:
    files = {
        "infra.yaml": CLOUDWATCH.format(
            metrics="[cpuutilization, MemoryUtilization]", alarms="{high_cpu: {threshold: 80}}"
        )
    }
    assert lint_messages(files, "--select", "DL403") == [
        (
            "DL403",
            "error",
            "cloudwatch.metrics lacks CPUUtilization, RequestCount, Latency (metric names are "
            "case-sensitive: write CPUUtilization, not cpuutilization); the guide collects "
            "CPUUtilization, MemoryUtilization, RequestCount, Latency (guide 3.1)",
        ),
        (
            "DL403",
            "error",
            "cloudwatch.alarms has no memory alarm (alarms: high_cpu); expected e.g. "
            "high_memory with a threshold, period and evaluation_periods (guide 3.1); if an "
            "alarm already watches memory, an alarm's `metric:` settles what it watches "
            "(e.g. metric: MemoryUtilization); or add its name's wording to 'memory-alarm' in "
            "the policy pack's `vocabulary:`",
        ),
    ]


def test_dl403_options(lint: Lint, tmp_path: Path) -> None:
    files = {
        "infra.yaml": CLOUDWATCH.format(metrics="[CPUUtilization]", alarms=BOTH_ALARMS),
    }
    assert lint(files, "--select", "DL403") == rows("infra.yaml", "DL403", (4, 16))
    extra, path = rule_pack(tmp_path, "DL403", "required_metrics: [CPUUtilization]")
    assert lint({**files, **extra}, "--select", "DL403", "--policy", path) == []
    extra, path = rule_pack(
        tmp_path, "DL403", "required_metrics: [CPUUtilization]\nrequired_alarms: [cpu, disk]"
    )
    assert lint({**files, **extra}, "--select", "DL403", "--policy", path) == rows(
        "infra.yaml", "DL403", (5, 7)
    )
