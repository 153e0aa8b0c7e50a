"""DL209 port-range: src/deploylint/rules/network/dl209_port_range.py (from test_dl2xx_network.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Messages

from .shared import ECS, PORT_COL, groups


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("{port: 8000, source: alb-sg}", []),
        ("{port: '8000-8010', source: alb-sg}", []),
        ("{port: 0, source: alb-sg, protocol: udp}", []),
        ("{port: 65535, source: alb-sg, protocol: '6'}", []),
        ("{port: '-1', source: alb-sg, protocol: icmp}", []),
        ("{port: '3-4', source: alb-sg, protocol: ICMPv6}", []),
        ("{port: '70000-1', source: alb-sg, protocol: '-1'}", []),  # all ports: range ignored
        ("{port: 8000, source: alb-sg, protocol: '47'}", []),  # GRE
        ("{port: 70000, source: alb-sg}", [(ECS, PORT_COL)]),
        ("{port: '-1', source: alb-sg}", [(ECS, PORT_COL)]),
        ("{port: '8010-8000', source: alb-sg}", [(ECS, PORT_COL)]),
        ("{port: '300', source: alb-sg, protocol: icmp}", [(ECS, PORT_COL)]),
        ("{port: '-1-5', source: alb-sg, protocol: icmp}", [(ECS, PORT_COL)]),
        ("{port: 8000, source: alb-sg, protocol: http}", [(ECS, 54)]),
        ("{port: 8000, source: alb-sg, protocol: '256'}", [(ECS, 54)]),
        # a digit to str.isdigit() but not to int(): found by the property test
        ("{port: 8000, source: alb-sg, protocol: '²'}", [(ECS, 54)]),
    ],
)
def test_dl209_positions(lint: Lint, rule: str, expected: list[tuple[int, int]]) -> None:
    text = groups(("{port: 8000, source: alb-sg}", rule))
    assert lint({"net.yaml": text}, "--select", "DL209") == [
        ("net.yaml", *p, "DL209") for p in expected
    ]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("{port: 70000, source: alb-sg}", "ecs port 70000 is outside 0-65535"),
        (
            "{port: '8010-8000', source: alb-sg}",
            "ecs port range '8010-8000' runs backwards; write 8000-8010",
        ),
        (
            "{port: 8000, source: alb-sg, protocol: http}",
            "ecs protocol 'http' is not an IP "
            "protocol; expected tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255",
        ),
        (
            "{port: '300', source: alb-sg, protocol: icmp}",
            "ecs icmp port '300' is not an ICMP type-code",
        ),
    ],
)
def test_dl209_messages(messages: Messages, rule: str, words: str) -> None:
    text = groups(("{port: 8000, source: alb-sg}", rule))
    [(name, severity, message)] = messages({"net.yaml": text}, "--select", "DL209")
    assert (name, severity) == ("DL209", "error")
    assert words in message
    assert "guide 3.1" in message
