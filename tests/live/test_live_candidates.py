"""The live side drift compares, against a real moto server over HTTP: every candidate of
a declared item with its values at their document paths, the attributes it could not read
and why it is bound; the rules' live view is the same values (one mapping, one
normalisation), so the live state declared back is in sync."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from deploylint.cli import app
from deploylint.drift import compare
from deploylint.live.binding import bind
from deploylint.live.snapshot import load_snapshot
from deploylint.live.source import live_effective, live_state
from deploylint.model.effective import lookup

from .stack import REGION, Stack

CONFIGS = Path(__file__).parent / "configs"
LIFECYCLE = "architecture.components.storage.lifecycle"


_EXPORTED: dict[str, dict[str, Any]] = {}  # endpoint -> the pristine stack's snapshot


def export(endpoint: str, tmp_path: Path) -> dict[str, Any]:
    """The pristine stack exported by the real CLI (once per server); a copy to edit."""
    if endpoint not in _EXPORTED:
        _EXPORTED[endpoint] = _export(endpoint, tmp_path)
    return copy.deepcopy(_EXPORTED[endpoint])


def _export(endpoint: str, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "live.json"
    result = CliRunner().invoke(
        app,
        [
            *("export", "--live", "--region", REGION, "--endpoint-url", endpoint),
            *("--env", "production", "-o", str(out), "--no-config"),
        ],
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


def drift(doc: dict[str, Any], tmp_path: Path) -> tuple[int, list[dict[str, Any]]]:
    snap = tmp_path / "edited.json"
    snap.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            *("drift", str(CONFIGS), "--env", "production", "--snapshot", str(snap)),
            *("--format", "json", "--no-config"),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def resource(doc: dict[str, Any], type_: str, name: str) -> dict[str, Any]:
    (found,) = [r for r in doc["resources"] if r["type"] == type_ and r.get("name") == name]
    return found


def test_the_live_state_declared_back_is_in_sync(pristine: Stack, tmp_path: Path) -> None:
    doc = export(pristine.endpoint, tmp_path)
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    bound = bind(load_snapshot(tmp_path / "s.json"), "production")
    live = live_effective(bound)
    # the rules read the values as a config writes them (model/versions.py)...
    comps = live.data["architecture"]["components"]
    assert (comps["database"]["engine"], comps["database"]["version"]) == ("PostgreSQL", "15.4")
    assert (comps["cache"]["engine"], comps["search"]["version"]) == ("Redis", "2.11")
    assert comps["storage"]["lifecycle"]["transition"] == {
        "days": 30,
        "storage_class": "STANDARD_IA",
    }
    groups = lookup(live.data, ("infrastructure", "network", "security", "groups"))
    assert {"port": 443, "source": "0.0.0.0/0"} in groups["alb"]["inbound"]
    # ...and drift finds that very declaration in sync: one mapping both ways
    assert compare(live.model, bound) == []
    # a change is seen through the same mapping (the test can fail)
    service = next(r for r in doc["resources"] if r["type"] == "ecs-service")
    service["fields"]["desired_count"] = 9
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    changed = bind(load_snapshot(tmp_path / "s.json"), "production")
    found = compare(live.model, changed)
    assert [(d.rule, d.path[-1], d.declared, d.live) for d in found] == [("DL901", "desired", 5, 9)]


def test_candidates_hold_values_unread_attributes_and_provenance(
    pristine: Stack, tmp_path: Path
) -> None:
    doc = export(pristine.endpoint, tmp_path)
    group = resource(doc, "log-group", "/app/production/error")
    del group["fields"]["retention"]
    group["unreadable"] = {"retention": "logs:DescribeLogGroups AccessDenied"}
    (tmp_path / "s.json").write_text(json.dumps(doc), encoding="utf-8")
    state = live_state(bind(load_snapshot(tmp_path / "s.json"), "production"))
    (error,) = state.of("log-group", "error")
    at = ("infrastructure", "monitoring", "logs", "retention", "error")
    assert error.at == at and error.value(at) is None
    assert error.why_unread(at) is not None and "AccessDenied" in error.why_unread(at).reason
    assert error.attribute(at) == "/retentionInDays"
    assert error.bound_by == "tagged Environment=production, Stream=error"
    (db,) = state.of("component", "database")
    assert db.value(("architecture", "components", "database", "version")) == "15.4"
    assert db.bound_by == "tagged Environment=production, Component=database"
    (alb,) = state.of("group", "alb")
    assert alb.bound_by == "named alb-sg"


def test_one_unreadable_attribute_is_dl904_for_it_alone(pristine: Stack, tmp_path: Path) -> None:
    doc = export(pristine.endpoint, tmp_path)
    group = resource(doc, "log-group", "/app/production/error")
    del group["fields"]["retention"]
    group["unreadable"] = {"retention": "logs:DescribeLogGroups AccessDenied"}
    code, found = drift(doc, tmp_path)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in found] == [
        ("DL904", "infrastructure.monitoring.logs.retention.error")
    ]
    assert "AccessDenied" in found[0]["message"] and "not checked" in found[0]["message"]


def test_transition_days_and_class_are_compared_at_their_one_path(
    pristine: Stack, tmp_path: Path
) -> None:
    doc = export(pristine.endpoint, tmp_path)
    bucket = resource(doc, "bucket", "app-assets")
    bucket["fields"]["lifecycle"].update(transition_days=60, transition_class="GLACIER")
    code, found = drift(doc, tmp_path)
    assert code == 1
    assert [(f["rule"], f["path"], f["declared"], f["live"]) for f in found] == [
        ("DL901", f"{LIFECYCLE}.transition", 30, 60),
        ("DL901", f"{LIFECYCLE}.transition", "STANDARD_IA", "GLACIER"),
    ]
    assert [f["related"][0]["attribute"] for f in found] == [
        "/LifecycleConfiguration/Rules/Transitions/Days",
        "/LifecycleConfiguration/Rules/Transitions/StorageClass",
    ]


def test_every_candidate_is_compared_and_the_ambiguity_says_why_they_bind(
    pristine: Stack, tmp_path: Path
) -> None:
    doc = export(pristine.endpoint, tmp_path)
    twin = copy.deepcopy(resource(doc, "bucket", "app-assets"))
    twin.update(id="app-assets-copy", name="app-assets-copy", arn="arn:aws:s3:::app-assets-copy")
    twin["fields"]["lifecycle"]["expiration_days"] = 90
    doc["resources"].append(twin)
    code, found = drift(doc, tmp_path)
    assert code == 1
    assert [(f["rule"], f["path"], f.get("resource")) for f in found] == [
        ("DL905", "architecture.components.storage", "arn:aws:s3:::app-assets"),
        ("DL901", f"{LIFECYCLE}.expiration", "arn:aws:s3:::app-assets-copy"),
    ]
    message = found[0]["message"]
    assert "app-assets, app-assets-copy" in message
    assert "tagged Environment=production, Component=storage" in message
