"""DL305 cache-capacity: every task's cache pools together fit Redis maxclients."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint import facts
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guides
from deploylint.rules._capacity import max_tasks, workers
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

MAX_CONNECTIONS = ("config", "cache", "max_connections")


class CacheCapacityOptions(Options):
    pass


def check(ctx: Context[CacheCapacityOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    per_worker = config.cache.max_connections if config and config.cache else None
    if per_worker is None or per_worker < 1:
        return
    tasks, per_task = max_tasks(ctx), workers(ctx)
    if tasks is None or per_task is None:
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
                "The guide uses 100 x 4 x 10 = 4000."
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
