"""DL204 subnet-az: src/deploylint/rules/network/dl204_subnet_az.py (from test_dl2xx_network.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Related

from .shared import ENVS

AZ_SUBNETS = """
infrastructure:
  network:
    vpc:
      cidr: 10.0.0.0/16
      subnets:
        public:
          - {{cidr: 10.0.1.0/24, az: {a}}}
          - {{cidr: 10.0.2.0/24, az: {b}}}
        private:
          - {{cidr: 10.0.3.0/24, az: ap-northeast-1a}}
          - {{cidr: 10.0.4.0/24, az: {c}}}
"""


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1c", []),
        ("1a", "1c", "1c", []),  # suffixes, completed from the region
        # a missing subnet is reported at the list's key (`public:`), where it is added
        ("ap-northeast-1a", "ap-northeast-1d", "ap-northeast-1c", [(8, 37), (6, 9)]),
        ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1a", [(9, 9)]),  # no private in 1c
        ("ap-northeast-1c", "ap-northeast-1c", "ap-northeast-1c", [(6, 9)]),  # no public in 1a
    ],
)
def test_dl204_positions(
    lint: Lint, a: str, b: str, c: str, expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": ENVS, "net.yaml": AZ_SUBNETS.format(a=a, b=b, c=c)}
    assert lint(files, "--select", "DL204") == sorted(("net.yaml", *p, "DL204") for p in expected)


def test_dl204_messages(lint_related: Related, lint_json: Any) -> None:
    files = {
        "arch.yaml": ENVS,
        "net.yaml": AZ_SUBNETS.format(a="1a", b="ap-northeast-1d", c="ap-northeast-1a"),
    }
    found = lint_related(files, "--select", "DL204")
    assert [(f.rule, f.severity) for f in found] == [("DL204", "error")] * 3
    unused = [f for f in found if "which no environment using it uses" in f.message]
    assert [f.message for f in unused] == [
        "public subnet 10.0.2.0/24 is in ap-northeast-1d, which no environment using it uses "
        "(production: ap-northeast-1a, ap-northeast-1c; staging: ap-northeast-1a); expected "
        "one of those availability zones (guide 2.1, 3.1)"
    ]
    assert unused[0].related == (
        ("arch.yaml", 5, "production's availability zones are set here"),
        ("arch.yaml", 8, "staging's availability zones are set here"),
    )
    messages = " | ".join(f.message for f in found)
    assert "no public subnet in availability zone ap-northeast-1c" in messages
    assert "no private subnet in availability zone ap-northeast-1c" in messages
    # 1c is production's only; the shared subnets are reported once, for production
    _, data = lint_json(files, "--select", "DL204")
    assert sorted(f["environment"] for f in data["findings"]) == [
        "production",
        "production",
        "production,staging",
    ]


def test_dl204_scoped_subnets_use_their_environment(lint: Lint, lint_related: Related) -> None:
    files = {
        "arch.yaml": ENVS,
        "staging/net.yaml": """
        environment: staging
        infrastructure:
          network:
            vpc:
              subnets:
                public:
                  - {cidr: 10.0.1.0/24, az: 1a}
                  - {cidr: 10.0.2.0/24, az: 1c}
                private:
                  - {cidr: 10.0.3.0/24, az: 1a}
        """,
    }
    # 1c is production's AZ, but this file is staging's alone
    assert lint(files, "--select", "DL204") == [("staging/net.yaml", 8, 37, "DL204")]
    [(_, _, message, related)] = lint_related(files, "--select", "DL204")
    assert "is not an availability zone of staging (ap-northeast-1a); expected one" in message
    assert related == (("arch.yaml", 8, "staging's availability zones are set here"),)


def test_dl204_names_zones_set_in_each_environments_own_file(lint_related: Related) -> None:
    files = {
        "production/arch.yaml": """
        environment: production
        architecture:
          environments:
            production: {region: ap-northeast-1, availability_zones: ['1a', '1c']}
        """,
        "staging/arch.yaml": """
        environment: staging
        architecture:
          environments:
            staging: {region: ap-northeast-1, availability_zones: ['1a']}
        """,
        "net.yaml": AZ_SUBNETS.format(a="1a", b="1d", c="1c"),
    }
    found = lint_related(files, "--select", "DL204")
    [unused] = [f for f in found if "which no environment using it uses" in f.message]
    assert unused.related == (
        ("production/arch.yaml", 4, "production's availability zones are set here"),
        ("staging/arch.yaml", 4, "staging's availability zones are set here"),
    )


def test_dl204_without_environments_is_silent(lint: Lint) -> None:
    files = {"net.yaml": AZ_SUBNETS.format(a="1a", b="1z", c="1z")}
    assert lint(files, "--select", "DL204") == []
    # without subnets (but with zones) each zone lacks both: tests/rules/test_missing_subsections.py
