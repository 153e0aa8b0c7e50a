"""DL308 rate-limit: src/deploylint/rules/application/dl308_rate_limit.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ENVS, STAGING_ONLY

RATE = """
config:
  security:
    cors:
      allowed_methods: [GET]
{rate}"""


@pytest.mark.parametrize(
    ("envs", "rate", "expected"),
    [
        (ENVS, "    rate_limit: {requests: 1000, period: 3600}\n", []),
        (ENVS, "    rate_limit: {requests: 10, period: 1m}\n", []),
        (STAGING_ONLY, "", []),  # staging needs none
        (ENVS, "", [(2, 3)]),  # points at security:, where rate_limit belongs
        (ENVS, "    rate_limit: {requests: 0, period: 3600}\n", [(5, 28)]),
        (ENVS, "    rate_limit: {requests: 1000, period: 0}\n", [(5, 42)]),
        (ENVS, "    rate_limit: {requests: 1000}\n", [(5, 5)]),
    ],
)
def test_dl308_positions(lint: Lint, envs: str, rate: str, expected: list[tuple[int, int]]) -> None:
    files = {"arch.yaml": envs, "config.yaml": RATE.format(rate=rate)}
    rows = lint(files, "--select", "DL308")
    assert rows == [("config.yaml", line, col, "DL308") for line, col in expected]


def test_dl308_without_a_config_section(lint: Lint) -> None:
    assert lint({"arch.yaml": ENVS}, "--select", "DL308") == []
    # a `config` section without `security` lacks the rate limit, at `config:`
    files = {"arch.yaml": ENVS, "config.yaml": "config:\n  application:\n    api: {port: 8000}\n"}
    assert lint(files, "--select", "DL308") == [("config.yaml", 1, 1, "DL308")]


def test_dl308_messages(lint_messages: Messages) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": RATE.format(rate="")}
    [(rule, severity, message)] = lint_messages(files, "--select", "DL308")
    assert (rule, severity) == ("DL308", "error")
    assert "production has no config.security.rate_limit" in message
    assert "1000 requests per 3600 seconds" in message and "(guide 5.1)" in message
    rate = "    rate_limit: {requests: -5, period: 3600}\n"
    files = {"arch.yaml": ENVS, "config.yaml": RATE.format(rate=rate)}
    [(_, _, message)] = lint_messages(files, "--select", "DL308")
    assert "rate_limit requests is -5 in production; expected a value above 0" in message


def test_dl308_production_environments_option(lint: Lint, tmp_path: Path) -> None:
    files = {"arch.yaml": STAGING_ONLY, "config.yaml": RATE.format(rate="")}
    assert lint(files, "--select", "DL308") == []
    extra, path = rule_pack(tmp_path, "DL308", "production_environments: [staging]")
    rows = lint({**files, **extra}, "--select", "DL308", "--policy", path)
    assert rows == [("config.yaml", 2, 3, "DL308")]
