"""DL403 required-metrics: CloudWatch collects the guide's metrics and alarms on cpu/memory."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import (
    ALARMS,
    BYTES_MEMORY_METRICS,
    CLOUDWATCH,
    INFRA_MONITORING,
    METRICS,
    SYSTEM_KINDS,
    alarm_kind,
    metric_alarms,
    teach_alarm,
)
from deploylint.rules._presence import lacks, missing_part
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

METRICS_PATH = (*CLOUDWATCH, "metrics")
# The same measurement under another load balancer's name: the guide's `Latency` is the
# Classic ELB metric; an ALB publishes it as `TargetResponseTime` (aws-facts.md §3).
SAME_METRIC: dict[str, tuple[str, ...]] = {
    "Latency": ("TargetResponseTime",),
    "TargetResponseTime": ("Latency",),
}


class RequiredMetricsOptions(Options):
    required_metrics: list[str] = Field(
        description=N_("CloudWatch metric names `cloudwatch.metrics` must list (case-sensitive)")
    )
    required_metric_alarms: list[str] = Field(
        default_factory=list,
        description=(
            N_(
                "What `monitoring.metrics` (6.1) must set a threshold for, by key (guide: cpu, "
                "memory, disk, response_time, error_rate, request_count)"
            )
        ),
    )
    required_alarms: list[str] = Field(
        description=(
            N_(
                "What `cloudwatch.alarms` must alarm on (cpu, memory, disk, error_rate): an alarm "
                "whose `metric` (CPUUtilization, MemoryUtilization) or name (high_cpu) says so"
            )
        )
    )


def _metric_alarms(ctx: Context[RequiredMetricsOptions]) -> Iterator[Violation]:
    """6.1's alarms: each required key under metrics.system or metrics.application."""
    if not ctx.options.required_metric_alarms:
        return
    if not ctx.has(METRICS) and not lacks(ctx, METRICS):
        return  # the set declares no 6.1 monitoring section
    have = {ref.path[-1] for ref in metric_alarms(ctx.config)}
    for key in ctx.options.required_metric_alarms:
        if key in have:
            continue
        group = "system" if key in SYSTEM_KINDS else "application"
        yield missing_part(
            ctx.effective,
            ("monitoring", "metrics", group, key),  # missing: at its group (or metrics:)
            _(
                "monitoring.metrics.{group} has no {key} alarm; the guide alarms on {join} ({guide})"
            ).format(
                guide=guide("6.1"),
                group=group,
                key=key,
                join=", ".join(ctx.options.required_metric_alarms),
            ),
        )


def check(ctx: Context[RequiredMetricsOptions]) -> Iterator[Violation]:
    yield from _metric_alarms(ctx)
    if not ctx.has(INFRA_MONITORING) and not lacks(ctx, INFRA_MONITORING):
        return  # the set declares no `infrastructure` section
    infra = ctx.config.infrastructure
    monitoring = infra.monitoring if infra else None
    cloudwatch = monitoring.cloudwatch if monitoring else None
    metrics = (cloudwatch.metrics if cloudwatch else None) or []
    missing = [
        m
        for m in ctx.options.required_metrics
        if m not in metrics and not any(e in metrics for e in SAME_METRIC.get(m, ()))
    ]
    if missing:
        folded = {m.casefold(): m for m in metrics}
        hints = [
            _("write {right}, not {wrong}").format(right=m, wrong=folded[m.casefold()])
            for m in missing
            if m.casefold() in folded
        ]
        hint = (
            _(" (metric names are case-sensitive: {hints})").format(hints=_("; ").join(hints))
            if hints
            else ""
        )
        yield missing_part(
            ctx.effective,
            METRICS_PATH,
            _("cloudwatch.metrics lacks {join}{hint}; the guide collects {join2} ({guide})").format(
                guide=guide("3.1"),
                join=", ".join(missing),
                hint=hint,
                join2=", ".join(ctx.options.required_metrics),
            ),
        )
    alarms = (cloudwatch.alarms if cloudwatch else None) or {}
    covered: set[str] = set()
    for name, alarm in alarms.items():
        kind = alarm_kind(name, alarm.metric, ctx.policy)
        if kind is not None:
            covered.add(kind)
        if alarm.metric is not None and alarm.metric.strip() in BYTES_MEMORY_METRICS:
            covered.add("memory")  # RDS FreeableMemory: a memory alarm, in bytes
        if alarm.metric is None:  # a kind of the policy's own, named like high_<kind>
            covered.update(
                k for k in ctx.options.required_alarms if k.casefold() in name.casefold()
            )
    have = ", ".join(alarms) if alarms else "none"
    for kind in ctx.options.required_alarms:
        if kind in covered:
            continue
        yield missing_part(
            ctx.effective,
            (*ALARMS, f"high_{kind}"),  # missing: located at `alarms:` (or its nearest parent)
            _(
                "cloudwatch.alarms has no {kind} alarm (alarms: {have}); expected e.g. high_{kind} with a threshold, period and evaluation_periods ({guide}); if an alarm already watches {kind}, {teach_alarm}"
            ).format(guide=guide("3.1"), kind=kind, have=have, teach_alarm=teach_alarm(kind)),
        )


RULE = Rule(
    id="DL403",
    name="required-metrics",
    severity=Severity.ERROR,
    summary=N_("CloudWatch collects the guide's metrics and has cpu and memory alarms."),
    options=RequiredMetricsOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "When the config declares `monitoring` (6.1), checks `monitoring.metrics` sets "
                "each of the policy's `required_metric_alarms` (guide: cpu, memory, disk, "
                "response_time, error_rate, request_count). "
                "When the config declares `infrastructure` (3.1), checks that "
                "`monitoring.cloudwatch.metrics` lists the policy's metrics (guide: "
                "CPUUtilization, MemoryUtilization, RequestCount, Latency) and that "
                "`monitoring.cloudwatch.alarms` has an alarm for each required kind (guide: cpu "
                "and memory); a missing `metrics`, `cloudwatch` or `monitoring` lacks them all, "
                "reported at the nearest key present. "
                "An ALB's "
                "`TargetResponseTime` stands for the guide's `Latency` (the Classic ELB name). "
                "An alarm counts for a kind by its `metric` (CPUUtilization; RDS FreeableMemory, "
                "in bytes, is a memory alarm) or its name read through the pack's vocabulary "
                "(high_cpu, CPU使用率高, 高メモリ)."
            )
        ),
        why=(
            N_(
                "Without CPU and memory alarms a Fargate task can be throttled or OOM-killed "
                "in a loop with nobody told; without RequestCount and Latency there is no "
                "baseline to tell a bad deploy from a quiet hour."
            )
        ),
        example=(
            "infrastructure:\n  monitoring:\n    cloudwatch:\n      metrics: [CPUUtilization]\n"
            "      alarms:\n        high_cpu: {threshold: 80, period: 300, evaluation_periods: 2}\n"
        ),
        use_instead=(
            "infrastructure:\n  monitoring:\n    cloudwatch:\n"
            "      metrics: [CPUUtilization, MemoryUtilization, RequestCount, Latency]\n"
            "      alarms:\n        high_cpu: {threshold: 80, period: 300, evaluation_periods: 2}\n"
            "        high_memory: {threshold: 85, period: 300, evaluation_periods: 2}\n"
        ),
        references=(
            "guide 3.1",
            "ECS metrics: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
            "available-metrics.html",
            "ALB metrics: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
            "load-balancer-cloudwatch-metrics.html",
        ),
    ),
)
