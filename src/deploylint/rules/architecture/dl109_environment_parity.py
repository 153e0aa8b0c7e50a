"""DL109 environment-parity: other environments run production's engines and majors."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.effective import Effective
from deploylint.model.sections import Components
from deploylint.rules._engines import (
    COMPONENTS,
    engine_uses,
    larger,
    larger_estimated,
    major,
)
from deploylint.rules.architecture.dl107_instance_class import rejected
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


class EnvironmentParityOptions(Options):
    production: str = Field(
        description=N_("The environment the others are compared with (guide: production)")
    )


def _components(eff: Effective) -> Components | None:
    arch = eff.model.architecture
    return arch.components if arch else None


def _engines(env: str, mine: Components, theirs: Components, name: str) -> Iterator[Violation]:
    reference = {use.component: use for use in engine_uses(theirs)}
    for use in engine_uses(mine):
        other = reference.get(use.component)
        if other is None:
            continue
        if use.explicit and other.explicit and use.key != other.key:
            engine = getattr(mine, use.component).engine
            there = getattr(theirs, use.component).engine
            yield Violation(
                use.engine_path,
                _(
                    "{component} engine {engine} here but {there} in {name}; a test environment on another engine tests something else; expected {there} ({guide})"
                ).format(
                    component=use.component,
                    engine=engine,
                    there=there,
                    name=name,
                    guide=guide("2.1"),
                ),
                related=(
                    RelatedPath(
                        other.engine_path,
                        _("{name}'s {component} engine is set here").format(
                            name=name, component=use.component
                        ),
                        env=name,
                    ),
                ),
                env=env,
            )
            continue
        if use.version is None or other.version is None:
            continue
        a, b = major(use.version), major(other.version)
        if a is None or b is None or a == b:
            continue
        if a < b:
            why = _("behind production it hides the upgrade's bugs until they reach production")
        else:
            why = _(
                "if this rehearses an upgrade, suppress this finding with a reason and an "
                "until date"
            )
        yield Violation(
            use.version_path,
            _(
                "{component} version {version} (major {a}) differs from {name}'s {version2} (major {b}); {why}; expected major {b} ({guide})"
            ).format(
                component=use.component,
                version=repr(use.version),
                a=a,
                name=name,
                version2=repr(other.version),
                b=b,
                why=why,
                guide=guide("2.1"),
            ),
            related=(
                RelatedPath(
                    other.version_path,
                    _("{name}'s {component} version is set here").format(
                        name=name, component=use.component
                    ),
                    env=name,
                ),
            ),
            env=env,
        )


def _sizes(env: str, mine: Components, theirs: Components, name: str) -> Iterator[Violation]:
    for component in ("database", "cache", "search"):
        a, b = getattr(mine, component), getattr(theirs, component)
        if a is None or b is None or a.instance_type is None or b.instance_type is None:
            continue
        path: Path = (*COMPONENTS, component, "instance_type")
        mine_cls, their_cls = a.instance_type.strip().lower(), b.instance_type.strip().lower()
        bigger, estimate = larger(mine_cls, their_cls), ""
        if bigger is None:  # principle 1: estimate from the names, else say it is unchecked
            bad = [
                c.instance_type
                for c in (a, b)
                if c.instance_type is not None
                and rejected(component, c.instance_type.strip().lower(), c.engine)
            ]
            if bad:  # DL107's finding: the sizes cannot be compared, said so
                yield Violation(
                    path,
                    _(
                        "not checked: {component} instance_type {unknown} is not a class of its service (see DL107), so {instance_type} is not compared with {name}'s {instance_type2} ({guide})"
                    ).format(
                        component=component,
                        unknown=repr(bad[0]),
                        instance_type=a.instance_type,
                        name=name,
                        instance_type2=b.instance_type,
                        guide=guide("2.1"),
                    ),
                    Severity.INFO,
                    env=env,
                    covered_by=("DL107",),
                )
                continue
            bigger = larger_estimated(mine_cls, their_cls)
            estimate = _(" (an estimate from the class names: one is not in deploylint's table)")
            if bigger is None:
                unknown = next(
                    c
                    for c in (a.instance_type, b.instance_type)
                    if facts.instance_memory_gib(c.strip().lower()) is None
                )
                yield Violation(
                    path,
                    _(
                        "not checked: unknown class {unknown}; deploylint cannot compare {component} instance_type {instance_type} with {name}'s {instance_type2} (facts as of {instance_facts_date}) ({guide})"
                    ).format(
                        unknown=repr(unknown),
                        component=component,
                        instance_type=a.instance_type,
                        name=name,
                        instance_type2=b.instance_type,
                        instance_facts_date=facts.INSTANCE_FACTS_DATE,
                        guide=guide("2.1"),
                    ),
                    Severity.INFO,
                    related=(
                        RelatedPath(
                            path,
                            _("{name}'s {component} instance_type is set here").format(
                                name=name, component=component
                            ),
                            env=name,
                        ),
                    ),
                    env=env,
                )
                continue
        if bigger:
            yield Violation(
                path,
                _(
                    "{component} instance_type {instance_type} is larger than {name}'s {instance_type2}{estimate}; a test environment larger than production hides capacity problems and costs more; expected at most {instance_type2} ({guide})"
                ).format(
                    component=component,
                    instance_type=a.instance_type,
                    name=name,
                    instance_type2=b.instance_type,
                    estimate=estimate,
                    guide=guide("2.1"),
                ),
                related=(
                    RelatedPath(
                        path,
                        _("{name}'s {component} instance_type is set here").format(
                            name=name, component=component
                        ),
                        env=name,
                    ),
                ),
                env=env,
            )
    counts: list[tuple[str, str, int | None, int | None]] = []
    if mine.compute and theirs.compute:
        counts += [
            ("compute", "cpu", mine.compute.cpu, theirs.compute.cpu),
            ("compute", "memory", mine.compute.memory, theirs.compute.memory),
        ]
    if mine.search and theirs.search:
        counts.append(
            ("search", "instance_count", mine.search.instance_count, theirs.search.instance_count)
        )
    for component, key, here, there in counts:
        if here is not None and there is not None and here > there:
            path = (*COMPONENTS, component, key)
            yield Violation(
                path,
                _(
                    "{component} {key} {here} is larger than {name}'s {there}; a test environment larger than production hides capacity problems; expected at most {there} ({guide})"
                ).format(
                    component=component,
                    key=key,
                    here=here,
                    name=name,
                    there=there,
                    guide=guide("2.1"),
                ),
                related=(
                    RelatedPath(
                        path,
                        _("{name}'s {component} {key} is set here").format(
                            name=name, component=component, key=key
                        ),
                        env=name,
                    ),
                ),
                env=env,
            )


def check(ctx: Context[EnvironmentParityOptions]) -> Iterator[Violation]:
    """Runs once (scope "all"): every other environment against production."""
    name = ctx.options.production
    prod = ctx.environments.get(name)
    theirs = _components(prod) if prod is not None else None
    if theirs is None:
        return
    for env, eff in ctx.environments.items():
        if env is None or env == name:
            continue
        mine = _components(eff)
        if mine is None:
            continue
        yield from _engines(env, mine, theirs, name)
        yield from _sizes(env, mine, theirs, name)


RULE = Rule(
    id="DL109",
    name="environment-parity",
    severity=Severity.WARNING,
    summary=N_("Staging runs production's engines and major versions and is not larger."),
    options=EnvironmentParityOptions,
    check=check,
    scope="all",
    docs=Docs(
        what=(
            N_(
                "Compares every environment's `architecture.components` with the production "
                "environment's (the `production` option): the database, cache and search "
                "engines and their major versions must be the same, and the database, cache "
                "and search instance classes, compute cpu/memory and search instance_count no "
                "larger. Reported on the non-production side, naming production's value and "
                "where it is set. Components shared by every environment never differ: this "
                "fires when an environment-scoped file overrides one. A class not in deploylint's "
                "table is compared by the memory its name gives (family letter r, m, c or t and "
                "size) and the finding says it is an estimate; when the names give nothing, or "
                "DL107 rejects a class, an info finding says the sizes were not checked."
            )
        ),
        why=(
            N_(
                "Staging exists to catch what would break production. On PostgreSQL 14 beside "
                "production's 15, or on another engine, it passes tests production fails; "
                "larger than production, it hides capacity problems and costs more."
            )
        ),
        example=(
            "# staging/arch.yaml\nenvironment: staging\nextends: ../base.yaml\n"
            "architecture:\n  components:\n"
            "    database: {engine: PostgreSQL, version: '14.10'}  # production: '15.17'\n"
        ),
        use_instead=(
            "# staging/arch.yaml\nenvironment: staging\nextends: ../base.yaml\n"
            "architecture:\n  components:\n"
            "    database: {engine: PostgreSQL, version: '15.17'}\n"
        ),
        references=(
            "guide 2.1",
            "RDS PostgreSQL major version upgrades: https://docs.aws.amazon.com/AmazonRDS/"
            "latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.html",
        ),
    ),
)
