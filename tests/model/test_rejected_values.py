"""Issue 14 §2: a rejected value outside a list item never makes a rule quiet.

The data keeps the field (unknown, flagged) so that it still replaces what the file
inherits; the model leaves it unset, and every rule that reads it says "not checked:
<field> has an invalid value". A rule that only repeats the rejected value beside DL002 is
left out (one mistake, one finding). Through the real CLI on real files.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, run_json

LintJson = Callable[..., tuple[int, dict[str, Any]]]
SCALING = "architecture.environments.production.scaling.max"


def _rows(data: dict[str, Any], rule: str) -> list[tuple[int, str, str]]:
    return [(f["line"], f["severity"], f["message"]) for f in data["findings"] if f["rule"] == rule]


def test_a_rejected_scaling_max_is_not_checked_never_silent(lint_json: LintJson) -> None:
    text = (
        "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"
        "      scaling: {min: 5, desired: 6, max: lots}\n"
    )
    # DL002 shown: one mistake, one finding (the rule's "not checked" is the same place)
    code, data = lint_json({"app.yaml": text})
    assert [line for line, _, _ in _rows(data, "DL002")] == [5]
    assert not _rows(data, "DL101")
    # the schema finding ignored: the rule still says it could not check (exit 1)
    code, data = lint_json({"app.yaml": text}, "--ignore", "DL002")
    [(line, severity, message)] = _rows(data, "DL101")
    assert line == 5 and severity == "error"
    assert message.startswith(f"not checked: {SCALING} has an invalid value")
    assert code == 1


def test_a_rejected_value_still_replaces_the_inherited_one(lint_json: LintJson) -> None:
    # base: max 10 (in order); production.yaml writes max: lots. Reading the base's 10
    # would check a value the deployment does not have.
    base = (
        "architecture:\n  environments:\n    production:\n      region: ap-northeast-1\n"
        "      scaling: {min: 5, desired: 6, max: 10}\n"
    )
    prod = (
        "extends: base.yaml\nenvironment: production\narchitecture:\n  environments:\n"
        "    production:\n      scaling: {max: lots}\n"
    )
    _, data = lint_json({"base.yaml": base, "production.yaml": prod}, "--ignore", "DL002")
    rows = [
        (f["file"].rsplit("/", 1)[-1], f["line"], f["message"])
        for f in data["findings"]
        if f["rule"] == "DL101"
    ]
    assert len(rows) == 1 and rows[0][:2] == ("production.yaml", 6), rows
    assert rows[0][2].startswith(f"not checked: {SCALING} has an invalid value")


def test_a_rejected_retention_is_not_checked(lint_json: LintJson) -> None:
    text = (
        "architecture:\n  environments:\n    production: {region: ap-northeast-1}\n"
        "infrastructure:\n  monitoring:\n    logs:\n      retention: forever\n"
    )
    _, data = lint_json({"app.yaml": text}, "--select", "DL404,DL405")
    rules = {f["rule"] for f in data["findings"] if "has an invalid value" in f["message"]}
    assert rules, data["findings"]  # the retention rules say they could not check it


@pytest.mark.parametrize(
    ("zones", "column"),
    [("[1a, 5, 1c]", 67), ("[1a, {zone: 1c}]", 67)],
)
def test_an_invalid_list_element_is_one_finding(
    lint_json: LintJson, zones: str, column: int
) -> None:
    text = (
        "architecture:\n  environments:\n"
        f"    production: {{region: ap-northeast-1, availability_zones: {zones}}}\n"
    )
    _, data = lint_json({"app.yaml": text}, "--select", "DL0,DL1")
    at = [(f["rule"], f["line"]) for f in data["findings"] if f["line"] == 3]
    assert ("DL002", 3) in at
    assert ("DL104", 3) not in at, data["findings"]  # no "‹invalid value›" echo
    # ignoring DL002 hides nothing: the echo is the finding then
    _, ignored = lint_json({"app.yaml": text}, "--select", "DL1")
    assert any(f["rule"] == "DL104" for f in ignored["findings"])


def test_a_more_severe_worst_case_is_kept_beside_the_schema_finding(lint_json: LintJson) -> None:
    text = (
        "architecture:\n  environments:\n    production: {region: ap-northeast-1}\n"
        "  components:\n    database: {engine: PostgreSQL}\n"
        "infrastructure:\n  network:\n    security:\n      groups:\n        rds:\n"
        "          inbound:\n            - {port: 5432, source: [0.0.0.0/0]}\n"
    )
    _, data = lint_json({"app.yaml": text})
    assert ("DL205", "critical") in {(f["rule"], f["severity"]) for f in data["findings"]}


# --- property: non-list fields ------------------------------------------------------------

GUIDE = REPO / "examples" / "guide"
INVALID = st.sampled_from([[], {"x": 1}, 1.5, True, "not / a valid value", [["nested"]]])
SEVERITY = {"info": 1, "warning": 2, "error": 3, "critical": 4}


def _scalars(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The scalar fields outside any list (list items have their own property)."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _scalars(v, (*path, k))]
    if isinstance(node, list):
        return []
    return [path]


def _per_rule(files: dict[str, Any], *args: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_text(yaml.safe_dump(data, allow_unicode=True))
        _, report = run_json(["check", "--no-config", *args, tmp])
    top: dict[str, int] = {}
    for f in report["findings"]:
        top[f["rule"]] = max(top.get(f["rule"], 0), SEVERITY[f["severity"]])
    return top


@settings(max_examples=20, deadline=None, derandomize=True)
@given(data=st.data())
def test_property_a_rejected_scalar_never_quiets_a_rule(data: st.DataObject) -> None:
    files = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in GUIDE.glob("*.yaml")}
    before = _per_rule(files)
    leaves = [
        (name, p)
        for name in sorted(files)
        for p in _scalars(files[name])
        if p[0] not in ("environment", "extends", "$schema")
    ]
    name, path = data.draw(st.sampled_from(leaves))
    node = files[name]
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(INVALID)
    after = _per_rule(files)
    # the highest severity of the run never falls, with DL002 shown or not
    assert max(after.values(), default=0) >= max(before.values(), default=0), (name, path)
    ignored = _per_rule(files, "--ignore", "DL0")
    guide_rules = [s for r, s in before.items() if not r.startswith("DL0")]
    assert max(ignored.values(), default=0) >= max(guide_rules, default=0), (name, path)
