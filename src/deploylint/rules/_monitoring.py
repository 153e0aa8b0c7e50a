"""Helpers shared by the DL4xx monitoring rules: alarms in both sections, log retention.

Alarms appear twice in the guide: as CloudWatch alarms in 3.1
(``infrastructure.monitoring.cloudwatch.alarms.<name>``) and as metric thresholds in 6.1
(``monitoring.metrics.system.*`` / ``monitoring.metrics.application.*``). Log retention
too: 3.1 ``infrastructure.monitoring.logs.retention`` (one number for every stream, or a
per-stream mapping) and 6.1 ``monitoring.logs.retention.<stream>``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deploylint.findings.finding import Path
from deploylint.i18n import _
from deploylint.model.sections import Alarm, ConfigFile, InfraLogs, Metric

if TYPE_CHECKING:
    from deploylint.rules.policy import Policy

INFRA_MONITORING: Path = ("infrastructure", "monitoring")
CLOUDWATCH: Path = (*INFRA_MONITORING, "cloudwatch")
ALARMS: Path = (*CLOUDWATCH, "alarms")
INFRA_LOGS: Path = (*INFRA_MONITORING, "logs")
INFRA_RETENTION: Path = (*INFRA_LOGS, "retention")
INFRA_STREAMS: Path = (*INFRA_LOGS, "streams")
METRICS: Path = ("monitoring", "metrics")
LOGS: Path = ("monitoring", "logs")
RETENTION: Path = (*LOGS, "retention")
ALERTS: Path = ("monitoring", "alerts")

# Metrics whose threshold is a percentage (6.1 keys; 3.1 alarms mapped to the same kinds).
PERCENT_KINDS = ("cpu", "memory", "disk", "error_rate")
SYSTEM_KINDS = ("cpu", "memory", "disk")
RETENTION_STREAMS = ("application", "access", "error")  # the keys of 6.1's retention

# CloudWatch metric names that say what an alarm watches. Sources: AWS/ECS CPUUtilization,
# MemoryUtilization (aws-facts.md §3); the CloudWatch agent's mem_used_percent,
# disk_used_percent (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/
# metrics-collected-by-CloudWatch-agent.html).
METRIC_KINDS: dict[str, str] = {
    "CPUUtilization": "cpu",
    "MemoryUtilization": "memory",
    "mem_used_percent": "memory",
    "disk_used_percent": "disk",
    "DiskSpaceUtilization": "disk",
}
# Metrics AWS publishes at 1-minute resolution at best (standard metrics): a 10/20/30 s
# period on them is a high-resolution alarm on data that has none (aws-facts.md §3: ECS
# CPUUtilization/MemoryUtilization 1-minute data; ALB metrics sent at 60 s). RDS and
# ElastiCache standard metrics likewise (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/
# rds-metrics.html; AmazonElastiCache/latest/dg/CacheMetrics.html).
STANDARD_METRICS = frozenset(
    {
        # AWS/ECS
        "CPUUtilization",
        "MemoryUtilization",
        # AWS/ApplicationELB and Classic ELB
        "RequestCount",
        "TargetResponseTime",
        "Latency",
        "HTTPCode_Target_5XX_Count",
        "HTTPCode_Target_4XX_Count",
        "HTTPCode_ELB_5XX_Count",
        "HTTPCode_ELB_4XX_Count",
        "HealthyHostCount",
        "UnHealthyHostCount",
        "ActiveConnectionCount",
        "TargetConnectionErrorCount",
        # AWS/RDS
        "FreeableMemory",
        "FreeStorageSpace",
        "DatabaseConnections",
        "ReadLatency",
        "WriteLatency",
        "ReadIOPS",
        "WriteIOPS",
        "SwapUsage",
        "DiskQueueDepth",
        # AWS/ElastiCache
        "EngineCPUUtilization",
        "DatabaseMemoryUsagePercentage",
        "CurrConnections",
        "Evictions",
    }
)
# Metrics measured in seconds that a guide-style threshold (6.1 writes response time in
# ms) is easily confused with: ALB TargetResponseTime, Classic ELB Latency (aws-facts.md §3).
SECONDS_METRICS = frozenset({"TargetResponseTime", "Latency"})
# Metrics that watch memory in bytes, not percent (RDS FreeableMemory, ElastiCache
# FreeableMemory): an alarm on them is a memory alarm whose threshold is no percentage.
BYTES_MEMORY_METRICS = frozenset({"FreeableMemory"})

# Alarm-name words that say what an alarm watches (high_cpu, HighMemoryAlarm, disk-full).
_NAME_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cpu", re.compile(r"cpu", re.IGNORECASE)),
    ("memory", re.compile(r"memory|(?<![a-z])mem(?![a-z])", re.IGNORECASE)),
    ("disk", re.compile(r"disk", re.IGNORECASE)),
    ("error_rate", re.compile(r"error_?rate|errorrate", re.IGNORECASE)),
)


# The pack's vocabulary concepts that name what an alarm watches, by its name (high_cpu,
# 高メモリ): concept -> kind. Without them in the pack, the words of _NAME_KINDS.
ALARM_CONCEPTS: dict[str, str] = {
    "cpu-alarm": "cpu",
    "memory-alarm": "memory",
    "disk-alarm": "disk",
    "error-rate-alarm": "error_rate",
}


def alarm_kind(name: str, metric: str | None, policy: Policy | None = None) -> str | None:
    """What a 3.1 alarm watches: its ``metric`` when given (CPUCreditBalance is none of
    ours, whatever the alarm's name), else its name read through the pack's vocabulary
    (high_cpu, CPU使用率高, 高メモリ)."""
    if metric is not None:
        metric = metric.strip()
        return "response_time_s" if metric in SECONDS_METRICS else METRIC_KINDS.get(metric)
    if policy is not None and any(c in policy.vocabulary.concepts for c in ALARM_CONCEPTS):
        named = policy.concepts(name)
        return next((kind for c, kind in ALARM_CONCEPTS.items() if c in named), None)
    for kind, pattern in _NAME_KINDS:
        if pattern.search(name):
            return kind
    return None


def teach_alarm(kind: str) -> str:
    """How to make deploylint read an alarm as ``kind``: its metric, or the vocabulary."""
    metric = next((m for m, k in METRIC_KINDS.items() if k == kind), None)
    example = _(" (e.g. metric: {metric})").format(metric=metric) if metric else ""
    concept = next((c for c, k in ALARM_CONCEPTS.items() if k == kind), f"{kind}-alarm")
    return _(
        "an alarm's `metric:` settles what it watches{example}; or add its name's wording to "
        "{concept} in the policy pack's `vocabulary:`"
    ).format(example=example, concept=repr(concept))


@dataclass(frozen=True)
class AlarmRef:
    """One alarm, from either section, with what the DL4xx rules need to talk about it."""

    label: str  # "alarm high_cpu" (3.1) or "metric system.cpu" (6.1)
    path: Path  # the alarm's mapping
    section: str  # guide section: "3.1" or "6.1"
    kind: str | None  # cpu, memory, disk, error_rate, response_time, request_count, None
    alarm: Alarm | Metric


def infra_alarms(config: ConfigFile, policy: Policy | None = None) -> Iterator[AlarmRef]:
    """The CloudWatch alarms of 3.1, in file order."""
    infra = config.infrastructure
    cloudwatch = infra.monitoring.cloudwatch if infra and infra.monitoring else None
    for name, alarm in ((cloudwatch.alarms if cloudwatch else None) or {}).items():
        yield AlarmRef(
            f"alarm {name}", (*ALARMS, name), "3.1", alarm_kind(name, alarm.metric, policy), alarm
        )


def metric_alarms(config: ConfigFile) -> Iterator[AlarmRef]:
    """The metric thresholds of 6.1 (system.* then application.*)."""
    metrics = config.monitoring.metrics if config.monitoring else None
    if metrics is None:
        return
    for group in ("system", "application"):
        block = getattr(metrics, group)
        if block is None:
            continue
        for key in type(block).model_fields:
            metric = getattr(block, key)
            if metric is not None:
                yield AlarmRef(f"metric {group}.{key}", (*METRICS, group, key), "6.1", key, metric)


def all_alarms(config: ConfigFile, policy: Policy | None = None) -> Iterator[AlarmRef]:
    yield from infra_alarms(config, policy)
    yield from metric_alarms(config)


def system_metric(config: ConfigFile, kind: str) -> AlarmRef | None:
    """6.1's ``monitoring.metrics.system.<kind>``, when set."""
    for ref in metric_alarms(config):
        if ref.path == (*METRICS, "system", kind):
            return ref
    return None


# --- log retention ----------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRef:
    """One stream's retention as a section declares it."""

    stream: str
    days: int
    path: Path
    section: str  # "3.1" or "6.1"
    shared: bool = False  # 3.1's single number, which applies to every stream


def infra_logs(config: ConfigFile) -> InfraLogs | None:
    infra = config.infrastructure
    return infra.monitoring.logs if infra and infra.monitoring else None


def infra_retentions(config: ConfigFile, streams: Iterable[str] = ()) -> Iterator[RetentionRef]:
    """3.1's retention per stream. A single number applies to every stream of 3.1's
    ``streams`` (when that list is not given: to ``streams``, the caller's list)."""
    logs = infra_logs(config)
    if logs is None or logs.retention is None:
        return
    if isinstance(logs.retention, dict):
        for stream, days in logs.retention.items():
            yield RetentionRef(stream, days, (*INFRA_RETENTION, stream), "3.1")
        return
    names = logs.streams if logs.streams is not None else list(streams)
    for stream in dict.fromkeys(names):
        yield RetentionRef(stream, logs.retention, INFRA_RETENTION, "3.1", shared=True)


def infra_retention_for(config: ConfigFile, stream: str) -> RetentionRef | None:
    """3.1's retention of one stream (a single number covers a stream 3.1 lists, or every
    stream when 3.1 lists none)."""
    for ref in infra_retentions(config, (stream,)):
        if ref.stream == stream:
            return ref
    return None


def log_retentions(config: ConfigFile) -> Iterator[RetentionRef]:
    """6.1's ``monitoring.logs.retention.<stream>``."""
    logs = config.monitoring.logs if config.monitoring else None
    retention = logs.retention if logs else None
    if retention is None:
        return
    for stream in RETENTION_STREAMS:
        days = getattr(retention, stream)
        if days is not None:
            yield RetentionRef(stream, days, (*RETENTION, stream), "6.1")


def dotted(path: Path) -> str:
    """``("monitoring", "logs", 0)`` -> ``monitoring.logs[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def duration(seconds: float) -> str:
    """900 -> '15 min', 3600 -> '1 h', 45 -> '45 s' (for messages)."""
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{int(seconds // 3600)} h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    return f"{seconds:g} s"


def number(value: float) -> str:
    """80.0 -> '80', 0.5 -> '0.5', 1073741824.0 -> '1073741824' (never 1.07374e+09)."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:g}"
