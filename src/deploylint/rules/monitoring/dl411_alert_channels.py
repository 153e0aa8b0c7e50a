"""DL411 alert-channels: alert channels are well formed; production alerts stay in prod."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.rules._monitoring import ALERTS
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

CHANNELS = (*ALERTS, "channels")

# A "valid e-mail address" as HTML's <input type=email> defines it, with a dotted domain.
# Source: https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+")


class AlertChannelsOptions(Options):
    production_environments: list[str] = Field(
        description="Environments whose Slack alert channel must be a production channel"
    )
    production_markers: list[str] = Field(
        description="Words one of which a production Slack channel name contains (prod)"
    )


def _kind(key: str) -> str:
    """'email', 'email_ops' -> email; 'slack' -> slack; anything else as is."""
    key = key.strip().casefold()
    for kind in ("email", "slack"):
        if key.startswith(kind):
            return kind
    return key


def check(ctx: Context[AlertChannelsOptions]) -> Iterator[Violation]:
    monitoring = ctx.config.monitoring
    alerts = monitoring.alerts if monitoring else None
    channels = (alerts.channels if alerts else None) or {}
    production = ctx.env is not None and ctx.env in ctx.options.production_environments
    markers = ctx.options.production_markers
    for key, value in channels.items():
        path = (*CHANNELS, key)
        kind = _kind(key)
        if kind == "email" and not EMAIL.fullmatch(value.strip()):
            yield Violation(
                path,
                f"alert channel {key} {value!r} is not a valid e-mail address; expected "
                "name@domain, e.g. ops@acme.co.jp (guide 6.1)",
            )
        elif kind == "slack" and not value.strip().startswith("#"):
            yield Violation(
                path,
                f"alert channel {key} {value!r} is not a Slack channel; expected a name "
                "starting with #, e.g. '#alerts-prod' (guide 6.1)",
            )
        elif (
            kind == "slack"
            and production
            and not any(m.casefold() in value.casefold() for m in markers)
        ):
            yield Violation(
                path,
                f"{ctx.env} alerts go to Slack channel {value!r}, which is not a production "
                f"channel (no {' or '.join(markers)} in its name); expected e.g. "
                "'#alerts-prod' (guide 6.1)",
            )


RULE = Rule(
    id="DL411",
    name="alert-channels",
    severity=Severity.WARNING,
    summary="Alert channels are well formed and production alerts go to a production channel.",
    options=AlertChannelsOptions,
    check=check,
    docs=Docs(
        what=(
            "Checks `monitoring.alerts.channels`: the email channel is a valid address; the "
            "Slack channel starts with `#`; in a production environment the Slack channel "
            "is a production channel (its name contains a marker such as `prod`)."
        ),
        why=(
            "A typo in the address or a channel name without `#` makes alerts bounce or "
            "land in a DM. Production alerts posted to a staging channel are read by "
            "nobody on call."
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
