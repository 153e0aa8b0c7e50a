"""DL407 log-streams: the guide's log streams (application, access, error) exist."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import INFRA_STREAMS, infra_logs
from deploylint.rules._presence import lacks, missing_part
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


class LogStreamsOptions(Options):
    required_streams: list[str] = Field(
        description=N_("Log streams `infrastructure.monitoring.logs.streams` must list")
    )


def check(ctx: Context[LogStreamsOptions]) -> Iterator[Violation]:
    if not ctx.has(INFRA_STREAMS) and not lacks(ctx, INFRA_STREAMS):
        return  # no `infrastructure` section, or live state with no log group bound
    logs = infra_logs(ctx.config)
    streams = (logs.streams if logs else None) or []
    present = {s.strip().casefold() for s in streams}
    missing = [s for s in ctx.options.required_streams if s.casefold() not in present]
    if not missing:
        return
    have = ", ".join(streams) if streams else "none"
    yield missing_part(
        ctx.effective,
        INFRA_STREAMS,
        _("log streams lack {join} (streams: {have}); the guide logs {join2} ({guide})").format(
            guide=guide("3.1"),
            join=", ".join(missing),
            have=have,
            join2=", ".join(ctx.options.required_streams),
        ),
    )


RULE = Rule(
    id="DL407",
    name="log-streams",
    severity=Severity.ERROR,
    summary=N_("The guide's log streams (application, access, error) exist."),
    options=LogStreamsOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "When the config declares `infrastructure`, checks that "
                "`monitoring.logs.streams` lists every stream the policy requires (guide: "
                "application, access, error). Without `monitoring`, `logs` or `streams` the "
                "streams are missing too, reported at the nearest key present."
            )
        ),
        why=(
            N_(
                "A stream that is not created is a log nobody can read: the 6.1 retention and "
                "filters for it apply to nothing, and the first incident finds no access or "
                "error log to look at."
            )
        ),
        example=("infrastructure:\n  monitoring:\n    logs:\n      streams: [application]\n"),
        use_instead=(
            "infrastructure:\n  monitoring:\n    logs:\n"
            "      streams: [application, access, error]\n"
        ),
        references=(
            "guide 3.1",
            "Log groups and streams: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/"
            "Working-with-log-groups-and-streams.html",
        ),
    ),
)
