"""DL401 alarm-period: alarm periods and evaluation windows are ones CloudWatch accepts."""

from __future__ import annotations

import math
from collections.abc import Iterator

from deploylint.facts import (
    HIGH_RESOLUTION_PERIODS,
    MAX_EVALUATION_SECONDS,
    MAX_EVALUATION_SECONDS_SHORT,
)
from deploylint.findings.finding import Severity
from deploylint.model.fix import Safety, set_value
from deploylint.model.sections import Alarm
from deploylint.rules._monitoring import STANDARD_METRICS, AlarmRef, all_alarms, duration, number
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

HOUR = 3600


def valid_period(period: float) -> bool:
    """10, 20, 30 (high resolution) or a positive multiple of 60 seconds."""
    if period != int(period) or period <= 0:
        return False
    return int(period) in HIGH_RESOLUTION_PERIODS or int(period) % 60 == 0


def nearest_periods(period: float) -> list[int]:
    """The valid periods just below and just above ``period``."""
    minute = math.floor(period / 60) * 60
    below = [p for p in HIGH_RESOLUTION_PERIODS if p < period]
    if 60 <= minute < period:
        below.append(minute)
    above = [p for p in HIGH_RESOLUTION_PERIODS if p > period]
    above.append(max(60, minute + 60))
    return ([max(below)] if below else []) + [min(above)]


def _check_alarm(ref: AlarmRef) -> Iterator[Violation]:
    alarm = ref.alarm
    where = f"(guide {ref.section})"
    period = alarm.period
    period_ok = period is not None and valid_period(period)
    if period is not None and not period_ok:
        nearest = nearest_periods(period)
        options = " or ".join(f"{p} s" for p in nearest)
        yield Violation(
            (*ref.path, "period"),
            f"{ref.label} period {number(period)} s is not 10, 20, 30 or a multiple of 60 "
            f"seconds; use {options} {where}",
            fix=set_value(
                (*ref.path, "period"),
                nearest[-1],
                f"use a period of {nearest[-1]} s, the next one CloudWatch accepts",
                Safety.UNSAFE,
            ),
        )
    elif period is not None and int(period) in HIGH_RESOLUTION_PERIODS:
        metric = _standard_metric(ref)
        if metric is not None:
            yield Violation(
                (*ref.path, "period"),
                f"{ref.label} period {number(period)} s is a high-resolution period, but "
                f"{metric} is published by AWS once a minute: the alarm sees no more data "
                f"and costs more; use 60 s or a multiple {where}",
                severity=Severity.WARNING,
            )
    evaluations = alarm.evaluation_periods
    if evaluations is not None and evaluations < 1:
        yield Violation(
            (*ref.path, "evaluation_periods"),
            f"{ref.label} evaluation_periods {evaluations} is below 1; CloudWatch needs at "
            f"least 1 period to evaluate {where}",
        )
    datapoints = alarm.datapoints_to_alarm
    if datapoints is not None and datapoints < 1:
        yield Violation(
            (*ref.path, "datapoints_to_alarm"),
            f"{ref.label} datapoints_to_alarm {datapoints} is below 1 {where}",
        )
    elif datapoints is not None and evaluations is not None and datapoints > evaluations >= 1:
        yield Violation(
            (*ref.path, "datapoints_to_alarm"),
            f"{ref.label} datapoints_to_alarm {datapoints} exceeds evaluation_periods "
            f"{evaluations}; the alarm can never fire (M of N needs M <= N) {where}",
        )
    if period is None or not period_ok or evaluations is None or evaluations < 1:
        return
    window = period * evaluations
    limit = MAX_EVALUATION_SECONDS_SHORT if period < HOUR else MAX_EVALUATION_SECONDS
    if window > limit:
        rule = "under 1 h" if period < HOUR else "of 1 h or more"
        yield Violation(
            (*ref.path, "evaluation_periods"),
            f"{ref.label} evaluates {evaluations} x {number(period)} s = {duration(window)}; "
            f"CloudWatch allows at most {duration(limit)} for a period {rule} "
            f"(evaluation_periods <= {int(limit // period)}) {where}",
        )


def _standard_metric(ref: AlarmRef) -> str | None:
    """The AWS standard metric (1-minute data at best) an alarm watches: its ``metric``, or
    for a 3.1 alarm without one that is named for cpu or memory, the ECS metric."""
    metric = ref.alarm.metric if isinstance(ref.alarm, Alarm) else None
    if metric is not None:
        return metric.strip() if metric.strip() in STANDARD_METRICS else None
    if ref.section == "3.1" and ref.kind in ("cpu", "memory"):
        return f"the ECS {'CPUUtilization' if ref.kind == 'cpu' else 'MemoryUtilization'} metric"
    return None


def check(ctx: Context[Options]) -> Iterator[Violation]:
    for ref in all_alarms(ctx.config, ctx.policy):
        yield from _check_alarm(ref)


RULE = Rule(
    id="DL401",
    name="alarm-period",
    severity=Severity.ERROR,
    summary="Alarm periods and evaluation windows are ones CloudWatch accepts.",
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            "Checks every alarm, in `infrastructure.monitoring.cloudwatch.alarms` (3.1) and "
            "`monitoring.metrics.system` / `.application` (6.1): `period` is 10, 20, 30 "
            "(high resolution) or a multiple of 60 seconds, and 10/20/30 only on a custom "
            "metric (a warning on an AWS metric published every minute: ECS, ALB, RDS, "
            "ElastiCache; an alarm named for cpu or memory without `metric:` watches ECS); "
            "`evaluation_periods` >= 1; "
            "`datapoints_to_alarm` between 1 and `evaluation_periods`; and period x "
            "evaluation_periods is at most 1 day for periods under an hour, 7 days otherwise."
        ),
        why=(
            "CloudWatch's PutMetricAlarm rejects these values, so the deploy fails at the "
            "monitoring step, or worse, the alarm is silently not created and nobody is "
            "paged. An alarm needing more breaching datapoints than it evaluates never fires."
        ),
        example=(
            "infrastructure:\n  monitoring:\n    cloudwatch:\n      alarms:\n"
            "        high_cpu:\n          threshold: 80\n          period: 90\n"
            "          evaluation_periods: 2\n          datapoints_to_alarm: 3\n"
        ),
        use_instead=(
            "infrastructure:\n  monitoring:\n    cloudwatch:\n      alarms:\n"
            "        high_cpu:\n          threshold: 80\n          period: 300\n"
            "          evaluation_periods: 2\n"
        ),
        references=(
            "guide 3.1",
            "guide 6.1",
            "PutMetricAlarm: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/"
            "API_PutMetricAlarm.html",
        ),
    ),
)
