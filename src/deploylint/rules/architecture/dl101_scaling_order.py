"""DL101 scaling-order: min <= desired <= max, and no task count below zero."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._engines import environments
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

KEYS = ("min", "desired", "max")


def check(ctx: Context[Options]) -> Iterator[Violation]:
    for name, env, path in environments(ctx):
        scaling = env.scaling
        if scaling is None:
            continue
        base = (*path, "scaling")
        counts = {key: getattr(scaling, key) for key in KEYS}
        for key, value in counts.items():
            if value is not None and value < 0:
                yield Violation(
                    (*base, key),
                    _(
                        "{name} scaling.{key} is {value}; a task count is 0 or more ({guide})"
                    ).format(name=name, key=key, value=value, guide=guide("2.1")),
                )
        low, want, high = (v if v is not None and v >= 0 else None for v in counts.values())
        if low is not None and high is not None and low > high:
            yield Violation(
                (*base, "min"),
                _(
                    "{name} scaling.min {low} is greater than scaling.max {high}; Application Auto Scaling rejects it; expected min <= desired <= max ({guide})"
                ).format(name=name, low=low, high=high, guide=guide("2.1")),
                related=(
                    RelatedPath(
                        (*base, "max"), _("{name} scaling.max is set here").format(name=name)
                    ),
                ),
            )
            continue
        if want is None:
            continue
        if low is not None and want < low:
            yield Violation(
                (*base, "desired"),
                _(
                    "{name} scaling.desired {want} is below scaling.min {low}; auto scaling raises it at once, so the deployment does not run what it says; expected min <= desired <= max ({guide})"
                ).format(name=name, want=want, low=low, guide=guide("2.1")),
                related=(
                    RelatedPath(
                        (*base, "min"), _("{name} scaling.min is set here").format(name=name)
                    ),
                ),
            )
        elif high is not None and want > high:
            yield Violation(
                (*base, "desired"),
                _(
                    "{name} scaling.desired {want} is above scaling.max {high}; auto scaling cuts it back at once; expected min <= desired <= max ({guide})"
                ).format(name=name, want=want, high=high, guide=guide("2.1")),
                related=(
                    RelatedPath(
                        (*base, "max"), _("{name} scaling.max is set here").format(name=name)
                    ),
                ),
            )


RULE = Rule(
    id="DL101",
    name="scaling-order",
    severity=Severity.ERROR,
    summary=N_("Each environment's scaling has min <= desired <= max, all 0 or more."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `architecture.environments.<env>.scaling`: `min`, `desired` and `max` "
                "(ECS service task counts) are 0 or more and ordered min <= desired <= max. "
                "Values that are not set are not compared."
            )
        ),
        why=(
            N_(
                "Application Auto Scaling refuses a scalable target whose min exceeds its max, "
                "so the deployment fails half-way. A desired count outside [min, max] is moved "
                "back inside at the first scaling activity: the config no longer says how many "
                "tasks run."
            )
        ),
        example=(
            "architecture:\n  environments:\n    production:\n"
            "      scaling: {min: 3, max: 10, desired: 12}\n"
        ),
        use_instead=(
            "architecture:\n  environments:\n    production:\n"
            "      scaling: {min: 3, max: 10, desired: 5}\n"
        ),
        references=(
            "guide 2.1",
            "Application Auto Scaling RegisterScalableTarget: https://docs.aws.amazon.com/"
            "autoscaling/application/APIReference/API_RegisterScalableTarget.html",
        ),
    ),
)
