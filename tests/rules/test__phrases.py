"""The phrase matcher (DL501-DL504): what the guide pack's vocabulary reads an action as.

Each phrasing is one action, put through the real CLI in a probe process:

- as the only action of pre_deployment (DL501 backups, DL503 checks) and of
  post_deployment (DL504 verifications): a concept no finding calls missing is named;
- in deployment after ``ECSサービスの更新`` and before ``DBスナップショット``: it is a
  health check when the update is followed by one, a migration when the snapshot is then
  "after the migration", an update when it is itself "not followed by a health check".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Messages, cli, named, pack, probe

TABLE: list[tuple[str, set[str]]] = [
    # --- database snapshot: an object and an act, in any order (issue 9) --------------
    ("データベースのスナップショット作成", {"db"}),
    ("DBのバックアップ取得", {"db"}),
    ("本番DBの手動スナップショット取得", {"db"}),
    ("Snapshot the production database", {"db"}),
    ("Create a manual snapshot of the RDS instance", {"db"}),
    ("RDSスナップショット", {"db"}),
    ("Take an RDS snapshot", {"db"}),
    ("Back up the database", {"db"}),
    ("pg_dump > backup.sql", {"db"}),
    ("Aurora cluster snapshot", {"db"}),
    ("DBを退避", {"db"}),
    ("PostgreSQLのダンプ取得", {"db"}),
    ("database backups", {"db"}),
    # negated: not taken
    ("DBスナップショットは今回は取得しない", set()),
    ("DBのバックアップは省略", set()),
    ("Skip the DB snapshot", set()),
    ("Do not snapshot the database", set()),
    ("No database backup this time", set()),
    # acts that are not taking a backup
    ("失敗時はDBスナップショットから復元", set()),
    ("On failure: restore from the RDS snapshot", set()),
    ("Roll back the database from the snapshot", set()),
    ("DBバックアップの確認", set()),
    ("Review the database backup policy", set()),
    # an object alone, or an act alone, is not a database snapshot
    ("データベースの接続確認", set()),
    ("スナップショット", set()),
    # words inside other words are not words
    ("Take a snapshot of the dashboard", set()),
    ("Back up the casino database", {"db"}),  # "no" ends "casino": not a negation
    ("Snapshot the nodes database", {"db"}),  # nor is the "no" of "nodes"
    # --- config backup ---------------------------------------------------------------
    ("設定ファイルのバックアップ", {"config"}),
    ("設定ファイルをS3へ退避", {"config"}),
    ("Back up configuration files", {"config"}),
    ("Copy the config to S3", {"config"}),
    ("Export SSM parameters", {"config"}),
    ("設定ファイルのバックアップは不要", set()),
    ("Restore the config backup", set()),
    # --- application data backup -------------------------------------------------------
    ("アプリケーションデータのバックアップ", {"data"}),
    ("S3データのバックアップ", {"data"}),
    ("S3バケットのバックアップ", {"data"}),
    ("Back up the S3 bucket", {"data"}),
    ("Back up application data (S3)", {"data"}),
    ("Sync uploads to the backup bucket", {"data"}),
    ("S3バケットの確認", set()),
    ("Skip the bucket backup", set()),
    # --- environment checks ------------------------------------------------------------
    ("リソース使用状況の確認", {"resources"}),
    ("Check resource utilization", {"resources"}),
    ("セキュリティグループの確認", {"sg"}),
    ("Review security groups", {"sg"}),
    ("証明書の有効期限確認", {"cert"}),
    ("Check TLS certificate expiration", {"cert"}),
    # --- migrations: running one, not checking or reviewing one ------------------------
    ("マイグレーションの実行", {"migration"}),
    ("alembic upgrade head", {"migration"}),
    ("Run database migrations", {"migration"}),
    ("スキーマ変更の適用", {"migration"}),
    ("Check pending migrations", set()),
    ("マイグレーションSQLのレビュー", set()),
    ("Review the migration plan", set()),
    ("マイグレーションは実行しない", set()),
    # --- updates and health checks -----------------------------------------------------
    ("ECSサービスの更新", {"update"}),
    ("aws ecs update-service", {"update"}),
    ("terraform apply", {"update"}),
    ("Update the infrastructure", {"update"}),
    ("ヘルスチェック", {"health"}),
    ("aws ecs wait services-stable", {"health"}),
    ("Health-Check", {"health"}),
    # --- verification and alarms -------------------------------------------------------
    ("アプリケーションの動作確認", {"verify"}),
    ("Run smoke tests", {"verify"}),
    ("パフォーマンスの確認", {"perf"}),
    ("Check latency dashboards", {"perf", "metrics"}),
    ("ログの確認", {"logs"}),
    ("Check the logs for errors", {"logs"}),
    ("ログ収集の確認", {"collection"}),
    ("アラームの有効化", {"alarms"}),
    ("Re-enable CloudWatch alarms", {"alarms"}),
    ("Disable alarms", set()),
    ("アラームの無効化", set()),
    # --- nothing at all ----------------------------------------------------------------
    ("Notify the team on Slack", set()),
    ("No downtime expected", set()),
]


@pytest.mark.parametrize(("phrase", "expected"), TABLE, ids=[p for p, _ in TABLE])
def test_phrase_table(lint_messages: Messages, phrase: str, expected: set[str]) -> None:
    assert named(lint_messages, phrase) == expected


def test_the_table_is_large_and_covers_both_languages() -> None:
    japanese = [p for p, _ in TABLE if not p.isascii()]
    english = [p for p, _ in TABLE if p.isascii()]
    assert len(TABLE) >= 60 and len(japanese) >= 25 and len(english) >= 25
    assert len([p for p, e in TABLE if not e]) >= 20  # negatives


# --- the vocabulary format: a team's pack teaches new wording, and a bad one is refused --


def test_a_pack_teaches_a_new_phrase(lint_messages: Messages, tmp_path: Path) -> None:
    assert named(lint_messages, "etcdctl snapshot save") == set()
    extra, path = pack(
        tmp_path, "vocabulary:\n  config-backup:\n    all: [[etcd*], [snapshot*, save]]\n"
    )
    files = {"deployment.yaml": probe("etcdctl snapshot save"), **extra}
    found = lint_messages(files, "--select", "DL501", "--policy", path)
    assert "'config-backup'" not in " ".join(m for _, _, m in found)
    assert len(found) == 2


def test_a_pack_negation_adds_words(lint_messages: Messages, tmp_path: Path) -> None:
    # 保留 (on hold) is no negation of the guide's pack: the snapshot counts
    assert "db" in named(lint_messages, "DBスナップショットは保留")
    extra, path = pack(tmp_path, "vocabulary:\n  negation: [保留]\n")
    files = {"deployment.yaml": probe("DBスナップショットは保留", "Notify"), **extra}
    found = lint_messages(files, "--select", "DL501", "--policy", path)
    assert [m for _, _, m in found if "'database-snapshot'" in m] != []
    # the pack's list replaces the guide's words (スキップ counts again) ...
    files = {"deployment.yaml": probe("DBスナップショットをスキップ", "Notify"), **extra}
    found = lint_messages(files, "--select", "DL501", "--policy", path)
    assert [m for _, _, m in found if "'database-snapshot'" in m] == []
    # ... while negation by form is the language's, in every pack
    files = {"deployment.yaml": probe("DBスナップショットは取得しない", "Notify"), **extra}
    found = lint_messages(files, "--select", "DL501", "--policy", path)
    assert [m for _, _, m in found if "'database-snapshot'" in m] != []


@pytest.mark.parametrize(
    ("vocabulary", "error"),
    [
        (
            "  db: {every: [[DB]]}",
            "vocabulary.db: unknown key 'every'; expected any, all or unless",
        ),
        ("  db: {unless: [restore]}", "vocabulary.db: needs `any` (phrases) or `all`"),
        ("  db: {all: [[DB], []]}", "vocabulary.db.all[1]: expected a non-empty list of phrases"),
        ("  db: {all: [DB]}", "vocabulary.db.all[0]: expected a non-empty list of phrases"),
        ("  db: [DB, '...']", "vocabulary.db[1]: '...' has no letters to match"),
        ("  db: [DB, {x: 1}]", "vocabulary.db[1]: expected a phrase (text), found {'x': 1}"),
        ("  db: DB", "vocabulary.db: expected a list of phrases or a mapping with any, all"),
        ("  negation: {any: [no]}", "vocabulary.negation: expected a non-empty list of phrases"),
    ],
)
def test_a_bad_vocabulary_is_a_usage_error(tmp_path: Path, vocabulary: str, error: str) -> None:

    extra, path = pack(tmp_path, f"vocabulary:\n{vocabulary}\n")
    for name, text in extra.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "deployment.yaml").write_text(probe("x"), encoding="utf-8")
    result = cli(["check", "--no-config", "--policy", path, str(tmp_path)])
    assert result.exit_code == 2
    assert error in result.output
    assert "Traceback" not in result.output
