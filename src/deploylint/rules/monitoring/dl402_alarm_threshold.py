"""DL402 alarm-threshold: percentage thresholds are percentages and no laxer than policy."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.sections import Alarm
from deploylint.rules._bounds import Bounds, within
from deploylint.rules._monitoring import (
    PERCENT_KINDS,
    AlarmRef,
    all_alarms,
    duration,
    number,
    teach_alarm,
)
from deploylint.rules._presence import lacks, missing_part
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

UNITS = {"response_time": " ms", "request_count": ""}  # the others are percentages
# guide 6.1 metrics: the thresholds as the guide writes them (its starting points)
GUIDE_THRESHOLDS = {
    "cpu": "80",
    "memory": "85",
    "disk": "80",
    "response_time": "1000",
    "error_rate": "1",
    "request_count": "1000",
}
# A response-time threshold above this many seconds is a millisecond value in a seconds
# field: no load balancer waits that long (the ALB idle timeout defaults to 60 s).
SECONDS_MEANT_AS_MS = 60


class AlarmThresholdOptions(Options):
    max_thresholds: dict[str, float] = Field(
        description=(
            N_(
                "Highest (laxest) threshold allowed per metric: cpu, memory, disk, error_rate "
                "(percent), response_time (milliseconds)"
            )
        )
    )
    threshold_bounds: dict[str, Bounds] = Field(
        default_factory=dict,
        description=(
            N_(
                "Bounds a team sets on thresholds the guide gives as a starting point, per "
                "metric: request_count: {min, max} (requests per period; the guide starts from "
                "1000: off in the guide pack)"
            )
        ),
    )


def check(ctx: Context[AlarmThresholdOptions]) -> Iterator[Violation]:
    limits = ctx.options.max_thresholds
    for ref in all_alarms(ctx.config, ctx.policy):
        threshold = ref.alarm.threshold
        if threshold is None and ref.kind in limits and lacks(ctx, (*ref.path, "threshold")):
            unit = UNITS.get(ref.kind, "%")
            yield missing_part(
                ctx.effective,
                (*ref.path, "threshold"),  # missing: at the alarm's key
                _(
                    "{label} has no threshold; expected one at or below the policy's {number}{unit} for {kind} ({guide})"
                ).format(
                    label=ref.label,
                    number=number(limits[ref.kind]),
                    unit=unit,
                    kind=ref.kind,
                    guide=guide(ref.section),
                ),
            )
        if threshold is None or ref.kind is None:
            continue
        path = (*ref.path, "threshold")
        if ref.kind == "response_time_s":
            yield from _seconds(ref, threshold, limits.get("response_time"))
            continue
        unit = UNITS.get(ref.kind, "%")
        if ref.kind in PERCENT_KINDS and not 0 < threshold <= 100:
            named = isinstance(ref.alarm, Alarm) and ref.alarm.metric is None
            hint = f"; {teach_alarm(ref.kind)}" if named else ""
            yield Violation(
                path,
                _(
                    "{label} threshold {number} is not a percentage in (0, 100]; {kind} is measured in percent ({guide}){hint}"
                ).format(
                    label=ref.label,
                    number=number(threshold),
                    kind=ref.kind,
                    guide=guide(ref.section),
                    hint=hint,
                ),
            )
            continue
        if ref.kind in ctx.options.threshold_bounds:
            yield from within(
                path,
                ref.label,
                threshold,
                ctx.options.threshold_bounds[ref.kind],
                GUIDE_THRESHOLDS.get(ref.kind, "-"),
                ref.section,
                UNITS.get(ref.kind, "%"),
            )
        limit = limits.get(ref.kind)
        if limit is not None and threshold > limit:
            yield Violation(
                path,
                _(
                    "{label} threshold {number}{unit} is laxer than the policy's {number2}{unit} for {kind}; alert at {number2}{unit} or lower ({guide})"
                ).format(
                    label=ref.label,
                    number=number(threshold),
                    unit=unit,
                    number2=number(limit),
                    kind=ref.kind,
                    guide=guide(ref.section),
                ),
            )


def _seconds(ref: AlarmRef, threshold: float, limit_ms: float | None) -> Iterator[Violation]:
    """An alarm on ALB TargetResponseTime (or ELB Latency): its threshold is in seconds."""
    path = (*ref.path, "threshold")
    metric = ref.alarm.metric if isinstance(ref.alarm, Alarm) else None
    if threshold > SECONDS_MEANT_AS_MS:
        meant = _("; for {ms} ms write {seconds}").format(
            ms=number(threshold), seconds=number(threshold / 1000)
        )
        yield Violation(
            path,
            _(
                "{label} threshold {number} on {metric} is {number} seconds ({duration}): {metric} is measured in seconds, so this almost certainly meant milliseconds{meant} ({guide})"
            ).format(
                label=ref.label,
                number=number(threshold),
                metric=metric,
                duration=duration(threshold),
                meant=meant,
                guide=guide(ref.section),
            ),
            severity=Severity.WARNING,
        )
    elif limit_ms is not None and threshold * 1000 > limit_ms:
        yield Violation(
            path,
            _(
                "{label} threshold {number} s on {metric} is laxer than the policy's {number2} ms for response_time; alert at {number3} s or lower ({guide})"
            ).format(
                label=ref.label,
                number=number(threshold),
                metric=metric,
                number2=number(limit_ms),
                number3=number(limit_ms / 1000),
                guide=guide(ref.section),
            ),
        )


RULE = Rule(
    id="DL402",
    name="alarm-threshold",
    severity=Severity.ERROR,
    summary=N_("Percentage thresholds are in (0, 100] and no laxer than the policy's."),
    options=AlarmThresholdOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks alarm thresholds in `infrastructure.monitoring.cloudwatch.alarms` (3.1; an "
                "alarm counts as cpu/memory/disk by its `metric`, e.g. CPUUtilization, or its "
                "name, e.g. high_cpu) and `monitoring.metrics` (6.1): cpu, memory, disk and "
                "error_rate thresholds are percentages in (0, 100]; no threshold is higher than "
                "the policy allows (guide: cpu 80, memory 85, disk 80, error_rate 1, "
                "response_time 1000 ms). An alarm on ALB `TargetResponseTime` (or ELB "
                "`Latency`) is in seconds: its threshold is compared as seconds, and one above "
                "60 (e.g. 1000) is a warning that it was meant as milliseconds. An alarm of a "
                "kind the policy limits that sets no `threshold` is reported at the alarm's key."
            )
        ),
        why=(
            N_(
                "A CPU alarm at 120% never fires, and one at 95% fires when the service is already "
                "throttling: on-call learns about the outage from users. The guide's thresholds "
                "leave time to scale out before requests fail."
            )
        ),
        example=(
            "monitoring:\n  metrics:\n    system:\n      cpu:\n        threshold: 95\n"
            "        period: 300\n        evaluation_periods: 2\n"
        ),
        use_instead=(
            "monitoring:\n  metrics:\n    system:\n      cpu:\n        threshold: 80\n"
            "        period: 300\n        evaluation_periods: 2\n"
        ),
        references=(
            "guide 3.1",
            "guide 6.1",
            "ECS CPUUtilization / MemoryUtilization (percent): https://docs.aws.amazon.com/"
            "AmazonECS/latest/developerguide/available-metrics.html",
        ),
    ),
)
