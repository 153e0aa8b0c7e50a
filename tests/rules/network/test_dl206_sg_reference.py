"""DL206 sg-reference: src/deploylint/rules/network/dl206_sg_reference.py (from test_dl2xx_network.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Messages

from .shared import ECS, SRC, groups


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("alb-sg", []),
        ("ecs-sg", []),  # a group may admit itself
        ("10.0.0.0/16", []),
        ("'2001:db8::/32'", []),
        ("sg-0123456789abcdef0", []),  # an AWS group id: not checkable here
        ("lb-sg", [(ECS, SRC)]),
        ("alb", [(ECS, SRC)]),
        ("10.0.0.5", [(ECS, SRC)]),
        ("10.0.0.0/33", [(ECS, SRC)]),
    ],
)
def test_dl206_positions(lint: Lint, source: str, expected: list[tuple[int, int]]) -> None:
    text = groups(("source: alb-sg}", f"source: {source}}}"))
    assert lint({"net.yaml": text}, "--select", "DL206") == [
        ("net.yaml", *p, "DL206") for p in expected
    ]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            "lb-sg",
            "source 'lb-sg' names security group 'lb', which infrastructure.network."
            "security.groups does not define (defined: alb, ecs, rds); did you mean alb-sg?",
        ),
        (
            "alb",
            "source 'alb' is neither a CIDR (10.0.0.0/16, 0.0.0.0/0, ::/0) nor another "
            "group written <name>-sg; write alb-sg to name group alb",
        ),
        ("10.0.0.5", "source '10.0.0.5' is neither a CIDR"),
        ("10.0.0.5", "; write 10.0.0.5/32 for one address"),
    ],
)
def test_dl206_messages(messages: Messages, source: str, words: str) -> None:
    text = groups(("source: alb-sg}", f"source: {source}}}"))
    [(rule, severity, message)] = messages({"net.yaml": text}, "--select", "DL206")
    assert (rule, severity) == ("DL206", "error")
    assert words in message
    assert "guide 3.1" in message
