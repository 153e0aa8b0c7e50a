"""DL304 db-pool-capacity: every task's pools together fit the database's max_connections."""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import Field

from deploylint import facts
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, guides
from deploylint.rules._capacity import max_tasks, workers, workers_not_checked
from deploylint.rules.architecture.dl107_instance_class import rejected
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

POOL = ("config", "database")
INSTANCE = ("architecture", "components", "database", "instance_type")
# SQLAlchemy QueuePool defaults (aws-facts.md §11): pool_size 5, max_overflow 10.
DEFAULT_POOL_SIZE = 5
DEFAULT_MAX_OVERFLOW = 10


class DbPoolCapacityOptions(Options):
    max_usage_ratio: float = Field(
        default=0.9,
        gt=0,
        le=1,
        description=(
            N_(
                "Share of max_connections the application's pools may take; the default 0.9 "
                "keeps headroom, since the figure is an upper bound (the instance's memory is "
                "below the nominal GiB, and RDS reserves superuser slots); 0.8 leaves 20% for "
                "migrations, admin sessions and monitoring"
            )
        ),
    )


def check(ctx: Context[DbPoolCapacityOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    pool = config.database if config else None
    arch = ctx.config.architecture
    db = arch.components.database if arch and arch.components else None
    if pool is None or db is None or db.instance_type is None:
        return
    if db.engine is not None and "postgres" not in db.engine.lower():
        return  # the max_connections formula below is RDS for PostgreSQL's
    cls = db.instance_type.strip()
    tasks, per_task = max_tasks(ctx), workers(ctx)
    if tasks is None:
        return  # no scaling.max: nothing to multiply
    if per_task is None:  # DL303 rejects the workers
        yield workers_not_checked(ctx, _("the database pools' connections"))
        return
    if rejected("database", cls, db.engine):  # DL107's finding (db.c5.large is no RDS class)
        yield Violation(
            INSTANCE,
            _(
                "not checked: database instance_type {cls} is not an RDS class (see DL107), so the pools' connections are not compared with its max_connections ({guide})"
            ).format(guide=guide("5.1"), cls=repr(cls)),
            Severity.INFO,
            covered_by=("DL107",),
        )
        return
    limit = facts.rds_max_connections(cls.lower())
    estimate = ""
    if limit is None:  # principle 1: derive what the name gives, else say it is unchecked
        gib = facts.estimated_memory_gib(cls.lower())
        if gib is None:
            yield Violation(
                INSTANCE,
                _(
                    "not checked: unknown class {cls}; deploylint cannot tell its default max_connections (facts as of {facts_date}), so the pools' connections are not compared with it ({guide})"
                ).format(guide=guide("5.1"), cls=repr(cls), facts_date=facts.FACTS_DATE),
                Severity.INFO,
            )
            return
        limit = facts.max_connections_for(gib)
        estimate = _(
            " (an estimate: {cls} is not in deploylint's table; its name gives {gib:g} GiB)"
        ).format(cls=cls, gib=gib)

    # An upper bound: DBInstanceClassMemory is below the nominal GiB (the OS and RDS take
    # their share) and superuser_reserved_connections are kept back: "about".
    instance = f"{cls}'s default max_connections of about {limit}{estimate}"
    instance_set = RelatedPath(INSTANCE, _("the database instance_type is set here"))
    if pool.pool_size == 0 or pool.max_overflow == -1:
        key = "pool_size" if pool.pool_size == 0 else "max_overflow"
        value = 0 if key == "pool_size" else -1
        yield Violation(
            (*POOL, key),
            _(
                "database {key} {value} makes each worker's pool unlimited, so {value2} tasks can exceed {instance}; set a bounded pool ({guide})"
            ).format(
                guide=guide("5.1"), key=key, value=value, value2=tasks.value, instance=instance
            ),
            related=(instance_set,),
        )
        return
    size = DEFAULT_POOL_SIZE if pool.pool_size is None else pool.pool_size
    overflow = DEFAULT_MAX_OVERFLOW if pool.max_overflow is None else pool.max_overflow
    total = (size + overflow) * per_task.value * tasks.value
    allowed = math.floor(limit * ctx.options.max_usage_ratio)
    if total <= allowed:
        return
    path = (*POOL, "pool_size") if ctx.has((*POOL, "pool_size")) else POOL
    spare = limit - total
    if allowed < limit:
        budget = _("{allowed} ({ratio:.0%} of {instance})").format(
            allowed=allowed, ratio=ctx.options.max_usage_ratio, instance=instance
        )
        verdict = (
            _("it fits max_connections with only {spare} to spare").format(spare=spare)
            if spare >= 0
            else _("{count} more than max_connections itself").format(count=-spare)
        )
        over = _("{count} more than the budget {budget}; {verdict}").format(
            count=total - allowed, budget=budget, verdict=verdict
        )
    else:
        over = _("{count} more than {instance}").format(count=total - limit, instance=instance)
    yield Violation(
        path,
        _(
            "database pools can open ({size} + {overflow}) x {label} x {label2} = {total} connections, {over}; lower pool_size/max_overflow, workers or scaling.max, or use a larger instance class ({guides})"
        ).format(
            guides=guides("5.1", "2.1"),
            size=size,
            overflow=overflow,
            label=per_task.label,
            label2=tasks.label,
            total=total,
            over=over,
        ),
        related=(*tasks.related, *per_task.related, instance_set),
    )


RULE = Rule(
    id="DL304",
    name="db-pool-capacity",
    severity=Severity.ERROR,
    summary=N_("(pool_size + max_overflow) x workers x scaling.max fits RDS max_connections."),
    options=DbPoolCapacityOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Multiplies the SQLAlchemy pool of one worker (`config.database.pool_size + "
                "max_overflow`) by the API workers per task and by the environment's "
                "`scaling.max` tasks, and compares the result with the default `max_connections` "
                "of the RDS for PostgreSQL instance class, LEAST(DBInstanceClassMemory/9531392, "
                "5000) (1802 for db.r5.large). The guide fits: 30 x 4 x 10 = 1200. A class not "
                "in deploylint's table is estimated from its name (family letter r, m, c or t "
                "and size give the memory: db.r8g.large is 16 GiB) and the finding says so; "
                "otherwise an info finding says the pools were not checked, as it does for a "
                "class DL107 rejects or workers DL303 rejects."
            )
        ),
        why=(
            N_(
                "Every worker process keeps its own pool. When autoscaling reaches its maximum — "
                "exactly when traffic peaks — new connections fail with `FATAL: remaining "
                "connection slots are reserved` or `too many clients`, and the API returns 500s "
                "while the tasks look healthy. An unlimited pool (`max_overflow: -1`) has no "
                "bound at all."
            )
        ),
        example=(
            "architecture:\n"
            "  environments:\n"
            "    production: {scaling: {min: 3, max: 10, desired: 5}}\n"
            "  components:\n"
            "    database: {engine: PostgreSQL, instance_type: db.t3.medium}\n"
            "config:\n"
            "  application:\n"
            "    api: {workers: 4}\n"
            "  database: {pool_size: 20, max_overflow: 10}\n"
        ),
        use_instead=(
            "architecture:\n"
            "  environments:\n"
            "    production: {scaling: {min: 3, max: 10, desired: 5}}\n"
            "  components:\n"
            "    database: {engine: PostgreSQL, instance_type: db.r5.large}\n"
            "config:\n"
            "  application:\n"
            "    api: {workers: 4}\n"
            "  database: {pool_size: 20, max_overflow: 10}\n"
        ),
        references=(
            "guide 5.1, 2.1",
            "RDS max_connections: https://docs.aws.amazon.com/prescriptive-guidance/latest/tuning-postgresql-parameters/max-connections.html",
            "SQLAlchemy pooling: https://docs.sqlalchemy.org/en/20/core/pooling.html",
        ),
    ),
)
