"""DL208 port-consistency: src/deploylint/rules/network/dl208_port_consistency.py (from test_dl2xx_network.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, Related, rule_pack

from .shared import ECS, ENVS, GROUPS, PORT_COL, RDS, groups

API_PORT_LINE = 13  # config.application.api in ENVS


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, []),
        ("{port: 8000, source: alb-sg}", "{port: 8080, source: alb-sg}", [(ECS, "error")]),
        ("{port: 8000, source: alb-sg}", "{port: '8000-8010', source: alb-sg}", [(ECS, "warning")]),
        (
            "{port: 8000, source: alb-sg}",
            "{port: 8000, source: alb-sg, protocol: '-1'}",
            [(ECS, "warning")],
        ),
        # DL209's finding; DL208 says it could not compare (info)
        ("{port: 8000, source: alb-sg}", "{port: 8010-8000, source: alb-sg}", [(ECS, "info")]),
        ("{port: 5432, source: ecs-sg}", "{port: 3306, source: ecs-sg}", [(RDS, "error")]),
    ],
)
def test_dl208_positions_and_severities(
    lint_json: Any, old: str | None, new: str, expected: list[tuple[int, str]]
) -> None:
    text = groups((old, new)) if old else GROUPS
    _, data = lint_json({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    found = [
        (f["file"].rsplit("/", 1)[-1], f["line"], f["column"], f["severity"])
        for f in data["findings"]
    ]
    assert found == [("net.yaml", line, PORT_COL, sev) for line, sev in expected]


def test_dl208_messages_name_both_locations(lint_related: Related) -> None:
    text = groups(
        ("{port: 8000, source: alb-sg}", "{port: 8080, source: alb-sg}"),
        ("{port: 5432, source: ecs-sg}", "{port: 3306, source: ecs-sg}"),
    )
    found = lint_related({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [f.message for f in found] == [
        "ecs ingress port 8080 differs from config.application.api.port 8000: traffic "
        "reaches a closed port; expected 8000 (guide 3.1, 5.1)",
        "rds ingress port 3306 differs from PostgreSQL's port 5432: traffic reaches a closed "
        "port; expected 5432 (guide 2.1, 3.1)",
    ]
    assert [f.related for f in found] == [
        (("arch.yaml", API_PORT_LINE, "config.application.api.port is set here"),),
        (("arch.yaml", 10, "the database engine PostgreSQL is set here"),),
    ]


def test_dl208_without_api_port_or_engine_is_silent(lint: Lint) -> None:
    text = groups(
        ("{port: 8000, source: alb-sg}", "{port: 8080, source: alb-sg}"),
        ("{port: 5432, source: ecs-sg}", "{port: 3306, source: ecs-sg}"),
    )
    assert lint({"net.yaml": text}, "--select", "DL208") == []


def test_dl208_options(lint: Lint, tmp_path: Path) -> None:
    policy, path = rule_pack(tmp_path, "DL208", "app: api\ndatabase: db\ncache: redis")
    envs = ENVS.replace(
        "database: {engine: PostgreSQL}", "database: {engine: MySQL}\n    cache: {engine: Redis}"
    )
    text = """
    infrastructure:
      network:
        security:
          groups:
            api:
              inbound:
                - {port: 8001, source: alb-sg}
            db:
              inbound:
                - {port: 5432, source: api-sg}
            redis:
              inbound:
                - {port: 6380, source: api-sg}
            ecs:
              inbound:
                - {port: 9999, source: alb-sg}
    """
    files = {**policy, "arch.yaml": envs, "net.yaml": text}
    assert lint(files, "--select", "DL208", "--policy", path) == [
        ("net.yaml", 7, PORT_COL, "DL208"),
        ("net.yaml", 10, PORT_COL, "DL208"),
        ("net.yaml", 13, PORT_COL, "DL208"),
    ]
    assert lint(files, "--select", "DL208") == [("net.yaml", 16, PORT_COL, "DL208")]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("{port: 8000, source: alb-sg, protocol: udp}", [("error", "is UDP")]),
        ("{port: 8000, source: alb-sg, protocol: '17'}", [("error", "is UDP")]),
        ("{port: '8000-8001', source: alb-sg, protocol: udp}", [("error", "is UDP")]),
        (
            "{port: 8000, source: alb-sg}\n            - {port: 8000, source: alb-sg, protocol: udp}",
            [("warning", "is UDP")],
        ),
    ],
)
def test_dl208_udp_on_the_app_port_is_a_finding(
    messages: Messages, new: str, expected: list[tuple[str, str]]
) -> None:
    text = groups(("{port: 8000, source: alb-sg}", new))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [(s, e) for (_, s, m), (_, e) in zip(found, expected, strict=True) if e in m] == [
        (s, e) for s, e in expected
    ]
    assert len(found) == len(expected)


def test_dl208_udp_on_the_database_port(messages: Messages) -> None:
    text = groups(("{port: 5432, source: ecs-sg}", "{port: 5432, source: ecs-sg, protocol: udp}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [(r, s) for r, s, _ in found] == [("DL208", "error")]
    assert "PostgreSQL's port 5432 is reached over TCP" in found[0][2]
