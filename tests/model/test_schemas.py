"""The JSON Schemas: generated from the models, in step with them, described, and valid."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from deploylint.model.schemas import render_all
from deploylint.model.sections import SECTIONS, ConfigFile
from deploylint.sources.loader import load_bytes
from tests.helpers import EXAMPLES, REPO

SCHEMAS = REPO / "schemas"


def test_committed_schemas_match_the_models() -> None:
    rendered = render_all()
    committed = {
        p.name: p.read_text(encoding="utf-8")
        for p in SCHEMAS.glob("*.json")
        if p.name != "snapshot.schema.json"  # hand-written: deploylint.live.snapshot
    }
    assert sorted(committed) == sorted(rendered), "run: deploylint schema --write schemas"
    for name, text in rendered.items():
        assert committed[name] == text, f"{name} is stale; run: deploylint schema --write schemas"


def test_one_schema_per_section() -> None:
    assert {f"{s}.schema.json" for s in SECTIONS} < set(render_all())


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found.extend(_properties(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_properties(value, f"{where}[{i}]"))
    return found


@pytest.mark.parametrize("name", sorted(render_all()))
def test_every_property_has_a_description(name: str) -> None:
    schema = json.loads(render_all()[name])
    Draft202012Validator.check_schema(schema)
    missing = [where for where, prop in _properties(schema) if not prop.get("description")]
    assert missing == []


def _documents(path: Path) -> list[Any]:
    return [d.data for d in load_bytes(path.read_bytes()).documents]


FILE_SCHEMA = json.loads(render_all()["deploylint.schema.json"])
VALIDATOR = Draft202012Validator(FILE_SCHEMA)


@pytest.mark.parametrize(
    "path",
    sorted((EXAMPLES / "guide").glob("*.yaml")) + sorted((EXAMPLES / "multi-env").rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(EXAMPLES)),
)
def test_examples_validate_under_both_validators(path: Path) -> None:
    for data in _documents(path):
        assert list(VALIDATOR.iter_errors(data)) == []
        ConfigFile.model_validate(data)


AGREEMENT = [
    {"architecture": {"components": {"compute": {"cpu": "2048"}}}},
    {"architecture": {"components": {"compute": {"cpu": "two"}}}},
    {"architecture": {"components": {"compute": {"cpu": True}}}},
    {"architecture": {"components": {"storage": {"lifecycle": {"transition": "30日でIA"}}}}},
    {"architecture": {"components": {"storage": {"lifecycle": {"transition": "soon"}}}}},
    {"architecture": {"components": {"storage": {"lifecycle": {"expiration": "365日"}}}}},
    {"monitoring": {"alerts": {"severity": {"critical": {"response_time": "15分以内"}}}}},
    {"monitoring": {"alerts": {"severity": {"critical": {"response_time": "PT15M"}}}}},
    {"monitoring": {"alerts": {"severity": {"critical": {"response_time": "quickly"}}}}},
    {"infrastructure": {"monitoring": {"cloudwatch": {"alarms": {"a": {"evaluation_period": 2}}}}}},
    {"infrastructure": {"network": {"vpc": {"subnets": {"public": [{"cidr": "10.0.1.0/24"}]}}}}},
    {"infrastructure": {"monitoring": {"logs": {"retention": {"error": "365日"}}}}},
    {"config": {"cache": {"retry_on_timeout": "yes"}}},
    {"config": {"database": {"pool_size": -1}}},
    {"deployment": {"pre_deployment": {"steps": [{"name": "x", "actions": "y"}]}}},
    {"extends": ["a.yaml", "b.yaml"], "environment": "staging"},
    {"unknown_section": {}},
    ["a", "list"],
]


@pytest.mark.parametrize("data", AGREEMENT, ids=lambda d: json.dumps(d, ensure_ascii=False)[:60])
def test_schema_and_models_agree(data: Any) -> None:
    schema_ok = not list(VALIDATOR.iter_errors(data))
    try:
        ConfigFile.model_validate(data)
        model_ok = True
    except ValidationError:
        model_ok = False
    assert schema_ok == model_ok
