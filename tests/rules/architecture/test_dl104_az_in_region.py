"""DL104 az-in-region: src/deploylint/rules/architecture/dl104_az_in_region.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, Related, rule_pack

from .shared import envs


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"p_zones": "[ap-northeast-1a, ap-northeast-1c, '1d']"}, []),
        ({"p_zones": "['1a', '1b']"}, [(5, 34)]),  # legacy zone
        ({"p_zones": "['1a', 'ap-northeast-1e']"}, [(5, 34)]),  # no such zone
        ({"p_zones": "['1a', 'us-east-1a']"}, [(5, 34)]),  # another region
        ({"p_zones": "['2a', '1c']"}, [(5, 28)]),  # completes to ap-northeast-2a
        ({"p_zones": "['1a', 'zone-one']"}, [(5, 34)]),  # not a zone name
        ({"s_region": "us-east-1", "s_zones": "['1a']"}, [(11, 15)]),  # not allowed
        ({"s_region": "ap-northeast-9", "s_zones": "[ap-northeast-9a]"}, [(11, 15)]),
    ],
)
def test_dl104_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(envs(**changes), "--select", "DL104")
    assert rows == [("arch.yaml", line, col, "DL104") for line, col in expected]


def test_dl104_suffix_without_region(lint: Lint) -> None:
    files = {
        "a.yaml": """
        architecture:
          environments:
            production:
              availability_zones: ['1a', ap-northeast-1c]
        """
    }
    assert lint(files, "--select", "DL104") == [("a.yaml", 4, 28, "DL104")]


def test_dl104_messages_and_severities(lint_related: Related) -> None:
    files = envs(p_zones="['1b', 'us-east-1a', '1e']", s_region="us-east-1", s_zones="['1a', '1z']")
    found = lint_related(files, "--select", "DL104")
    assert [(f.rule, f.severity) for f in found] == [
        ("DL104", "error"),
        ("DL104", "error"),
        ("DL104", "error"),
        ("DL104", "error"),
        ("DL104", "warning"),  # zone names vary per account outside ap-northeast-1
    ]
    legacy, other, missing, region, unconfirmed = (f.message for f in found)
    assert "'1b' (ap-northeast-1b) is not offered" in legacy and "1a, 1c, 1d" in legacy
    assert "'us-east-1a' is in us-east-1, not in production's region ap-northeast-1" in other
    assert found[1].related == (("arch.yaml", 4, "production's region is set here"),)
    assert "'1e' (ap-northeast-1e) does not exist in ap-northeast-1" in missing
    assert "staging region us-east-1 is not one the policy allows" in region
    assert "expected ap-northeast-1 (guide 2.1)" in region
    assert "us-east-1z" in unconfirmed and "recently created account" in unconfirmed
    for message in (legacy, other, missing, region, unconfirmed):
        assert message.endswith("(guide 2.1)")


def test_dl104_unknown_region_suggests(lint_messages: Messages) -> None:
    found = lint_messages(envs(s_region="ap-northeast-11", s_zones="[]"), "--select", "DL104")
    assert [m for _, _, m in found] == [
        "staging region 'ap-northeast-11' is not an AWS region; did you mean ap-northeast-1? "
        "(guide 2.1)"
    ]


def test_dl104_options(lint: Lint, tmp_path: Path) -> None:
    files = envs(s_region="us-east-1", s_zones="['1a']")
    extra, path = rule_pack(tmp_path, "DL104", "allowed_regions: [ap-northeast-1, us-east-1]")
    assert lint({**files, **extra}, "--select", "DL104", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL104", "allowed_regions: [us-east-1]")
    rows = lint({**files, **extra}, "--select", "DL104", "--policy", path)
    assert rows == [("arch.yaml", 4, 15, "DL104")]
    extra, path = rule_pack(tmp_path, "DL104", "allowed_regions: []")  # any region
    assert lint({**files, **extra}, "--select", "DL104", "--policy", path) == []
