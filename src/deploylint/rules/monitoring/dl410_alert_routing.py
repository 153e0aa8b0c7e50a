"""DL410 alert-routing: alerts go to defined channels; critical ones page in time."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import NotRequired

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from deploylint.findings.finding import Severity
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
            "Per alert severity (critical, warning): `channels` it must notify and, "
            "optionally, `max_response_time`, the longest response_time allowed in seconds"
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
            hint = f"; did you mean {close[0]}?" if close else ""
            yield Violation(
                (*SEVERITY, level, "notification", i),
                f"{level} alerts notify {name!r}, which alerts.channels does not define "
                f"(defined: {defined}){hint} (guide 6.1)",
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
            f"alerts notify {', '.join(names)}, but alerts.channels defines no channel (guide 6.1)",
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
                f"no {level} alert severity is defined; {level} alerts must reach "
                f"{wanted}{within} (guide 6.1)",
            )
            continue
        notified = spec.notification or []
        for channel in route["channels"]:
            if channel not in notified:
                yield Violation(
                    (*SEVERITY, level, "notification"),
                    f"{level} alerts notify {', '.join(notified) or 'nobody'}, not {channel}; "
                    f"{level} alerts must reach {wanted}{within} (guide 6.1)",
                )
        if limit is None:
            continue
        if spec.response_time is None:
            yield Violation(
                (*SEVERITY, level, "response_time"),
                f"{level} alerts set no response_time; expected within {duration(limit)} "
                "(guide 6.1)",
            )
        elif spec.response_time > limit:
            yield Violation(
                (*SEVERITY, level, "response_time"),
                f"{level} alert response_time {duration(spec.response_time)} is longer than "
                f"{duration(limit)}; {level} alerts must be answered within "
                f"{duration(limit)} (guide 6.1)",
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
    summary="Alerts notify defined channels; critical alerts page within 15 minutes.",
    options=AlertRoutingOptions,
    check=check,
    docs=Docs(
        what=(
            "Checks `monitoring.alerts`: every channel a severity notifies is defined in "
            "`alerts.channels` (one finding per undefined channel; one in all when no "
            "channel is defined, e.g. because the file defining them did not load); each severity the policy routes exists and notifies its "
            "channels within its response time (guide: critical -> pagerduty within 15 min, "
            "warning -> slack)."
        ),
        why=(
            "A notification naming an undefined channel goes nowhere, and nobody notices "
            "until the outage. Slack alone does not wake anyone at 3 a.m.: critical alerts "
            "need a pager and an answer within 15 minutes."
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
