"""Every SARIF the suite produces goes through :func:`valid_sarif`: the official 2.1.0
schema with format checking on (``uri``, ``uri-reference`` through rfc3987), and every
``ruleIndex`` pointing at the descriptor with the same ``id``."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema
from jsonschema import FormatChecker

from .conftest import REPO

# the official SARIF 2.1.0 schema (OASIS), copied so that every clone validates against it
SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


@cache
def validator() -> Any:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=FormatChecker())


def valid_sarif(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator().iter_errors(document)
    ]
    assert errors == []
    for run in document["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            if "ruleIndex" in result:
                assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    return document
