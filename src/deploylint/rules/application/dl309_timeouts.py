"""DL309 timeouts: pool and cache waits end before the request itself times out."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._bounds import Bounds, within
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

API_TIMEOUT = ("config", "application", "api", "timeout")
POOL_TIMEOUT = ("config", "database", "pool_timeout")
POOL_RECYCLE = ("config", "database", "pool_recycle")
CACHE_TIMEOUT = ("config", "cache", "timeout")


class TimeoutsOptions(Options):
    api_timeout: Bounds | None = Field(
        default=None,
        description=N_(
            "Bounds a team sets on the api timeout in seconds ({min, max}; the guide starts "
            "from 60: off in the guide pack)"
        ),
    )


def check(ctx: Context[TimeoutsOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    if config is None:
        return
    api = config.application.api if config.application else None
    api_timeout = api.timeout if api else None
    if api_timeout is not None:
        yield from within(
            API_TIMEOUT, "api timeout", api_timeout, ctx.options.api_timeout, "60", "5.1", " s"
        )
    pool, cache = config.database, config.cache
    waits = (
        (_("database pool_timeout"), POOL_TIMEOUT, pool.pool_timeout if pool else None),
        (_("cache timeout"), CACHE_TIMEOUT, cache.timeout if cache else None),
    )
    # An api timeout of 0 disables it (gunicorn): then no wait outlives the request.
    if api_timeout is not None and api_timeout > 0:
        for name, path, wait in waits:
            if wait is not None and wait >= api_timeout:
                yield Violation(
                    path,
                    _(
                        "{name} {wait:g} s is not below the api timeout {api_timeout:g} s: the worker is killed before the wait can fail cleanly; expected a shorter wait ({guide})"
                    ).format(guide=guide("5.1"), name=name, wait=wait, api_timeout=api_timeout),
                    related=(RelatedPath(API_TIMEOUT, _("the api timeout is set here")),),
                )
    recycle = pool.pool_recycle if pool else None
    if recycle is not None and recycle <= 0:
        meaning = (
            _("never replaces a connection") if recycle < 0 else _("reconnects on every checkout")
        )
        yield Violation(
            POOL_RECYCLE,
            _(
                "database pool_recycle {recycle:g} {meaning}; expected seconds above 0, e.g. 1800 ({guide})"
            ).format(guide=guide("5.1"), recycle=recycle, meaning=meaning),
        )


RULE = Rule(
    id="DL309",
    name="timeouts",
    severity=Severity.WARNING,
    summary=N_("pool_timeout and cache timeout are below the api timeout; pool_recycle > 0."),
    options=TimeoutsOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks that `config.database.pool_timeout` and `config.cache.timeout` are shorter "
                "than `config.application.api.timeout` (skipped when the api timeout is 0, i.e. "
                "disabled), and that `config.database.pool_recycle` is above 0."
            )
        ),
        why=(
            N_(
                "If waiting for a pooled connection or a cache reply can last as long as the "
                "request, the server kills the worker first: the client sees a bare 502/504 and "
                "the log shows a worker timeout instead of the real cause. A pool that never "
                "recycles keeps connections that NAT, proxies or a failover have silently "
                "dropped; 0 reconnects on every checkout."
            )
        ),
        example=(
            "config:\n"
            "  application:\n"
            "    api: {timeout: 30}\n"
            "  database: {pool_timeout: 30, pool_recycle: -1}\n"
            "  cache: {timeout: 60}\n"
        ),
        use_instead=(
            "config:\n"
            "  application:\n"
            "    api: {timeout: 60}\n"
            "  database: {pool_timeout: 30, pool_recycle: 1800}\n"
            "  cache: {timeout: 5}\n"
        ),
        references=(
            "guide 5.1",
            "SQLAlchemy pool_timeout / pool_recycle: https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.create_engine",
            "gunicorn timeout: https://docs.gunicorn.org/en/stable/settings.html#timeout",
        ),
    ),
)
