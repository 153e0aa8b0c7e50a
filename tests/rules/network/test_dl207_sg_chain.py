"""DL207 sg-chain: src/deploylint/rules/network/dl207_sg_chain.py (from test_dl2xx_network.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ECS, ENVS, ENVS_CACHE, GROUPS, RDS, SRC, groups, with_redis

# A missing rule or group is reported at the key it is added under (`inbound:`, `groups:`),
# never at a list item's dash or the first group's name.
ALB_INBOUND, GROUPS_LINE = (6, 11), (4, 7)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, []),
        (
            "{port: 5432, source: ecs-sg}",
            "{port: 5432, source: 10.0.0.0/16}",
            [(RDS, SRC)],  # one wrong source, one finding (not also "admits nothing")
        ),
        (
            "{port: 5432, source: ecs-sg}",
            "{port: 5432, source: ecs-sg}\n            - {port: 5432, source: alb-sg}",
            [(RDS + 1, SRC)],
        ),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: rds-sg}", [(ECS, SRC)]),
        # the internet on the app is DL205's finding, not a second one here
        (
            "{port: 8000, source: alb-sg}",
            "{port: 8000, source: alb-sg}\n            - {port: 8000, source: 0.0.0.0/0}",
            [],
        ),
        (
            "            - {port: 80, source: 0.0.0.0/0}\n            - {port: 443, source: 0.0.0.0/0}",
            "            - {port: 443, source: 10.0.0.0/8}",
            [ALB_INBOUND],
        ),
        (
            "        rds:\n          inbound:\n            - {port: 5432, source: ecs-sg}\n",
            "",
            [GROUPS_LINE],
        ),
    ],
)
def test_dl207_positions(
    lint: Lint, old: str | None, new: str, expected: list[tuple[int, int]]
) -> None:
    text = groups((old, new)) if old else GROUPS
    assert lint({"net.yaml": text}, "--select", "DL207") == sorted(
        ("net.yaml", *p, "DL207") for p in expected
    )


def test_dl207_messages(messages: Messages) -> None:
    text = groups(("{port: 5432, source: ecs-sg}", "{port: 5432, source: alb-sg}"))
    found = messages({"net.yaml": text}, "--select", "DL207")
    assert found == [
        (
            "DL207",
            "error",
            "rds admits alb-sg; only ecs-sg may reach rds in the chain internet -> alb -> "
            "ecs -> rds (guide 3.1)",
        ),
    ]
    without = groups(
        ("        rds:\n          inbound:\n            - {port: 5432, source: ecs-sg}\n", "")
    )
    [(_, _, message)] = messages({"net.yaml": without}, "--select", "DL207")
    assert "no security group 'rds'; the guide's chain is internet -> alb -> ecs -> rds" in message


def test_dl207_options(lint: Lint, tmp_path: Path) -> None:
    policy, path = rule_pack(
        tmp_path, "DL207", "load_balancer: alb\napp: api\ndatabase: rds\ncache: redis"
    )
    text = groups(
        ("ecs:", "api:"),
        (
            "source: ecs-sg}",
            "source: api-sg}\n        redis:\n          inbound:\n"
            "            - {port: 6379, source: alb-sg}",
        ),
    )
    # the guide's names: no ecs group, rds admits an unknown api-sg, redis is not a role
    assert lint({"net.yaml": text}, "--select", "DL207") == [
        ("net.yaml", *GROUPS_LINE, "DL207"),
        ("net.yaml", RDS, SRC, "DL207"),
    ]
    # the team's names: only redis <- alb-sg breaks the chain
    assert lint({**policy, "net.yaml": text}, "--select", "DL207", "--policy", path) == [
        ("net.yaml", 17, SRC, "DL207"),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ecs-sg", []),
        ("alb-sg", ["redis admits alb-sg; only ecs-sg may reach redis"]),
        ("10.0.0.0/16", ["redis admits 10.0.0.0/16; only ecs-sg may reach redis"]),
    ],
)
def test_dl207_cache_group_found_by_its_port(
    messages: Messages, source: str, expected: list[str]
) -> None:
    """The pack names no cache group: a group that opens the Redis port is the cache's,
    and only the application's group may reach it (guide 3.1)."""
    found = messages(
        {"arch.yaml": ENVS_CACHE, "net.yaml": with_redis(source)}, "--select", "DL205,DL207"
    )
    assert [(r, m[: len(e)]) for (r, _, m), e in zip(found, expected, strict=True)] == [
        ("DL207", e) for e in expected
    ]
    assert len(found) == len(expected)
    if expected:
        assert found[0][2].endswith("in the chain internet -> alb -> ecs -> rds, redis (guide 3.1)")


def test_dl207_without_a_cache_engine_a_6379_group_is_not_a_store(messages: Messages) -> None:
    found = messages({"arch.yaml": ENVS, "net.yaml": with_redis("alb-sg")}, "--select", "DL207")
    assert found == []


def test_dl207_group_without_rules_is_reported_at_its_inbound_key(lint: Lint) -> None:
    text = groups(
        ("          inbound:\n            - {port: 5432, source: ecs-sg}", "          inbound: []")
    )
    assert lint({"net.yaml": text}, "--select", "DL207") == [("net.yaml", 13, 11, "DL207")]
