"""DL501-DL504: the deployment process (guide 4.1), matched through the pack's vocabulary."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ..conftest import EXAMPLES, Lint, Messages
from .conftest import Related

# The guide's 4.1 process, verbatim (examples/guide/deployment.yaml). Its lines:
#  4 `steps:` of pre_deployment, 7-9 the backups, 12-14 the environment checks,
# 16 `steps:` of deployment, 19 Terraformの実行, 21 ヘルスチェック, 26 ECSサービスの更新,
# 27 ヘルスチェック, 30 マイグレーションの実行, 32 統計情報の更新,
# 34 `steps:` of post_deployment, 37-39 the verifications, 42 アラームの有効化.
# without the example's `# yaml-language-server: $schema=...` line: positions below count from it
GUIDE = (EXAMPLES / "guide" / "deployment.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
ACTION = 13  # column of an action's text
NAME = 15  # column of a step's name
STEPS = 5  # column of a phase's `steps:` key


def variant(*changes: tuple[str, str]) -> str:
    """The guide's process with textual ``(old, new)`` changes, each applied exactly once."""
    text = GUIDE
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def drop(action: str) -> tuple[str, str]:
    return (f"          - {action}\n", "")


def pack(tmp_path: Path, text: str) -> tuple[dict[str, str], str]:
    """A policy pack ``name: custom, extends: guide`` plus ``text`` (YAML), in a hidden folder."""
    body = f"name: custom\nextends: guide\n{text.strip()}\n"
    name = f"custom-{hashlib.sha256(body.encode()).hexdigest()[:12]}.yaml"  # cached by path
    return {f".packs/{name}": body}, str(tmp_path / ".packs" / name)


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


# --- DL501 backup-before-deploy -------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # at the step that should hold the backup: バックアップの作成
        ([drop("設定ファイルのバックアップ")], [(5, NAME)]),
        (
            [drop("設定ファイルのバックアップ"), drop("アプリケーションデータのバックアップ")],
            [(5, NAME), (5, NAME)],
        ),
        # no backups step: at the phase's `steps:` key
        (
            [drop("設定ファイルのバックアップ"), ("name: バックアップの作成", "name: 準備")],
            [(4, STEPS)],
        ),
        # the snapshot moved into the deployment phase, before the migration: too late
        (
            [
                drop("データベースのスナップショット作成"),
                ("          - Dockerイメージのビルド\n", "          - DBスナップショット\n"),
            ],
            [(5, NAME)],
        ),
        # after the migration: DL502's finding, not DL501's too
        (
            [
                drop("データベースのスナップショット作成"),
                ("          - インデックスの更新\n", "          - DBスナップショット\n"),
            ],
            [],
        ),
    ],
)
def test_dl501_positions(
    lint: Lint, changes: list[tuple[str, str]], expected: list[tuple[int, int]]
) -> None:
    rows = lint({"deployment.yaml": variant(*changes)}, "--select", "DL501")
    assert rows == [("deployment.yaml", line, col, "DL501") for line, col in expected]


def test_dl501_without_pre_deployment_points_at_the_process(lint: Lint) -> None:
    text = "deployment:\n  deployment:\n    steps:\n      - {name: Deploy, actions: [deploy app]}\n"
    rows = lint({"deployment.yaml": text}, "--select", "DL501")
    assert rows == [("deployment.yaml", 1, 1, "DL501")] * 3


def test_dl501_messages(lint_related: Related) -> None:
    text = variant(
        drop("データベースのスナップショット作成"),
        ("          - Dockerイメージのビルド\n", "          - DBスナップショット\n"),
    )
    [(rule, severity, message, related)] = lint_related(
        {"deployment.yaml": text}, "--select", "DL501"
    )
    assert (rule, severity) == ("DL501", "error")
    assert "pre_deployment has no step or action matching 'database-snapshot'" in message
    assert (
        "(e.g. 'pg_dump', or a phrase with 'データベース' / 'DB' and 'スナップショット' / "
        "'バックアップ')" in message
    )
    assert "'DBスナップショット' (deployment.deployment.steps[1].actions[0]) is in deployment" in (
        message
    )
    assert related == (("deployment.yaml", 23, "'DBスナップショット' is here, in deployment"),)
    assert "database snapshot, config backup, app data backup (guide 4.1)" in message
    assert message.endswith(
        "if a step already does this in other words, add that phrase to 'database-snapshot' "
        "in the policy pack's `vocabulary:`"
    )


def test_dl501_backups_option(lint: Lint, tmp_path: Path) -> None:
    files = {"deployment.yaml": variant(drop("アプリケーションデータのバックアップ"))}
    assert lint(files, "--select", "DL501") == [("deployment.yaml", 5, NAME, "DL501")]
    extra, path = pack(
        tmp_path, "rules:\n  DL501:\n    options:\n      backups: [database-snapshot]\n"
    )
    assert lint({**files, **extra}, "--select", "DL501", "--policy", path) == []


def test_vocabulary_is_the_packs(lint: Lint, tmp_path: Path) -> None:
    files = {"deployment.yaml": variant(("設定ファイルのバックアップ", "etcd dump"))}
    assert lint(files, "--select", "DL501") == [("deployment.yaml", 5, NAME, "DL501")]
    extra, path = pack(tmp_path, "vocabulary:\n  config-backup: [etcd dump]\n")
    assert lint({**files, **extra}, "--select", "DL501", "--policy", path) == []


def test_unknown_concept_says_so(lint_messages: Messages, tmp_path: Path) -> None:
    extra, path = pack(tmp_path, "rules:\n  DL501:\n    options:\n      backups: [tape-backup]\n")
    files = {"deployment.yaml": GUIDE, **extra}
    [(_, _, message)] = lint_messages(files, "--select", "DL501", "--policy", path)
    assert "'tape-backup' (the policy vocabulary has no phrases for it)" in message


# --- DL502 step-order -----------------------------------------------------------------

HEALTH_AFTER_ECS = ("ECSサービスの更新\n          - ヘルスチェック\n", "ECSサービスの更新\n")
# without the pre-deployment database snapshot (lines after it move up by one)
DROP_SNAPSHOT = drop("データベースのスナップショット作成")
# a snapshot after the migration's last action (統計情報の更新)
LATE_SNAPSHOT = (
    "          - 統計情報の更新\n",
    "          - 統計情報の更新\n          - DBスナップショット\n",
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # the health check in the next step still follows the update
        (
            [
                (
                    "ECSサービスの更新\n          - ヘルスチェック\n",
                    "ECSサービスの更新\n      - name: 確認\n        actions: [ヘルスチェック]\n",
                )
            ],
            [],
        ),
        # "snapshot before the migration" is a backup, not a migration
        ([("マイグレーションの実行", "マイグレーション前のDBスナップショット")], []),
        # a second snapshot after the migration, the pre-deployment one taken: good practice
        (
            [
                (
                    "          - 統計情報の更新\n",
                    "          - 統計情報の更新\n          - データベースのスナップショット作成（再取得）\n",
                )
            ],
            [],
        ),
        # the only snapshot comes after the migration (issue 17 §2)
        (
            [
                DROP_SNAPSHOT,
                (
                    "          - 統計情報の更新\n",
                    "          - 統計情報の更新\n          - データベースのスナップショット作成（再取得）\n",
                ),
            ],
            [(32, ACTION)],
        ),
        # an update with no health check after it in its step or the next
        ([HEALTH_AFTER_ECS], [(26, ACTION)]),
        # the health check comes before the update
        (
            [
                (
                    "ECSサービスの更新\n          - ヘルスチェック\n",
                    "ヘルスチェック\n          - ECSサービスの更新\n",
                )
            ],
            [(27, ACTION)],
        ),
        # neither infra nor app update is checked
        (
            [
                HEALTH_AFTER_ECS,
                ("インフラ変更の確認\n          - ヘルスチェック\n", "インフラ変更の確認\n"),
            ],
            [(19, ACTION), (25, ACTION)],
        ),
    ],
)
def test_dl502_positions(
    lint: Lint, changes: list[tuple[str, str]], expected: list[tuple[int, int]]
) -> None:
    rows = lint({"deployment.yaml": variant(*changes)}, "--select", "DL502")
    assert rows == [("deployment.yaml", line, col, "DL502") for line, col in expected]


def test_dl502_order_runs_across_phases(lint: Lint) -> None:
    text = """
    deployment:
      deployment:
        steps:
          - name: Migrate
            actions: [alembic upgrade head, REINDEX, VACUUM ANALYZE]
      post_deployment:
        steps:
          - name: Backups
            actions: [Take an RDS snapshot, Health check]
    """
    assert lint({"deployment.yaml": text}, "--select", "DL502") == [
        ("deployment.yaml", 9, 19, "DL502")
    ]


def test_dl502_a_step_named_as_an_update(lint: Lint) -> None:
    # no action names the update: the step's name does, and no health check follows
    text = """
    deployment:
      deployment:
        steps:
          - name: Update infrastructure
            actions: [terraform plan, make apply]
          - name: Notify
            actions: [post to slack]
    """
    rows = lint({"deployment.yaml": text}, "--select", "DL502")
    assert rows == [("deployment.yaml", 4, 15, "DL502")]
    text = text.replace("make apply]", "make apply, healthcheck]")
    assert lint({"deployment.yaml": text}, "--select", "DL502") == []


def test_dl502_messages(lint_related: Related) -> None:
    text = variant(DROP_SNAPSHOT, HEALTH_AFTER_ECS, LATE_SNAPSHOT)
    found = lint_related({"deployment.yaml": text}, "--select", "DL502")
    assert [(f.rule, f.severity) for f in found] == [("DL502", "error")] * 2
    update, backup = (f.message for f in found)
    assert "'ECSサービスの更新' is not followed by a health check in its step or the next" in update
    assert "(guide 4.1)" in update
    assert (
        "backup 'DBスナップショット' (database snapshot) comes after the migration "
        "'マイグレーションの実行' " in backup
    )
    assert "(deployment.deployment.steps[2].actions[0]): it cannot restore" in backup
    assert "move it to pre_deployment, before any migration (guide 4.1)" in backup
    assert found[0].related == ()
    assert found[1].related == (("deployment.yaml", 28, "the migration is here"),)


@pytest.mark.parametrize(
    ("options", "changes", "before", "after"),
    [
        (
            "backups: [config-backup]",
            [DROP_SNAPSHOT, LATE_SNAPSHOT],
            [(32, ACTION)],
            [],
        ),
        (
            "migrations: []",
            [DROP_SNAPSHOT, LATE_SNAPSHOT],
            [(32, ACTION)],
            [],
        ),
        ("updates: [infra-update]", [HEALTH_AFTER_ECS], [(26, ACTION)], []),
        # the pack's own health-check concept: ヘルスチェック alone no longer counts
        ("health_check: smoke", [], [], [(19, ACTION), (26, ACTION)]),
    ],
)
def test_dl502_options(
    lint: Lint,
    tmp_path: Path,
    options: str,
    changes: list[tuple[str, str]],
    before: list[tuple[int, int]],
    after: list[tuple[int, int]],
) -> None:
    files = {"deployment.yaml": variant(*changes)}
    rows = lint(files, "--select", "DL502")
    assert rows == [("deployment.yaml", line, col, "DL502") for line, col in before]
    extra, path = pack(
        tmp_path,
        f"vocabulary:\n  smoke: [smoke test]\nrules:\n  DL502:\n    options:\n      {options}\n",
    )
    rows = lint({**files, **extra}, "--select", "DL502", "--policy", path)
    assert rows == [("deployment.yaml", line, col, "DL502") for line, col in after]


# --- DL503 environment-checks ---------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # at the step that should hold the check: 環境チェック
        ([drop("証明書の有効期限確認")], [(10, NAME)]),
        ([drop("リソース使用状況の確認"), drop("セキュリティグループの確認")], [(10, NAME)] * 2),
        # no checks step: at the phase's `steps:` key
        ([drop("証明書の有効期限確認"), ("name: 環境チェック", "name: 事前準備")], [(4, STEPS)]),
        # the check named by the step instead of an action still counts
        (
            [
                drop("証明書の有効期限確認"),
                ("name: 環境チェック", "name: 証明書の有効期限チェック"),
            ],
            [],
        ),
    ],
)
def test_dl503_positions(
    lint: Lint, changes: list[tuple[str, str]], expected: list[tuple[int, int]]
) -> None:
    rows = lint({"deployment.yaml": variant(*changes)}, "--select", "DL503")
    assert rows == [("deployment.yaml", line, col, "DL503") for line, col in expected]


def test_dl503_message(lint_messages: Messages) -> None:
    text = variant(drop("証明書の有効期限確認"))
    [(rule, severity, message)] = lint_messages({"deployment.yaml": text}, "--select", "DL503")
    assert (rule, severity) == ("DL503", "warning")
    assert "pre_deployment has no step or action matching 'certificate-expiry-check'" in message
    assert "'証明書の有効期限'" in message and "'certificate expiry'" in message
    assert "resource usage check, security group check, certificate expiry check" in message
    assert "(guide 4.1)" in message


def test_dl503_checks_option(lint: Lint, tmp_path: Path) -> None:
    files = {"deployment.yaml": variant(drop("証明書の有効期限確認"))}
    assert lint(files, "--select", "DL503") == [("deployment.yaml", 10, NAME, "DL503")]
    extra, path = pack(
        tmp_path,
        "rules:\n  DL503:\n    options:\n"
        "      checks: [resource-usage-check, security-group-check]\n",
    )
    assert lint({**files, **extra}, "--select", "DL503", "--policy", path) == []


# --- DL504 post-deploy-verification ---------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # at the step that should hold the verification: 検証
        ([drop("アラームの有効化")], [(35, NAME)]),
        ([drop("パフォーマンスの確認"), drop("ログの確認")], [(35, NAME)] * 2),
        # ログ収集の確認 (log collection) is not looking at the logs
        ([drop("ログの確認")], [(35, NAME)]),
        # no verification step: at the phase's `steps:` key
        ([drop("ログの確認"), ("name: 検証", "name: 事後作業")], [(34, STEPS)]),
    ],
)
def test_dl504_positions(
    lint: Lint, changes: list[tuple[str, str]], expected: list[tuple[int, int]]
) -> None:
    rows = lint({"deployment.yaml": variant(*changes)}, "--select", "DL504")
    assert rows == [("deployment.yaml", line, col, "DL504") for line, col in expected]


def test_dl504_without_post_deployment(lint: Lint) -> None:
    text = GUIDE[: GUIDE.index("  post_deployment:")]
    assert (
        lint({"deployment.yaml": text}, "--select", "DL504")
        == [("deployment.yaml", 2, 1, "DL504")] * 6
    )


def test_dl504_message_names_a_misplaced_step(lint_related: Related) -> None:
    text = variant(
        drop("アラームの有効化"),
        (
            "          - 証明書の有効期限確認\n",
            "          - 証明書の有効期限確認\n          - アラームの有効化\n",
        ),
    )
    [(rule, severity, message, related)] = lint_related(
        {"deployment.yaml": text}, "--select", "DL504"
    )
    assert (rule, severity) == ("DL504", "warning")
    assert "post_deployment has no step or action matching 'enable-alarms'" in message
    assert "(e.g. 'アラームの有効化', 'enable alarm')" in message
    assert (
        "'アラームの有効化' (deployment.pre_deployment.steps[1].actions[3]) is in pre_deployment"
        in (message)
    )
    assert related == (("deployment.yaml", 15, "'アラームの有効化' is here, in pre_deployment"),)
    assert (
        "app verification, performance check, log check, enable alarms, log collection check, "
        "metrics check (guide 4.1)" in message
    )


def test_dl504_verifications_option(lint: Lint, tmp_path: Path) -> None:
    files = {"deployment.yaml": variant(drop("アラームの有効化"))}
    assert lint(files, "--select", "DL504") == [("deployment.yaml", 35, NAME, "DL504")]
    extra, path = pack(
        tmp_path,
        "rules:\n  DL504:\n    options:\n"
        "      verifications: [app-verification, performance-check, log-check]\n",
    )
    assert lint({**files, **extra}, "--select", "DL504", "--policy", path) == []


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


def test_dl502_a_health_check_two_steps_later_does_not_follow(lint: Lint) -> None:
    text = variant(
        HEALTH_AFTER_ECS,
        (
            "      - name: データベース更新\n",
            "      - name: 通知\n        actions: [Slackへ通知]\n      - name: データベース更新\n",
        ),
        (
            "          - 統計情報の更新\n",
            "          - 統計情報の更新\n          - ヘルスチェック\n",
        ),
    )
    # the check is in the step after next: ECSサービスの更新 is not covered
    assert lint({"deployment.yaml": text}, "--select", "DL502") == [
        ("deployment.yaml", 26, ACTION, "DL502")
    ]
    moved = text.replace("[Slackへ通知]", "[Slackへ通知, ヘルスチェック]")
    assert lint({"deployment.yaml": moved}, "--select", "DL502") == []


@pytest.mark.parametrize(
    "rollback",
    ["失敗時はDBスナップショットから復元", "On failure: restore from the RDS snapshot"],
)
def test_dl502_a_rollback_step_after_the_migration_is_no_backup(lint: Lint, rollback: str) -> None:
    text = variant(
        ("          - 統計情報の更新\n", f"          - 統計情報の更新\n          - {rollback}\n")
    )
    assert lint({"deployment.yaml": text}, "--select", "DL5") == []
    # a real snapshot there, and none before the migration, is late
    taken = variant(
        DROP_SNAPSHOT,
        (
            "          - 統計情報の更新\n",
            "          - 統計情報の更新\n          - DBスナップショット取得\n",
        ),
    )
    assert lint({"deployment.yaml": taken}, "--select", "DL502") == [
        ("deployment.yaml", 32, ACTION, "DL502")
    ]
