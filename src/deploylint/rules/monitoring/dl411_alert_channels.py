"""DL411 alert-channels: alert channels are well formed; production alerts stay in prod."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import ALERTS
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

CHANNELS = (*ALERTS, "channels")

# A "valid e-mail address" as HTML's <input type=email> defines it, with a dotted domain.
# Source: https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+")


class AlertChannelsOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments whose Slack alert channel must be a production channel")
    )
    production_markers: list[str] = Field(
        description=N_("Words one of which a production Slack channel name contains (prod)")
    )


def _kind(key: str) -> str:
    """'email', 'email_ops' -> email; 'slack' -> slack; anything else as is."""
    key = key.strip().casefold()
    for kind in ("email", "slack", "pagerduty"):
        if key.startswith(kind):
            return kind
    return key


def _either(words: list[str]) -> str:
    """[prod, prd, 本番] -> 'prod, prd or 本番'."""
    if len(words) == 1:
        return words[0]
    return _("{words} or {last}").format(words=_(", ").join(words[:-1]), last=words[-1])


def is_production(value: str, markers: list[str]) -> bool:
    """Whether a channel's name names production: a marker as a word of it (#alerts-prod,
    prod-service, #本番アラート), not inside another word (#product-alerts)."""
    folded = value.casefold()
    for marker in markers:
        m = marker.casefold()
        if not m.isascii():
            if m in folded:
                return True
        elif re.search(rf"(?<![a-z0-9]){re.escape(m)}(?![a-z0-9])", folded):
            return True
    return False


def _production_channels(
    ctx: Context[AlertChannelsOptions], channels: dict[str, str], markers: list[str]
) -> Iterator[Violation]:
    """A non-production environment that alerts a production channel pages the wrong on-call."""
    for key, value in channels.items():
        if _kind(key) in ("slack", "pagerduty") and is_production(value, markers):
            yield Violation(
                (*CHANNELS, key),
                _(
                    "{env} alerts go to {key} {value}, a production channel: {env} alarms "
                    "would page production's on-call; give this environment its own channel, "
                    "e.g. '#alerts-{env}' ({guide})"
                ).format(env=ctx.env, key=key, value=repr(value), guide=guide("6.1")),
            )


def check(ctx: Context[AlertChannelsOptions]) -> Iterator[Violation]:
    monitoring = ctx.config.monitoring
    alerts = monitoring.alerts if monitoring else None
    channels = (alerts.channels if alerts else None) or {}
    production = ctx.env is not None and ctx.env in ctx.options.production_environments
    markers = ctx.options.production_markers
    if ctx.env is not None and not production:
        yield from _production_channels(ctx, channels, markers)
    for key, value in channels.items():
        path = (*CHANNELS, key)
        kind = _kind(key)
        if kind == "email" and not EMAIL.fullmatch(value.strip()):
            yield Violation(
                path,
                _(
                    "alert channel {key} {value} is not a valid e-mail address; expected "
                    "name@domain, e.g. ops@acme.co.jp ({guide})"
                ).format(key=key, value=repr(value), guide=guide("6.1")),
            )
        elif kind == "slack" and not value.strip().startswith("#"):
            yield Violation(
                path,
                _(
                    "alert channel {key} {value} is not a Slack channel; expected a name "
                    "starting with #, e.g. '#alerts-prod' ({guide})"
                ).format(key=key, value=repr(value), guide=guide("6.1")),
            )
        elif kind == "slack" and production and not is_production(value, markers):
            yield Violation(
                path,
                _(
                    "{env} alerts go to Slack channel {value}, which is not a production "
                    "channel (no {markers} in its name); expected e.g. '#alerts-prod' ({guide})"
                ).format(
                    env=ctx.env, value=repr(value), markers=_either(markers), guide=guide("6.1")
                ),
            )


RULE = Rule(
    id="DL411",
    name="alert-channels",
    severity=Severity.WARNING,
    summary=N_("Alert channels are well formed and production alerts go to a production channel."),
    options=AlertChannelsOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `monitoring.alerts.channels`: the email channel is a valid address; the "
                "Slack channel starts with `#`; in a production environment the Slack channel "
                "is a production channel (a marker such as `prod`, `prd` or `本番` is a word of its "
                "name), and a non-production environment alerts no production Slack channel or "
                "PagerDuty service (which would page production's on-call), whether its own "
                "file or a shared one sets it."
            )
        ),
        why=(
            N_(
                "A typo in the address or a channel name without `#` makes alerts bounce or "
                "land in a DM. Production alerts posted to a staging channel are read by "
                "nobody on call."
            )
        ),
        example=(
            "environment: production\nmonitoring:\n  alerts:\n    channels:\n"
            "      email: ops-at-acme.co.jp\n      slack: '#alerts-staging'\n"
        ),
        use_instead=(
            "environment: production\nmonitoring:\n  alerts:\n    channels:\n"
            "      email: ops@acme.co.jp\n      slack: '#alerts-prod'\n"
        ),
        references=(
            "guide 6.1",
            "HTML valid e-mail address: https://html.spec.whatwg.org/multipage/input.html"
            "#valid-e-mail-address",
            "Slack channel names: https://slack.com/help/articles/201402297",
        ),
    ),
)
