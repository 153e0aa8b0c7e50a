"""DL405 log-retention-minimum: each log stream is kept at least as long as policy says."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.facts import LOG_RETENTION_DAYS
from deploylint.findings.finding import Severity
from deploylint.model.fix import Safety, set_value
from deploylint.rules._monitoring import dotted, infra_retentions, log_retentions
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


class LogRetentionMinimumOptions(Options):
    minimum_days: dict[str, int] = Field(
        description="Shortest retention in days per log stream (application, access, error)"
    )


def check(ctx: Context[LogRetentionMinimumOptions]) -> Iterator[Violation]:
    minimum = ctx.options.minimum_days
    refs = [*infra_retentions(ctx.config, minimum), *log_retentions(ctx.config)]
    for ref in refs:
        floor = minimum.get(ref.stream)
        if floor is None or ref.days >= floor:
            continue
        if ref.shared:
            found = f"{dotted(ref.path)} {ref.days} days, which applies to every stream,"
        else:
            found = f"{dotted(ref.path)} {ref.days} days"
        # a shared number is raised once, to what its longest-kept stream needs
        need = max(minimum.get(r.stream, 0) for r in refs if r.path == ref.path)
        days = next((d for d in LOG_RETENTION_DAYS if d >= need), None)
        fix = None
        if days is not None:
            fix = set_value(ref.path, days, f"raise the retention to {days} days", Safety.UNSAFE)
        yield Violation(
            ref.path,
            f"{found} is below the {floor} days {ref.stream} logs must be kept (guide 6.1)",
            fix=fix,
        )


RULE = Rule(
    id="DL405",
    name="log-retention-minimum",
    severity=Severity.ERROR,
    summary="Each log stream is kept at least as long as the policy requires.",
    options=LogRetentionMinimumOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            "Checks each stream's retention against the policy's minimum (guide 6.1: "
            "application 30, access 90, error 365 days), in `monitoring.logs.retention` (6.1) "
            "and in `infrastructure.monitoring.logs.retention` (3.1). 3.1's single number "
            "applies to every stream in 3.1's `streams`, so `retention: 30` there keeps "
            "access and error logs too briefly; each such stream is reported."
        ),
        why=(
            "CloudWatch Logs deletes expired events for good. Access logs are what an "
            "incident review or an audit asks for months later, and a year of error logs is "
            "what shows a regression is not new; 30 days of them is not enough."
        ),
        example=(
            "infrastructure:\n  monitoring:\n    logs:\n      retention: 30\n"
            "      streams: [application, access, error]\n"
        ),
        use_instead=(
            "infrastructure:\n  monitoring:\n    logs:\n"
            "      retention: {application: 30, access: 90, error: 365}\n"
            "      streams: [application, access, error]\n"
        ),
        references=(
            "guide 6.1",
            "guide 3.1",
            "Log retention: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/"
            "Working-with-log-groups-and-streams.html#SettingLogRetention",
        ),
    ),
)
