"""DL202 subnet-in-vpc: src/deploylint/rules/network/dl202_subnet_in_vpc.py (from test_dl2xx_network.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Messages, Related

from .shared import SUBNETS


@pytest.mark.parametrize(
    ("vpc", "public", "private", "expected"),
    [
        ("10.0.0.0/16", "10.0.2.0/24", "10.0.4.0/24", []),
        ("10.0.0.0/16", "10.1.2.0/24", "10.0.4.0/24", [(8, 20)]),  # outside the VPC
        ("10.0.0.0/16", "10.0.2.0/29", "10.0.4.0/24", [(8, 20)]),  # smaller than /28
        ("10.0.0.0/16", "10.0.2.0/24", "10.0.4.0/33", [(11, 20)]),  # not a CIDR
        ("10.0.0.0/16", "10.0.2.0/24", "10.0.0.0/15", [(11, 20)] * 2),  # larger than the VPC
        ("10.0.0.0/16", "10.0.2.5/24", "10.0.4.0/24", [(8, 20)]),  # host bits: warning
        ("bad", "10.1.2.0/24", "10.0.4.0/24", [(4, 13)]),  # no valid VPC: "not checked"
    ],
)
def test_dl202_positions(
    lint: Lint, vpc: str, public: str, private: str, expected: list[tuple[int, int]]
) -> None:
    files = {"net.yaml": SUBNETS.format(vpc=vpc, public=public, private=private)}
    assert lint(files, "--select", "DL202") == [("net.yaml", *p, "DL202") for p in expected]


def test_dl202_messages_name_the_vpc(messages: Messages, lint_related: Related) -> None:
    files = {"net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public="10.1.2.0/24", private="x")}
    found = lint_related(files, "--select", "DL202")
    assert [(f.rule, f.severity) for f in found] == [("DL202", "error")] * 2
    outside, invalid = (f.message for f in found)
    assert "public subnet '10.1.2.0/24' is outside the VPC CIDR 10.0.0.0/16; " in outside
    assert found[0].related == (("net.yaml", 4, "the VPC CIDR is set here"),)
    assert "guide 3.1" in outside
    assert "private subnet CIDR 'x' has no /prefix" in invalid
    files = {
        "net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public="10.0.2.5/24", private="10.0.4.0/24")
    }
    [(_, severity, message)] = messages(files, "--select", "DL202")
    assert severity == "warning"
    assert "write 10.0.2.0/24" in message
