"""DL501 backup-before-deploy: src/deploylint/rules/deployment/dl501_backup_before_deploy.py (from test_dl5xx_deployment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GUIDE, NAME, STEPS, Lint, Messages, Related, drop, pack, variant


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
