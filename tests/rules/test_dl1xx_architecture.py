"""DL101-DL109: architecture (guide 2.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..conftest import EXAMPLES, Lint, Messages, pack, run_json
from .conftest import Related

# Lines: 4 region, 5 zones, 7 min, 8 desired, 9 max (production); 11-16 the same for staging.
# Columns: region 15, the zone list 27 (first item 28), scaling values 14 / 18 / 14.
ENVS = """
architecture:
  environments:
    production:
      region: {p_region}
      availability_zones: {p_zones}
      scaling:
        min: {p_min}
        desired: {p_desired}
        max: {p_max}
    staging:
      region: {s_region}
      availability_zones: {s_zones}
      scaling:
        min: {s_min}
        desired: {s_desired}
        max: {s_max}
"""
GUIDE_ENVS = {
    "p_region": "ap-northeast-1",
    "p_zones": "['1a', '1c']",
    "p_min": 3,
    "p_desired": 5,
    "p_max": 10,
    "s_region": "ap-northeast-1",
    "s_zones": "['1a']",
    "s_min": 2,
    "s_desired": 3,
    "s_max": 5,
}


def envs(**changes: Any) -> dict[str, str]:
    return {"arch.yaml": ENVS.format(**{**GUIDE_ENVS, **changes})}


# Lines: 5 cpu, 6 memory, 9/10 database version/class, 12-14 cache engine/version/class,
# 17/18 search version/class, 21 storage_class, 23 transition, 24 expiration.
COMPONENTS = """
architecture:
  components:
    compute:
      type: {compute_type}
      cpu: '{cpu}'
      memory: '{memory}'
    database:
      engine: PostgreSQL
      version: '{db_version}'
      instance_type: {db_class}
    cache:
      engine: {cache_engine}
      version: '{cache_version}'
      instance_type: {cache_class}
    search:
      type: OpenSearch
      version: '{search_version}'
      instance_type: {search_class}
    storage:
      type: S3
      storage_class: {storage_class}
      lifecycle:
        transition: {transition}
        expiration: {expiration}
"""
GOOD_COMPONENTS = {
    "compute_type": "ECS Fargate",
    "cpu": 2048,
    "memory": 4096,
    "db_version": "15.17",
    "db_class": "db.r5.large",
    "cache_engine": "Redis",
    "cache_version": "7.0",
    "cache_class": "cache.r5.large",
    "search_version": "2.19",
    "search_class": "r5.large.search",
    "storage_class": "STANDARD",
    "transition": "30日でIA",
    "expiration": "365日",
}


def comps(**changes: Any) -> dict[str, str]:
    return {"arch.yaml": COMPONENTS.format(**{**GOOD_COMPONENTS, **changes})}


# --- the shipped examples ---------------------------------------------------------------


def test_guide_example_reports_exactly_the_engine_versions() -> None:
    _, data = run_json(["check", "--no-config", "--select", "DL1", str(EXAMPLES / "guide")])
    rows = [(Path(f["file"]).name, f["line"], f["rule"], f["severity"]) for f in data["findings"]]
    assert rows == [
        ("architecture.yaml", 28, "DL106", "error"),  # 15.0: below the first 15 (15.2)
        ("architecture.yaml", 37, "DL106", "error"),  # (line 1: the $schema modeline)
    ]


def test_multi_env_example_is_clean() -> None:
    _, data = run_json(["check", "--no-config", "--select", "DL1", str(EXAMPLES / "multi-env")])
    assert data["findings"] == []


def test_good_components_pass(lint: Lint) -> None:
    assert lint({**envs(), **{"c.yaml": COMPONENTS.format(**GOOD_COMPONENTS)}}) == []


# --- DL101 scaling-order ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"s_min": 0, "s_desired": 0, "s_max": 0}, []),
        ({"p_desired": 3}, []),  # desired == min
        ({"p_desired": 10}, []),  # desired == max
        ({"p_desired": 2}, [(8, 18)]),  # below min
        ({"p_desired": 11}, [(8, 18)]),  # above max
        ({"s_min": 6}, [(14, 14)]),  # min > max: reported at min, desired not compared
        ({"s_desired": -1}, [(15, 18)]),
        ({"p_min": -1, "p_max": -2}, [(7, 14), (9, 14)]),
    ],
)
def test_dl101_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(envs(**changes), "--select", "DL101")
    assert rows == [("arch.yaml", line, col, "DL101") for line, col in expected]


def test_dl101_missing_values_are_not_compared(lint: Lint) -> None:
    files = {
        "a.yaml": """
        architecture:
          environments:
            production: {scaling: {desired: 5}}
            staging: {scaling: {min: 2}}
        """
    }
    assert lint(files, "--select", "DL101") == []


def test_dl101_messages(lint_related: Related) -> None:
    found = lint_related(envs(p_desired=12, s_min=6, s_desired=-1), "--select", "DL101")
    assert [(f.rule, f.severity) for f in found] == [("DL101", "error")] * 3
    above, order, negative = found
    assert "production scaling.desired 12 is above scaling.max 10" in above.message
    assert "min <= desired <= max (guide 2.1)" in above.message
    assert above.related == (("arch.yaml", 9, "production scaling.max is set here"),)
    assert "staging scaling.min 6 is greater than scaling.max 5" in order.message
    assert order.related == (("arch.yaml", 16, "staging scaling.max is set here"),)
    assert "staging scaling.desired is -1; a task count is 0 or more (guide 2.1)" in (
        negative.message
    )
    assert negative.related == ()
    for f in found:
        assert "arch.yaml" not in f.message  # positions are related places, not text


# --- DL102 scaling-baseline ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"p_min": 4, "p_max": 8, "s_min": 3, "s_max": 4}, []),
        ({"p_min": 2}, [(7, 14)]),
        ({"p_max": 11}, [(9, 14)]),
        ({"s_min": 1, "s_max": 6}, [(14, 14), (16, 14)]),
        # staging's numbers are fine for production's floor only because each has its own
        ({"s_min": 2, "s_max": 5, "p_min": 2, "p_max": 5}, [(7, 14)]),
    ],
)
def test_dl102_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(envs(**changes), "--select", "DL102")
    assert rows == [("arch.yaml", line, col, "DL102") for line, col in expected]


def test_dl102_messages(lint_messages: Messages) -> None:
    found = lint_messages(envs(p_min=2, s_max=8), "--select", "DL102")
    assert [(rule, severity) for rule, severity, _ in found] == [("DL102", "error")] * 2
    low, high = (m for _, _, m in found)
    assert "production scaling.min 2 is below the 3 tasks" in low
    assert "expected min >= 3 (guide 2.1)" in low
    assert "staging scaling.max 8 is above the 5 tasks" in high
    assert "expected max <= 5 (guide 2.1)" in high


def test_dl102_options(lint: Lint, tmp_path: Path) -> None:
    files = envs(p_min=2, s_min=1, s_max=8)
    assert lint(files, "--select", "DL102") == [
        ("arch.yaml", 7, 14, "DL102"),
        ("arch.yaml", 14, 14, "DL102"),
        ("arch.yaml", 16, 14, "DL102"),
    ]
    extra, path = pack(
        tmp_path, "DL102", "min_tasks: {production: 2, staging: 1}\nmax_tasks: {staging: 8}"
    )
    assert lint({**files, **extra}, "--select", "DL102", "--policy", path) == []
    extra, path = pack(tmp_path, "DL102", "min_tasks: {production: 4}")
    rows = lint({**files, **extra}, "--select", "DL102", "--policy", path)
    assert rows == [
        ("arch.yaml", 7, 14, "DL102"),
        ("arch.yaml", 14, 14, "DL102"),
        ("arch.yaml", 16, 14, "DL102"),
    ]


def test_dl102_default_entry(lint: Lint, tmp_path: Path) -> None:
    files = {"a.yaml": "architecture:\n  environments:\n    qa: {scaling: {min: 1, max: 40}}\n"}
    assert lint(files, "--select", "DL102") == []  # the guide names no qa environment
    extra, path = pack(tmp_path, "DL102", "min_tasks: {default: 2}\nmax_tasks: {default: 20}")
    rows = lint({**files, **extra}, "--select", "DL102", "--policy", path)
    assert rows == [("a.yaml", 3, 25, "DL102"), ("a.yaml", 3, 33, "DL102")]


# --- DL103 multi-az -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"p_zones": "[ap-northeast-1a, ap-northeast-1d]", "s_zones": "['1a', '1c']"}, []),
        ({"p_zones": "['1a']"}, [5]),
        ({"p_zones": "['1a', 'ap-northeast-1a']"}, [5]),  # the same zone twice
        ({"p_zones": "[]", "s_zones": "[]"}, [5, 12]),
    ],
)
def test_dl103_positions(lint: Lint, changes: dict[str, Any], expected: list[int]) -> None:
    rows = lint(envs(**changes), "--select", "DL103")
    # at the `availability_zones:` key, where a zone is added (not at its first item)
    assert rows == [("arch.yaml", line, 7, "DL103") for line in expected]


def test_dl103_block_list_is_reported_at_its_key(lint: Lint) -> None:
    text = (
        "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"
        "      availability_zones:\n        - '1a'\n"
    )
    assert lint({"a.yaml": text}, "--select", "DL103") == [("a.yaml", 5, 7, "DL103")]


def test_dl103_without_zones_is_not_checked(lint: Lint) -> None:
    files = {"a.yaml": "architecture:\n  environments:\n    production: {region: ap-northeast-1}\n"}
    assert lint(files, "--select", "DL103") == []


def test_dl103_messages(lint_messages: Messages) -> None:
    found = lint_messages(envs(p_zones="['1a', 'ap-northeast-1a']"), "--select", "DL103")
    assert len(found) == 1
    rule, severity, message = found[0]
    assert (rule, severity) == ("DL103", "error")
    assert "production spans 1 availability zone(s) (ap-northeast-1a)" in message
    assert "2 entries name 1 distinct zones" in message
    assert "expected at least 2 for production" in message and "(guide 2.1)" in message


def test_dl103_options(lint: Lint, tmp_path: Path) -> None:
    files = envs()
    extra, path = pack(tmp_path, "DL103", "min_zones: {staging: 2}")
    rows = lint({**files, **extra}, "--select", "DL103", "--policy", path)
    assert rows == [("arch.yaml", 12, 7, "DL103")]
    extra, path = pack(tmp_path, "DL103", "min_zones: {production: 3}")
    rows = lint({**files, **extra}, "--select", "DL103", "--policy", path)
    assert rows == [("arch.yaml", 5, 7, "DL103")]


# --- DL104 az-in-region -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"p_zones": "[ap-northeast-1a, ap-northeast-1c, '1d']"}, []),
        ({"p_zones": "['1a', '1b']"}, [(5, 34)]),  # legacy zone
        ({"p_zones": "['1a', 'ap-northeast-1e']"}, [(5, 34)]),  # no such zone
        ({"p_zones": "['1a', 'us-east-1a']"}, [(5, 34)]),  # another region
        ({"p_zones": "['2a', '1c']"}, [(5, 28)]),  # completes to ap-northeast-2a
        ({"p_zones": "['1a', 'zone-one']"}, [(5, 34)]),  # not a zone name
        ({"s_region": "us-east-1", "s_zones": "['1a']"}, [(11, 15)]),  # not allowed
        ({"s_region": "ap-northeast-9", "s_zones": "[ap-northeast-9a]"}, [(11, 15)]),
    ],
)
def test_dl104_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(envs(**changes), "--select", "DL104")
    assert rows == [("arch.yaml", line, col, "DL104") for line, col in expected]


def test_dl104_suffix_without_region(lint: Lint) -> None:
    files = {
        "a.yaml": """
        architecture:
          environments:
            production:
              availability_zones: ['1a', ap-northeast-1c]
        """
    }
    assert lint(files, "--select", "DL104") == [("a.yaml", 4, 28, "DL104")]


def test_dl104_messages_and_severities(lint_related: Related) -> None:
    files = envs(p_zones="['1b', 'us-east-1a', '1e']", s_region="us-east-1", s_zones="['1a', '1z']")
    found = lint_related(files, "--select", "DL104")
    assert [(f.rule, f.severity) for f in found] == [
        ("DL104", "error"),
        ("DL104", "error"),
        ("DL104", "error"),
        ("DL104", "error"),
        ("DL104", "warning"),  # zone names vary per account outside ap-northeast-1
    ]
    legacy, other, missing, region, unconfirmed = (f.message for f in found)
    assert "'1b' (ap-northeast-1b) is not offered" in legacy and "1a, 1c, 1d" in legacy
    assert "'us-east-1a' is in us-east-1, not in production's region ap-northeast-1" in other
    assert found[1].related == (("arch.yaml", 4, "production's region is set here"),)
    assert "'1e' (ap-northeast-1e) does not exist in ap-northeast-1" in missing
    assert "staging region us-east-1 is not one the policy allows" in region
    assert "expected ap-northeast-1 (guide 2.1)" in region
    assert "us-east-1z" in unconfirmed and "recently created account" in unconfirmed
    for message in (legacy, other, missing, region, unconfirmed):
        assert message.endswith("(guide 2.1)")


def test_dl104_unknown_region_suggests(lint_messages: Messages) -> None:
    found = lint_messages(envs(s_region="ap-northeast-11", s_zones="[]"), "--select", "DL104")
    assert [m for _, _, m in found] == [
        "staging region 'ap-northeast-11' is not an AWS region; did you mean ap-northeast-1? "
        "(guide 2.1)"
    ]


def test_dl104_options(lint: Lint, tmp_path: Path) -> None:
    files = envs(s_region="us-east-1", s_zones="['1a']")
    extra, path = pack(tmp_path, "DL104", "allowed_regions: [ap-northeast-1, us-east-1]")
    assert lint({**files, **extra}, "--select", "DL104", "--policy", path) == []
    extra, path = pack(tmp_path, "DL104", "allowed_regions: [us-east-1]")
    rows = lint({**files, **extra}, "--select", "DL104", "--policy", path)
    assert rows == [("arch.yaml", 4, 15, "DL104")]
    extra, path = pack(tmp_path, "DL104", "allowed_regions: []")  # any region
    assert lint({**files, **extra}, "--select", "DL104", "--policy", path) == []


# --- DL105 fargate-size -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"cpu": 256, "memory": 512}, []),
        ({"cpu": 1024, "memory": 8192}, []),
        ({"cpu": 4096, "memory": 30720}, []),
        ({"cpu": 8192, "memory": 20480}, []),
        ({"cpu": 16384, "memory": 122880}, []),
        ({"cpu": 2048, "memory": 2048}, [6]),
        ({"cpu": 2048, "memory": 4500}, [6]),
        ({"cpu": 8192, "memory": 17408}, [6]),  # 4096 MiB steps
        ({"cpu": 3000, "memory": 4096}, [5]),
    ],
)
def test_dl105_positions(lint: Lint, changes: dict[str, Any], expected: list[int]) -> None:
    rows = lint(comps(**changes), "--select", "DL105")
    assert rows == [("arch.yaml", line, 12 if line == 5 else 15, "DL105") for line in expected]


@pytest.mark.parametrize(
    ("compute", "expected"),
    [
        ("{type: ECS Fargate, cpu: '2048'}", [(3, 5)]),  # memory missing: the compute key
        ("{type: ECS Fargate, memory: '4096'}", [(3, 5)]),
        ("{type: ECS Fargate, memory: 'two'}", []),  # DL002's finding, not a missing value
    ],
)
def test_dl105_missing_half(lint: Lint, compute: str, expected: list[Any]) -> None:
    files = {"a.yaml": f"architecture:\n  components:\n    compute: {compute}\n"}
    rows = lint(files, "--select", "DL105")
    assert rows == [("a.yaml", line, col, "DL105") for line, col in expected]


def test_dl105_messages(lint_messages: Messages, lint_related: Related) -> None:
    [(rule, severity, message, related)] = lint_related(comps(memory=2048), "--select", "DL105")
    assert (rule, severity) == ("DL105", "error")
    assert "compute memory 2048 MiB is not valid with cpu 2048; " in message
    assert related == (("arch.yaml", 5, "compute cpu is set here"),)
    assert "4096-16384 MiB in 1024 MiB steps for 2048 CPU units" in message
    assert "2048 MiB needs cpu 256 or 512 or 1024 (guide 2.1)" in message
    [(_, _, message)] = lint_messages(comps(cpu=3000), "--select", "DL105")
    assert "compute cpu 3000 is not a Fargate task size" in message
    assert "256, 512, 1024, 2048, 4096, 8192, 16384" in message
    assert "with memory 4096 MiB use cpu 512 or 1024 or 2048 (guide 2.1)" in message


# --- DL106 engine-version -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"db_version": "15", "cache_version": "7.1", "search_version": "OpenSearch_3.7"}, []),
        ({"cache_engine": "Valkey", "cache_version": "8.0"}, []),  # Valkey: not restricted
        ({"db_version": "15.0"}, [(9, "error")]),  # below the first 15 minor: cannot exist
        ({"db_version": "15.1"}, [(9, "error")]),
        ({"db_version": "15.99"}, [(9, "warning")]),  # newer than the facts
        ({"db_version": "19.1"}, [(9, "error")]),  # maybe newer, but the policy allows 15
        ({"db_version": "14.10"}, [(9, "error")]),  # exists, not allowed by the policy
        ({"db_version": "25.1"}, [(9, "error")]),  # no such major
        ({"db_version": "latest"}, [(9, "error")]),
        ({"cache_version": "6.2"}, [(13, "error")]),
        ({"cache_version": "7.2"}, [(13, "error")]),  # Redis OSS ends at 7.1
        ({"cache_version": "7.3"}, [(13, "error")]),
        ({"cache_engine": "Valkey", "cache_version": "6.2"}, [(13, "error")]),
        ({"search_version": "8.0"}, [(17, "error")]),
        ({"search_version": "2.4"}, [(17, "warning")]),  # a gap: unreleased or retired
        ({"search_version": "3.9"}, [(17, "warning")]),  # newer than the facts
        ({"search_version": "4.0"}, [(17, "warning")]),  # the next major: newer than the facts
        ({"search_version": "7.10"}, [(17, "warning")]),  # an Elasticsearch version
        # Elasticsearch is not the guide's engine (allowed_engines.search: OpenSearch)
        ({"search_version": "Elasticsearch_7.10"}, [(17, "error")]),
        ({"search_version": "Elasticsearch_8.0"}, [(17, "error")]),
    ],
)
def test_dl106_positions_and_severities(
    lint_json: Any, changes: dict[str, Any], expected: list[Any]
) -> None:
    _, data = lint_json(comps(**changes), "--select", "DL106")
    rows = [(f["line"], f["column"], f["severity"]) for f in data["findings"]]
    assert rows == [(line, 16, severity) for line, severity in expected]


def test_dl106_messages(lint_messages: Messages) -> None:
    found = lint_messages(
        comps(db_version="15.0", cache_version="6.2", search_version="8.0"), "--select", "DL106"
    )
    missing_minor, policy, no_major = (m for _, _, m in found)
    assert missing_minor == (
        "database version '15.0' cannot exist: RDS PostgreSQL's first PostgreSQL 15 version "
        "is 15.2 (15.2-15.19); use 15.x, e.g. '15.19' (the latest 15 minor) or '15' for the "
        "default minor (guide 2.1)"
    )
    assert "cache version '6.2' is Redis 6; the policy allows Redis 7" in policy
    assert "e.g. '7.1' (guide 2.1)" in policy
    assert "search version '8.0': OpenSearch 8.0 does not exist" in no_major
    assert "OpenSearch Service offers OpenSearch 1.0-1.3, 2.3-2.19, 3.1-3.7" in no_major
    assert "Elasticsearch is 7.10" in no_major and no_major.endswith("(guide 2.1)")


def test_dl106_options(lint: Lint, tmp_path: Path) -> None:
    files = comps(db_version="14.20", cache_version="6.2")
    assert lint(files, "--select", "DL106") == [
        ("arch.yaml", 9, 16, "DL106"),
        ("arch.yaml", 13, 16, "DL106"),
    ]
    extra, path = pack(tmp_path, "DL106", "allowed_majors: {postgres: [14, 15], redis oss: [6, 7]}")
    assert lint({**files, **extra}, "--select", "DL106", "--policy", path) == []
    extra, path = pack(tmp_path, "DL106", "allowed_majors: {OpenSearch: [3]}")
    rows = lint({**comps(), **extra}, "--select", "DL106", "--policy", path)
    assert rows == [("arch.yaml", 17, 16, "DL106")]  # 2.19 exists; the policy wants 3


def test_dl106_policy_restricts_engines_without_known_versions(lint: Lint, tmp_path: Path) -> None:
    files = {
        "a.yaml": "architecture:\n  components:\n    database: {engine: MySQL, version: '5.7'}\n"
    }
    # the guide's pack allows PostgreSQL only: MySQL is reported at its engine
    assert lint(files, "--select", "DL106") == [("a.yaml", 3, 24, "DL106")]
    extra, path = pack(tmp_path, "DL106", "allowed_engines: {database: [PostgreSQL, MySQL]}")
    assert lint({**files, **extra}, "--select", "DL106", "--policy", path) == []
    extra, path = pack(
        tmp_path,
        "DL106",
        "allowed_engines: {database: [PostgreSQL, MySQL]}\nallowed_majors: {MySQL: [8]}",
    )
    rows = lint({**files, **extra}, "--select", "DL106", "--policy", path)
    assert rows == [("a.yaml", 3, 40, "DL106")]


def test_dl105_compute_type_is_the_packs_choice(lint_messages: Messages, tmp_path: Path) -> None:
    """ECS on EC2 is not the guide's compute (issue 17 §6); a pack that allows it gets the
    EC2 launch type's free-form task size."""
    files = comps(compute_type="ECS EC2", cpu=3000, memory=4500)
    found = lint_messages(files, "--select", "DL105")
    assert [(r, s) for r, s, _ in found] == [("DL105", "error")]
    assert (
        "compute type 'ECS EC2' is not one the policy allows; expected ECS Fargate" in (found[0][2])
    )
    extra, path = pack(tmp_path, "DL105", "compute_types: [ECS Fargate, ECS EC2]")
    assert lint_messages({**files, **extra}, "--select", "DL105", "--policy", path) == []


# --- DL107 instance-class -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        (
            {
                "db_class": "db.t4g.micro",
                "cache_class": "cache.t4g.micro",
                "search_class": "t3.small.search",
            },
            [],
        ),
        # Aurora Serverless v2's class, and RDS for Oracle's: not RDS for PostgreSQL's
        ({"db_class": "db.serverless"}, [(10, "error")]),
        ({"db_class": "db.r5.2xlarge.tpc2.mem4x"}, [(10, "error")]),
        ({"db_class": "r5.large"}, [(10, "error")]),
        ({"db_class": "cache.r5.large"}, [(10, "error")]),
        ({"db_class": "db.r5.lage"}, [(10, "error")]),
        ({"cache_class": "db.r5.large"}, [(14, "error")]),
        ({"cache_class": "cache.r5.9xlarge"}, [(14, "error")]),  # no such size
        ({"cache_class": "cache.r6gd.xlarge"}, []),  # data tiering: in AWS's list
        ({"search_class": "r5.large"}, [(18, "error")]),
        ({"search_class": "r5.large.elasticsearch"}, [(18, "warning")]),
        # unknown is not wrong: a well-formed class of a family the facts do not list
        ({"search_class": "r9.large.search"}, [(18, "warning")]),
        # current types from AWS's list (botocore's enum lacks them)
        ({"search_class": "r7g.large.search"}, []),
        ({"search_class": "im4gn.large.search"}, []),
        ({"search_class": "or2.large.search"}, []),
        ({"db_class": "db.r8g.large"}, []),  # an EC2 type: a valid RDS class
        ({"db_class": "db.z9q.xlarge"}, [(10, "warning")]),
        ({"cache_class": "cache.r8g.large"}, []),
        ({"search_class": "r5.larg.search"}, [(18, "error")]),  # malformed size: a typo
        ({"db_class": "db.r5.9xlarge"}, [(10, "error")]),  # a known family, no such size
    ],
)
def test_dl107_positions_and_severities(
    lint_json: Any, changes: dict[str, Any], expected: list[Any]
) -> None:
    _, data = lint_json(comps(**changes), "--select", "DL107")
    rows = [(f["line"], f["column"], f["severity"]) for f in data["findings"]]
    assert rows == [(line, 22, severity) for line, severity in expected]


def test_dl107_messages(lint_messages: Messages) -> None:
    found = lint_messages(
        comps(db_class="db.r5.lage", cache_class="db.r5.large", search_class="r5.large"),
        "--select",
        "DL107",
    )
    typo, service, suffix = (m for _, _, m in found)
    assert typo == (
        "database instance_type 'db.r5.lage': RDS for PostgreSQL offers db.r5 in sizes "
        "large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, not lage "
        "(facts as of 2026-12-06); did you mean db.r5.large? (guide 2.1)"
    )
    assert "cache instance_type 'db.r5.large' is an RDS instance class" in service
    assert "ElastiCache node types start with cache. (e.g. cache.r5.large)" in service
    assert "did you mean r5.large.search? (guide 2.1)" in suffix


# --- DL108 s3-lifecycle -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        # valid for S3, but the guide pack's transition_to is STANDARD_IA (issue 17 §6)
        ({"transition": "0d to GLACIER", "expiration": "1日"}, [(23, 21)]),
        ({"transition": "{days: 30, storage_class: ONEZONE_IA}", "expiration": 31}, [(23, 47)]),
        ({"storage_class": "standard"}, [(21, 22)]),
        ({"transition": "29日でIA"}, [(23, 21)]),
        ({"transition": "30日でIA", "expiration": "30日"}, [(24, 21)]),
        ({"expiration": 0}, [(24, 21)]),
        ({"transition": "30 to STANDARD"}, [(23, 21)]),  # not a transition class
        ({"transition": "30 to COLD"}, [(23, 21)]),
        # a mapping: each finding at its own key
        ({"transition": "{days: 10, storage_class: STANDARD_IA}"}, [(23, 28)]),
        ({"transition": "{days: -1, storage_class: GLACIER}"}, [(23, 28), (23, 47)]),
        ({"transition": "{days: 40, storage_class: cold}"}, [(23, 47)]),
    ],
)
def test_dl108_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(comps(**changes), "--select", "DL108")
    assert rows == [("arch.yaml", line, col, "DL108") for line, col in expected]


def test_dl108_messages(lint_messages: Messages, lint_related: Related) -> None:
    found = lint_related(
        comps(storage_class="standard-ia", transition="7日でIA", expiration="7日"),
        "--select",
        "DL108",
    )
    assert [(f.rule, f.severity) for f in found] == [("DL108", "error")] * 3
    cls, early, expire = (f.message for f in found)
    assert (
        "storage_class 'standard-ia' is not an S3 storage class; did you mean STANDARD_IA?" in cls
    )
    assert "transition to STANDARD_IA after 7 days" in early
    assert "at least 30 days" in early and early.endswith("(guide 2.1)")
    assert "expiration after 7 days is not later than the transition" in expire
    assert "to STANDARD_IA after 7 days; S3 rejects the rule" in expire
    assert "e.g. 8 days or more (guide 2.1)" in expire
    assert found[2].related == (("arch.yaml", 23, "the transition is set here"),)
    [(_, _, message)] = lint_messages(comps(transition="30 to STANDARD"), "--select", "DL108")
    assert "lifecycle transition to 'STANDARD': S3 lifecycle cannot transition objects" in message


# --- DL109 environment-parity -------------------------------------------------------------

BASE = """
architecture:
  environments:
    production: {region: ap-northeast-1}
    staging: {region: ap-northeast-1}
  components:
    compute: {type: ECS Fargate, cpu: '2048', memory: '4096'}
    database: {engine: PostgreSQL, version: '15.17', instance_type: db.r5.large}
    cache: {engine: Redis, version: '7.1', instance_type: cache.r5.large}
    search: {type: OpenSearch, version: '2.19', instance_type: r5.large.search}
"""


def scoped(env: str, body: str) -> str:
    return f"environment: {env}\nextends: ../base.yaml\narchitecture:\n  components:\n{body}"


def test_dl109_shared_components_never_differ(lint: Lint) -> None:
    assert lint({"base.yaml": BASE}, "--select", "DL109") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("    database: {version: '15.4', instance_type: db.r5.large}\n", []),  # same major
        ("    database: {instance_type: db.t3.medium}\n", []),  # smaller is fine
        ("    database: {version: '14.10'}\n", [(5, 25)]),
        ("    database: {version: '16.3'}\n", [(5, 25)]),  # ahead: still reported
        ("    database: {engine: MySQL, version: '8.0'}\n", [(5, 24)]),  # engine only
        ("    database: {instance_type: db.r5.xlarge}\n", [(5, 31)]),
        ("    cache: {instance_type: cache.m5.2xlarge}\n", [(5, 28)]),
        ("    compute: {cpu: '4096', memory: '8192'}\n", [(5, 20), (5, 36)]),
        ("    search: {version: '1.3', instance_count: 3}\n", [(5, 23)]),  # no count in base
    ],
)
def test_dl109_staging_overrides(lint: Lint, body: str, expected: list[Any]) -> None:
    files = {"base.yaml": BASE, "staging/arch.yaml": scoped("staging", body)}
    rows = lint(files, "--select", "DL109")
    assert rows == [("staging/arch.yaml", line, col, "DL109") for line, col in expected]


def test_dl109_production_override_is_reported_on_the_shared_side(lint_json: Any) -> None:
    files = {
        "base.yaml": BASE,
        "production/arch.yaml": scoped("production", "    database: {version: '16.3'}\n"),
    }
    _, data = lint_json(files, "--select", "DL109")
    rows = [(f["file"].rsplit("/", 1)[-1], f["line"], f["severity"]) for f in data["findings"]]
    assert rows == [("base.yaml", 7, "warning")]
    assert data["findings"][0]["environment"] == "staging"


def test_dl109_messages(lint_related: Related) -> None:
    body = (
        "    database: {version: '14.10', instance_type: db.r5.xlarge}\n"
        "    cache: {engine: Valkey, version: '8.0'}\n"
    )
    files = {"base.yaml": BASE, "staging/arch.yaml": scoped("staging", body)}
    found = lint_related(files, "--select", "DL109")
    assert [(f.rule, f.severity) for f in found] == [("DL109", "warning")] * 3
    version, size, engine = (f.message for f in found)
    assert "database version '14.10' (major 14) differs from production's '15.17' (major 15)" in (
        version
    )
    assert "hides the upgrade's bugs" in version
    assert version.endswith("expected major 15 (guide 2.1)")
    assert found[0].related == (("base.yaml", 7, "production's database version is set here"),)
    assert "database instance_type db.r5.xlarge is larger than production's db.r5.large;" in size
    assert found[1].related == (
        ("base.yaml", 7, "production's database instance_type is set here"),
    )
    assert "cache engine Valkey here but Redis in production; " in engine
    assert "expected Redis (guide 2.1)" in engine
    assert found[2].related == (("base.yaml", 8, "production's cache engine is set here"),)


BASE_QA = BASE.replace(
    "    staging: {region: ap-northeast-1}\n",
    "    staging: {region: ap-northeast-1}\n    qa: {region: ap-northeast-1}\n",
)


def parity(data: dict[str, Any], root: Path) -> list[tuple[Any, ...]]:
    """(file, line, environments, related (file, line)) of each finding."""

    def rel(file: str) -> str:
        return Path(file).relative_to(root).as_posix()

    return sorted(
        (
            rel(f["file"]),
            f["line"],
            sorted(f["environment"].split(",")),
            [(rel(r["file"]), r["line"]) for r in f["related"]],
        )
        for f in data["findings"]
    )


def test_dl109_runs_once_over_every_environment(lint_json: Any, tmp_path: Path) -> None:
    older = "    database: {version: '14.10'}\n"
    files = {
        "base.yaml": BASE_QA,
        "staging/arch.yaml": scoped("staging", older),
        "qa/arch.yaml": scoped("qa", older),
    }
    # each test environment's own finding, naming production's value (base.yaml:8)
    _, data = lint_json(files, "--select", "DL109")
    assert parity(data, tmp_path) == [
        ("qa/arch.yaml", 5, ["qa"], [("base.yaml", 8)]),
        ("staging/arch.yaml", 5, ["staging"], [("base.yaml", 8)]),
    ]
    assert {r["message"] for f in data["findings"] for r in f["related"]} == {
        "production's database version is set here"
    }


def test_dl109_production_override_is_one_finding_for_every_test_environment(
    lint_json: Any, tmp_path: Path
) -> None:
    newer = scoped("production", "    database: {version: '16.3'}\n")
    files = {"base.yaml": BASE_QA, "production/arch.yaml": newer}
    _, data = lint_json(files, "--select", "DL109")
    assert parity(data, tmp_path) == [
        ("base.yaml", 8, ["qa", "staging"], [("production/arch.yaml", 5)])
    ]


def test_dl109_options(lint: Lint, tmp_path: Path) -> None:
    files = {
        "base.yaml": BASE,
        "staging/arch.yaml": scoped("staging", "    database: {version: '14.10'}\n"),
    }
    assert lint(files, "--select", "DL109") == [("staging/arch.yaml", 5, 25, "DL109")]
    extra, path = pack(tmp_path, "DL109", "production: staging")
    rows = lint({**files, **extra}, "--select", "DL109", "--policy", path)
    assert rows == [("base.yaml", 7, 45, "DL109")]  # production now measured against staging
    extra, path = pack(tmp_path, "DL109", "production: live")  # no such environment
    assert lint({**files, **extra}, "--select", "DL109", "--policy", path) == []


def test_dl106_versions_aws_rejects_are_errors_newer_ones_warn_with_the_facts_date(
    lint_messages: Messages,
) -> None:
    found = lint_messages(
        comps(db_version="15.99", cache_version="7.3", search_version="3.9"), "--select", "DL106"
    )
    assert found == [
        (
            "DL106",
            "warning",
            "database version '15.99' is not in deploylint's table (facts as of 2026-12-06, "
            "when RDS PostgreSQL offered 15.2-15.19); check that RDS PostgreSQL offers it, "
            "else use 15.x, e.g. '15.19' (the latest 15 minor) or '15' for the default minor "
            "(guide 2.1)",
        ),
        (
            "DL106",
            "error",
            "cache version '7.3' cannot exist: ElastiCache Redis OSS ends at 7.1; ElastiCache "
            "continues with Valkey 7.2 and later; use 7.x, e.g. '7.1' (the latest 7 minor) "
            "(guide 2.1)",
        ),
        (
            "DL106",
            "warning",
            "search version '3.9' is not in deploylint's table (facts as of 2026-08-07, when "
            "OpenSearch Service offered 3.1-3.7); check that OpenSearch Service offers it, "
            "else use 3.x, e.g. '3.7' (the latest 3 minor) (guide 2.1)",
        ),
    ]


def test_dl106_error_stops_the_default_fail_on(lint_json: Any) -> None:
    """Redis 7.3 fails `--fail-on error` (the default, and the pre-commit hook)."""
    code, _ = lint_json(comps(cache_version="7.3"), "--select", "DL106")
    assert code == 1
    code, _ = lint_json(comps(db_version="15.99"), "--select", "DL106")
    assert code == 0


def test_dl107_unknown_class_names_the_facts_date(lint_messages: Messages) -> None:
    found = lint_messages(comps(search_class="or9.large.search"), "--select", "DL107")
    assert found == [
        (
            "DL107",
            "warning",
            "search instance_type 'or9.large.search' is not in deploylint's table (facts as of "
            "2026-12-06); check that OpenSearch Service offers it (guide 2.1)",
        )
    ]


# --- DL109 with classes deploylint's table does not know (issue 9, principle 1) ----------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # db.r8g.2xlarge: the name gives 64 GiB, production's db.r5.large has 16
        (
            "    database: {instance_type: db.r8g.2xlarge}\n",
            [
                (
                    "warning",
                    "database instance_type db.r8g.2xlarge is larger than production's "
                    "db.r5.large (an estimate from the class names: one is not in deploylint's "
                    "table)",
                )
            ],
        ),
        ("    database: {instance_type: db.r8g.large}\n", []),  # 16 GiB: not larger
        (
            "    database: {instance_type: db.z9q.large}\n",
            [
                (
                    "info",
                    "not checked: unknown class 'db.z9q.large'; deploylint cannot compare "
                    "database instance_type db.z9q.large with production's db.r5.large (facts as "
                    "of 2026-12-06) (guide 2.1)",
                )
            ],
        ),
        ("    database: {instance_type: db.r5.lage}\n", []),  # a typo: DL107's finding alone
    ],
)
def test_dl109_unknown_classes_are_estimated_or_not_checked(
    lint_messages: Messages, body: str, expected: list[tuple[str, str]]
) -> None:
    files = {"base.yaml": BASE, "staging/arch.yaml": scoped("staging", body)}
    found = lint_messages(files, "--select", "DL109")
    assert [(s, m[: len(e)]) for (_, s, m), (_, e) in zip(found, expected, strict=True)] == expected


# --- issue 17 §3: classes and versions from AWS's own lists -------------------------------


@pytest.mark.parametrize(
    ("changes", "severity", "words"),
    [
        # db. + an EC2 type is not an RDS class
        ({"db_class": "db.c5.large"}, "error", "it offers no db.c5 classes"),
        ({"db_class": "db.c6i.xlarge"}, "error", "it offers no db.c6i classes"),
        ({"db_class": "db.g4dn.xlarge"}, "error", "it offers no db.g4dn classes"),
        ({"db_class": "db.m5a.large"}, "error", "it offers no db.m5a classes"),
        ({"db_class": "db.t3.nano"}, "error", "offers db.t3 in sizes micro, small"),
        ({"db_class": "db.m6g.medium"}, "error", "offers db.m6g in sizes large"),
        ({"db_class": "db.serverless"}, "error", "Aurora Serverless v2's instance class"),
        ({"db_class": "db.x2iezn.2xlarge"}, "error", "it offers no db.x2iezn classes"),
        ({"db_class": "db.t2.micro"}, "warning", "previous-generation class"),
        ({"db_class": "db.r9g.large"}, "warning", "not in deploylint's table"),
        # ElastiCache: current types known, sizes per family
        ({"cache_class": "cache.r6gd.large"}, "error", "sizes xlarge, 2xlarge"),
        ({"cache_class": "cache.t4g.large"}, "error", "sizes micro, small, medium"),
        ({"cache_class": "cache.m5.8xlarge"}, "error", "offers cache.m5 in sizes"),
        ({"cache_class": "cache.c5.large"}, "error", "it offers no cache.c5 types"),
        ({"cache_class": "cache.m3.large"}, "warning", "previous-generation node type"),
        ({"cache_class": "cache.r9g.large"}, "warning", "not in deploylint's table"),
        # OpenSearch: the price list, not botocore's enum
        ({"search_class": "r7g.large.searc"}, "error", "not an OpenSearch instance type"),
        ({"search_class": "r7g.9xlarge.search"}, "error", "offers r7g in sizes"),
        ({"search_class": "t3.micro.search"}, "warning", "the API model lists it"),
        ({"search_class": "r4.large.search"}, "warning", "previous-generation"),
    ],
)
def test_dl107_classes_from_aws_lists(
    lint_messages: Messages, changes: dict[str, str], severity: str, words: str
) -> None:
    [(rule, found, message)] = lint_messages(comps(**changes), "--select", "DL107")
    assert (rule, found) == ("DL107", severity)
    assert words in message


@pytest.mark.parametrize(
    "changes",
    [
        {"db_class": "db.m7g.large"},
        {"db_class": "db.r8g.48xlarge"},
        {"db_class": "db.t4g.micro"},
        {"db_class": "db.x2idn.16xlarge"},
        {"cache_class": "cache.r6gd.xlarge"},
        {"cache_class": "cache.c7gn.large"},
        {"cache_class": "cache.m7g.large"},
        {"search_class": "im4gn.large.search"},
        {"search_class": "or2.large.search"},
        {"search_class": "om2.xlarge.search"},
        {"search_class": "r7g.large.search"},
        {"search_class": "m7g.medium.search"},
        {"search_class": "r8g.large.search"},
        {"search_class": "oi2.large.search"},
    ],
)
def test_dl107_current_types_pass(lint: Lint, changes: dict[str, str]) -> None:
    assert lint(comps(**changes), "--select", "DL107") == []


def test_db_serverless_is_aurora_only(lint: Lint) -> None:
    text = COMPONENTS.format(**{**GOOD_COMPONENTS, "db_class": "db.serverless"})
    assert lint({"arch.yaml": text}, "--select", "DL107") == [("arch.yaml", 10, 22, "DL107")]
    aurora = text.replace("engine: PostgreSQL", "engine: Aurora PostgreSQL")
    assert lint({"arch.yaml": aurora}, "--select", "DL107") == []


def test_dl304_does_not_compute_connections_for_a_class_rds_lacks(lint_messages: Messages) -> None:
    text = """
architecture:
  environments:
    production: {scaling: {min: 3, max: 10, desired: 3}}
  components:
    database: {engine: PostgreSQL, instance_type: db.c5.large}
config:
  application:
    api: {workers: 4}
  database: {pool_size: 20, max_overflow: 10}
"""
    found = lint_messages({"a.yaml": text}, "--select", "DL107,DL304")
    assert [r for r, _, _ in found] == ["DL107"]


@pytest.mark.parametrize(
    ("changes", "severity", "words"),
    [
        ({"db_version": "15.4.1"}, "error", "major.minor (15.4) or a bare major"),
        ({"db_version": "15.19.0"}, "error", "major.minor"),
        ({"db_version": "15.2"}, "warning", "as deprecated"),
        ({"db_version": "15.12"}, "warning", "as deprecated"),
        ({"search_version": "2.19.1"}, "error", "versions are X.Y"),
        ({"search_version": "OpenSearch_2.19.1"}, "error", "versions are X.Y"),
        ({"search_version": "2"}, "error", "versions are X.Y"),
        ({"cache_version": "7.1.0"}, "error", "major.minor (7.1) or 6.x"),
        ({"cache_engine": "Valkey", "cache_version": "8.0.1"}, "error", "major.minor (8.0)"),
    ],
)
def test_dl106_version_shapes_the_api_rejects(
    lint_messages: Messages, changes: dict[str, str], severity: str, words: str
) -> None:
    [(rule, found, message)] = lint_messages(comps(**changes), "--select", "DL106")
    assert (rule, found) == ("DL106", severity)
    assert words in message


@pytest.mark.parametrize(
    "changes",
    [
        {"search_version": "2.11"},
        {"search_version": "OpenSearch_2.11"},
        {"search_version": " OpenSearch_2.19 "},
        {"db_version": "15"},
        {"db_version": "15.19"},
        {"cache_version": "7.1"},
        {"cache_engine": "Valkey", "cache_version": "9.1"},
    ],
)
def test_dl106_bare_and_aws_spellings_pass(lint: Lint, changes: dict[str, str]) -> None:
    assert lint(comps(**changes), "--select", "DL106") == []


def test_instance_facts_are_dated_data_with_their_source() -> None:
    import json
    from importlib import resources

    from deploylint import facts

    raw = (resources.files("deploylint") / "data/facts/instance-types.json").read_text("utf-8")
    data = json.loads(raw)
    assert data["as_of"] == facts.INSTANCE_FACTS_DATE
    assert "cfn-lint" in data["source"] and "Pricing" in data["source"]
    assert "c5" not in facts.RDS_CLASSES["postgres"]
    assert "nano" not in facts.RDS_CLASSES["postgres"]["t3"]
    assert "serverless" in facts.RDS_CLASSES["aurora-postgresql"]
    assert "serverless" not in facts.RDS_CLASSES["postgres"]
    assert "large" not in facts.ELASTICACHE_NODE_SIZES["r6gd"]
    assert {"im4gn", "or2", "om2", "r7g", "m7g"} <= set(facts.OPENSEARCH_INSTANCE_SIZES)


def test_one_version_normalisation_serves_rules_and_drift() -> None:
    from deploylint.model.versions import engine_key, major, numbers, split_version

    assert split_version("OpenSearch_2.11") == split_version(" OpenSearch_2.11 ").__class__(
        "opensearch", "2.11"
    )
    assert split_version("2.11").version == "2.11"
    assert engine_key("Redis OSS") == "redis" and engine_key("postgres") == "postgresql"
    assert major("11.22-rds.20240418") == 11
    assert numbers("11.22-rds.20240418") == (11, 22)
