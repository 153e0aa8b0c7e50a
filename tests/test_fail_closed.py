"""Issue 14 §2: no input switches a check off quietly (through the real CLI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .conftest import Lint, Messages

LintJson = Callable[..., tuple[int, dict[str, Any]]]

OPEN_DB = """
architecture:
  environments:
    production: {region: ap-northeast-1}
  components:
    database: {engine: PostgreSQL}
infrastructure:
  network:
    security:
      groups:
        rds:
          inbound:
            - {port: 5432, source: 0.0.0.0/0, protocol: tcp}
"""


# --- a misspelt section fails the run ---------------------------------------------------


def test_misspelt_top_level_section_is_an_error_with_did_you_mean(
    lint_json: LintJson,
) -> None:
    text = OPEN_DB.replace("infrastructure:", "infrastucture:")
    code, data = lint_json({"app.yaml": text})
    [dl004] = [f for f in data["findings"] if f["rule"] == "DL004"]
    assert (dl004["line"], dl004["column"], dl004["severity"]) == (6, 1, "error")
    assert "did you mean 'infrastructure'" in dl004["message"]
    assert code == 1


def test_unknown_nested_key_stays_a_warning(lint_messages: Messages) -> None:
    rows = lint_messages({"app.yaml": "config:\n  cache: {timeuot: 5}\n"}, "--select", "DL004")
    assert rows and all(severity == "warning" for _, severity, _ in rows)


def test_misspelt_section_can_be_suppressed_with_a_reason(lint: Lint) -> None:
    text = '# deploylint: disable=DL004 reason="vendor extension block"\nvendor_block:\n  a: 1\n'
    text += "config:\n  cache: {timeout: 5}\n"
    assert lint({"app.yaml": text}, "--select", "DL0") == []
