"""DL203 subnet-overlap: src/deploylint/rules/network/dl203_subnet_overlap.py (from test_dl2xx_network.py)."""

from __future__ import annotations

import pytest

from tests.helpers import Lint, Related

from .shared import SUBNETS


@pytest.mark.parametrize(
    ("public", "private", "expected"),
    [
        ("10.0.2.0/24", "10.0.4.0/24", []),
        ("10.0.2.0/24", "10.0.2.0/24", [(11, 20)]),  # the same block: at the later one
        ("10.0.4.0/23", "10.0.5.0/24", [(11, 20)]),  # the private one lies inside
        ("10.0.2.0/24", "10.0.0.0/22", [(11, 20)]),  # contains three earlier ones: once
        ("10.0.1.0/24", "10.0.4.0/24", [(8, 20)]),  # two public subnets
        ("10.0.1.128/25", "10.0.4.0/24", [(8, 20)]),
    ],
)
def test_dl203_positions(
    lint: Lint, public: str, private: str, expected: list[tuple[int, int]]
) -> None:
    files = {"net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public=public, private=private)}
    assert lint(files, "--select", "DL203") == [("net.yaml", *p, "DL203") for p in expected]


@pytest.mark.parametrize(
    ("public", "private", "words", "other"),
    [
        (
            "10.0.2.0/24",
            "10.0.2.0/24",
            "private subnet 10.0.2.0/24 is the same block as public subnet 10.0.2.0/24; ",
            (8, "public subnet 10.0.2.0/24"),
        ),
        (
            "10.0.4.0/23",
            "10.0.5.0/24",
            "private subnet 10.0.5.0/24 lies inside public subnet 10.0.4.0/23; ",
            (8, "public subnet 10.0.4.0/23"),
        ),
        (
            "10.0.2.0/24",
            "10.0.0.0/22",
            "private subnet 10.0.0.0/22 contains public subnet 10.0.1.0/24; ",
            (7, "public subnet 10.0.1.0/24"),
        ),
    ],
)
def test_dl203_messages(
    lint_related: Related, public: str, private: str, words: str, other: tuple[int, str]
) -> None:
    files = {"net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public=public, private=private)}
    [(_, severity, message, related)] = lint_related(files, "--select", "DL203")
    assert severity == "error"
    assert words in message
    assert "guide 3.1" in message
    line, label = other
    assert related == (("net.yaml", line, f"{label} is declared here"),)
