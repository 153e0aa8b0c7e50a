"""DL401 alarm-period: alarm periods and evaluation windows are ones CloudWatch accepts."""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import Field

from deploylint.facts import (
    HIGH_RESOLUTION_PERIODS,
    MAX_EVALUATION_SECONDS,
    MAX_EVALUATION_SECONDS_SHORT,
)
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import Safety, set_value
from deploylint.model.sections import Alarm
from deploylint.rules._monitoring import STANDARD_METRICS, AlarmRef, all_alarms, duration, number
from deploylint.rules._presence import lacks, missing_part
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


def _missing(ctx: Context[AlarmPeriodOptions], ref: AlarmRef) -> Iterator[Violation]:
    """A period or evaluation_periods the alarm does not set: CloudWatch needs both
    (PutMetricAlarm), and a window nobody wrote is one nobody checked."""
    for key, expected in (
        ("period", _("10, 20, 30 or a multiple of 60 seconds, e.g. 300")),
        ("evaluation_periods", _("1 or more, e.g. 2")),
    ):
        if getattr(ref.alarm, key) is None and lacks(ctx, (*ref.path, key)):
            yield missing_part(
                ctx.effective,
                (*ref.path, key),  # missing: at the alarm's key
                _("{label} has no {key}; expected {expected} ({guide})").format(
                    label=ref.label, key=key, expected=expected, guide=guide(ref.section)
                ),
            )


def _check_alarm(ref: AlarmRef) -> Iterator[Violation]:
    alarm = ref.alarm
    where = guide(ref.section)
    period = alarm.period
    period_ok = period is not None and valid_period(period)
    if period is not None and not period_ok:
        nearest = nearest_periods(period)
        options = " or ".join(f"{p} s" for p in nearest)
        yield Violation(
            (*ref.path, "period"),
            _(
                "{label} period {number} s is not 10, 20, 30 or a multiple of 60 seconds; use {options} ({guide})"
            ).format(label=ref.label, number=number(period), options=options, guide=where),
            fix=set_value(
                (*ref.path, "period"),
                nearest[-1],
                _("use a period of {seconds} s, the next one CloudWatch accepts").format(
                    seconds=nearest[-1]
                ),
                Safety.UNSAFE,
            ),
        )
    elif period is not None and int(period) in HIGH_RESOLUTION_PERIODS:
        metric = _standard_metric(ref)
        if metric is not None:
            yield Violation(
                (*ref.path, "period"),
                _(
                    "{label} period {number} s is a high-resolution period, but {metric} is published by AWS once a minute: the alarm sees no more data and costs more; use 60 s or a multiple ({guide})"
                ).format(label=ref.label, number=number(period), metric=metric, guide=where),
                severity=Severity.WARNING,
            )
    evaluations = alarm.evaluation_periods
    if evaluations is not None and evaluations < 1:
        yield Violation(
            (*ref.path, "evaluation_periods"),
            _(
                "{label} evaluation_periods {evaluations} is below 1; CloudWatch needs at least 1 period to evaluate ({guide})"
            ).format(label=ref.label, evaluations=evaluations, guide=where),
        )
    datapoints = alarm.datapoints_to_alarm
    if datapoints is not None and datapoints < 1:
        yield Violation(
            (*ref.path, "datapoints_to_alarm"),
            _("{label} datapoints_to_alarm {datapoints} is below 1 ({guide})").format(
                label=ref.label, datapoints=datapoints, guide=where
            ),
        )
    elif datapoints is not None and evaluations is not None and datapoints > evaluations >= 1:
        yield Violation(
            (*ref.path, "datapoints_to_alarm"),
            _(
                "{label} datapoints_to_alarm {datapoints} exceeds evaluation_periods {evaluations}; the alarm can never fire (M of N needs M <= N) ({guide})"
            ).format(label=ref.label, datapoints=datapoints, evaluations=evaluations, guide=where),
        )
    if period is None or not period_ok or evaluations is None or evaluations < 1:
        return
    window = period * evaluations
    limit = MAX_EVALUATION_SECONDS_SHORT if period < HOUR else MAX_EVALUATION_SECONDS
    if window > limit:
        rule = _("under 1 h") if period < HOUR else _("of 1 h or more")
        yield Violation(
            (*ref.path, "evaluation_periods"),
            _(
                "{label} evaluates {evaluations} x {number} s = {duration}; CloudWatch allows at most {duration2} for a period {rule} (evaluation_periods <= {int}) ({guide})"
            ).format(
                label=ref.label,
                evaluations=evaluations,
                number=number(period),
                duration=duration(window),
                duration2=duration(limit),
                rule=rule,
                int=int(limit // period),
                guide=where,
            ),
        )


def _standard_metric(ref: AlarmRef) -> str | None:
    """The AWS standard metric (1-minute data at best) an alarm watches: its ``metric``, or
    for a 3.1 alarm without one that is named for cpu or memory, the ECS metric."""
    metric = ref.alarm.metric if isinstance(ref.alarm, Alarm) else None
    if metric is not None:
        return metric.strip() if metric.strip() in STANDARD_METRICS else None
    if ref.section == "3.1" and ref.kind in ("cpu", "memory"):
        return f"the ECS {'CPUUtilization' if ref.kind == 'cpu' else 'MemoryUtilization'} metric"
    if ref.section == "6.1" and ref.kind in METRIC_SOURCES:
        return METRIC_SOURCES[ref.kind]
    return None


# What 6.1's metrics are measured from on the guide's stack (ECS Fargate behind an ALB):
# AWS metrics published once a minute at best (aws-facts.md §3: ECS CPUUtilization and
# MemoryUtilization 1-minute data; ALB RequestCount, TargetResponseTime and
# HTTPCode_Target_5XX_Count sent at 60 s). disk has no AWS metric on Fargate (a custom
# metric, which may be high resolution): not listed.
METRIC_SOURCES: dict[str, str] = {
    "cpu": "the ECS CPUUtilization metric",
    "memory": "the ECS MemoryUtilization metric",
    "request_count": "the ALB RequestCount metric",
    "response_time": "the ALB TargetResponseTime metric",
    "error_rate": "the ALB HTTPCode_Target_5XX_Count metric (over RequestCount)",
}


class AlarmPeriodOptions(Options):
    production_environments: list[str] = Field(
        default_factory=lambda: ["production"],
        description=N_("Environments `max_window` applies to (guide: production)"),
    )
    max_window: int | None = Field(
        default=None,
        description=(
            N_(
                "Longest alarm window, period x evaluation_periods, in seconds (guide: 300 x 2 "
                "= 600); unset: only CloudWatch's own limits"
            )
        ),
    )


def _window(ref: AlarmRef, limit: int) -> Violation | None:
    period, evaluations = ref.alarm.period, ref.alarm.evaluation_periods
    if period is None or evaluations is None or not valid_period(period) or evaluations < 1:
        return None
    window = period * evaluations
    if window <= limit:
        return None
    return Violation(
        (*ref.path, "evaluation_periods"),
        _(
            "{label} waits {evaluations} x {number} s = {duration} before alarming; the policy allows at most {duration2} ({guide}: 300 s x 2)"
        ).format(
            label=ref.label,
            evaluations=evaluations,
            number=number(period),
            duration=duration(window),
            duration2=duration(limit),
            guide=guide(ref.section),
        ),
    )


def check(ctx: Context[AlarmPeriodOptions]) -> Iterator[Violation]:
    production = ctx.env is not None and ctx.env in ctx.options.production_environments
    limit = ctx.options.max_window if production else None
    for ref in all_alarms(ctx.config, ctx.policy):
        found = list(_missing(ctx, ref)) + list(_check_alarm(ref))
        yield from found
        if limit is not None and not found:  # a window CloudWatch rejects is reported once
            late = _window(ref, limit)
            if late is not None:
                yield late


RULE = Rule(
    id="DL401",
    name="alarm-period",
    severity=Severity.ERROR,
    summary=N_("Alarm periods and evaluation windows are ones CloudWatch accepts."),
    options=AlarmPeriodOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks every alarm, in `infrastructure.monitoring.cloudwatch.alarms` (3.1) and "
                "`monitoring.metrics.system` / `.application` (6.1): `period` is 10, 20, 30 "
                "(high resolution) or a multiple of 60 seconds, and 10/20/30 only on a custom "
                "metric (a warning on an AWS metric published every minute: ECS, ALB, RDS, "
                "ElastiCache; an alarm named for cpu or memory without `metric:` watches ECS; 6.1's "
                "cpu and memory are ECS metrics, request_count, response_time and error_rate "
                "the ALB's); "
                "`evaluation_periods` >= 1; "
                "`datapoints_to_alarm` between 1 and `evaluation_periods`; and period x "
                "evaluation_periods is at most 1 day for periods under an hour, 7 days otherwise; "
                "and, in the policy's production environments, with its `max_window` (guide: "
                "300 s x 2 = 600 s), at most that. An alarm that sets no `period` or no "
                "`evaluation_periods` (CloudWatch needs both) is reported at the alarm's key."
            )
        ),
        why=(
            N_(
                "CloudWatch's PutMetricAlarm rejects these values, so the deploy fails at the "
                "monitoring step, or worse, the alarm is silently not created and nobody is "
                "paged. An alarm needing more breaching datapoints than it evaluates never fires."
            )
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
