"""DL401-DL411: monitoring and logs (guide 3.1 and 6.1)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, Lint, Messages, Related, rule_pack, run_json

# The guide's two environments, and a set that only has staging.
ENVS = """
architecture:
  environments:
    production:
      region: ap-northeast-1
    staging:
      region: ap-northeast-1
"""
STAGING_ONLY = """
architecture:
  environments:
    staging:
      region: ap-northeast-1
"""


def rows(file: str, rule: str, *positions: tuple[int, int]) -> list[tuple[str, int, int, str]]:
    return sorted((file, line, col, rule) for line, col in positions)


# --- the guide and the clean example ------------------------------------------------------


def test_guide_reports_exactly_its_retention_contradiction_and_shared_channels() -> None:
    folder = EXAMPLES / "guide"
    _, data = run_json(["check", "--no-config", "--select", "DL4", str(folder)])
    found = sorted(
        (os.path.relpath(f["file"], folder), f["line"], f["column"], f["rule"], f["severity"])
        for f in data["findings"]
    )
    at_retention = ("infrastructure.yaml", 43, 18)
    # and one set of alert channels for both environments: staging pages production
    assert found == sorted(
        # one mistake, one finding: the single 30 is too short for access and error logs
        [
            (*at_retention, "DL405", "error"),
            ("monitoring.yaml", 52, 14, "DL411", "warning"),
            ("monitoring.yaml", 53, 18, "DL411", "warning"),
        ]
    )
    messages = " | ".join(f["message"] for f in data["findings"])
    assert "below the days logs must be kept (access 90, error 365)" in messages


def test_multi_environment_example_is_clean() -> None:
    _, data = run_json(["check", "--no-config", "--select", "DL4", str(EXAMPLES / "multi-env")])
    assert data["findings"] == []


def test_empty_and_partial_sections_never_crash(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "a.yaml": """
        infrastructure:
          monitoring:
            cloudwatch: {metrics: [], alarms: {x: {}}}
            logs: {retention: {}, streams: []}
        monitoring:
          metrics: {system: {cpu: {}}, application: {}}
          logs: {retention: {}, format: {}, filters: {exclude: [], include: []}}
          alerts: {channels: {}, severity: {critical: {}, warning: {notification: []}}}
        """,
    }
    found = lint_messages(files, "--select", "DL4")
    assert found
    assert not [m for _, _, m in found if "internal error" in m]


# --- DL401 alarm-period -----------------------------------------------------------------

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


# --- DL402 alarm-threshold --------------------------------------------------------------

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


# --- DL403 required-metrics -------------------------------------------------------------


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
    found = lint_messages({"infra.yaml": f"{text}        high_cpu: {alarm}\n"}, "--select", "DL401")
    if expected is None:
        assert found == []
        return
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL401", "warning")
    assert f"is a high-resolution period, but {expected} is published by AWS once a minute" in (
        message
    )


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
        # no 3.1 monitoring block at all: not this set's concern
        ("infrastructure:\n  network:\n    vpc: {cidr: 10.0.0.0/16}\n", []),
        # a monitoring block without cloudwatch: both lists are missing, at `monitoring:`
        ("infrastructure:\n  monitoring:\n    logs: {streams: [application]}\n", [(2, 3)] * 3),
    ],
)
def test_dl403_only_when_monitoring_is_declared(
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


# --- DL404 log-retention-valid ----------------------------------------------------------

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
GUIDE_RETENTION = {"infra": 30, "app": 30, "acc": 90, "err": 365}


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


# --- DL405 log-retention-minimum --------------------------------------------------------

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
ALL_STREAMS = "[application, access, error]"
PER_STREAM = "{application: 30, access: 90, error: 365}"
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
        ({"infra": 0}, []),  # CloudWatch rejects 0: DL404's finding alone
        ({"app": 0}, []),
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


# --- DL406 monitoring-consistency -------------------------------------------------------

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
    assert lint(files, "--select", "DL406") == rows("infrastructure.yaml", "DL406", *expected)


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


# --- DL407 log-streams ------------------------------------------------------------------

STREAMS = """
infrastructure:
  monitoring:
    logs:
      streams: {streams}
"""


@pytest.mark.parametrize(
    ("streams", "expected"),
    [
        (ALL_STREAMS, []),
        ("[Application, ACCESS, error, audit]", []),
        ("[application]", [(4, 16)]),
        ("[]", [(4, 16)]),
        ("null", [(4, 16)]),
    ],
)
def test_dl407_positions(lint: Lint, streams: str, expected: list[tuple[int, int]]) -> None:
    files = {"infra.yaml": STREAMS.format(streams=streams)}
    assert lint(files, "--select", "DL407") == rows("infra.yaml", "DL407", *expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("infrastructure:\n  network:\n    vpc: {cidr: 10.0.0.0/16}\n", []),
        ("infrastructure:\n  monitoring:\n    cloudwatch: {metrics: [Latency]}\n", [(2, 3)]),
    ],
)
def test_dl407_only_when_monitoring_is_declared(
    lint: Lint, text: str, expected: list[tuple[int, int]]
) -> None:
    assert lint({"infra.yaml": text}, "--select", "DL407") == rows("infra.yaml", "DL407", *expected)


def test_dl407_message_and_option(lint: Lint, lint_messages: Messages, tmp_path: Path) -> None:
    files = {"infra.yaml": STREAMS.format(streams="[application]")}
    assert lint_messages(files, "--select", "DL407") == [
        (
            "DL407",
            "error",
            "log streams lack access, error (streams: application); the guide logs "
            "application, access, error (guide 3.1)",
        )
    ]
    extra, path = rule_pack(tmp_path, "DL407", "required_streams: [application]")
    assert lint({**files, **extra}, "--select", "DL407", "--policy", path) == []


# --- DL408 log-format -------------------------------------------------------------------

LOG_FORMAT = """
monitoring:
  logs:
    format:
      timestamp: {ts}
      level: {level}
      service: {service}
      request_id: {rid}
"""
GUIDE_FORMAT = {"ts": "ISO8601", "level": "INFO", "service": "required", "rid": "required"}
TS, LEVEL, SERVICE, RID = (4, 18), (5, 14), (6, 16), (7, 19)


@pytest.mark.parametrize(
    ("envs", "changes", "expected"),
    [
        (ENVS, {}, []),
        (ENVS, {"ts": "ISO 8601", "level": "warning", "service": "Required"}, []),
        (ENVS, {"ts": "rfc-3339", "level": "ERROR"}, []),
        (ENVS, {"ts": "epoch"}, [TS]),
        (ENVS, {"ts": "null"}, [TS]),
        (ENVS, {"level": "INFOO"}, [LEVEL]),
        (ENVS, {"level": "TRACE"}, [LEVEL]),
        (ENVS, {"level": "DEBUG"}, [LEVEL]),  # production
        (STAGING_ONLY, {"level": "DEBUG"}, []),  # staging may debug
        (ENVS, {"service": "optional"}, [SERVICE]),
        (ENVS, {"rid": "null"}, [RID]),
    ],
)
def test_dl408_positions(
    lint: Lint, envs: str, changes: dict[str, str], expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": envs, "monitoring.yaml": LOG_FORMAT.format(**{**GUIDE_FORMAT, **changes})}
    assert lint(files, "--select", "DL408") == rows("monitoring.yaml", "DL408", *expected)


def test_dl408_missing_format_is_reported_at_monitoring(lint: Lint) -> None:
    files = {"monitoring.yaml": "monitoring:\n  alerts:\n    channels: {email: ops@acme.co.jp}\n"}
    # timestamp, service and request_id all missing; located at the nearest present key
    assert lint(files, "--select", "DL408") == rows("monitoring.yaml", "DL408", *[(1, 1)] * 3)


def test_dl408_messages(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "monitoring.yaml": LOG_FORMAT.format(
            **{**GUIDE_FORMAT, "ts": "epoch", "level": "DEBUG", "rid": "optional"}
        ),
    }
    assert lint_messages(files, "--select", "DL408") == [
        (
            "DL408",
            "error",
            "log timestamp format 'epoch' is not ISO 8601; expected ISO8601 (or RFC3339) "
            "(guide 6.1)",
        ),
        (
            "DL408",
            "error",
            "log level 'DEBUG' in production logs every debug line (cost, and secrets in "
            "payloads); expected INFO (guide 6.1)",
        ),
        (
            "DL408",
            "error",
            "log format request_id is 'optional'; expected request_id: required, so every "
            "line can be traced to its service and request (guide 6.1)",
        ),
    ]


def test_dl408_unknown_level_suggests_one(lint_messages: Messages) -> None:
    files = {"monitoring.yaml": LOG_FORMAT.format(**{**GUIDE_FORMAT, "level": "WARNIN"})}
    [(_, _, message)] = lint_messages(files, "--select", "DL408")
    assert message.startswith("log level 'WARNIN' is not a known level; did you mean WARNING?")
    assert message.endswith("(guide 6.1)")


def test_dl408_options(lint: Lint, tmp_path: Path) -> None:
    text = LOG_FORMAT.format(**{**GUIDE_FORMAT, "level": "DEBUG", "rid": "optional"})
    files = {"arch.yaml": STAGING_ONLY, "monitoring.yaml": text}
    assert lint(files, "--select", "DL408") == rows("monitoring.yaml", "DL408", RID)
    extra, path = rule_pack(tmp_path, "DL408", "production_environments: [production, staging]")
    assert lint({**files, **extra}, "--select", "DL408", "--policy", path) == rows(
        "monitoring.yaml", "DL408", LEVEL, RID
    )
    extra, path = rule_pack(tmp_path, "DL408", "required_fields: [service]")
    assert lint({**files, **extra}, "--select", "DL408", "--policy", path) == []


# --- DL409 log-filters ------------------------------------------------------------------

FILTERS = """
monitoring:
  logs:
    filters:
      exclude: {exclude}
      include: {include}
"""
GUIDE_INCLUDE = "[error, warn, critical]"


@pytest.mark.parametrize(
    ("exclude", "include", "expected"),
    [
        ("[health_check, metrics]", GUIDE_INCLUDE, []),
        ("[health_check, metrics]", "null", []),
        ("[health_check, error]", GUIDE_INCLUDE, [(4, 31)]),
        ("[WARNING]", GUIDE_INCLUDE, [(4, 17)]),
        ("['level=ERROR']", GUIDE_INCLUDE, [(4, 17)]),
        ("[err]", GUIDE_INCLUDE, [(4, 17)]),  # drops every line with "error" in it
        ("['*']", GUIDE_INCLUDE, [(4, 17)]),  # drops everything
        ("[fatal_handler]", "[]", [(4, 17)]),
        ("[debug, health_check]", "[debug, error, warn, critical]", [(4, 17)]),  # both
        ("[metrics, health_check]", "[Health_Check, error, warn, critical]", [(4, 26)]),
        # a non-empty include keeps error, warn and critical (guide 6.1; issue 17 §6)
        ("[health_check, metrics]", "[error, warn]", [(5, 16)]),
        ("[health_check, metrics]", "[debug]", [(5, 16)]),
    ],
)
def test_dl409_positions(
    lint: Lint, exclude: str, include: str, expected: list[tuple[int, int]]
) -> None:
    files = {"monitoring.yaml": FILTERS.format(exclude=exclude, include=include)}
    assert lint(files, "--select", "DL409") == rows("monitoring.yaml", "DL409", *expected)


def test_dl409_messages(lint_related: Related) -> None:
    files = {
        "monitoring.yaml": FILTERS.format(
            exclude="[error, debug]", include="[debug, error, warn, critical]"
        )
    }
    found = lint_related(files, "--select", "DL409")
    assert found == [
        (
            "DL409",
            "warning",
            "log filter excludes 'error', which drops error lines; never exclude error, warn, "
            "critical, fatal (guide 6.1)",
            (),
        ),
        (
            "DL409",
            "warning",
            "log filter pattern 'debug' is both excluded and included; keep it in one list "
            "(guide 6.1)",
            (("monitoring.yaml", 5, "'debug' is included here"),),
        ),
    ]


def test_dl409_never_exclude_option(lint: Lint, tmp_path: Path) -> None:
    files = {
        "monitoring.yaml": FILTERS.format(
            exclude="[health_check, fatal]", include="[error, warn, critical]"
        )
    }
    assert lint(files, "--select", "DL409") == rows("monitoring.yaml", "DL409", (4, 31))
    extra, path = rule_pack(tmp_path, "DL409", "never_exclude: [error, critical]")
    assert lint({**files, **extra}, "--select", "DL409", "--policy", path) == []


# --- DL410 alert-routing ----------------------------------------------------------------

ALERTS = """
monitoring:
  alerts:
    channels: {channels}
    severity:
      critical:
        response_time: {crt}
        notification: {cn}
      warning:
        response_time: 1時間以内
        notification: {wn}
"""
GUIDE_CHANNELS = "{email: ops@acme.co.jp, slack: '#alerts-prod', pagerduty: prod-service}"
GUIDE_ALERTS = {
    "channels": GUIDE_CHANNELS,
    "crt": "15分以内",
    "cn": "[slack, pagerduty]",
    "wn": "[slack]",
}
CRT, CN, WN = (6, 24), (7, 23), (10, 23)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"crt": "PT10M", "cn": "[slack, pagerduty]", "wn": "[slack, email]"}, []),
        ({"cn": "[pagerduty]"}, [CN]),  # critical reaches Slack too (guide 6.1)
        ({"crt": "30分以内"}, [CRT]),
        ({"crt": "null"}, [CRT]),
        ({"cn": "[slack, pager]"}, [CN, (7, 31)]),  # pagerduty missing; pager undefined
        ({"wn": "[email]"}, [WN]),
        ({"channels": "{email: ops@acme.co.jp, slack: '#alerts-prod'}"}, [(7, 31)]),
        # no channel at all: one finding, not one per notification (issue 8 §1)
        ({"channels": "null"}, [(3, 15)]),
        ({"channels": "{}"}, [(3, 15)]),
        # one undefined channel notified twice: one finding, at its first use
        ({"channels": "{email: ops@acme.co.jp, pagerduty: p}"}, [(7, 24)]),
    ],
)
def test_dl410_positions(
    lint: Lint, changes: dict[str, str], expected: list[tuple[int, int]]
) -> None:
    files = {"monitoring.yaml": ALERTS.format(**{**GUIDE_ALERTS, **changes})}
    assert lint(files, "--select", "DL410") == rows("monitoring.yaml", "DL410", *expected)


def test_dl410_a_broken_staging_file_is_one_finding(lint_json: Any) -> None:
    # staging/app.yaml defines the channels; when it does not parse, its DL001 is the root
    # cause and DL410 says nothing of what the unread file may hold (issue 8)
    folder = EXAMPLES / "multi-env"
    files = {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")
    }
    parsed = files["staging/app.yaml"]
    files["staging/app.yaml"] = parsed.replace("monitoring:", "monitoring: [")
    _, data = lint_json(files, "--select", "DL001,DL410")
    assert [(f["rule"], os.path.basename(f["file"])) for f in data["findings"]] == [
        ("DL001", "app.yaml")
    ]
    # the same file parsed but without its channels: then they really are missing
    files["staging/app.yaml"] = parsed[: parsed.index("monitoring:")]
    _, data = lint_json(files, "--select", "DL001,DL410")
    found = [(f["rule"], os.path.basename(f["file"]), f["message"]) for f in data["findings"]]
    assert found == [
        (
            "DL410",
            "base.yaml",
            "alerts notify slack, pagerduty, but alerts.channels defines no channel (guide 6.1)",
        )
    ]


def test_dl410_missing_levels(lint: Lint) -> None:
    text = "monitoring:\n  alerts:\n    severity:\n      info: {notification: []}\n"
    # neither critical nor warning defined: both reported at `severity:`
    assert lint({"monitoring.yaml": text}, "--select", "DL410") == rows(
        "monitoring.yaml", "DL410", (3, 5), (3, 5)
    )


def test_dl410_messages(lint_messages: Messages) -> None:
    files = {
        "monitoring.yaml": ALERTS.format(
            **{**GUIDE_ALERTS, "crt": "1時間以内", "cn": "[slack, pagerdty]"}
        )
    }
    assert lint_messages(files, "--select", "DL410") == [
        (
            "DL410",
            "error",
            "critical alert response_time 1 h is longer than 15 min; critical alerts must be "
            "answered within 15 min (guide 6.1)",
        ),
        (
            "DL410",
            "error",
            "critical alerts notify slack, pagerdty, not pagerduty; critical alerts must reach "
            "slack and pagerduty within 15 min (guide 6.1)",
        ),
        (
            "DL410",
            "error",
            "critical alerts notify 'pagerdty', which alerts.channels does not define "
            "(defined: email, slack, pagerduty); did you mean pagerduty? (guide 6.1)",
        ),
    ]


def test_dl410_routes_option(lint: Lint, tmp_path: Path) -> None:
    files = {"monitoring.yaml": ALERTS.format(**{**GUIDE_ALERTS, "crt": "30分以内"})}
    assert lint(files, "--select", "DL410") == rows("monitoring.yaml", "DL410", CRT)
    extra, path = rule_pack(tmp_path, "DL410", "routes: {critical: {max_response_time: 1800}}")
    assert lint({**files, **extra}, "--select", "DL410", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL410", "routes: {warning: {channels: [email]}}")
    assert lint({**files, **extra}, "--select", "DL410", "--policy", path) == rows(
        "monitoring.yaml", "DL410", CRT, WN
    )


# --- DL411 alert-channels ---------------------------------------------------------------

CHANNELS = """
monitoring:
  alerts:
    channels:
      email: {email}
      slack: {slack}
      pagerduty: oncall-service
"""
EMAIL, SLACK = (4, 14), (5, 14)
# production alone: the channels below are shared by every environment, and a staging
# environment alerting '#alerts-prod' is a finding of its own (test_dl411_staging_*)
PRODUCTION_ONLY = ENVS.replace("    staging:\n      region: ap-northeast-1\n", "")


@pytest.mark.parametrize(
    ("envs", "email", "slack", "expected"),
    [
        (PRODUCTION_ONLY, "ops@acme.co.jp", "'#alerts-prod'", []),
        (PRODUCTION_ONLY, "ops@example.com", "'#PROD-alerts'", []),
        (PRODUCTION_ONLY, "first.last+oncall@mail.acme.co.jp", "'#production'", []),
        (PRODUCTION_ONLY, "ops-at-acme.co.jp", "'#alerts-prod'", [EMAIL]),
        (PRODUCTION_ONLY, "ops@localhost", "'#alerts-prod'", [EMAIL]),
        (PRODUCTION_ONLY, "'ops @acme.co.jp'", "'#alerts-prod'", [EMAIL]),
        (PRODUCTION_ONLY, "ops@acme.co.jp", "alerts-prod", [SLACK]),
        (PRODUCTION_ONLY, "ops@acme.co.jp", "'#alerts-staging'", [SLACK]),  # production
        (STAGING_ONLY, "ops@acme.co.jp", "'#alerts-staging'", []),
    ],
)
def test_dl411_positions(
    lint: Lint, envs: str, email: str, slack: str, expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": envs, "monitoring.yaml": CHANNELS.format(email=email, slack=slack)}
    assert lint(files, "--select", "DL411") == rows("monitoring.yaml", "DL411", *expected)


def test_dl411_messages(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": PRODUCTION_ONLY,
        "monitoring.yaml": CHANNELS.format(email="ops-at-acme.co.jp", slack="'#alerts-staging'"),
    }
    assert lint_messages(files, "--select", "DL411") == [
        (
            "DL411",
            "warning",
            "alert channel email 'ops-at-acme.co.jp' is not a valid e-mail address; expected "
            "name@domain, e.g. ops@acme.co.jp (guide 6.1)",
        ),
        (
            "DL411",
            "warning",
            "production alerts go to slack '#alerts-staging', which names another environment "
            "('staging' in its name): production's alarms would page nobody on production's "
            "call; expected production's own, e.g. '#alerts-prod' (guide 6.1)",
        ),
    ]


def test_dl411_options(lint: Lint, tmp_path: Path) -> None:
    files = {
        "arch.yaml": STAGING_ONLY,
        "monitoring.yaml": CHANNELS.format(email="ops@acme.co.jp", slack="'#alerts-staging'"),
    }
    assert lint(files, "--select", "DL411") == []
    extra, path = rule_pack(tmp_path, "DL411", "production_environments: [staging]")
    assert lint({**files, **extra}, "--select", "DL411", "--policy", path) == rows(
        "monitoring.yaml", "DL411", SLACK
    )
    extra, path = rule_pack(
        tmp_path, "DL411", "production_environments: [staging]\nproduction_markers: [staging]"
    )
    assert lint({**files, **extra}, "--select", "DL411", "--policy", path) == []


# --- issue 9: real wording ----------------------------------------------------------------


def test_dl408_hissu_means_required(lint: Lint) -> None:
    text = LOG_FORMAT.format(**{**GUIDE_FORMAT, "service": "必須", "rid": "' 必須 '"})
    assert lint({"monitoring.yaml": text}, "--select", "DL408") == []
    text = LOG_FORMAT.format(**{**GUIDE_FORMAT, "service": "任意"})
    assert lint({"monitoring.yaml": text}, "--select", "DL408") == rows(
        "monitoring.yaml", "DL408", SERVICE
    )


@pytest.mark.parametrize("value", ["1.5d", "36h"])
def test_dl002_retention_is_a_whole_number_of_days(lint_messages: Messages, value: str) -> None:
    text = f"monitoring:\n  logs:\n    retention:\n      application: {value}\n"
    assert lint_messages({"monitoring.yaml": text}, "--select", "DL002,DL404") == [
        (
            "DL002",
            "error",
            f"monitoring.logs.retention.application: {value!r} is not a whole number of days",
        )
    ]


MULTI_ENV = {
    "base.yaml": ENVS,
    "staging.yaml": """
environment: staging
monitoring:
  alerts:
    channels:
      slack: {slack}
      pagerduty: {pagerduty}
""",
}


@pytest.mark.parametrize(
    ("slack", "pagerduty", "expected"),
    [
        ("'#alerts-staging'", "staging-service", []),
        ("'#alerts-prod'", "staging-service", ["slack '#alerts-prod'"]),
        ("'#alerts-stg'", "prod-service", ["pagerduty 'prod-service'"]),
        ("'#本番アラート'", "prd-oncall", ["slack '#本番アラート'", "pagerduty 'prd-oncall'"]),
        ("'#product-alerts'", "staging-service", []),  # prod inside a word is not prod
    ],
)
def test_dl411_staging_alerting_production(
    lint_messages: Messages, slack: str, pagerduty: str, expected: list[str]
) -> None:
    files = dict(MULTI_ENV)
    files["staging.yaml"] = files["staging.yaml"].format(slack=slack, pagerduty=pagerduty)
    found = lint_messages(files, "--select", "DL411")
    assert [m for _, _, m in found] == [
        f"staging alerts go to {what}, a production channel: staging alarms would page "
        "production's on-call; give this environment its own channel, e.g. "
        "'#alerts-staging' (guide 6.1)"
        for what in expected
    ]


def test_dl411_inherited_production_channels(lint: Lint) -> None:
    # a shared file's production channels reach staging too: staging pages production
    base = ENVS + "monitoring:\n  alerts:\n    channels: {slack: '#alerts-prod'}\n"
    assert lint({"base.yaml": base}, "--select", "DL411") == [("base.yaml", 9, 23, "DL411")]


# --- issue 17 §5: alert routing, periods, one mistake one finding -------------------------

PROD_CHANNELS = """
environment: production
monitoring:
  alerts:
    channels:
      slack: {slack}
      pagerduty: {pagerduty}
"""


@pytest.mark.parametrize(
    ("slack", "pagerduty", "expected"),
    [
        ("'#alerts-prod'", "prod-service", []),
        ("'#alerts-prod'", "PXYZ123", []),  # a service id names no environment
        ("'#alerts-non-prod'", "prod-service", ["slack '#alerts-non-prod'"]),
        ("'#alerts-pre-prod'", "prod-service", ["slack '#alerts-pre-prod'"]),
        ("'#alerts-nonprod'", "prod-service", ["'#alerts-nonprod', which is not a production"]),
        ("'#alerts-prod'", "staging-service", ["pagerduty 'staging-service'"]),
        ("'#alerts-prod'", "pd-stg-oncall", ["pagerduty 'pd-stg-oncall'"]),
        ("'#本番アラート'", "検証サービス", ["pagerduty '検証サービス'"]),
    ],
)
def test_dl411_production_routed_to_another_environment(
    lint_messages: Messages, slack: str, pagerduty: str, expected: list[str]
) -> None:
    files = {
        "base.yaml": ENVS,
        "production.yaml": PROD_CHANNELS.format(slack=slack, pagerduty=pagerduty),
    }
    found = lint_messages(files, "--select", "DL411")
    assert len(found) == len(expected), found
    for (rule, _, message), words in zip(found, expected, strict=True):
        assert rule == "DL411" and words in message
        assert message.startswith("production alerts go to ")


@pytest.mark.parametrize("slack", ["'#alerts-non-prod'", "'#alerts-pre-prod'", "'#nonprod'"])
def test_dl411_non_prod_channel_in_staging_is_not_production(lint: Lint, slack: str) -> None:
    """The marker is part of a word that names another environment: not production's."""
    files = dict(MULTI_ENV)
    files["staging.yaml"] = files["staging.yaml"].format(slack=slack, pagerduty="stg-service")
    assert lint(files, "--select", "DL411") == []


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
    text = f"monitoring:\n  metrics:\n    {metric}: {{threshold: 1, period: {period}}}\n"
    found = lint_messages({"m.yaml": text}, "--select", "DL401")
    if expected is None:
        assert found == []
        return
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL401", "warning")
    assert f"but {expected}" in message and "is published by AWS once a minute" in message


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


def _multi_env(base: str) -> dict[str, str]:
    """examples/multi-env with ``base`` as its base.yaml."""
    return {
        "base.yaml": base,
        "production/app.yaml": (EXAMPLES / "multi-env/production/app.yaml").read_text("utf-8"),
        "staging/app.yaml": (EXAMPLES / "multi-env/staging/app.yaml").read_text("utf-8"),
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "region: ap-northeast-1\n      availability_zones: ['1a', '1c']",
            "region: us-east-1\n      availability_zones: ['1a', '1c']",
        ),
        (
            "region: ap-northeast-1\n      availability_zones: ['1a']",
            "region: eu-west-1\n      availability_zones: ['1a']",
        ),
    ],
)
def test_region_the_pack_rejects_is_one_dl104(lint: Lint, old: str, new: str) -> None:
    base = (EXAMPLES / "multi-env/base.yaml").read_text("utf-8")
    assert old in base
    assert [r for *_, r in lint(_multi_env(base.replace(old, new)))] == ["DL104"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 0\n      streams",
            ["DL404"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: {application: 0, access: 90, error: 365}\n      streams",
            ["DL404"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n    format",
            "retention: {application: 0, access: 90, error: 365}\n    format",
            ["DL404"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 7\n      streams",
            ["DL405"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 60\n      streams",
            ["DL405"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 3653\n      streams",
            ["DL406"],
        ),
    ],
)
def test_one_retention_mistake_is_one_finding(
    lint: Lint, old: str, new: str, expected: list[str]
) -> None:
    base = (EXAMPLES / "multi-env/base.yaml").read_text("utf-8")
    assert old in base
    assert [r for *_, r in lint(_multi_env(base.replace(old, new)))] == expected
