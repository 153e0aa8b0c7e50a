"""DL406 monitoring-consistency: the 3.1 and 6.1 monitoring sections say the same thing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from deploylint.facts import LOG_RETENTION_DAYS
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guides
from deploylint.rules._monitoring import (
    SYSTEM_KINDS,
    AlarmRef,
    RetentionRef,
    dotted,
    infra_alarms,
    infra_retention_for,
    infra_retentions,
    log_retentions,
    number,
    system_metric,
)
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

COMPARED = ("threshold", "period", "evaluation_periods", "datapoints_to_alarm")


def _retention(ctx: Context[Options]) -> Iterator[Violation]:
    """3.1's retention against 6.1's, per stream; a value another rule reports (DL404: not
    one CloudWatch accepts; DL405: below the policy's minimum) is that rule's finding (this
    one is left out beside it, and shown when it is ignored or suppressed), and 3.1's single
    number that differs for several streams is one finding."""
    minimum: dict[str, int] = getattr(ctx.policy.options.get("DL405"), "minimum_days", None) or {}

    def reported(days: int, stream: str) -> bool:
        return days not in LOG_RETENTION_DAYS or days < minimum.get(stream, 0)

    pairs: dict[Path, list[tuple[RetentionRef, RetentionRef]]] = {}
    for ref in log_retentions(ctx.config):
        infra = infra_retention_for(ctx.config, ref.stream)
        if infra is None or infra.days == ref.days:
            continue
        pairs.setdefault(infra.path, []).append((infra, ref))
    for path, found in pairs.items():
        infra = found[0][0]
        # DL404/DL405 report 3.1's number here (a shared one for any stream), or each of
        # 6.1's numbers where they are set: their findings say it, this one is left out
        # beside them (shown when they are ignored or suppressed)
        here = any(reported(infra.days, r.stream) for _i, r in found) or (
            infra.shared
            and any(reported(infra.days, o.stream) for o in infra_retentions(ctx.config, minimum))
        )
        there = all(reported(r.days, r.stream) for _i, r in found)
        covered = ("DL404", "DL405") if here or there else ()
        scope = _(" (every stream)") if infra.shared else ""
        theirs = _("; ").join(
            _("{stream} {days} days in {key}").format(
                stream=r.stream, days=r.days, key=dotted(r.path)
            )
            for _i, r in found
        )
        streams = ", ".join(r.stream for _i, r in found)
        yield Violation(
            path,
            _(
                "{streams} log retention is {days} days in {dotted}{scope} but {value}; make them agree ({guides})"
            ).format(
                guides=guides("3.1", "6.1"),
                streams=streams,
                days=infra.days,
                dotted=dotted(path),
                scope=scope,
                value=theirs
                if len(found) > 1
                else _("{days} days in {key}").format(
                    days=found[0][1].days, key=dotted(found[0][1].path)
                ),
            ),
            related=tuple(
                RelatedPath(r.path, _("{dotted} is set here").format(dotted=dotted(r.path)))
                for _i, r in found
            ),
            covered_by=covered,
        )


def _alarms(ctx: Context[Options]) -> Iterator[Violation]:
    by_kind: dict[str, list[AlarmRef]] = defaultdict(list)
    for ref in infra_alarms(ctx.config, ctx.policy):
        if ref.kind in SYSTEM_KINDS:
            by_kind[ref.kind].append(ref)
    for kind, refs in by_kind.items():
        metric = system_metric(ctx.config, kind)
        if metric is None or len(refs) != 1:
            continue  # several alarms on one metric (warning and critical): nothing to pair
        alarm = refs[0]
        for key in COMPARED:
            mine, theirs = getattr(alarm.alarm, key), getattr(metric.alarm, key)
            if mine is None or theirs is None or mine == theirs:
                continue
            here, there = (*alarm.path, key), (*metric.path, key)
            yield Violation(
                here,
                _(
                    "{alarm} {key} {value} differs from {other_key} {other_value}; make them "
                    "agree ({guides})"
                ).format(
                    alarm=alarm.label,
                    key=key,
                    value=number(mine),
                    other_key=dotted(there),
                    other_value=number(theirs),
                    guides=guides("3.1", "6.1"),
                ),
                related=(RelatedPath(there, _("{key} is set here").format(key=dotted(there))),),
            )


def check(ctx: Context[Options]) -> Iterator[Violation]:
    yield from _retention(ctx)
    yield from _alarms(ctx)


RULE = Rule(
    id="DL406",
    name="monitoring-consistency",
    severity=Severity.ERROR,
    summary=N_("The two monitoring sections (3.1 and 6.1) agree on retention and alarms."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Compares what both monitoring sections declare: each stream's retention in "
                "`infrastructure.monitoring.logs.retention` (3.1; a single number covers every "
                "stream) with `monitoring.logs.retention.<stream>` (6.1), and the threshold, "
                "period, evaluation_periods and datapoints_to_alarm of each cpu/memory/disk alarm "
                "in `infrastructure.monitoring.cloudwatch.alarms` (high_cpu) with "
                "`monitoring.metrics.system.<metric>` (6.1). Reported at the 3.1 value."
            )
        ),
        why=(
            N_(
                "Only one of the two is deployed, and which one depends on who wrote the "
                "Terraform. The guide itself says 30 days for error logs in 3.1 and 365 in 6.1: "
                "whoever reads the other section believes the wrong number."
            )
        ),
        example=(
            "infrastructure:\n  monitoring:\n    logs:\n      retention: 400\n"
            "monitoring:\n  logs:\n    retention: {application: 30, access: 90, error: 365}\n"
        ),
        use_instead=(
            "infrastructure:\n  monitoring:\n    logs:\n"
            "      retention: {application: 30, access: 90, error: 365}\n"
            "monitoring:\n  logs:\n    retention: {application: 30, access: 90, error: 365}\n"
        ),
        references=(
            "guide 3.1",
            "guide 6.1",
            "Log retention: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/"
            "Working-with-log-groups-and-streams.html#SettingLogRetention",
        ),
    ),
)
