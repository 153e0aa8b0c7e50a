"""DL407 log-streams: src/deploylint/rules/monitoring/dl407_log_streams.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ALL_STREAMS, rows

STREAMS = """
infrastructure:
  monitoring:
    logs:
      streams: {streams}
"""


@pytest.mark.parametrize(
    ("streams", "expected"),
    [
        (ALL_STREAMS, []),
        ("[Application, ACCESS, error, audit]", []),
        ("[application]", [(4, 16)]),
        ("[]", [(4, 16)]),
        ("null", [(4, 16)]),
    ],
)
def test_dl407_positions(lint: Lint, streams: str, expected: list[tuple[int, int]]) -> None:
    files = {"infra.yaml": STREAMS.format(streams=streams)}
    assert lint(files, "--select", "DL407") == rows("infra.yaml", "DL407", *expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("infrastructure:\n  network:\n    vpc: {cidr: 10.0.0.0/16}\n", [(1, 1)]),
        ("config:\n  application:\n    api: {port: 8000}\n", []),
        ("infrastructure:\n  monitoring:\n    cloudwatch: {metrics: [Latency]}\n", [(2, 3)]),
    ],
)
def test_dl407_only_when_infrastructure_is_declared(
    lint: Lint, text: str, expected: list[tuple[int, int]]
) -> None:
    assert lint({"infra.yaml": text}, "--select", "DL407") == rows("infra.yaml", "DL407", *expected)


def test_dl407_message_and_option(lint: Lint, lint_messages: Messages, tmp_path: Path) -> None:
    files = {"infra.yaml": STREAMS.format(streams="[application]")}
    assert lint_messages(files, "--select", "DL407") == [
        (
            "DL407",
            "error",
            "log streams lack access, error (streams: application); the guide logs "
            "application, access, error (guide 3.1)",
        )
    ]
    extra, path = rule_pack(tmp_path, "DL407", "required_streams: [application]")
    assert lint({**files, **extra}, "--select", "DL407", "--policy", path) == []
