"""DL302 analytics-id: the frontend's Google Analytics id is a live GA4 id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

PATH = ("config", "application", "frontend", "analytics_id")

# Universal Analytics stopped processing data on 2023-07-01 (360 properties 2024-07-01).
# Source: https://support.google.com/analytics/answer/9355666 (aws-facts.md §13).
UA_SHUTDOWN = "2023-07-01"
# A placeholder is all X after the prefix (UA-XXXXXXXXX-X, G-XXXXXXXXXX); a real id may
# contain XXX (G-AB1XXX9CD2): GA4 ids are random letters and digits.
_PLACEHOLDER = re.compile(r"X+(?:-X+)*", re.IGNORECASE)


class AnalyticsIdOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments where a placeholder id (UA-XXXXXXXXX-X) is an error")
    )


def is_placeholder(analytics_id: str) -> bool:
    """``UA-XXXXXXXXX-X`` and ``G-XXXXXXXXXX`` are placeholders; ``G-PSW1MY7HB4`` is not."""
    body = analytics_id.strip().split("-", 1)[-1]
    return _PLACEHOLDER.fullmatch(body) is not None


def check(ctx: Context[AnalyticsIdOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    app = config.application if config else None
    analytics_id = app.frontend.analytics_id if app and app.frontend else None
    if analytics_id is None:
        return
    if analytics_id.strip().upper().startswith("UA-"):
        yield Violation(
            PATH,
            _(
                "analytics_id {value} is a Universal Analytics id, which stopped collecting "
                "data on {date}; use a GA4 measurement id (G-...) ({guide})"
            ).format(value=repr(analytics_id), date=UA_SHUTDOWN, guide=guide("5.1")),
        )
    if ctx.env in ctx.options.production_environments and is_placeholder(analytics_id):
        yield Violation(
            PATH,
            _(
                "analytics_id {value} is a placeholder in production; expected the "
                "property's real measurement id, e.g. G-PSW1MY7HB4 ({guide})"
            ).format(value=repr(analytics_id), guide=guide("5.1")),
            Severity.ERROR,
        )


RULE = Rule(
    id="DL302",
    name="analytics-id",
    severity=Severity.WARNING,
    summary=N_("The analytics id is a GA4 measurement id, not a dead UA id or a placeholder."),
    options=AnalyticsIdOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Warns on a `UA-` (Universal Analytics) id in "
                "`config.application.frontend.analytics_id`; reports a placeholder id (only `X`s "
                "after the prefix, as in the guide's `UA-XXXXXXXXX-X` or `G-XXXXXXXXXX`; a real "
                "id may contain `XXX`) in a production environment as an error."
            )
        ),
        why=(
            N_(
                "Universal Analytics stopped processing data on 1 July 2023: a `UA-` id loads the "
                "tag and records nothing, so you find out months later that there are no numbers. "
                "A placeholder id in production means the same, silently."
            )
        ),
        example=("config:\n  application:\n    frontend:\n      analytics_id: UA-XXXXXXXXX-X\n"),
        use_instead="config:\n  application:\n    frontend:\n      analytics_id: G-PSW1MY7HB4\n",
        references=(
            "guide 5.1",
            "UA sunset: https://support.google.com/analytics/answer/9355666",
            "GA4 measurement id: https://support.google.com/analytics/answer/12270356",
        ),
    ),
)
