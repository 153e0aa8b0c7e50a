"""DL301 https-urls: src/deploylint/rules/application/dl301_https_urls.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ENVS, STAGING_ONLY

FRONTEND = """
config:
  application:
    frontend:
      api_url: {api}
      cdn_url: {cdn}
"""


@pytest.mark.parametrize(
    ("envs", "api", "cdn", "expected"),
    [
        (ENVS, "https://api.datasets.acme.co.jp", "https://cdn.datasets.acme.co.jp", []),
        (ENVS, "https://api.acme.co.jp:8443/v1", "https://d111.cloudfront.net", []),
        # staging is not production: neither http nor placeholders are its concern
        (STAGING_ONLY, "http://localhost:8000", "http://cdn.example.com", []),
        (ENVS, "http://api.datasets.acme.co.jp", "https://cdn.datasets.acme.co.jp", [4]),
        (ENVS, "https://api.datasets.acme.co.jp", "api.datasets.acme.co.jp", [5]),
        (ENVS, "https://api.example.com", "https://cdn.example.org", [4, 5]),
        (ENVS, "https://localhost", "https://127.0.0.1", [4, 5]),
        (ENVS, "https://api.acme.test", "https://cdn.example", [4, 5]),
        # http and localhost: both findings on the one line
        (ENVS, "http://localhost:8000", "https://cdn.datasets.acme.co.jp", [4, 4]),
    ],
)
def test_dl301_positions(lint: Lint, envs: str, api: str, cdn: str, expected: list[int]) -> None:
    files = {"arch.yaml": envs, "config.yaml": FRONTEND.format(api=api, cdn=cdn)}
    assert lint(files, "--select", "DL301") == [("config.yaml", n, 16, "DL301") for n in expected]


def test_dl301_messages_and_severities(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": FRONTEND.format(api="http://api.acme.co.jp", cdn="https://cdn.example.com"),
    }
    found = lint_messages(files, "--select", "DL301")
    assert [(rule, severity) for rule, severity, _ in found] == [
        ("DL301", "error"),
        ("DL301", "warning"),
    ]
    http, placeholder = (message for _, _, message in found)
    assert "'http://api.acme.co.jp' uses http://" in http
    assert "in production" in http and "https://host" in http and "(guide 5.1)" in http
    assert "'https://cdn.example.com'" in placeholder
    assert "example.com" in placeholder and "real public host" in placeholder
    assert "(guide 5.1)" in placeholder


def test_dl301_production_environments_option(lint: Lint, lint_json: Any, tmp_path: Path) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": FRONTEND.format(api="http://api.acme.co.jp", cdn="https://cdn.acme.co.jp"),
    }
    assert lint(files, "--select", "DL301") == [("config.yaml", 4, 16, "DL301")]
    extra, path = rule_pack(tmp_path, "DL301", "production_environments: [live]")
    assert lint({**files, **extra}, "--select", "DL301", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL301", "production_environments: [production, staging]")
    rows = lint({**files, **extra}, "--select", "DL301", "--policy", path)
    assert rows == [("config.yaml", 4, 16, "DL301")]  # once: the same finding in both
    _, data = lint_json({**files, **extra}, "--select", "DL301", "--policy", path)
    assert data["findings"][0]["environment"] == "production,staging"


def test_dl301_finding_names_its_environment(lint_json: Any, tmp_path: Path) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": FRONTEND.format(api="http://api.acme.co.jp", cdn="https://cdn.acme.co.jp"),
    }
    extra, path = rule_pack(tmp_path, "DL301", "production_environments: [staging]")
    _, data = lint_json({**files, **extra}, "--select", "DL301", "--policy", path)
    assert [(f["environment"], f["line"]) for f in data["findings"]] == [("staging", 4)]
