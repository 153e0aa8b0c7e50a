"""DL102 scaling-baseline: each environment's min and max task counts follow the policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import FixIntent, Safety, SetValue
from deploylint.rules._engines import environments
from deploylint.rules._presence import lacks, missing_part
from deploylint.rules.rule import Context, Docs, Options, PerEnv, Rule, Violation, for_env


class ScalingBaselineOptions(Options):
    min_tasks: PerEnv[int] = Field(
        description=N_("Lowest scaling.min allowed, per environment (name -> count, or default)")
    )
    max_tasks: PerEnv[int] = Field(
        description=N_("Highest scaling.max allowed, per environment (name -> count, or default)")
    )


def _bound(path: Path, scaling: Any, limit: int, raise_to: bool) -> FixIntent:
    """min (or max) set to the policy's number, and desired and the other bound moved with
    it so that min <= desired <= max still holds."""
    changes = []
    for key in ("min", "desired", "max"):
        value = getattr(scaling, key)
        if value is None:
            continue
        if (raise_to and value < limit) or (not raise_to and value > limit):
            changes.append(SetValue((*path, "scaling", key), limit))
    what = (
        _("raise scaling to the policy's {count} tasks")
        if raise_to
        else _("lower scaling to the policy's {count} tasks")
    )
    return FixIntent(what.format(count=limit), Safety.UNSAFE, tuple(changes))


def _missing(
    ctx: Context[ScalingBaselineOptions],
    name: str,
    path: Path,
    floor: int | None,
    ceiling: int | None,
) -> Iterator[Violation]:
    """A bound the policy sets that the environment does not declare (no ``scaling``, or no
    ``min``/``max`` in it): the task count it stands for is unknown, so unchecked."""
    for key, limit, expected in (("min", floor, ">="), ("max", ceiling, "<=")):
        if limit is None or not lacks(ctx, (*path, "scaling", key)):
            continue
        yield missing_part(
            ctx.effective,
            (*path, "scaling", key),  # missing: at `scaling:` or the environment's key
            _(
                "{name} declares no scaling.{key}; the policy requires {key} {expected} {limit} tasks for {name} ({guide})"
            ).format(name=name, key=key, expected=expected, limit=limit, guide=guide("2.1")),
        )


def check(ctx: Context[ScalingBaselineOptions]) -> Iterator[Violation]:
    for name, env, path in environments(ctx):
        floor = for_env(ctx.options.min_tasks, name)
        ceiling = for_env(ctx.options.max_tasks, name)
        yield from _missing(ctx, name, path, floor, ceiling)
        scaling = env.scaling
        if scaling is None:
            continue
        low, high = scaling.min, scaling.max
        if floor is not None and low is not None and low < floor:
            yield Violation(
                (*path, "scaling", "min"),
                _(
                    "{name} scaling.min {low} is below the {floor} tasks the policy requires for {name}: losing a task or an availability zone leaves too few to serve; expected min >= {floor} ({guide})"
                ).format(name=name, low=low, floor=floor, guide=guide("2.1")),
                fix=_bound(path, scaling, floor, raise_to=True),
            )
        if ceiling is not None and high is not None and high > ceiling:
            yield Violation(
                (*path, "scaling", "max"),
                _(
                    "{name} scaling.max {high} is above the {ceiling} tasks the policy allows for {name}: a traffic spike or a scaling loop multiplies cost and database connections; expected max <= {ceiling} ({guide})"
                ).format(name=name, high=high, ceiling=ceiling, guide=guide("2.1")),
                fix=_bound(path, scaling, ceiling, raise_to=False),
            )


RULE = Rule(
    id="DL102",
    name="scaling-baseline",
    severity=Severity.ERROR,
    summary=N_("Scaling min and max stay within the policy's numbers per environment."),
    options=ScalingBaselineOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Compares each environment's `scaling.min` with the policy's minimum and "
                "`scaling.max` with its maximum (guide: production min 3, max 10; staging min 2, "
                "max 5). An environment the policy does not name uses its `default` entry, or "
                "is not checked. A bound the policy sets that an environment the set declares "
                "does not (no `scaling`, or no `min` or `max` in it) is reported missing, at "
                "the nearest key present."
            )
        ),
        why=(
            N_(
                "Too few tasks cannot absorb a failed task or AZ, and production goes down with "
                "the first deployment or host failure. An unbounded max lets a traffic spike or "
                "a scaling loop multiply cost and exhaust the database's connections "
                "(see DL304)."
            )
        ),
        example=(
            "architecture:\n  environments:\n    production:\n"
            "      scaling: {min: 1, max: 50, desired: 2}\n"
        ),
        use_instead=(
            "architecture:\n  environments:\n    production:\n"
            "      scaling: {min: 3, max: 10, desired: 5}\n"
        ),
        references=(
            "guide 2.1",
            "ECS service auto scaling: https://docs.aws.amazon.com/AmazonECS/latest/"
            "developerguide/service-auto-scaling.html",
        ),
    ),
)
