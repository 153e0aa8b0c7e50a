"""DL502 step-order: src/deploylint/rules/deployment/dl502_step_order.py (from test_dl5xx_deployment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import ACTION, Lint, Related, drop, pack, variant

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
