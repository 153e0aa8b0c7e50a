"""DL502 step-order: backups before migrations; every update followed by a health check."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._steps import (
    Item,
    label,
    matching,
    move_to_pre_deployment,
    sequence,
    uncovered_late_backups,
)
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


class StepOrderOptions(Options):
    backups: list[str] = Field(description=N_("Vocabulary concepts that are backups"))
    migrations: list[str] = Field(description=N_("Vocabulary concepts that change the database"))
    updates: list[str] = Field(
        description=N_("Vocabulary concepts that change infrastructure or the running application")
    )
    health_check: str = Field(
        description=N_("Vocabulary concept that must follow each update, in its step or the next")
    )


def check(ctx: Context[StepOrderOptions]) -> Iterator[Violation]:
    if ctx.config.deployment is None:
        return
    opts = ctx.options
    items = sequence(ctx)
    first, uncovered = uncovered_late_backups(ctx, opts.migrations, opts.backups)
    if first is not None:
        late: dict[int, list[Item]] = {}
        for backup in uncovered:
            late.setdefault(backup.step, []).append(backup)
        for group in late.values():
            yield _late(ctx, opts, group, first)
    health_checks = matching(ctx, (opts.health_check,), items)
    for update in matching(ctx, opts.updates, items):
        if not any(_follows(hc, update) for hc in health_checks):
            yield Violation(
                update.path,
                _(
                    "{text} is not followed by a {label} in its step or the next one; add one after it so a failed update stops the deployment ({guide})"
                ).format(
                    guide=guide("4.1"), text=repr(update.text), label=label(opts.health_check)
                ),
            )


def _late(
    ctx: Context[StepOrderOptions], opts: StepOrderOptions, group: list[Item], first: Item
) -> Violation:
    """One finding per step holding backups after the migration: at the step's name when
    every backup of the step is late, else at the one late action."""
    what = ", ".join(
        sorted({label(c) for i in group for c in ctx.policy.concepts(i.text) if c in opts.backups})
    )
    one = group[0]
    if len(group) == 1:
        return Violation(
            one.path,
            _(
                "backup {text} ({what}) comes after the migration {shown}: it cannot restore the data as it was before the migration; move it to pre_deployment, before any migration ({guide})"
            ).format(guide=guide("4.1"), text=repr(one.text), what=what, shown=first.shown),
            related=(RelatedPath(first.path, _("the migration is here")),),
            fix=move_to_pre_deployment(ctx, one, whole_step=_all_backups(ctx, opts, one)),
        )
    step_path = (*one.path[:4], "name")
    names = ", ".join(repr(i.text) for i in group)
    return Violation(
        step_path,
        _(
            "step with backups {names} ({what}) comes after the migration {shown}: they cannot restore the data as it was before the migration; move the step to pre_deployment, before any migration ({guide})"
        ).format(guide=guide("4.1"), names=names, what=what, shown=first.shown),
        related=(RelatedPath(first.path, _("the migration is here")),),
        fix=move_to_pre_deployment(ctx, one, whole_step=_all_backups(ctx, opts, one)),
    )


def _all_backups(ctx: Context[StepOrderOptions], opts: StepOrderOptions, one: Item) -> bool:
    """Whether every action of ``one``'s step is a backup (the step moves whole)."""
    process = ctx.config.deployment
    section = getattr(process, one.phase, None) if process else None
    steps = section.steps if section else None
    if not steps:
        return False
    wanted = set(opts.backups)
    return all(wanted & ctx.policy.concepts(a) for a in steps[one.step_index].actions)


def _follows(hc: Item, update: Item) -> bool:
    """Whether health check ``hc`` comes after ``update`` in its step, or is in the next step."""
    if hc.step == update.step:
        return update.action is None or (hc.action is not None and hc.order > update.order)
    return hc.step == update.step + 1


RULE = Rule(
    id="DL502",
    name="step-order",
    severity=Severity.ERROR,
    summary=N_(
        "Backups precede migrations; each infra and app update is followed by a health check."
    ),
    options=StepOrderOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Reads the deployment process as one sequence (pre_deployment, deployment, "
                "post_deployment; steps and actions in order) and reports a backup that comes "
                "after the first database migration when no backup of that kind (database "
                "snapshot, config, data) comes before it — an extra snapshot after the migration, "
                "while the pre-deployment one exists, is good practice — and an infrastructure "
                "or application update "
                "(Terraform, ECS service update) with no health check later in the same step or "
                "in the next step. A step whose backups all come after the migration is one "
                "finding, at the step's name. Names are matched through the policy vocabulary; "
                "checking or reviewing a migration (`Check pending migrations`, `マイグレーション"
                "SQLのレビュー`) does not run it."
            )
        ),
        why=(
            N_(
                "A snapshot taken after a migration cannot undo it. An update that is not "
                "followed by a health check lets the next step — a migration, the next "
                "region — run on top of a failed release, and turns a quick rollback into an "
                "incident."
            )
        ),
        example=(
            "deployment:\n"
            "  deployment:\n"
            "    steps:\n"
            "      - name: アプリケーション更新\n"
            "        actions: [ECSサービスの更新]\n"
            "      - name: データベース更新\n"
            "        actions: [マイグレーションの実行, データベースのスナップショット作成]\n"
        ),
        use_instead=(
            "deployment:\n"
            "  pre_deployment:\n"
            "    steps:\n"
            "      - name: バックアップの作成\n"
            "        actions: [データベースのスナップショット作成]\n"
            "  deployment:\n"
            "    steps:\n"
            "      - name: アプリケーション更新\n"
            "        actions: [ECSサービスの更新, ヘルスチェック]\n"
            "      - name: データベース更新\n"
            "        actions: [マイグレーションの実行]\n"
        ),
        references=(
            "guide 4.1",
            "ECS deployment circuit breaker: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
        ),
    ),
)
