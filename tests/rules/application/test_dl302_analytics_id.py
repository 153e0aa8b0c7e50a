"""DL302 analytics-id: src/deploylint/rules/application/dl302_analytics_id.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ENVS, STAGING_ONLY

ANALYTICS = """
config:
  application:
    frontend:
      analytics_id: {id}
"""


@pytest.mark.parametrize(
    ("envs", "analytics_id", "expected"),
    [
        (ENVS, "G-PSW1MY7HB4", []),
        (ENVS, "G-STG4EXAMPL", []),  # one X is not a placeholder
        (ENVS, "G-AB1XXX9CD2", []),  # nor is XXX inside a real id (issue 9)
        (ENVS, "G-XXXXXXXXX1", []),
        (ENVS, "G-XXXX", [("config.yaml", 4, 21, "DL302")]),  # all X after G-
        (STAGING_ONLY, "G-XXXXXXXXXX", []),  # a placeholder outside production
        (ENVS, "UA-12345678-1", [("config.yaml", 4, 21, "DL302")]),
        (ENVS, "G-XXXXXXXXXX", [("config.yaml", 4, 21, "DL302")]),
        # the guide's id is both a dead UA id and a placeholder
        (ENVS, "UA-XXXXXXXXX-X", [("config.yaml", 4, 21, "DL302")] * 2),
        (STAGING_ONLY, "UA-XXXXXXXXX-X", [("config.yaml", 4, 21, "DL302")]),
    ],
)
def test_dl302_positions(
    lint: Lint, envs: str, analytics_id: str, expected: list[tuple[str, int, int, str]]
) -> None:
    files = {"arch.yaml": envs, "config.yaml": ANALYTICS.format(id=analytics_id)}
    assert lint(files, "--select", "DL302") == expected


def test_dl302_messages_and_severities(lint_messages: Messages) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": ANALYTICS.format(id="UA-XXXXXXXXX-X")}
    found = sorted(lint_messages(files, "--select", "DL302"), key=lambda f: f[1])
    assert [severity for _, severity, _ in found] == ["error", "warning"]
    placeholder, dead = (message for _, _, message in found)
    assert "'UA-XXXXXXXXX-X' is a placeholder in production" in placeholder
    assert "G-" in placeholder and "(guide 5.1)" in placeholder
    assert "Universal Analytics" in dead and "2023-07-01" in dead
    assert "GA4 measurement id (G-...)" in dead and "(guide 5.1)" in dead


def test_dl302_production_environments_option(lint_messages: Messages, tmp_path: Path) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": ANALYTICS.format(id="UA-XXXXXXXXX-X")}
    extra, path = rule_pack(tmp_path, "DL302", "production_environments: []")
    found = lint_messages({**files, **extra}, "--select", "DL302", "--policy", path)
    assert [severity for _, severity, _ in found] == ["warning"]  # the placeholder is allowed
