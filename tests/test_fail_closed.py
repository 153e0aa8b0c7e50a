"""Issue 14 §2: no input switches a check off quietly (through the real CLI)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

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


# --- null removes an inherited entry at any depth ----------------------------------------

NULL_BASE = """
architecture:
  environments:
    production: {region: ap-northeast-1}
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 443, source: 0.0.0.0/0}
        debug:
          inbound:
            - {port: 22, source: 0.0.0.0/0}
  monitoring:
    cloudwatch:
      alarms:
        high_cpu: {threshold: 80, period: 300, evaluation_periods: 2}
        high_memory: {threshold: 80, period: 7, evaluation_periods: 2}
"""


def test_null_removes_an_inherited_mapping_entry(lint_json: LintJson) -> None:
    child = """
    extends: base.yaml
    infrastructure:
      network:
        security:
          groups: {debug: null}
      monitoring:
        cloudwatch:
          alarms: {high_memory: null}
    """
    _, before = lint_json({"base.yaml": NULL_BASE})
    assert {"DL205", "DL401"} <= {f["rule"] for f in before["findings"]}
    _, data = lint_json({"base.yaml": NULL_BASE, "production.yaml": child})
    rules = {f["rule"] for f in data["findings"]}
    assert not rules & {"DL002", "DL205", "DL401"}, data["findings"]


@pytest.mark.parametrize(("value_file", "null_file"), [("a.yaml", "b.yaml"), ("b.yaml", "a.yaml")])
def test_a_null_in_an_unrelated_file_removes_nothing_in_either_name_order(
    lint_json: LintJson, value_file: str, null_file: str
) -> None:
    null = "infrastructure:\n  network:\n    security:\n      groups: {debug: null}\n"
    _, data = lint_json({value_file: NULL_BASE, null_file: null})
    found = {(f["rule"], f["file"].rsplit("/", 1)[-1]) for f in data["findings"]}
    assert ("DL205", value_file) in found
    assert not {rule for rule, _ in found} & {"DL002", "DL007"}
