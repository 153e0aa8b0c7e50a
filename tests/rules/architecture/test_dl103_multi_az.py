"""DL103 multi-az: src/deploylint/rules/architecture/dl103_multi_az.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import envs


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"p_zones": "[ap-northeast-1a, ap-northeast-1d]", "s_zones": "['1a', '1c']"}, []),
        ({"p_zones": "['1a']"}, [5]),
        ({"p_zones": "['1a', 'ap-northeast-1a']"}, [5]),  # the same zone twice
        ({"p_zones": "[]", "s_zones": "[]"}, [5, 12]),
    ],
)
def test_dl103_positions(lint: Lint, changes: dict[str, Any], expected: list[int]) -> None:
    rows = lint(envs(**changes), "--select", "DL103")
    # at the `availability_zones:` key, where a zone is added (not at its first item)
    assert rows == [("arch.yaml", line, 7, "DL103") for line in expected]


def test_dl103_block_list_is_reported_at_its_key(lint: Lint) -> None:
    text = (
        "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"
        "      availability_zones:\n        - '1a'\n"
    )
    assert lint({"a.yaml": text}, "--select", "DL103") == [("a.yaml", 5, 7, "DL103")]


def test_dl103_without_zones_is_reported_at_the_environment(lint: Lint) -> None:
    files = {"a.yaml": "architecture:\n  environments:\n    production: {region: ap-northeast-1}\n"}
    assert lint(files, "--select", "DL103") == [("a.yaml", 3, 5, "DL103")]


def test_dl103_messages(lint_messages: Messages) -> None:
    found = lint_messages(envs(p_zones="['1a', 'ap-northeast-1a']"), "--select", "DL103")
    assert len(found) == 1
    rule, severity, message = found[0]
    assert (rule, severity) == ("DL103", "error")
    assert "production spans 1 availability zone(s) (ap-northeast-1a)" in message
    assert "2 entries name 1 distinct zones" in message
    assert "expected at least 2 for production" in message and "(guide 2.1)" in message


def test_dl103_options(lint: Lint, tmp_path: Path) -> None:
    files = envs()
    extra, path = rule_pack(tmp_path, "DL103", "min_zones: {staging: 2}")
    rows = lint({**files, **extra}, "--select", "DL103", "--policy", path)
    assert rows == [("arch.yaml", 12, 7, "DL103")]
    extra, path = rule_pack(tmp_path, "DL103", "min_zones: {production: 3}")
    rows = lint({**files, **extra}, "--select", "DL103", "--policy", path)
    assert rows == [("arch.yaml", 5, 7, "DL103")]
