"""DL101-DL109: architecture (guide 2.1).

The tests naming no single rule of the section (from test_dl1xx_architecture.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import EXAMPLES, Lint, Messages, run_json

from .shared import COMPONENTS, GOOD_COMPONENTS, envs

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
