"""DL410 alert-routing: alerts go to defined channels; critical ones page in time."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import NotRequired

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import ALERTS, duration
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

SEVERITY = (*ALERTS, "severity")
CHANNELS = (*ALERTS, "channels")


@with_config(ConfigDict(extra="forbid"))
class Route(TypedDict):
    """Where one alert severity must go: ``{channels: [pagerduty], max_response_time: 900}``."""

    channels: list[str]  # channels the severity must notify
    max_response_time: NotRequired[int]  # longest response_time allowed, in seconds


class AlertRoutingOptions(Options):
    routes: dict[str, Route] = Field(
        description=(
            N_(
                "Per alert severity (critical, warning): `channels` it must notify and, "
                "optionally, `max_response_time`, the longest response_time allowed in seconds"
            )
        )
    )


def _undefined(ctx: Context[AlertRoutingOptions]) -> Iterator[Violation]:
    alerts = ctx.config.monitoring.alerts if ctx.config.monitoring else None
    if alerts is None:
        return
    channels = alerts.channels or {}
    if not channels:
        yield from _no_channels(ctx)
        return
    defined = ", ".join(channels)
    reported: set[str] = set()  # one finding per undefined channel, at its first use
    for level, spec in (alerts.severity or {}).items():
        for i, name in enumerate(spec.notification or []):
            if name in channels or name in reported:
                continue
            reported.add(name)
            close = difflib.get_close_matches(name, list(channels), n=1)
            hint = _("; did you mean {name}?").format(name=close[0]) if close else ""
            yield Violation(
                (*SEVERITY, level, "notification", i),
                _(
                    "{level} alerts notify {name}, which alerts.channels does not define (defined: {defined}){hint} ({guide})"
                ).format(
                    guide=guide("6.1"), level=level, name=repr(name), defined=defined, hint=hint
                ),
            )


def _no_channels(ctx: Context[AlertRoutingOptions]) -> Iterator[Violation]:
    """No channel at all (a file that would define them failed to load, or none does): one
    finding for the set, not one per notification."""
    if ctx.effective.incomplete:
        return  # a file that would define them did not load: its DL001 is the root cause
    alerts = ctx.config.monitoring.alerts if ctx.config.monitoring else None
    names = {
        name: None
        for spec in ((alerts.severity if alerts else None) or {}).values()
        for name in spec.notification or []
    }
    if names:
        yield Violation(
            CHANNELS,
            _("alerts notify {join}, but alerts.channels defines no channel ({guide})").format(
                guide=guide("6.1"), join=", ".join(names)
            ),
        )


def _routes(ctx: Context[AlertRoutingOptions]) -> Iterator[Violation]:
    alerts = ctx.config.monitoring.alerts if ctx.config.monitoring else None
    levels = (alerts.severity if alerts else None) or {}
    for level, route in ctx.options.routes.items():
        limit = route.get("max_response_time")
        wanted = " and ".join(route["channels"])
        within = f" within {duration(limit)}" if limit is not None else ""
        spec = levels.get(level)
        if spec is None:
            yield Violation(
                (*SEVERITY, level),
                _(
                    "no {level} alert severity is defined; {level} alerts must reach {wanted}{within} ({guide})"
                ).format(guide=guide("6.1"), level=level, wanted=wanted, within=within),
            )
            continue
        notified = spec.notification or []
        for channel in route["channels"]:
            if channel not in notified:
                yield Violation(
                    (*SEVERITY, level, "notification"),
                    _(
                        "{level} alerts notify {value}, not {channel}; {level} alerts must reach {wanted}{within} ({guide})"
                    ).format(
                        guide=guide("6.1"),
                        level=level,
                        value=", ".join(notified) or "nobody",
                        channel=channel,
                        wanted=wanted,
                        within=within,
                    ),
                )
        if limit is None:
            continue
        if spec.response_time is None:
            yield Violation(
                (*SEVERITY, level, "response_time"),
                _(
                    "{level} alerts set no response_time; expected within {duration} ({guide})"
                ).format(guide=guide("6.1"), level=level, duration=duration(limit)),
            )
        elif spec.response_time > limit:
            yield Violation(
                (*SEVERITY, level, "response_time"),
                _(
                    "{level} alert response_time {duration} is longer than {duration2}; {level} alerts must be answered within {duration2} ({guide})"
                ).format(
                    guide=guide("6.1"),
                    level=level,
                    duration=duration(spec.response_time),
                    duration2=duration(limit),
                ),
            )


def check(ctx: Context[AlertRoutingOptions]) -> Iterator[Violation]:
    if not ctx.has(("monitoring",)):
        return
    yield from _undefined(ctx)
    yield from _routes(ctx)


RULE = Rule(
    id="DL410",
    name="alert-routing",
    severity=Severity.ERROR,
    summary=N_("Alerts notify defined channels; critical alerts page within 15 minutes."),
    options=AlertRoutingOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `monitoring.alerts`: every channel a severity notifies is defined in "
                "`alerts.channels` (one finding per undefined channel; one in all when no "
                "channel is defined, e.g. because the file defining them did not load); each severity the policy routes exists and notifies its "
                "channels within its response time (guide: critical -> pagerduty within 15 min, "
                "warning -> slack)."
            )
        ),
        why=(
            N_(
                "A notification naming an undefined channel goes nowhere, and nobody notices "
                "until the outage. Slack alone does not wake anyone at 3 a.m.: critical alerts "
                "need a pager and an answer within 15 minutes."
            )
        ),
        example=(
            "monitoring:\n  alerts:\n    channels:\n      slack: '#alerts-prod'\n"
            "    severity:\n      critical:\n        response_time: 1時間以内\n"
            "        notification: [slack, pager]\n"
            "      warning:\n        notification: [slack]\n"
        ),
        use_instead=(
            "monitoring:\n  alerts:\n    channels:\n      slack: '#alerts-prod'\n"
            "      pagerduty: prod-service\n"
            "    severity:\n      critical:\n        response_time: 15分以内\n"
            "        notification: [slack, pagerduty]\n"
            "      warning:\n        response_time: 1時間以内\n        notification: [slack]\n"
        ),
        references=(
            "guide 6.1",
            "CloudWatch alarm actions (SNS): https://docs.aws.amazon.com/AmazonCloudWatch/"
            "latest/monitoring/AlarmThatSendsEmail.html",
        ),
    ),
)
