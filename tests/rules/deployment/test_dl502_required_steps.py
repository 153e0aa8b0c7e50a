"""DL502 `requires` (guide 4.1 デプロイメントプロセス): インフラ変更の確認 with the infra update,
Dockerイメージのビルド and イメージのプッシュ with the app update, インデックスの更新 and
統計情報の更新 with the migration; negated actions name nothing. Real files, the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ACTION, GUIDE, Lint, Messages, drop, pack, variant

from .shared import action, fix, replace

LintJson = Callable[..., tuple[int, dict[str, Any]]]

TERRAFORM = (19, ACTION)  # Terraformの実行
ECS = (26, ACTION)  # ECSサービスの更新
MIGRATION = (30, ACTION)  # マイグレーションの実行


def at(*places: tuple[int, int]) -> list[tuple[str, int, int, str]]:
    return [("deployment.yaml", line, col, "DL502") for line, col in places]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # each required step dropped: one finding at the update it goes with (lines after a
        # dropped action move up by one)
        ([drop("インフラ変更の確認")], [TERRAFORM]),
        ([drop("Dockerイメージのビルド")], [(25, ACTION)]),
        ([drop("イメージのプッシュ")], [(25, ACTION)]),
        ([drop("インデックスの更新")], [MIGRATION]),
        ([drop("統計情報の更新")], [MIGRATION]),
        ([drop("インデックスの更新"), drop("統計情報の更新")], [MIGRATION, MIGRATION]),
        # negated, in Japanese: by form, whatever the verb
        ([replace("インフラ変更の確認", "インフラ変更の確認は行わない")], [TERRAFORM]),
        ([replace("インフラ変更の確認", "インフラ変更の確認を行わずに進める")], [TERRAFORM]),
        ([replace("インフラ変更の確認", "インフラ変更の確認なし")], [TERRAFORM]),
        ([replace("インフラ変更の確認", "Terraform planの確認は省略")], [TERRAFORM]),
        ([replace("イメージのプッシュ", "イメージのプッシュはしない")], [ECS]),
        ([replace("Dockerイメージのビルド", "Dockerイメージはビルドせず既存のものを使う")], [ECS]),
        ([replace("インデックスの更新", "インデックスの更新は不要")], [MIGRATION]),
        ([replace("統計情報の更新", "統計情報の更新は未実施")], [MIGRATION]),
        ([replace("統計情報の更新", "統計情報は更新しません")], [MIGRATION]),
        # negated, in English: words and phrases
        ([replace("インフラ変更の確認", "Do not review infrastructure changes")], [TERRAFORM]),
        ([replace("インフラ変更の確認", "Apply without reviewing the plan")], [TERRAFORM]),
        ([replace("インフラ変更の確認", "Skip the terraform plan")], [TERRAFORM]),
        ([replace("イメージのプッシュ", "Don't push the image")], [ECS]),
        ([replace("インデックスの更新", "No index rebuild")], [MIGRATION]),
        ([replace("統計情報の更新", "Statistics are no longer updated")], [MIGRATION]),
        # checking a thing is not doing it
        ([replace("統計情報の更新", "統計情報の確認")], [MIGRATION]),
        ([replace("インデックスの更新", "Check the indexes")], [MIGRATION]),
        # the team's wording, recognised by form (no finding)
        ([replace("インフラ変更の確認", "terraform plan の差分をレビュー")], []),
        ([replace("インフラ変更の確認", "Review the Terraform plan output")], []),
        ([replace("インフラ変更の確認", "CloudFormation change setの確認")], []),
        ([replace("Dockerイメージのビルド", "docker buildx build --platform linux/arm64")], []),
        ([replace("イメージのプッシュ", "ECRへイメージをプッシュ")], []),
        ([replace("インデックスの更新", "REINDEX DATABASE app")], []),
        ([replace("統計情報の更新", "VACUUM ANALYZE")], []),
        ([replace("統計情報の更新", "Update planner statistics")], []),
    ],
)
def test_dl502_required_positions(
    lint: Lint, changes: list[tuple[str, str]], expected: list[tuple[int, int]]
) -> None:
    assert lint({"deployment.yaml": variant(*changes)}, "--select", "DL502") == at(*expected)


def test_dl502_the_review_may_come_before_the_apply(lint: Lint) -> None:
    # a plan read in pre_deployment reviews the change the apply makes
    text = variant(
        drop("インフラ変更の確認"),
        (action("証明書の有効期限確認"), action("証明書の有効期限確認") + action("terraform plan")),
    )
    assert lint({"deployment.yaml": text}, "--select", "DL5") == []


def test_dl502_no_update_no_requirement(lint: Lint) -> None:
    # a process that runs no migration is not asked for index or statistics updates
    text = variant(
        drop("マイグレーションの実行"), drop("インデックスの更新"), drop("統計情報の更新")
    )
    assert lint({"deployment.yaml": text}, "--select", "DL502") == []
    # a negated migration is none either
    text = variant(
        replace("マイグレーションの実行", "マイグレーションは実行しない"),
        drop("インデックスの更新"),
        drop("統計情報の更新"),
    )
    assert lint({"deployment.yaml": text}, "--select", "DL502") == []


def test_dl502_required_message(lint_json: LintJson) -> None:
    _, data = lint_json(
        {"deployment.yaml": variant(drop("インフラ変更の確認"))}, "--select", "DL502"
    )
    [finding] = data["findings"]
    assert (finding["rule"], finding["severity"], finding["line"]) == ("DL502", "error", 19)
    assert finding["message"] == (
        "the process has 'Terraformの実行' (infra update) but no step or action matching "
        "'infra-change-review' (e.g. 'インフラ変更の確認', 'terraform plan', or a phrase with "
        "'インフラ' / 'インフラストラクチャ' and '変更' / '差分' and '確認' / 'チェック'); "
        "expected with every infra update: infra change review (guide 4.1); if a step already "
        "does this in other words, add that phrase to 'infra-change-review' in the policy "
        "pack's `vocabulary:`"
    )
    assert finding["fix"]["safety"] == "unsafe"


def test_dl502_required_message_in_japanese(lint_messages: Messages) -> None:
    text = variant(drop("統計情報の更新"))
    [(rule, _, message)] = lint_messages(
        {"deployment.yaml": text}, "--select", "DL502", "--lang", "ja"
    )
    assert rule == "DL502"
    assert message.startswith(
        "プロセスに 'マイグレーションの実行'（マイグレーション）がありますが、'statistics-update'"
    )
    assert (
        "マイグレーションには次が伴う必要があります: インデックスの更新、統計情報の更新" in message
    )
    assert "ガイド「4.1 デプロイメントプロセス」" in message


def test_dl502_a_team_pack_changes_what_is_required(lint: Lint, tmp_path: Path) -> None:
    files = {"deployment.yaml": variant(drop("インフラ変更の確認"), drop("統計情報の更新"))}
    assert lint(files, "--select", "DL502") == at(TERRAFORM, (29, ACTION))
    # the team drops the statistics update and teaches its own review wording
    extra, path = pack(
        tmp_path,
        """
vocabulary:
  infra-change-review: [atlantis plan]
rules:
  DL502:
    options:
      requires:
        infra-update: [infra-change-review]
        migration: [index-update]
""",
    )
    assert lint({**files, **extra}, "--select", "DL502", "--policy", path) == at(TERRAFORM)
    taught = variant(replace("インフラ変更の確認", "atlantis plan"), drop("統計情報の更新"))
    assert lint({"deployment.yaml": taught, **extra}, "--select", "DL502", "--policy", path) == []
    # a team requiring more: a canary release with every app update
    extra, path = pack(
        tmp_path,
        "vocabulary:\n  canary: [canary release, カナリアリリース]\n"
        "rules:\n  DL502:\n    options:\n      requires:\n        app-update: [canary]\n",
    )
    assert lint({"deployment.yaml": GUIDE, **extra}, "--select", "DL502", "--policy", path) == at(
        ECS
    )


@pytest.mark.parametrize(
    ("changes", "inserted"),
    [
        # after the update it goes with
        (
            [drop("インフラ変更の確認")],
            ("Terraformの実行\n", "Terraformの実行\n" + action("インフラ変更の確認")),
        ),
        # before the app update, and after the build (the build comes before the push)
        (
            [drop("イメージのプッシュ")],
            ("Dockerイメージのビルド\n", "Dockerイメージのビルド\n" + action("イメージのプッシュ")),
        ),
        # before the push
        (
            [drop("Dockerイメージのビルド")],
            (
                "アプリケーション更新\n        actions:\n",
                "アプリケーション更新\n        actions:\n" + action("Dockerイメージのビルド"),
            ),
        ),
        # after the migration and the index update that goes with it
        (
            [drop("統計情報の更新")],
            ("インデックスの更新\n", "インデックスの更新\n" + action("統計情報の更新")),
        ),
    ],
    ids=["review", "push", "build", "statistics"],
)
def test_dl502_fix_inserts_the_missing_step(
    tmp_path: Path, changes: list[tuple[str, str]], inserted: tuple[str, str]
) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    target = folder / "deployment.yaml"
    broken = variant(*changes)
    target.write_text(broken, encoding="utf-8")
    output = fix(folder, "--select", "DL502")
    assert "1 fixed." in output
    old, new = inserted
    assert target.read_text(encoding="utf-8") == broken.replace(old, new, 1) == GUIDE


def test_dl502_fix_in_an_english_process_writes_english(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    target = folder / "deployment.yaml"
    target.write_text(
        "deployment:\n"
        "  deployment:\n"
        "    steps:\n"
        "      - name: Database\n"
        "        actions:\n"
        "          - alembic upgrade head\n"
        "          - Health check\n",
        encoding="utf-8",
    )
    fix(folder, "--select", "DL502")
    assert target.read_text(encoding="utf-8") == (
        "deployment:\n"
        "  deployment:\n"
        "    steps:\n"
        "      - name: Database\n"
        "        actions:\n"
        "          - alembic upgrade head\n"
        "          - REINDEX\n"
        "          - vacuum analyze\n"
        "          - Health check\n"
    )
