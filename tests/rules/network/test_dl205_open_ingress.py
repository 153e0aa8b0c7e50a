"""DL205 open-ingress: src/deploylint/rules/network/dl205_open_ingress.py (from test_dl2xx_network.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Messages, rule_pack

from .shared import ALB80, ECS, ENVS, ENVS_CACHE, GROUPS, RDS, SRC, groups, with_redis


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, []),
        ("{port: 443, source: 0.0.0.0/0}", "{port: 443, source: '::/0'}", []),
        (
            "{port: 80, source: 0.0.0.0/0}",
            "{port: 8080, source: 0.0.0.0/0}",
            [(ALB80, SRC, "error")],
        ),
        (
            "{port: 80, source: 0.0.0.0/0}",
            "{port: 80-443, source: 0.0.0.0/0}",
            [(ALB80, 38, "error")],
        ),
        (
            "{port: 80, source: 0.0.0.0/0}",
            "{port: 80, source: 0.0.0.0/0, protocol: udp}",
            [(ALB80, 34, "error")],
        ),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: 0.0.0.0/0}", [(ECS, SRC, "error")]),
        (
            "{port: 8000, source: alb-sg}",
            "{port: 8000, source: 0.0.0.0/0, protocol: '-1'}",
            [(ECS, SRC, "critical")],
        ),
        (
            "{port: 8000, source: alb-sg}",
            "{port: 6379, source: '::/0'}",
            [(ECS, SRC, "critical")],
        ),
        (
            "{port: 5432, source: ecs-sg}",
            "{port: 5432, source: 0.0.0.0/0}",
            [(RDS, SRC, "critical")],
        ),
        ("{port: 5432, source: ecs-sg}", "{port: 22, source: 0.0.0.0/0}", [(RDS, 34, "critical")]),
    ],
)
def test_dl205_positions_and_severities(
    lint_json: Any, old: str | None, new: str, expected: list[tuple[int, int, str]]
) -> None:
    text = groups((old, new)) if old else GROUPS
    _, data = lint_json({"net.yaml": text}, "--select", "DL205")
    found = [(f["line"], f["column"], f["severity"]) for f in data["findings"]]
    assert found == expected


def test_dl205_messages(messages: Messages) -> None:
    text = groups(
        ("{port: 5432, source: ecs-sg}", "{port: 5432, source: 0.0.0.0/0}"),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: 0.0.0.0/0}"),
    )
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert found == [
        (
            "DL205",
            "error",
            "ecs admits 0.0.0.0/0 on port 8000; the internet may reach only the load "
            "balancer (alb) on TCP 80, 443 (guide 3.1)",
        ),
        (
            "DL205",
            "critical",
            "rds admits 0.0.0.0/0 on port 5432: rds is the database group, open to "
            "the whole internet; the internet may reach only the load balancer (alb) on TCP "
            "80, 443 (guide 3.1)",
        ),
    ]


def test_dl205_is_mandatory_in_production(messages: Messages) -> None:
    text = groups(
        (
            "{port: 5432, source: ecs-sg}",
            '{port: 5432, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="demo"',
        )
    )
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL009")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical"), ("DL009", "warning")]
    assert (
        "DL205 is mandatory for critical findings in production under policy 'guide'" in found[1][2]
    )


def test_dl205_suppressed_in_staging_stays_reported_for_production(lint_json: Any) -> None:
    text = groups(
        (
            "{port: 5432, source: ecs-sg}",
            '{port: 5432, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="demo"',
        )
    )
    _, data = lint_json({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL009")
    assert [(f["rule"], f["environment"]) for f in data["findings"]] == [
        ("DL205", "production"),  # the finding held in production and staging
        ("DL009", None),
    ]


def test_dl205_options(lint_json: Any, tmp_path: Path) -> None:
    policy, path = rule_pack(
        tmp_path,
        "DL205",
        "load_balancer: lb\npublic_ports: [443]\ndatabase: db\ncache: redis",
    )
    text = """
    infrastructure:
      network:
        security:
          groups:
            lb:
              inbound:
                - {port: 80, source: 0.0.0.0/0}
                - {port: 443, source: 0.0.0.0/0}
            alb:
              inbound:
                - {port: 443, source: 0.0.0.0/0}
            db:
              inbound:
                - {port: 1234, source: 0.0.0.0/0}
            redis:
              inbound:
                - {port: 1234, source: 0.0.0.0/0}
    """
    _, data = lint_json({**policy, "net.yaml": text}, "--select", "DL205", "--policy", path)
    found = [(f["line"], f["severity"]) for f in data["findings"]]
    assert found == [(7, "error"), (11, "error"), (14, "critical"), (17, "critical")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # halves of the internet are the internet
        (
            "{port: 5432, source: 0.0.0.0/1}\n            - {port: 5432, source: 128.0.0.0/1}",
            [
                "rds admits 0.0.0.0/1 on port 5432: rds is the database group, open to public "
                "addresses; the internet may reach only the load balancer (alb) on TCP 80, 443 "
                "(guide 3.1)",
                "rds admits 128.0.0.0/1 on port 5432: rds is the database group, open to public "
                "addresses; the internet may reach only the load balancer (alb) on TCP 80, 443 "
                "(guide 3.1)",
            ],
        ),
        ("{port: 5432, source: 2600::/16}", ["rds admits 2600::/16 on port 5432"]),
        ("{port: 5432, source: 8.8.8.8/32}", ["rds admits 8.8.8.8/32 on port 5432"]),
        # a block that reaches past the shared address space is public
        ("{port: 5432, source: 100.0.0.0/8}", ["rds admits 100.0.0.0/8 on port 5432"]),
        # private ranges (RFC 1918, ULA) are not the internet (DL207 judges them)
        ("{port: 5432, source: 10.0.0.0/8}", []),
        ("{port: 5432, source: 172.16.0.0/12}", []),
        ("{port: 5432, source: fd00::/8}", []),
    ],
)
def test_dl205_any_public_source_on_the_database(
    messages: Messages, line: str, expected: list[str]
) -> None:
    text = groups(("{port: 5432, source: ecs-sg}", line))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert [s for _, s, _ in found] == ["critical"] * len(expected)
    assert [m[: len(e)] for (_, _, m), e in zip(found, expected, strict=True)] == expected


def test_dl205_public_range_on_an_unnamed_cache_group_is_critical(messages: Messages) -> None:
    """`1.0.0.0/8` on 6379: no finding before (not 0.0.0.0/0); now the cache's group,
    found by the Redis port, is open to public addresses."""
    found = messages(
        {"arch.yaml": ENVS_CACHE, "net.yaml": with_redis("1.0.0.0/8")}, "--select", "DL205"
    )
    assert found == [
        (
            "DL205",
            "critical",
            "redis admits 1.0.0.0/8 on port 6379: redis is the cache group, open to public "
            "addresses; the internet may reach only the load balancer (alb) on TCP 80, 443 "
            "(guide 3.1)",
        )
    ]


def test_dl205_narrow_public_source_on_the_app_is_an_error(messages: Messages) -> None:
    text = groups(("{port: 8000, source: alb-sg}", "{port: 8000, source: 198.41.0.0/24}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL207")
    assert found == [
        (
            "DL205",
            "error",
            "ecs admits 198.41.0.0/24 (public addresses) on port 8000; the internet may reach "
            "only the load balancer (alb) on TCP 80, 443 (guide 3.1)",
        )
    ]


@pytest.mark.parametrize(
    ("rule", "severity"),
    [
        ("{port: 443, source: 0.0.0.0/0, protocol: '-1'}", "error"),
        ("{port: 443, source: 0.0.0.0/0, protocol: '50'}", "error"),
        ("{port: 5432, source: 0.0.0.0/0}", "error"),
    ],
)
def test_dl205_on_the_load_balancer_is_an_error_not_critical(
    messages: Messages, rule: str, severity: str
) -> None:
    """The load balancer answers only on its listener ports: all protocols on 443 there
    do not open the database to the internet."""
    text = groups(("{port: 80, source: 0.0.0.0/0}", rule))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert [(r, s) for r, s, _ in found] == [("DL205", severity)]
    assert "the internet may reach only the load balancer (alb) on TCP 80, 443" in found[0][2]
    if "'-1'" in rule:
        assert (
            "every protocol; the load balancer answers only on its listener ports" in (found[0][2])
        )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{port: 8000, source: alb-sg}", "{port: 443, source: 0.0.0.0/0, protocol: '-1'}"),
        ("{port: 5432, source: ecs-sg}", "{port: 443, source: 0.0.0.0/0, protocol: '-1'}"),
        ("{port: 5432, source: ecs-sg}", "{port: 80, source: '::/0', protocol: '-1'}"),
    ],
)
def test_dl205_all_protocols_elsewhere_stay_critical(
    messages: Messages, old: str, new: str
) -> None:
    found = messages({"arch.yaml": ENVS, "net.yaml": groups((old, new))}, "--select", "DL205")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical")]
