"""DL411 alert-channels: alert channels are well formed; production alerts stay in prod."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

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


_EXAMPLES = {"slack": "#alerts-prod", "pagerduty": "prod-service"}


class AlertChannelsOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments whose Slack alert channel must be a production channel")
    )
    production_markers: list[str] = Field(
        description=N_("Words one of which a production Slack channel name contains (prod)")
    )
    other_environment_markers: list[str] = Field(
        default=[
            "non", "pre", "not", "staging", "stage", "stg", "dev", "development", "test",
            "testing", "qa", "uat", "sandbox", "sbx", "ステージング", "検証", "開発", "テスト",
        ],
        description=(
            N_("Words that name another environment: a channel or service named with one "
            "(#alerts-non-prod, #alerts-pre-prod, pd-staging) is not production's")
        ),
    )  # fmt: skip


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


def _has_word(folded: str, marker: str) -> bool:
    """Whether ``marker`` is a word of ``folded`` (a non-ASCII marker: anywhere in it)."""
    word = _word(marker)
    return word in folded if isinstance(word, str) else word.search(folded) is not None


@lru_cache(maxsize=1024)
def _word(marker: str) -> str | re.Pattern[str]:
    """How ``marker`` is found as a word: its folded text for a non-ASCII marker, else a
    pattern (compiled once per marker, not once per value)."""
    m = marker.casefold()
    if not m.isascii():
        return m
    return re.compile(rf"(?<![a-z0-9]){re.escape(m)}(?![a-z0-9])")


def other_environment(value: str, others: Sequence[str]) -> str | None:
    """The word of a channel's name that names another environment (non, staging)."""
    return _other_environment(value, tuple(others))


@lru_cache(maxsize=4096)
def _other_environment(value: str, others: tuple[str, ...]) -> str | None:
    folded = value.casefold()
    return next((m for m in others if _has_word(folded, m)), None)


def is_production(value: str, markers: Sequence[str], others: Sequence[str] = ()) -> bool:
    """Whether a channel's name names production: a marker as a word of it (#alerts-prod,
    prod-service, #本番アラート), not inside another word (#product-alerts), and no word
    naming another environment beside it (#alerts-non-prod, #alerts-pre-prod)."""
    return _is_production(value, tuple(markers), tuple(others))


@lru_cache(maxsize=4096)  # a function of strings: every environment and file asks again
def _is_production(value: str, markers: tuple[str, ...], others: tuple[str, ...]) -> bool:
    folded = value.casefold()
    if not any(_has_word(folded, m) for m in markers):
        return False
    return _other_environment(value, others) is None


def _production_channels(
    ctx: Context[AlertChannelsOptions],
    channels: dict[str, str],
    markers: list[str],
    others: list[str],
) -> Iterator[Violation]:
    """A non-production environment that alerts a production channel pages the wrong on-call."""
    for key, value in channels.items():
        if _kind(key) in ("slack", "pagerduty") and is_production(value, markers, others):
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
    # a team that names production with a word of the list (production_markers: [staging])
    # keeps it: its markers win
    own = {m.casefold() for m in markers}
    others = [o for o in ctx.options.other_environment_markers if o.casefold() not in own]
    if ctx.env is not None and not production:
        yield from _production_channels(ctx, channels, markers, others)
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
        elif kind in ("slack", "pagerduty") and production:
            other = other_environment(value, others)
            if other is not None:
                yield Violation(
                    path,
                    _(
                        "{env} alerts go to {key} {value}, which names another environment ({other} in its name): production's alarms would page nobody on production's call; expected production's own, e.g. {examples} ({guide})"
                    ).format(
                        guide=guide("6.1"),
                        env=ctx.env,
                        key=key,
                        value=repr(value),
                        other=repr(other),
                        examples=repr(_EXAMPLES[kind]),
                    ),
                )
            elif kind == "slack" and not is_production(value, markers, others):
                yield Violation(
                    path,
                    _(
                        "{env} alerts go to Slack channel {value}, which is not a production channel (no {either} in its name); expected e.g. '#alerts-prod' ({guide})"
                    ).format(
                        guide=guide("6.1"), env=ctx.env, value=repr(value), either=_either(markers)
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
                "name, and no word names another environment: `#alerts-non-prod`, "
                "`#alerts-pre-prod` are not production's); neither the Slack channel nor the "
                "PagerDuty service of production names another environment (`staging-service`); "
                "and a non-production environment alerts no production Slack channel or "
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
