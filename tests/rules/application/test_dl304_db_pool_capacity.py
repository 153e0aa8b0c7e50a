"""DL304 db-pool-capacity: src/deploylint/rules/application/dl304_db_pool_capacity.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, Related, rule_pack

from .shared import ENVS

POOL = """
architecture:
  environments:
    production:
      scaling: {{min: 3, max: 10, desired: 5}}
  components:
    database:
      engine: PostgreSQL
      instance_type: {instance}
config:
  application:
    api:
      workers: {workers}
  database:
    pool_size: {size}
    max_overflow: {overflow}
"""


@pytest.mark.parametrize(
    ("instance", "workers", "size", "overflow", "expected"),
    [
        ("db.r5.large", 4, 20, 10, []),  # the guide: 30 x 4 x 10 = 1200 <= 1802
        # 1800 <= 1802, but the figure is an upper bound: the default keeps 10% headroom
        ("db.r5.large", 4, 30, 15, [(14, 16)]),
        ("db.r5.large", 4, 30, 10, []),  # 1600 <= 1621 (90% of 1802)
        ("db.r5.xlarge", 8, 30, 10, []),  # 3200 <= 3604
        ("db.r5.large", 4, 30, 16, [(14, 16)]),  # 1840 > 1802
        ("db.t3.medium", 4, 20, 10, [(14, 16)]),  # 1200 > 450
        ("db.r5.large", 4, 20, -1, [(15, 19)]),  # unlimited overflow
        ("db.r5.large", 4, 0, 10, [(14, 16)]),  # pool_size 0: unlimited
        # a class DL107 rejects: with DL107 not selected, DL304 says "not checked" (info)
        ("db.unknown.large", 64, 20, 10, [(8, 22)]),
    ],
)
def test_dl304_positions(
    lint: Lint,
    instance: str,
    workers: int,
    size: int,
    overflow: int,
    expected: list[tuple[int, int]],
) -> None:
    files = {
        "a.yaml": POOL.format(instance=instance, workers=workers, size=size, overflow=overflow)
    }
    rows = lint(files, "--select", "DL304")
    assert rows == [("a.yaml", line, col, "DL304") for line, col in expected]


def test_dl304_message_says_by_how_much_and_where(lint_related: Related) -> None:
    files = {
        "arch.yaml": ENVS
        + "  components:\n    database: {engine: PostgreSQL, instance_type: db.t3.medium}\n",
        "config.yaml": (
            "config:\n  application:\n    api: {workers: 4}\n"
            "  database:\n    pool_size: 20\n    max_overflow: 10\n"
        ),
    }
    found = lint_related(files, "--select", "DL304")
    # one finding per environment: the two have different scaling maxima
    assert [(f.rule, f.severity) for f in found] == [("DL304", "error")] * 2
    production = next(f for f in found if "10 tasks" in f.message)
    staging = next(f for f in found if "5 tasks" in f.message)
    assert "(20 + 10) x 4 workers x 10 tasks = 1200 connections, " in production.message
    assert (
        "795 more than the budget 405 (90% of db.t3.medium's default max_connections of "
        "about 450); 750 more than max_connections itself;" in production.message
    )
    assert "guide 5.1" in production.message
    assert production.related == (
        ("arch.yaml", 5, "production scaling.max is set here"),
        ("arch.yaml", 10, "the database instance_type is set here"),
    )
    assert "= 600 connections" in staging.message and "150 more than" in staging.message
    assert staging.related[0] == ("arch.yaml", 8, "staging scaling.max is set here")


def test_dl304_unknown_r_class_is_estimated_from_its_name(lint_messages: Messages) -> None:
    """db.r8g.large is not in the memory table: r = memory optimised, large = 2 vCPU, so
    16 GiB and max_connections 1802; 200 x 4 x 10 = 8000 no longer passes silently."""
    text = POOL.format(instance="db.r8g.large", workers=4, size=150, overflow=50)
    assert lint_messages({"a.yaml": text}, "--select", "DL304") == [
        (
            "DL304",
            "error",
            "database pools can open (150 + 50) x 4 workers x 10 tasks = 8000 connections, "
            "6379 more than the budget 1621 (90% of db.r8g.large's default max_connections "
            "of about 1802 (an estimate: db.r8g.large is not in deploylint's table; its name "
            "gives 16 GiB)); 6198 more than max_connections itself; lower "
            "pool_size/max_overflow, workers or scaling.max, or use a larger instance class "
            "(guide 5.1, 2.1)",
        )
    ]
    # m = general purpose: 8 GiB, 901 connections; the guide's 1200 do not fit
    text = POOL.format(instance="db.m8g.large", workers=4, size=20, overflow=10)
    [(_, severity, message)] = lint_messages({"a.yaml": text}, "--select", "DL304")
    assert severity == "error"
    assert (
        "1200 connections, 390 more than the budget 810 (90% of db.m8g.large's default "
        "max_connections of about 901 (an estimate: db.m8g.large is not in deploylint's "
        "table; its name gives 8 GiB))" in message
    )


def test_dl304_class_the_name_does_not_explain_is_not_checked(lint_messages: Messages) -> None:
    text = POOL.format(instance="db.z9q.large", workers=4, size=150, overflow=50)
    assert lint_messages({"a.yaml": text}, "--select", "DL304") == [
        (
            "DL304",
            "info",
            "not checked: unknown class 'db.z9q.large'; deploylint cannot tell its default "
            "max_connections (facts as of 2026-08-07), so the pools' connections are not "
            "compared with it (guide 5.1)",
        )
    ]


def test_dl304_uses_sqlalchemy_defaults_when_unset(lint_messages: Messages) -> None:
    text = POOL.format(instance="db.t3.micro", workers=2, size=5, overflow=10)
    text = text.replace("    pool_size: 5\n    max_overflow: 10\n", "    pool_timeout: 30\n")
    [(_, _, message)] = lint_messages({"a.yaml": text}, "--select", "DL304")
    # db.t3.micro: 1 GiB -> 112; (5 + 10) x 2 x 10 = 300
    assert "(5 + 10) x 2 workers x 10 tasks" in message and "188 more than" in message


def test_dl304_max_usage_ratio_option(lint_messages: Messages, tmp_path: Path) -> None:
    files = {"a.yaml": POOL.format(instance="db.r5.large", workers=4, size=20, overflow=10)}
    assert lint_messages(files, "--select", "DL304") == []
    extra, path = rule_pack(tmp_path, "DL304", "max_usage_ratio: 0.5")
    [(_, _, message)] = lint_messages({**files, **extra}, "--select", "DL304", "--policy", path)
    # budget: floor(1802 x 0.5) = 901; 1200 - 901 = 299; 1802 - 1200 = 602 left
    assert "= 1200 connections" in message and "299 more than the budget 901 (50% of" in message
    assert "it fits max_connections with only 602 to spare" in message
    extra, path = rule_pack(tmp_path, "DL304", "max_usage_ratio: 0.7")
    assert lint_messages({**files, **extra}, "--select", "DL304", "--policy", path) == []
