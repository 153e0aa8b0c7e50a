"""DL405 log-retention-minimum: each log stream is kept at least as long as policy says."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import dotted, infra_retentions, log_retentions
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


class LogRetentionMinimumOptions(Options):
    minimum_days: dict[str, int] = Field(
        description=N_("Shortest retention in days per log stream (application, access, error)")
    )


def check(ctx: Context[LogRetentionMinimumOptions]) -> Iterator[Violation]:
    minimum = ctx.options.minimum_days
    refs = [*infra_retentions(ctx.config, minimum), *log_retentions(ctx.config)]
    for ref in refs:
        floor = minimum.get(ref.stream)
        if floor is None or ref.days >= floor:
            continue
        text = (
            _(
                "{key} {days} days, which applies to every stream, is below the {floor} days "
                "{stream} logs must be kept ({guide})"
            )
            if ref.shared
            else _(
                "{key} {days} days is below the {floor} days {stream} logs must be kept ({guide})"
            )
        )
        yield Violation(
            ref.path,
            text.format(
                key=dotted(ref.path),
                days=ref.days,
                floor=floor,
                stream=ref.stream,
                guide=guide("6.1"),
            ),
        )


RULE = Rule(
    id="DL405",
    name="log-retention-minimum",
    severity=Severity.ERROR,
    summary=N_("Each log stream is kept at least as long as the policy requires."),
    options=LogRetentionMinimumOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks each stream's retention against the policy's minimum (guide 6.1: "
                "application 30, access 90, error 365 days), in `monitoring.logs.retention` (6.1) "
                "and in `infrastructure.monitoring.logs.retention` (3.1). 3.1's single number "
                "applies to every stream in 3.1's `streams`, so `retention: 30` there keeps "
                "access and error logs too briefly; each such stream is reported."
            )
        ),
        why=(
            N_(
                "CloudWatch Logs deletes expired events for good. Access logs are what an "
                "incident review or an audit asks for months later, and a year of error logs is "
                "what shows a regression is not new; 30 days of them is not enough."
            )
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
