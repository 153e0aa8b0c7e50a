"""DL109 environment-parity: src/deploylint/rules/architecture/dl109_environment_parity.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, Related, rule_pack

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
    extra, path = rule_pack(tmp_path, "DL109", "production: staging")
    rows = lint({**files, **extra}, "--select", "DL109", "--policy", path)
    assert rows == [("base.yaml", 7, 45, "DL109")]  # production now measured against staging
    extra, path = rule_pack(tmp_path, "DL109", "production: live")  # no such environment
    assert lint({**files, **extra}, "--select", "DL109", "--policy", path) == []


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
        # a typo DL107 rejects: left out beside DL107's finding, said when DL107 is not shown
        (
            "    database: {instance_type: db.r5.lage}\n",
            [
                (
                    "info",
                    "not checked: database instance_type 'db.r5.lage' is not a class of its "
                    "service (see DL107), so db.r5.lage is not compared with production's "
                    "db.r5.large (guide 2.1)",
                )
            ],
        ),
    ],
)
def test_dl109_unknown_classes_are_estimated_or_not_checked(
    lint_messages: Messages, body: str, expected: list[tuple[str, str]]
) -> None:
    files = {"base.yaml": BASE, "staging/arch.yaml": scoped("staging", body)}
    found = lint_messages(files, "--select", "DL109")
    assert [(s, m[: len(e)]) for (_, s, m), (_, e) in zip(found, expected, strict=True)] == expected
