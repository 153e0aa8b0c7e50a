"""DL501-DL504: the deployment process (guide 4.1), matched through the pack's vocabulary.

The tests naming no single rule of the section (from test_dl5xx_deployment.py).
"""

from __future__ import annotations

import pytest

from tests.helpers import GUIDE, NAME, Lint, Related, variant

ENGLISH = """
deployment:
  pre_deployment:
    steps:
      - name: Backups
        actions:
          - Take an RDS snapshot
          - Back up configuration files
          - Back up application data (S3)
      - name: Environment checks
        actions:
          - Check resource utilization
          - Review security groups
          - Check TLS certificate expiration
  deployment:
    steps:
      - name: Infrastructure
        actions: [terraform plan, terraform apply, Health-Check]
      - name: Application
        actions:
          - docker build
          - docker push
          - aws ecs update-service
          - aws ecs wait services-stable
      - name: Database
        actions: [alembic upgrade head, REINDEX, VACUUM ANALYZE]
  post_deployment:
    steps:
      - name: Verify
        actions: [Run smoke tests, Check latency dashboards, Check the logs for errors]
      - name: Monitoring
        actions: [Re-enable CloudWatch alarms, Verify log collection]
"""


# --- the guide and its English equivalent pass every rule ------------------------------


@pytest.mark.parametrize("text", [GUIDE, ENGLISH], ids=["guide", "english"])
def test_dl5xx_pass(lint: Lint, text: str) -> None:
    assert lint({"deployment.yaml": text}, "--select", "DL5") == []


def test_dl5xx_skip_configs_without_a_process(lint: Lint) -> None:
    files = {"config.yaml": "config:\n  application:\n    api: {port: 8000}\n"}
    assert lint(files, "--select", "DL5") == []


# --- one mistake, one finding (issue 8 §1) ----------------------------------------------

BACKUPS_STEP = (
    "      - name: バックアップの作成\n"
    "        actions:\n"
    "          - データベースのスナップショット作成\n"
    "          - 設定ファイルのバックアップ\n"
    "          - アプリケーションデータのバックアップ\n"
)


def test_a_backup_step_after_the_migration_is_one_finding(lint_related: Related) -> None:
    # the whole backups step moved to the end of deployment, after the migration
    text = variant(
        (BACKUPS_STEP, ""),
        ("          - 統計情報の更新\n", "          - 統計情報の更新\n" + BACKUPS_STEP),
    )
    found = lint_related({"deployment.yaml": text}, "--select", "DL5")
    assert [(f.rule, f.severity) for f in found] == [("DL502", "error")]
    message = found[0].message
    assert message.startswith(
        "step with backups 'データベースのスナップショット作成', '設定ファイルのバックアップ', "
        "'アプリケーションデータのバックアップ' (app data backup, config backup, database "
        "snapshot) comes after the migration 'マイグレーションの実行'"
    )
    assert message.endswith("move the step to pre_deployment, before any migration (guide 4.1)")
    assert found[0].related == (("deployment.yaml", 25, "the migration is here"),)


def test_a_backup_step_after_the_migration_is_at_the_step_name(lint: Lint) -> None:
    text = variant(
        (BACKUPS_STEP, ""),
        ("          - 統計情報の更新\n", "          - 統計情報の更新\n" + BACKUPS_STEP),
    )
    assert lint({"deployment.yaml": text}, "--select", "DL5") == [
        ("deployment.yaml", 28, NAME, "DL502")
    ]
