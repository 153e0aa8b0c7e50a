"""DL504 post-deploy-verification: src/deploylint/rules/deployment/dl504_post_deploy_verification.py (from test_dl5xx_deployment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import GUIDE, NAME, STEPS, Lint, Related, drop, pack, variant


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
