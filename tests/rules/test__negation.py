"""DL501-DL504 (issue 17 §2): negation by form in Japanese and English, an extra snapshot
after the migration, and default synonyms that misfired.

Each phrasing goes through the real CLI (``named`` of test_phrases: the concepts the guide
pack reads an action as, from the DL5xx findings).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.rules._negation import clauses
from deploylint.rules._phrases import parse_vocabulary
from tests.helpers import ACTION, GUIDE, NAME, Lint, Messages, drop, named, pack, variant

NEGATED: list[tuple[str, set[str]]] = [
    # the issue's examples
    ("データベースのスナップショットは取らない", set()),
    ("データベースのスナップショットを取らずに進める", set()),
    ("DBバックアップは行わない", set()),
    ("DBバックアップなし", set()),
    ("Deploy without a database snapshot", set()),
    ("ヘルスチェックは行わない", set()),
    # Japanese verb forms, whatever the verb
    ("DBスナップショットは取得せず", set()),
    ("DBスナップショットは作成しません", set()),
    ("DBのバックアップは取らなかった", set()),
    ("データベースのバックアップはしないで進める", set()),
    ("RDSのダンプは取らないまま移行", set()),
    ("DBバックアップ無し", set()),
    ("DBバックアップはなしで進める", set()),
    ("DBスナップショットを取ることなくデプロイ", set()),
    ("DBスナップショット未取得", set()),
    ("DBスナップショットは未実施", set()),
    ("DBスナップショット不要", set()),
    ("設定ファイルのバックアップは不実施", set()),
    ("アプリケーションデータのバックアップはやらない", set()),
    ("ヘルスチェックせずに次へ", set()),
    ("セキュリティグループは確認しない", set()),
    ("ログは見ない", set()),
    ("DBスナップショットは取得しないこととする", set()),
    ("DBスナップショット（なし）", set()),
    ("DBスナップショット（今回は取得しない）", set()),
    ("DBスナップショットの取得を見送る", set()),
    ("DBスナップショットはありません", set()),
    ("DBスナップショットは要らない", set()),
    ("ヘルスチェックなしでデプロイ", set()),
    # English words and phrases
    ("The database is not backed up", set()),
    ("We won't snapshot the database", set()),
    ("Never back up the database", set()),
    ("No longer snapshot the DB", set()),
    ("DB snapshot: none", set()),
    ("Deploy without taking a DB snapshot", set()),
    ("Database snapshot is omitted", set()),
    ("Bypass the RDS snapshot", set()),
    ("Do not run health checks", set()),
    ("Cannot back up the database this time", set()),
    ("DB snapshot - not required", set()),
    ("Forgo the RDS snapshot", set()),
    ("Neither snapshot the database nor back up the config", set()),
]

AFFIRMED: list[tuple[str, set[str]]] = [
    # look negative, are not: the act is done
    ("まずDBのスナップショットを取得", {"db"}),
    ("DBスナップショットを忘れずに取得", {"db"}),
    ("DBスナップショットを必ず取得", {"db"}),
    ("DBスナップショットを欠かさず取得", {"db"}),
    ("DBスナップショットを取得しなければならない", {"db"}),
    ("DBスナップショットを取得しないといけない", {"db"}),
    ("DBスナップショットを1つずつ取得", {"db"}),
    ("ダウンタイムなしでDBスナップショットを取得", {"db"}),
    ("確認せずにDBスナップショットを取得", {"db"}),
    ("データが失われないようにDBのバックアップを取得", {"db"}),
    ("Snapshot the database without downtime", {"db"}),
    ("Don't forget to snapshot the database", {"db"}),
    ("Snapshot the database with no downtime", {"db"}),
    ("Back up the database, not the cache", {"db"}),
    ("Back up the database without fail", {"db"}),
    ("No-downtime DB snapshot", {"db"}),
    ("エラーがないことをヘルスチェックで確認", {"health"}),
    ("レスポンスタイムが1秒未満であることを確認", {"perf"}),
    # one clause negated, the other not
    ("設定ファイルはバックアップするが、DBスナップショットは取らない", {"config"}),
    ("DBスナップショットは取らずに設定ファイルをバックアップ", {"config"}),
    ("Back up the config files but do not snapshot the database", {"config"}),
    ("DBスナップショットは取らないが設定ファイルはバックアップする", {"config"}),
]

SYNONYMS: list[tuple[str, set[str]]] = [
    # the issue's misfiring defaults
    ("SSM Parameter Storeのエクスポート", {"config"}),
    ("SGルールの確認", {"sg"}),
    ("CPU・メモリ使用率の確認", {"resources"}),
    ("p99レイテンシの確認", {"perf"}),
    # the same kinds, other words
    ("パラメータストアのエクスポート", {"config"}),
    ("環境変数のエクスポート", {"config"}),
    ("タスク定義のバックアップ", {"config"}),
    ("Export the SSM parameters to S3", {"config"}),
    ("Review SG rules", {"sg"}),
    ("インバウンドルールの確認", {"sg"}),
    ("Check CPU and memory utilization", {"resources"}),
    ("ディスク使用量の確認", {"resources"}),
    ("DB接続数の上限確認", {"resources"}),
    ("p95 latency check", {"perf"}),
    ("レイテンシの計測", {"perf"}),
    ("Measure p99 latency", {"perf"}),
    ("スループットの確認", {"perf"}),
    ("ACM証明書の失効日確認", {"cert"}),
    ("Check certificate expiry dates", {"cert"}),
    # ... and not those kinds
    ("CPUアラームの有効化", {"alarms"}),
    ("p99レイテンシアラームの有効化", {"alarms"}),
    ("SGルールの変更", set()),
    ("DBスナップショットが取得済みであることを確認", set()),
]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    NEGATED + AFFIRMED + SYNONYMS,
    ids=[p for p, _ in NEGATED + AFFIRMED + SYNONYMS],
)
def test_phrase(lint_messages: Messages, phrase: str, expected: set[str]) -> None:
    assert named(lint_messages, phrase) == expected


def test_issue_examples_give_findings(lint: Lint) -> None:
    # the negated snapshot leaves pre_deployment without one: DL501 at the backups step
    for negated in (
        "データベースのスナップショットは取らない",
        "データベースのスナップショットを取らずに進める",
        "DBバックアップは行わない",
        "DBバックアップなし",
        "Deploy without a database snapshot",
    ):
        text = variant(("データベースのスナップショット作成", negated))
        assert lint({"deployment.yaml": text}, "--select", "DL501") == [
            ("deployment.yaml", 5, NAME, "DL501")
        ], negated
    # the ECS update is no longer followed by a health check: DL502 at the update
    text = variant(
        (
            "ECSサービスの更新\n          - ヘルスチェック\n",
            "ECSサービスの更新\n          - ヘルスチェックは行わない\n",
        )
    )
    assert lint({"deployment.yaml": text}, "--select", "DL502") == [
        ("deployment.yaml", 26, ACTION, "DL502")
    ]


def test_clauses_cut_and_negate() -> None:
    assert clauses("DBスナップショットを取らずに進める") == (
        ("dbスナップショットを取らずに", ""),
        ("進める", "進める"),
    )
    assert clauses("Snapshot the database without downtime") == (
        ("snapshot the database without downtime", "snapshot the database "),
    )
    assert clauses("Back up the config, do not snapshot the database")[1][1] == ""


# --- DL502: an extra snapshot after the migration -------------------------------------

AFTER_MIGRATION = ("          - 統計情報の更新\n", "          - 統計情報の更新\n          - {}\n")


@pytest.mark.parametrize(
    "extra",
    [
        "データベースのスナップショット作成（マイグレーション後）",
        "移行後のDBスナップショット取得",
        "Take a post-migration RDS snapshot",
        "設定ファイルのバックアップ（再取得）",
    ],
)
def test_an_extra_backup_after_the_migration_is_fine(lint: Lint, extra: str) -> None:
    old, new = AFTER_MIGRATION
    text = variant((old, new.format(extra)))
    assert lint({"deployment.yaml": text}, "--select", "DL5") == []


def test_a_backup_after_the_migration_of_a_kind_not_taken_before(lint_related: object) -> None:
    old, new = AFTER_MIGRATION
    # the pre-deployment step takes a config backup only: the late snapshot is DL502's
    text = variant(
        drop("データベースのスナップショット作成"), (old, new.format("DBスナップショット取得"))
    )
    rows = lint_related({"deployment.yaml": text}, "--select", "DL5")  # type: ignore[operator]
    assert [(f.rule, f.severity) for f in rows] == [("DL502", "error")]
    assert "backup 'DBスナップショット取得' (database snapshot) comes after" in rows[0].message


def test_a_late_step_with_one_new_kind_reports_that_backup(lint: Lint) -> None:
    old, new = AFTER_MIGRATION
    text = variant(
        drop("アプリケーションデータのバックアップ"),
        (old, new.format("DBスナップショット取得") + "          - S3バケットのバックアップ\n"),
    )
    # the snapshot repeats the pre-deployment one; the bucket backup is the late one
    assert lint({"deployment.yaml": text}, "--select", "DL5") == [
        ("deployment.yaml", 33, ACTION, "DL502")
    ]


# --- vocabulary phrases: plurals (issue 17 §5) ------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("apply patch", "Apply patches", True),  # -es
        ("apply patch", "apply patch", True),
        ("restart service", "Restart services", True),  # -s
        ("apply patch", "Apply patchesx", False),
        ("apply patch", "Apply patchy", False),
        ("apply patch", "Apply patched", False),
    ],
)
def test_a_phrase_matches_its_plurals(phrase: str, text: str, matches: bool) -> None:
    vocabulary = parse_vocabulary({"patching": [phrase]})
    assert ("patching" in vocabulary.names(text)) is matches


def test_an_es_plural_through_a_pack(lint: Lint, tmp_path: Path) -> None:
    # an update the pack names "apply patch": "Apply patches" is one, with no health check
    extra, path = pack(
        tmp_path,
        "vocabulary:\n  patching: [apply patch]\n"
        "rules:\n  DL502:\n    options:\n      updates: [infra-update, app-update, patching]\n",
    )
    text = variant(
        (
            "          - インデックスの更新\n",
            "          - インデックスの更新\n          - Apply patches\n",
        )
    )
    files = {"deployment.yaml": text, **extra}
    assert lint(files, "--select", "DL502", "--policy", path) == [
        ("deployment.yaml", 32, ACTION, "DL502")
    ]
    assert GUIDE.count("Apply patches") == 0
