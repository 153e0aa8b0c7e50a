"""DL201 vpc-cidr: src/deploylint/rules/network/dl201_vpc_cidr.py (from test_dl2xx_network.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Messages

from .shared import VPC


@pytest.mark.parametrize(
    ("cidr", "expected"),
    [
        ("10.0.0.0/16", []),
        ("172.16.0.0/16", []),
        ("192.168.10.0/28", []),
        ("10.0.0.0/8", ["error"]),
        ("10.0.0.0/29", ["error"]),
        ("11.0.0.0/16", ["error"]),
        ("100.64.0.0/16", ["error"]),
        ("10.0.0.0", ["error"]),
        ("fd00::/56", ["error"]),
        ("10.0.0.300/16", ["error"]),
        ("10.0.0.5/16", ["warning"]),
        ("8.0.0.0/8", ["error", "error"]),  # too large and public
    ],
)
def test_dl201_positions_and_severities(
    lint: Lint, messages: Messages, cidr: str, expected: list[str]
) -> None:
    files = {"net.yaml": VPC.format(cidr=cidr)}
    assert lint(files, "--select", "DL201") == [("net.yaml", 4, 13, "DL201")] * len(expected)
    assert [s for _, s, _ in messages(files, "--select", "DL201")] == expected


@pytest.mark.parametrize(
    ("cidr", "words"),
    [
        ("10.0.0.0/8", ["'10.0.0.0/8' is a /8", "/16", "/28", "guide 3.1"]),
        ("11.0.0.0/16", ["'11.0.0.0/16'", "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16"]),
        ("10.0.0.0", ["'10.0.0.0' has no /prefix", "10.0.0.0/16"]),
        ("fd00::/56", ["is IPv6", "IPv4"]),
        ("10.0.0.5/16", ["'10.0.0.5/16' has host bits set", "write 10.0.0.0/16"]),
    ],
)
def test_dl201_messages(messages: Messages, cidr: str, words: list[str]) -> None:
    [(_, _, message)] = messages({"net.yaml": VPC.format(cidr=cidr)}, "--select", "DL201")
    for word in words:
        assert word in message
