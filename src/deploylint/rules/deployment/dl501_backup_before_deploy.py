"""DL501 backup-before-deploy: pre-deployment backs up the database, config and data."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, join
from deploylint.rules._steps import PhaseOptions, label, late_backups, missing_in_phase
from deploylint.rules.rule import Context, Docs, Rule, Violation


class BackupBeforeDeployOptions(PhaseOptions):
    backups: list[str] = Field(
        description=N_("Vocabulary concepts pre_deployment must name (one step or action each)")
    )


def check(ctx: Context[BackupBeforeDeployOptions]) -> Iterator[Violation]:
    if ctx.config.deployment is None:
        return
    wanted = join([label(c) for c in ctx.options.backups])
    late = late_backups(ctx)  # DL502 reports these, once per misplaced step
    yield from missing_in_phase(
        ctx,
        "pre_deployment",
        ctx.options.backups,
        _("expected backups before deploying: {wanted}").format(wanted=wanted),
        ctx.options.step,
        skip=lambda found: all(item in late for item in found),
    )


RULE = Rule(
    id="DL501",
    name="backup-before-deploy",
    severity=Severity.ERROR,
    summary=N_("Pre-deployment takes a database snapshot, a config backup and a data backup."),
    options=BackupBeforeDeployOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks that `deployment.pre_deployment` names each backup of the policy "
                "(guide: database snapshot, config file backup, application data backup) in a "
                "step name or action. Names are matched through the policy vocabulary, in "
                "Japanese or English, the object and the act in any order (`本番DBの手動"
                "スナップショット取得`, `Snapshot the production database`); a restore, a review "
                "or a negated action is no backup. Negation is read by form, whatever the verb "
                "(`取らない`, `取らずに進める`, `行わない`, `バックアップなし`, `未取得`, `不要`; "
                "`not`, `n't`, `never`, `without a snapshot`, `no backup`) plus the vocabulary's "
                "`negation:` words (`スキップ`, `省略`, `skip`), and only what it negates: "
                "`Snapshot the database without downtime` is a snapshot, `まず`, `必ず`, "
                "`忘れずに` and `取得しなければならない` are no negations. A missing backup is "
                "reported at the backups step (バックアップの作成), else at the phase's `steps:`. "
                "A backup that exists but comes after the migration is DL502's finding alone. "
                "Teach the pack new wording with its `vocabulary:` key."
            )
        ),
        why=(
            N_(
                "A deployment that goes wrong — a bad migration, a Terraform change that replaces "
                "a resource, a release that corrupts data — can only be rolled back to a backup "
                "taken just before it. A backup taken during or after the deployment already "
                "holds the damage."
            )
        ),
        example=(
            "deployment:\n"
            "  pre_deployment:\n"
            "    steps:\n"
            "      - name: バックアップの作成\n"
            "        actions: [設定ファイルのバックアップ]\n"
        ),
        use_instead=(
            "deployment:\n"
            "  pre_deployment:\n"
            "    steps:\n"
            "      - name: バックアップの作成\n"
            "        actions:\n"
            "          - データベースのスナップショット作成\n"
            "          - 設定ファイルのバックアップ\n"
            "          - アプリケーションデータのバックアップ\n"
        ),
        references=(
            "guide 4.1",
            "RDS manual snapshots: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CreateSnapshot.html",
        ),
    ),
)
