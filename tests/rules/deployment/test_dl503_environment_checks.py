"""DL503 environment-checks: src/deploylint/rules/deployment/dl503_environment_checks.py (from test_dl5xx_deployment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import NAME, STEPS, Lint, Messages, drop, pack, variant


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
