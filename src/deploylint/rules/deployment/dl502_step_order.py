"""DL502 step-order: backups before migrations; every update followed by a health check."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.rules._steps import Item, label, matching, sequence
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


class StepOrderOptions(Options):
    backups: list[str] = Field(description="Vocabulary concepts that are backups")
    migrations: list[str] = Field(description="Vocabulary concepts that change the database")
    updates: list[str] = Field(
        description="Vocabulary concepts that change infrastructure or the running application"
    )
    health_check: str = Field(
        description="Vocabulary concept that must follow each update, in its step or the next"
    )


def check(ctx: Context[StepOrderOptions]) -> Iterator[Violation]:
    if ctx.config.deployment is None:
        return
    opts = ctx.options
    items = sequence(ctx)
    backups = matching(ctx, opts.backups, items)
    # "Snapshot before the migration" is a backup that names a migration, not a migration.
    migrations = [m for m in matching(ctx, opts.migrations, items) if m not in backups]
    if migrations:
        first = migrations[0]
        for backup in backups:
            if backup.order > first.order:
                yield Violation(
                    backup.path,
                    f"backup {backup.text!r} comes after the migration {first.shown}: it "
                    "cannot restore the data as it was before the migration; take backups "
                    "first (guide 4.1)",
                    related=(RelatedPath(first.path, "the migration is here"),),
                )
    health_checks = matching(ctx, (opts.health_check,), items)
    for update in matching(ctx, opts.updates, items):
        if not any(_follows(hc, update) for hc in health_checks):
            yield Violation(
                update.path,
                f"{update.text!r} is not followed by a {label(opts.health_check)} in its "
                "step or the next one; add one after it so a failed update stops the "
                "deployment (guide 4.1)",
            )


def _follows(hc: Item, update: Item) -> bool:
    """Whether health check ``hc`` comes after ``update`` in its step, or is in the next step."""
    if hc.step == update.step:
        return update.action is None or (hc.action is not None and hc.order > update.order)
    return hc.step == update.step + 1


RULE = Rule(
    id="DL502",
    name="step-order",
    severity=Severity.ERROR,
    summary="Backups precede migrations; each infra and app update is followed by a health check.",
    options=StepOrderOptions,
    check=check,
    docs=Docs(
        what=(
            "Reads the deployment process as one sequence (pre_deployment, deployment, "
            "post_deployment; steps and actions in order) and reports a backup that comes "
            "after the first database migration, and an infrastructure or application update "
            "(Terraform, ECS service update) with no health check later in the same step or "
            "in the next step. Names are matched through the policy vocabulary."
        ),
        why=(
            "A snapshot taken after a migration cannot undo it. An update that is not "
            "followed by a health check lets the next step — a migration, the next "
            "region — run on top of a failed release, and turns a quick rollback into an "
            "incident."
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
