"""DL106 engine-version: src/deploylint/rules/architecture/dl106_engine_version.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import comps


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
    extra, path = rule_pack(
        tmp_path, "DL106", "allowed_majors: {postgres: [14, 15], redis oss: [6, 7]}"
    )
    assert lint({**files, **extra}, "--select", "DL106", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL106", "allowed_majors: {OpenSearch: [3]}")
    rows = lint({**comps(), **extra}, "--select", "DL106", "--policy", path)
    assert rows == [("arch.yaml", 17, 16, "DL106")]  # 2.19 exists; the policy wants 3


def test_dl106_policy_restricts_engines_without_known_versions(lint: Lint, tmp_path: Path) -> None:
    files = {
        "a.yaml": "architecture:\n  components:\n    database: {engine: MySQL, version: '5.7'}\n"
    }
    # the guide's pack allows PostgreSQL only: MySQL is reported at its engine
    assert lint(files, "--select", "DL106") == [("a.yaml", 3, 24, "DL106")]
    extra, path = rule_pack(tmp_path, "DL106", "allowed_engines: {database: [PostgreSQL, MySQL]}")
    assert lint({**files, **extra}, "--select", "DL106", "--policy", path) == []
    extra, path = rule_pack(
        tmp_path,
        "DL106",
        "allowed_engines: {database: [PostgreSQL, MySQL]}\nallowed_majors: {MySQL: [8]}",
    )
    rows = lint({**files, **extra}, "--select", "DL106", "--policy", path)
    assert rows == [("a.yaml", 3, 40, "DL106")]


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
