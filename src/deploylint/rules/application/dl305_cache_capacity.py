"""DL305 cache-capacity: every task's cache pools together fit Redis maxclients."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint import facts
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, guides
from deploylint.rules._capacity import max_tasks, workers, workers_not_checked
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

MAX_CONNECTIONS = ("config", "cache", "max_connections")
RETRY = ("config", "cache", "retry_on_timeout")


class CacheCapacityOptions(Options):
    retry_on_timeout: bool | None = Field(
        default=None,
        description=N_(
            "The value config.cache.retry_on_timeout must have (guide: true); unset: any"
        ),
    )


def check(ctx: Context[CacheCapacityOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    wanted = ctx.options.retry_on_timeout
    cache = config.cache if config is not None else None
    if (
        wanted is not None
        and cache is not None
        and not (
            cache.retry_on_timeout is None and ctx.written(RETRY)  # rejected: DL002's finding
        )
    ):
        value = cache.retry_on_timeout
        if value is not None and value is not wanted:
            yield Violation(
                RETRY,
                _(
                    "config.cache.retry_on_timeout is {lower}; the policy wants {lower2}: a command that timed out once is retried instead of failing the request ({guide})"
                ).format(guide=guide("5.1"), lower=str(value).lower(), lower2=str(wanted).lower()),
            )
    per_worker = config.cache.max_connections if config and config.cache else None
    if per_worker is None or per_worker < 1:
        return
    tasks, per_task = max_tasks(ctx), workers(ctx)
    if tasks is None:
        return  # no scaling.max: nothing to multiply
    if per_task is None:  # DL303 rejects the workers
        yield workers_not_checked(ctx, _("the cache connections"))
        return
    total = per_worker * per_task.value * tasks.value
    limit = facts.REDIS_MAXCLIENTS
    if total > limit:
        yield Violation(
            MAX_CONNECTIONS,
            _(
                "cache pools can open {per_worker} x {label} x {label2} = {total} connections, {value} more than ElastiCache Redis maxclients {limit}; lower max_connections, workers or scaling.max ({guides})"
            ).format(
                guides=guides("5.1", "2.1"),
                per_worker=per_worker,
                label=per_task.label,
                label2=tasks.label,
                total=total,
                value=total - limit,
                limit=limit,
            ),
            related=(*tasks.related, *per_task.related),
        )


RULE = Rule(
    id="DL305",
    name="cache-capacity",
    severity=Severity.WARNING,
    summary=N_("Cache max_connections x workers x scaling.max fits Redis maxclients (65000)."),
    options=CacheCapacityOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Multiplies `config.cache.max_connections` (the redis-py pool of one worker) by "
                "the API workers per task and the environment's `scaling.max`, and compares the "
                "result with ElastiCache's `maxclients`, 65000 per node and not modifiable. "
                "The guide uses 100 x 4 x 10 = 4000. With the policy's `retry_on_timeout` "
                "(guide: true), a different value is an error; a cache block without the key "
                "is not reported (the Redis client's default is off: write it)."
            )
        ),
        why=(
            N_(
                "At peak scale the node refuses new clients (`ERR max number of clients "
                "reached`): cache calls fail or fall through to the database just when it is "
                "busiest. The limit cannot be raised, only the pools lowered."
            )
        ),
        example=(
            "architecture:\n"
            "  environments:\n"
            "    production: {scaling: {max: 10}}\n"
            "config:\n"
            "  application:\n"
            "    api: {workers: 5}\n"
            "  cache: {max_connections: 2000}\n"
        ),
        use_instead=(
            "architecture:\n"
            "  environments:\n"
            "    production: {scaling: {max: 10}}\n"
            "config:\n"
            "  application:\n"
            "    api: {workers: 5}\n"
            "  cache: {max_connections: 100}\n"
        ),
        references=(
            "guide 5.1, 2.1",
            "ElastiCache maxclients: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/RedisConfiguration.html",
        ),
    ),
)
