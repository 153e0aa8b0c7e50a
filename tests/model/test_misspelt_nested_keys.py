"""Issue 14 §2, a misspelt key fails the run at any depth: an unknown key within two edits of
a key the schema knows at its place (the did-you-mean) is DL004 at error, not a warning that
exits 0 while every check of what it holds is off (src/deploylint/model/validate.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, REPO, run_json, write_files

OPEN_DB = """
architecture:
  environments:
    production: {region: ap-northeast-1}
  components:
    database: {engine: PostgreSQL}
infrastructure:
  network:
    security:
      groups:
        rds:
          inbound:
            - {port: 5432, source: 0.0.0.0/0}
"""


def _check(root: Path, files: dict[str, str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    write_files(root, files)
    code, data = run_json(["check", "--no-config", *args, str(root)])
    return code, list(data["findings"])


def _dl004(findings: list[dict[str, Any]]) -> list[tuple[int, int, str, str]]:
    return [
        (f["line"], f["column"], f["severity"], f["message"])
        for f in findings
        if f["rule"] == "DL004"
    ]


def test_the_red_team_config_fails_at_the_misspelt_key(tmp_path: Path) -> None:
    """`securty:` hides every group, so the critical DL205 below it is never seen: the
    misspelling itself must fail the run."""
    code, findings = _check(tmp_path, {"app.yaml": OPEN_DB.replace("security:", "securty:")})
    assert _dl004(findings) == [
        (
            8,
            5,
            "error",
            "unknown key 'securty' in infrastructure.network; did you mean 'security'?",
        )
    ]
    assert code == 1


@pytest.mark.parametrize(
    ("old", "new", "where", "meant", "line"),
    [
        ("          inbound:", "          inbund:", "groups.rds", "inbound", 11),
        ("        rds:", "        rds:\n          Inbound: []", "groups.rds", "inbound", 11),
        ("{port: 5432,", "{prot: 5432, port: 5432,", "rds.inbound[0]", "port", 12),
        ("    security:", "    securty:", "infrastructure.network", "security", 8),
        ("  network:", "  network:\n    vcp: {cidr: 10.0.0.0/16}", "network", "vpc", 8),
    ],
)
def test_a_nested_misspelling_is_an_error_with_its_did_you_mean(
    tmp_path: Path, old: str, new: str, where: str, meant: str, line: int
) -> None:
    code, findings = _check(tmp_path, {"app.yaml": OPEN_DB.replace(old, new, 1)})
    [(at, _column, severity, message)] = _dl004(findings)
    assert (at, severity) == (line, "error")
    assert where in message and f"did you mean '{meant}'?" in message
    assert code == 1


MONITORING = """
infrastructure:
  monitoring:
    cloudwatch:
      metrics: [CPUUtilization, MemoryUtilization, RequestCount, Latency]
      alarms:
        high_cpu: {threshold: 80, period: 300, evaluation_periods: 2}
        high_memory: {threshold: 80, period: 300, evaluation_periods: 2}
    logs:
      retention: 30
      streams: [application, access, error]
"""


@pytest.mark.parametrize(
    ("old", "new", "meant"),
    [
        ("      alarms:", "      alarm:", "alarms"),
        ("      retention: 30", "      retenton: 30", "retention"),
        (
            "evaluation_periods: 2}\n    logs",
            "evaluation_period: 2}\n    logs",
            "evaluation_periods",
        ),
        ("    logs:", "    logz:", "logs"),
        ("      metrics:", "      metric:", "metrics"),
    ],
)
def test_monitoring_misspellings_are_errors(tmp_path: Path, old: str, new: str, meant: str) -> None:
    text = MONITORING.replace(old, new, 1)
    assert text != MONITORING
    code, findings = _check(tmp_path, {"app.yaml": text}, "--select", "DL004")
    [(_line, _column, severity, message)] = _dl004(findings)
    assert severity == "error" and f"did you mean '{meant}'?" in message
    assert code == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("        rds:", "        rds:\n          owner: team-db"),
        ("    logs:", "    logs:\n      x-notes: kept by the platform team"),
        ("      alarms:", "      dashboard: main\n      alarms:"),
        ("    logs:", "    logs:\n      id: 7"),  # two letters: close to no known key
    ],
)
def test_a_key_close_to_no_known_key_stays_a_warning(tmp_path: Path, old: str, new: str) -> None:
    """A vendor extension is unknown, not wrong: the spec's warning, and the run passes."""
    text = (MONITORING + OPEN_DB.split("infrastructure:\n", 1)[1]).replace(old, new, 1)
    text = text.replace("0.0.0.0/0", "10.0.0.0/16")
    code, findings = _check(tmp_path, {"app.yaml": text}, "--select", "DL004")
    [(_line, _column, severity, message)] = _dl004(findings)
    assert severity == "warning" and "did you mean" not in message
    assert code == 0


def test_names_you_choose_are_never_unknown_keys(tmp_path: Path) -> None:
    """Group, alarm and environment names that look like misspelt keys are names."""
    text = """
    architecture:
      environments:
        prodution: {region: ap-northeast-1}
    infrastructure:
      network:
        security:
          groups:
            inbund:
              inbound: [{port: 443, source: 10.0.0.0/16}]
            securty:
              inbound: [{port: 443, source: 10.0.0.0/16}]
      monitoring:
        cloudwatch:
          alarms:
            alarm: {threshold: 80, period: 300, evaluation_periods: 2}
    """
    code, findings = _check(tmp_path, {"app.yaml": text}, "--select", "DL002,DL004")
    assert findings == []
    assert code == 0


def test_a_nested_misspelling_can_be_suppressed_with_a_reason(tmp_path: Path) -> None:
    text = OPEN_DB.replace(
        "    security:",
        '    # deploylint: disable=DL004 reason="vendor block, INC-9"\n    securty:',
    )
    code, findings = _check(tmp_path, {"app.yaml": text}, "--select", "DL004,DL009")
    assert findings == []
    assert code == 0
    unreasoned = text.replace(' reason="vendor block, INC-9"', "")
    code, findings = _check(tmp_path, {"app.yaml": unreasoned}, "--select", "DL004,DL009")
    assert {(f["rule"], f["severity"]) for f in findings} >= {("DL004", "error")}
    assert code == 1


def test_drift_reports_the_same_error_as_check(tmp_path: Path) -> None:
    """The live path reads the declared files the same way: same finding, same severity."""
    root = tmp_path / "guide"
    shutil.copytree(EXAMPLES / "guide", root)
    infra = root / "infrastructure.yaml"
    text = infra.read_text(encoding="utf-8")
    infra.write_text(text.replace("    logs:\n", "    logz:\n", 1), encoding="utf-8")
    snapshot = str(EXAMPLES / "live" / "production.json")
    seen = []
    for command in (
        ["check", str(root), "--env", "production"],
        ["drift", str(root), "--env", "production", "--snapshot", snapshot],
    ):
        code, data = run_json(command)
        seen.append(
            [
                (f["line"], f["severity"], f["message"])
                for f in data["findings"]
                if f["rule"] == "DL004"
            ]
        )
        assert code == 1
    assert (
        seen[0]
        == seen[1]
        == [(42, "error", "unknown key 'logz' in infrastructure.monitoring; did you mean 'logs'?")]
    )


def test_the_schemas_are_unchanged(tmp_path: Path) -> None:
    """DL004's severity is the linter's: the JSON Schemas editors use stay as committed."""
    from tests.helpers import cli

    result = cli(["schema", "--write", str(tmp_path)])
    assert result.exit_code == 0
    for written in sorted(tmp_path.glob("*.json")):
        committed = REPO / "schemas" / written.name
        assert json.loads(written.read_text(encoding="utf-8")) == json.loads(
            committed.read_text(encoding="utf-8")
        ), written.name
    assert list(tmp_path.glob("*.json"))
