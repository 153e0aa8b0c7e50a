"""DL405 log-retention-minimum: each log stream is kept at least as long as policy says."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.facts import LOG_RETENTION_DAYS
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _
from deploylint.model.fix import Safety, set_value
from deploylint.rules._monitoring import RetentionRef, dotted, infra_retentions, log_retentions
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


class LogRetentionMinimumOptions(Options):
    minimum_days: dict[str, int] = Field(
        description=N_("Shortest retention in days per log stream (application, access, error)")
    )


def check(ctx: Context[LogRetentionMinimumOptions]) -> Iterator[Violation]:
    minimum = ctx.options.minimum_days
    short: dict[Path, list[tuple[RetentionRef, int]]] = {}
    for ref in [*infra_retentions(ctx.config, minimum), *log_retentions(ctx.config)]:
        floor = minimum.get(ref.stream)
        if floor is None or ref.days >= floor:
            continue  # a value CloudWatch rejects (DL404) is still a number of days
        short.setdefault(ref.path, []).append((ref, floor))
    for path, found in short.items():
        ref = found[0][0]
        if ref.shared and len(found) > 1:
            streams = ", ".join(f"{r.stream} {floor}" for r, floor in found)
            message = (
                f"{dotted(path)} {ref.days} days, which applies to every stream, is below "
                f"the days logs must be kept ({streams}) (guide 6.1)"
            )
        else:
            every = ", which applies to every stream," if ref.shared else ""
            message = (
                f"{dotted(path)} {ref.days} days{every} is below the {found[0][1]} days "
                f"{ref.stream} logs must be kept (guide 6.1)"
            )
        # a shared number is raised once, to what its longest-kept stream needs
        need = max(floor for _, floor in found)
        days = next((d for d in LOG_RETENTION_DAYS if d >= need), None)
        fix = None
        if days is not None and all(r.days in LOG_RETENTION_DAYS for r, _ in found):
            # (a value CloudWatch rejects gets DL404's fix: one edit at a place)
            fix = set_value(
                path, days, _("raise the retention to {days} days").format(days=days), Safety.UNSAFE
            )
        # DL404's finding of a value CloudWatch rejects names the minimum too: one finding
        covered = ("DL404",) if any(r.days not in LOG_RETENTION_DAYS for r, _ in found) else ()
        yield Violation(path, message, fix=fix, covered_by=covered)


RULE = Rule(
    id="DL405",
    name="log-retention-minimum",
    severity=Severity.ERROR,
    summary=N_("Each log stream is kept at least as long as the policy requires."),
    options=LogRetentionMinimumOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks each stream's retention against the policy's minimum (guide 6.1: "
                "application 30, access 90, error 365 days), in `monitoring.logs.retention` (6.1) "
                "and in `infrastructure.monitoring.logs.retention` (3.1). 3.1's single number "
                "applies to every stream in 3.1's `streams`, so `retention: 30` there keeps "
                "access and error logs too briefly: one finding names each such stream. A value "
                "CloudWatch Logs rejects (29) is DL404's finding, which names the minimum too; "
                "with DL404 ignored or suppressed, this rule reports it."
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
