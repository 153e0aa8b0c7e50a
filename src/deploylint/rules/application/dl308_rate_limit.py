"""DL308 rate-limit: production limits each client's request rate."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._presence import lacks, missing_part
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

RATE_LIMIT: Path = ("config", "security", "rate_limit")


class RateLimitOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments that must declare a rate limit")
    )


def check(ctx: Context[RateLimitOptions]) -> Iterator[Violation]:
    if ctx.env not in ctx.options.production_environments:
        return
    config = ctx.config.config
    security = config.security if config else None
    limit = security.rate_limit if security else None
    if limit is None:
        if not lacks(ctx, RATE_LIMIT):
            return  # no `config` section declared at all: nothing to judge
        yield missing_part(
            ctx.effective,
            RATE_LIMIT,
            _(
                "production has no config.security.rate_limit; expected requests and period, e.g. 1000 requests per 3600 seconds ({guide})"
            ).format(guide=guide("5.1")),
        )
        return
    for key, value, unit in (("requests", limit.requests, ""), ("period", limit.period, " s")):
        if value is None or value <= 0:
            found = (
                _("is missing")
                if value is None
                else _("is {value:g}{unit}").format(value=value, unit=unit)
            )
            yield Violation(
                (*RATE_LIMIT, key),
                _(
                    "rate_limit {key} {found} in production; expected a value above 0, e.g. 1000 requests per 3600 seconds ({guide})"
                ).format(guide=guide("5.1"), key=key, found=found),
            )


RULE = Rule(
    id="DL308",
    name="rate-limit",
    severity=Severity.ERROR,
    summary=N_("Production has a rate limit with requests > 0 and period > 0."),
    options=RateLimitOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "In production environments, checks that `config.security.rate_limit` exists "
                "(when the `config` section is declared: without `security` or `rate_limit` it is "
                "missing, reported at the nearest key present) with `requests` and `period` both "
                "above 0."
            )
        ),
        why=(
            N_(
                "Without a rate limit one scraper, a retry storm or a credential-stuffing run "
                "takes every worker and database connection, and the API goes down for everyone. "
                "A limit of 0 requests or a period of 0 either blocks every call or disables the "
                "limit, depending on the middleware."
            )
        ),
        example=(
            "environment: production\n"
            "config:\n"
            "  security:\n"
            "    rate_limit:\n"
            "      requests: 0\n"
            "      period: 3600\n"
        ),
        use_instead=(
            "environment: production\n"
            "config:\n"
            "  security:\n"
            "    rate_limit:\n"
            "      requests: 1000\n"
            "      period: 3600\n"
        ),
        references=(
            "guide 5.1",
            "OWASP API4:2023 Unrestricted Resource Consumption: https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/",
        ),
    ),
)
