"""DL504 (guide 4.1 デプロイメントプロセス, post_deployment 監視設定): ログ収集の確認 and
メトリクスの確認 after the deployment, in Japanese or English; negated, misplaced or missing
ones are reported at the verification step. Real files, the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import GUIDE, NAME, Lint, Messages, drop, pack, variant

from .shared import action, fix, replace

LintJson = Callable[..., tuple[int, dict[str, Any]]]

VERIFY = (35, NAME)  # the 検証 step, where a missing verification belongs


def at(*places: tuple[int, int]) -> list[tuple[str, int, int, str]]:
    return [("deployment.yaml", line, col, "DL504") for line, col in places]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([], []),
        ([drop("ログ収集の確認")], [VERIFY]),
        ([drop("メトリクスの確認")], [VERIFY]),
        ([drop("ログ収集の確認"), drop("メトリクスの確認")], [VERIFY, VERIFY]),
        # looking at the logs is not checking that they are collected
        ([replace("ログ収集の確認", "ログの確認（再）")], [VERIFY]),
        # negated, in Japanese
        ([replace("ログ収集の確認", "ログ収集の確認はしない")], [VERIFY]),
        ([replace("ログ収集の確認", "ログ転送は確認せずに終了")], [VERIFY]),
        ([replace("メトリクスの確認", "メトリクスの確認は行わない")], [VERIFY]),
        ([replace("メトリクスの確認", "メトリクスの確認は省略")], [VERIFY]),
        ([replace("メトリクスの確認", "メトリクス確認なし")], [VERIFY]),
        ([replace("メトリクスの確認", "メトリクスは未確認")], [VERIFY]),
        # negated, in English
        ([replace("ログ収集の確認", "Do not verify log collection")], [VERIFY]),
        ([replace("メトリクスの確認", "Don't check the metrics")], [VERIFY]),
        ([replace("メトリクスの確認", "Finish without checking metrics")], [VERIFY]),
        ([replace("メトリクスの確認", "Metrics are no longer reviewed")], [VERIFY]),
        # setting up collection is not checking it; an alarm is not the metrics
        ([replace("ログ収集の確認", "ログ収集の設定")], [VERIFY]),
        ([replace("メトリクスの確認", "メトリクスアラームの確認")], [VERIFY]),
        # the team's wording, recognised by form
        ([replace("ログ収集の確認", "CloudWatch Logsへのログ転送を確認")], []),
        ([replace("ログ収集の確認", "Verify logs are shipped to CloudWatch Logs")], []),
        ([replace("ログ収集の確認", "FireLensのログ出力をチェック")], []),
        ([replace("メトリクスの確認", "CloudWatchメトリクスをダッシュボードで確認")], []),
        ([replace("メトリクスの確認", "Review the Grafana dashboards")], []),
        ([replace("メトリクスの確認", "Check the CloudWatch metrics")], []),
    ],
)
def test_dl504_log_collection_and_metrics(
    lint: Lint, changes: list[tuple[str, str]], expected: list[tuple[int, int]]
) -> None:
    assert lint({"deployment.yaml": variant(*changes)}, "--select", "DL504") == at(*expected)


def test_dl504_message_found_expected_why(lint_json: LintJson) -> None:
    text = variant(drop("メトリクスの確認"))
    _, data = lint_json({"deployment.yaml": text}, "--select", "DL504")
    [finding] = data["findings"]
    assert (finding["rule"], finding["severity"], finding["line"]) == ("DL504", "warning", 35)
    message = finding["message"]
    assert message.startswith(
        "post_deployment has no step or action matching 'metrics-check' (e.g. 'メトリクスの確認', "
        "'check metrics', or a phrase with 'メトリクス' / 'メトリック' and '確認' / 'チェック')"
    )
    assert (
        "expected after deploying: app verification, performance check, log check, enable "
        "alarms, log collection check, metrics check (guide 4.1)" in message
    )
    assert finding["fix"]["description"] == "add the action 'メトリクスの確認' to this step"


def test_dl504_in_japanese(lint_messages: Messages) -> None:
    text = variant(drop("ログ収集の確認"))
    [(_, _, message)] = lint_messages(
        {"deployment.yaml": text}, "--select", "DL504", "--lang", "ja"
    )
    assert "'log-collection-check'" in message
    assert "ログ収集の確認、メトリクスの確認" in message
    assert "ガイド「4.1 デプロイメントプロセス」" in message


def test_dl504_a_check_before_the_deployment_is_misplaced(lint_json: LintJson) -> None:
    # checking the metrics before deploying says nothing about the release
    text = variant(
        drop("メトリクスの確認"),
        (
            action("証明書の有効期限確認"),
            action("証明書の有効期限確認") + action("メトリクスの確認"),
        ),
    )
    _, data = lint_json({"deployment.yaml": text}, "--select", "DL504")
    [finding] = data["findings"]
    assert finding["line"] == 36  # the 検証 step, one line down
    assert (
        "'メトリクスの確認' (deployment.pre_deployment.steps[1].actions[3]) is in pre_deployment"
        in (finding["message"])
    )
    assert [(r["line"], r["message"]) for r in finding["related"]] == [
        (15, "'メトリクスの確認' is here, in pre_deployment")
    ]


def test_dl504_a_team_pack_changes_the_verifications(lint: Lint, tmp_path: Path) -> None:
    files = {"deployment.yaml": variant(drop("ログ収集の確認"), drop("メトリクスの確認"))}
    assert lint(files, "--select", "DL504") == at(VERIFY, VERIFY)
    extra, path = pack(
        tmp_path,
        """
rules:
  DL504:
    options:
      verifications: [app-verification, performance-check, log-check, enable-alarms]
""",
    )
    assert lint({**files, **extra}, "--select", "DL504", "--policy", path) == []
    # its own wording for the log collection check
    extra, path = pack(tmp_path, "vocabulary:\n  log-collection-check: [Datadogでログ受信を確認]\n")
    taught = variant(replace("ログ収集の確認", "Datadogでログ受信を確認"))
    assert lint({"deployment.yaml": taught, **extra}, "--select", "DL504", "--policy", path) == []
    assert lint({"deployment.yaml": taught}, "--select", "DL504") == at(VERIFY)


def test_dl504_fix_inserts_both_checks(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    target = folder / "deployment.yaml"
    target.write_text(variant(drop("ログ収集の確認"), drop("メトリクスの確認")), encoding="utf-8")
    fix(folder, "--select", "DL504")
    text = target.read_text(encoding="utf-8")
    # into the verification step (検証), in the order of the pack's list, in the file's language
    without = GUIDE.replace(action("ログ収集の確認") + action("メトリクスの確認"), "")
    assert text == without.replace(
        action("ログの確認"),
        action("ログの確認") + action("ログ収集の確認") + action("メトリクスの確認"),
    )


def test_dl504_the_guide_and_the_examples_pass(lint: Lint) -> None:
    assert lint({"deployment.yaml": GUIDE}, "--select", "DL5") == []
