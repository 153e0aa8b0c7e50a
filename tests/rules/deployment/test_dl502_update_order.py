"""DL502 `order` (guide 4.1 デプロイメントプロセス): インフラ更新 -> アプリケーション更新 ->
データベース更新, Dockerイメージのビルド -> イメージのプッシュ -> ECSサービスの更新, the
index and statistics updates after the migration. Real files, the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ACTION, GUIDE, NAME, Lint, Messages, drop, pack, variant

from .shared import action, fix, step

LintJson = Callable[..., tuple[int, dict[str, Any]]]

INFRA = step("インフラ更新", "Terraformの実行", "インフラ変更の確認", "ヘルスチェック")
APP = step(
    "アプリケーション更新",
    "Dockerイメージのビルド",
    "イメージのプッシュ",
    "ECSサービスの更新",
    "ヘルスチェック",
)
DATABASE = step(
    "データベース更新", "マイグレーションの実行", "インデックスの更新", "統計情報の更新"
)


def steps_in(*order: str) -> str:
    """The guide's process with its three deployment steps in ``order``."""
    return GUIDE.replace(INFRA + APP + DATABASE, "".join(order))


def test_the_three_steps_are_the_guides_block() -> None:
    assert INFRA + APP + DATABASE in GUIDE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the guide's order
        (GUIDE, []),
        # the database step moved before the application step: one finding, at the
        # first item that breaks the order (the app update, after the migration)
        (steps_in(INFRA, DATABASE, APP), [(31, ACTION)]),
        # the infrastructure step moved to the end: Terraform after the updates it precedes
        (steps_in(APP, DATABASE, INFRA), [(30, ACTION)]),
        # all three reversed: the two that come before Terraform
        (steps_in(DATABASE, APP, INFRA), [(19, ACTION), (26, ACTION)]),
        # push before build, in the step
        (
            variant(
                (
                    action("Dockerイメージのビルド") + action("イメージのプッシュ"),
                    action("イメージのプッシュ") + action("Dockerイメージのビルド"),
                )
            ),
            [(24, ACTION)],
        ),
        # the ECS update before the image it deploys is pushed
        (
            variant(
                (
                    action("イメージのプッシュ") + action("ECSサービスの更新"),
                    action("ECSサービスの更新") + action("イメージのプッシュ"),
                )
            ),
            [(26, ACTION)],
        ),
        # the statistics update before the migration
        (
            variant(
                drop("統計情報の更新"),
                (
                    action("マイグレーションの実行"),
                    action("統計情報の更新") + action("マイグレーションの実行"),
                ),
            ),
            [(30, ACTION)],
        ),
        # the index update moved to pre_deployment: before the migration
        (
            variant(
                drop("インデックスの更新"),
                (
                    action("証明書の有効期限確認"),
                    action("証明書の有効期限確認") + action("インデックスの更新"),
                ),
            ),
            [(15, ACTION)],
        ),
    ],
    ids=[
        "guide",
        "database-before-app",
        "infra-last",
        "reversed",
        "push-before-build",
        "update-before-push",
        "statistics-before-migration",
        "index-in-pre-deployment",
    ],
)
def test_dl502_order_positions(lint: Lint, text: str, expected: list[tuple[int, int]]) -> None:
    found = lint({"deployment.yaml": text}, "--select", "DL502")
    assert found == [("deployment.yaml", line, col, "DL502") for line, col in expected]


def test_dl502_order_message_found_expected_why(lint_json: LintJson) -> None:
    _, data = lint_json({"deployment.yaml": steps_in(INFRA, DATABASE, APP)}, "--select", "DL502")
    [finding] = data["findings"]
    assert (finding["rule"], finding["severity"]) == ("DL502", "error")
    assert finding["message"] == (
        "'ECSサービスの更新' (app update) comes after the migration 'マイグレーションの実行' "
        "(deployment.deployment.steps[1].actions[0]); expected order: infra update → app "
        "update → migration; move it before that step (guide 4.1)"
    )
    [related] = finding["related"]
    assert (related["line"], related["message"]) == (24, "the migration is here")


def test_dl502_order_message_too_early(lint_json: LintJson) -> None:
    # the statistics update moved into pre_deployment, before everything it should follow:
    # it is the one out of place
    text = variant(
        drop("統計情報の更新"),
        (action("証明書の有効期限確認"), action("証明書の有効期限確認") + action("統計情報の更新")),
    )
    _, data = lint_json({"deployment.yaml": text}, "--select", "DL502")
    [finding] = data["findings"]
    assert finding["line"] == 15
    assert finding["message"] == (
        "'統計情報の更新' (statistics update) comes before the migration 'マイグレーションの実行' "
        "(deployment.deployment.steps[2].actions[0]); expected order: migration → statistics "
        "update; move it after that step (guide 4.1)"
    )
    assert finding.get("fix") is None  # across phases: no move is offered

    # two items in one step, the wrong way round: the follow-up is reported, and moved
    text = variant(
        drop("統計情報の更新"),
        (
            action("マイグレーションの実行"),
            action("統計情報の更新") + action("マイグレーションの実行"),
        ),
    )
    _, data = lint_json({"deployment.yaml": text}, "--select", "DL502")
    [finding] = data["findings"]
    assert finding["message"].startswith(
        "'統計情報の更新' (statistics update) comes before the migration 'マイグレーションの実行'"
    )
    assert finding["fix"]["description"] == "move the action after 'マイグレーションの実行'"


def test_dl502_order_in_japanese(lint_messages: Messages) -> None:
    text = steps_in(INFRA, DATABASE, APP)
    [(rule, _, message)] = lint_messages(
        {"deployment.yaml": text}, "--select", "DL502", "--lang", "ja"
    )
    assert rule == "DL502"
    assert message.startswith(
        "'ECSサービスの更新'（アプリケーションの更新）がマイグレーション 'マイグレーションの実行'"
    )
    assert "期待される順序: インフラの更新 → アプリケーションの更新 → マイグレーション" in message
    assert "ガイド「4.1 デプロイメントプロセス」" in message


@pytest.mark.parametrize(
    "text",
    [
        # a step named as the update, its actions unknown: the name stands for the step, and
        # build and push inside it are not "after the app update"
        variant(
            (
                action("ECSサービスの更新") + action("ヘルスチェック"),
                action("./deploy.sh prod") + action("ヘルスチェック"),
            )
        ),
        # one action naming two concepts of a sequence has no place of its own
        variant(
            (
                action("Dockerイメージのビルド") + action("イメージのプッシュ"),
                action("Build and push the Docker image"),
            )
        ),
        # a rollback contingency after the index update is no migration
        variant(
            (
                action("統計情報の更新"),
                action("統計情報の更新") + action("失敗時はマイグレーションをロールバック"),
            )
        ),
        # a snapshot "after the migration" is a backup, not a migration
        variant(
            (
                action("統計情報の更新"),
                action("統計情報の更新") + action("Take a post-migration RDS snapshot"),
            )
        ),
        # a negated update names nothing: an infra update that is "not run" cannot be late
        variant(
            (
                action("統計情報の更新"),
                action("統計情報の更新") + action("Terraformの再実行はしない"),
            )
        ),
        variant(
            (
                action("統計情報の更新"),
                action("統計情報の更新") + action("Do not run terraform apply again"),
            )
        ),
    ],
    ids=[
        "step-name",
        "two-concepts",
        "rollback",
        "post-migration-snapshot",
        "negated-ja",
        "negated-en",
    ],
)
def test_dl502_order_no_false_findings(lint: Lint, text: str) -> None:
    assert lint({"deployment.yaml": text}, "--select", "DL5") == []


def test_dl502_order_a_late_infra_update_is_one(lint: Lint) -> None:
    # a second Terraform run after the app update: out of the guide's order ...
    text = variant(
        (
            action("統計情報の更新"),
            action("統計情報の更新") + action("terraform apply") + action("ヘルスチェック"),
        )
    )
    assert lint({"deployment.yaml": text}, "--select", "DL502") == [
        ("deployment.yaml", 33, ACTION, "DL502")
    ]


ENGLISH = """
deployment:
  deployment:
    steps:
      - name: Infrastructure
        actions: [terraform plan, terraform apply, aws ecs wait services-stable]
      - name: Database
        actions: [alembic upgrade head, REINDEX DATABASE app, VACUUM ANALYZE]
      - name: Application
        actions: [docker build, docker push, aws ecs update-service, Health check]
"""


def test_dl502_a_team_pack_changes_the_order(lint: Lint, tmp_path: Path) -> None:
    # the team migrates before it deploys the code (expand/contract): the guide's order fires
    files = {"deployment.yaml": ENGLISH}
    assert lint(files, "--select", "DL502") == [("deployment.yaml", 9, 46, "DL502")]
    extra, path = pack(
        tmp_path,
        """
rules:
  DL502:
    options:
      order:
        - [infra-update, migration, app-update]
        - [image-build, image-push, app-update]
""",
    )
    assert lint({**files, **extra}, "--select", "DL502", "--policy", path) == []
    # and its own order is held: the guide's order is now the finding
    guide_order = ENGLISH.replace(
        "      - name: Database\n        actions: [alembic upgrade head, REINDEX DATABASE app, VACUUM ANALYZE]\n",
        "",
    ).replace(
        "Health check]\n",
        "Health check]\n      - name: Database\n        actions: [alembic upgrade head, REINDEX DATABASE app, VACUUM ANALYZE]\n",
    )
    assert lint(
        {"deployment.yaml": guide_order, **extra}, "--select", "DL502", "--policy", path
    ) == [("deployment.yaml", 9, 19, "DL502")]
    # no order at all
    extra, path = pack(tmp_path, "rules:\n  DL502:\n    options:\n      order: []\n")
    assert lint({**files, **extra}, "--select", "DL502", "--policy", path) == []


def test_dl502_order_fix_moves_the_step(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "deployment.yaml").write_text(steps_in(INFRA, DATABASE, APP), encoding="utf-8")
    output = fix(folder, "--select", "DL502")
    assert "fixed" in output
    assert (folder / "deployment.yaml").read_text(encoding="utf-8") == GUIDE


def test_dl502_order_fix_moves_the_action(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    swapped = variant(
        (
            action("Dockerイメージのビルド") + action("イメージのプッシュ"),
            action("イメージのプッシュ") + action("Dockerイメージのビルド"),
        )
    )
    (folder / "deployment.yaml").write_text(swapped, encoding="utf-8")
    fix(folder, "--select", "DL502")
    assert (folder / "deployment.yaml").read_text(encoding="utf-8") == GUIDE


def test_dl502_order_step_names_are_positions(lint: Lint) -> None:
    # steps known only by their names, in the wrong order: the name is the place to edit;
    # the build and push inside the app step are not "after" its name
    text = """
    deployment:
      deployment:
        steps:
          - name: アプリケーション更新
            actions: [./deploy.sh, ヘルスチェック, Dockerイメージのビルド, イメージのプッシュ]
          - name: インフラ更新
            actions: [make infra, ヘルスチェック, インフラ変更の確認]
    """
    assert lint({"deployment.yaml": text}, "--select", "DL502") == [
        ("deployment.yaml", 4, NAME, "DL502")
    ]
