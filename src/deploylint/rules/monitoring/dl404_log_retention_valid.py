"""DL404 log-retention-valid: every log retention is a value CloudWatch Logs accepts."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.facts import LOG_RETENTION_DAYS
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import Safety, set_value
from deploylint.rules._monitoring import (
    INFRA_RETENTION,
    RetentionRef,
    infra_logs,
    log_retentions,
)
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


def nearest_retentions(days: int) -> list[int]:
    """The accepted retentions just below and just above ``days``."""
    below = [d for d in LOG_RETENTION_DAYS if d < days]
    above = [d for d in LOG_RETENTION_DAYS if d > days]
    return ([max(below)] if below else []) + ([min(above)] if above else [])


def _declared(ctx: Context[Options]) -> Iterator[RetentionRef]:
    """Each retention value once: 3.1's single number once, not once per stream."""
    logs = infra_logs(ctx.config)
    retention = logs.retention if logs else None
    if isinstance(retention, int):
        yield RetentionRef(_("every stream"), retention, INFRA_RETENTION, "3.1", shared=True)
    elif isinstance(retention, dict):
        for stream, days in retention.items():
            yield RetentionRef(stream, days, (*INFRA_RETENTION, stream), "3.1")
    yield from log_retentions(ctx.config)


def _floors(ctx: Context[Options], ref: RetentionRef) -> dict[str, int]:
    """DL405's minimum days for the streams ``ref`` keeps."""
    minimum: dict[str, int] = getattr(ctx.policy.options.get("DL405"), "minimum_days", None) or {}
    if not ref.shared:
        return {ref.stream: minimum[ref.stream]} if ref.stream in minimum else {}
    logs = infra_logs(ctx.config)
    streams = logs.streams if logs and logs.streams is not None else list(minimum)
    return {s: minimum[s] for s in dict.fromkeys(streams) if s in minimum}


def check(ctx: Context[Options]) -> Iterator[Violation]:
    for ref in _declared(ctx):
        if ref.days in LOG_RETENTION_DAYS:
            continue
        nearest = " or ".join(str(d) for d in nearest_retentions(ref.days))
        extra = "; omit retention to keep logs forever" if ref.days > LOG_RETENTION_DAYS[-1] else ""
        floors = _floors(ctx, ref)
        floor = max(floors.values(), default=0)
        if floors and any(ref.days < days for days in floors.values()):
            # One finding for the one mistake: DL405 leaves a rejected value to this rule.
            shown = ", ".join(f"{stream} {days}" for stream, days in floors.items())
            extra += _("; the policy keeps logs at least {days} days (DL405)").format(days=shown)
        # the next value CloudWatch Logs accepts, and no less than the policy's minimum
        longer = [d for d in LOG_RETENTION_DAYS if d > ref.days and d >= floor]
        fix = None
        if longer and ref.days > 0:
            fix = set_value(
                ref.path,
                longer[0],
                (
                    _(
                        "keep logs {days} days, the next value CloudWatch Logs accepts at or "
                        "above the policy's minimum"
                    )
                    if floor > ref.days
                    else _("keep logs {days} days, the next value CloudWatch Logs accepts")
                ).format(days=longer[0]),
                Safety.UNSAFE,
            )
        yield Violation(
            ref.path,
            _(
                "log retention {days} days ({stream}) is not a value CloudWatch Logs accepts; nearest valid: {nearest}{extra} ({guide})"
            ).format(
                days=ref.days,
                stream=ref.stream,
                nearest=nearest,
                extra=extra,
                guide=guide(ref.section),
            ),
            fix=fix,
        )


RULE = Rule(
    id="DL404",
    name="log-retention-valid",
    severity=Severity.ERROR,
    summary=N_("Every log retention is a value CloudWatch Logs accepts."),
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks every log retention, `infrastructure.monitoring.logs.retention` (3.1: one "
                "number or one per stream) and `monitoring.logs.retention.<stream>` (6.1), against "
                "the values CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, "
                "365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days; the message "
                "suggests the nearest valid values."
            )
        ),
        why=(
            N_(
                "PutRetentionPolicy rejects any other number (45, 100, 730), so the log group "
                "keeps its old retention or none at all: logs are kept forever and billed, or "
                "deleted before an audit needs them."
            )
        ),
        example="monitoring:\n  logs:\n    retention:\n      access: 100\n",
        use_instead="monitoring:\n  logs:\n    retention:\n      access: 90\n",
        references=(
            "guide 3.1",
            "guide 6.1",
            "PutRetentionPolicy: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/"
            "APIReference/API_PutRetentionPolicy.html",
        ),
    ),
)
