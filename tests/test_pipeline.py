"""One pipeline: every output option means the same in check, check --snapshot and drift."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from deploylint.cli import FORMATS
from tests.helpers import invoke, valid_sarif

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GUIDE = str(EXAMPLES / "guide")
SNAPSHOT = str(EXAMPLES / "live" / "production.json")

COMMANDS = {
    "check": ["check", GUIDE],
    "check --snapshot": ["check", "--snapshot", SNAPSHOT, "--env", "production"],
    "drift": ["drift", GUIDE, "--env", "production", "--snapshot", SNAPSHOT],
}


def run(command: str, *args: str) -> tuple[int, str, str]:
    result = invoke(*COMMANDS[command], "--no-config", *args)
    return result.exit_code, result.stdout, result.stderr


def findings(command: str, *args: str) -> list[dict[str, object]]:
    code, out, err = run(command, "-f", "json", *args)
    assert code in (0, 1), err
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


@pytest.fixture(params=list(COMMANDS))
def command(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def test_every_command_has_findings_and_fails(command: str) -> None:
    code, out, _ = run(command, "-f", "concise")
    assert code == 1
    assert len(out.splitlines()) == len(findings(command)) + 1  # one line each, a summary


@pytest.mark.parametrize("format", [f for f in FORMATS if f != "auto"])
def test_every_format(command: str, format: str, tmp_path: Path) -> None:
    code, out, err = run(command, "--format", format)
    assert (code, err) == (1, "")
    expected = findings(command)
    if format == "json":
        assert len(json.loads(out)["findings"]) == len(expected)
    elif format == "sarif":
        sarif = valid_sarif(out)
        results = sarif["runs"][0]["results"]
        assert len(results) == len(expected)
        described = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
        assert {r["ruleId"] for r in results} <= described  # every rule has a descriptor
    elif format == "junit":  # a test case per place: findings at one place share it
        failures = ET.fromstring(out).findall(".//failure")
        assert {str(f["rule"]) for f in expected} <= {f.get("type") for f in failures}
    elif format == "gitlab":
        assert len(json.loads(out)) == len(expected)
    elif format == "github":
        assert sum(line.startswith("::") for line in out.splitlines()) == len(expected)
    elif format == "statistics":
        assert sum(int(line.split()[0]) for line in out.splitlines()) == len(expected)
    else:  # text, concise: every finding's rule
        for f in expected:
            assert str(f["rule"]) in out
    # the same format to a file (--output) and beside stdout (--output-format FORMAT:FILE)
    assert run(command, "--format", format, "-o", str(tmp_path / "a"))[:2] == (1, "")
    code, side, _ = run(command, "-f", "json", "--output-format", f"{format}:{tmp_path / 'b'}")
    assert code == 1 and json.loads(side)["findings"]
    a, b = ((tmp_path / n).read_text(encoding="utf-8") for n in "ab")
    if format not in ("sarif", "junit", "gitlab"):  # these stamp times or ids
        assert a == b == out


def test_a_bare_output_format_is_stdouts(command: str) -> None:
    assert run(command, "--output-format", "json")[1] == run(command, "--format", "json")[1]
    code, out, err = run(command, "--output-format", "json", "--format", "sarif")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "two formats for stdout" in err


def test_statistics_and_quiet(command: str) -> None:
    expected = findings(command)
    code, out, _ = run(command, "--statistics", "-f", "json")
    assert code == 1
    assert sum(int(str(r["count"])) for r in json.loads(out)) == len(expected)
    code, out, _ = run(command, "-q", "-f", "concise")
    assert code == 1 and len(out.splitlines()) == len(expected)  # no summary


def test_baseline(command: str, tmp_path: Path) -> None:
    file = tmp_path / "bl.json"
    code, out, err = run(command, "--write-baseline", str(file), "-f", "json")
    assert (code, json.loads(out)["findings"]) == (0, [])
    entries = len(json.loads(file.read_text(encoding="utf-8"))["entries"])
    assert err == f"deploylint: wrote {entries} entries to {file}\n"
    assert findings(command, "--baseline", str(file)) == []
    assert run(command, "--baseline", str(file))[0] == 0


def test_stale_baseline_entries_go_through_select(command: str, tmp_path: Path) -> None:
    file = tmp_path / "bl.json"
    run(command, "--write-baseline", str(file))
    data = json.loads(file.read_text(encoding="utf-8"))
    data["entries"].append({**data["entries"][0], "subject": "nowhere.at.all"})
    file.write_text(json.dumps(data), encoding="utf-8")
    assert [f["rule"] for f in findings(command, "--baseline", str(file))] == ["DL011"]
    assert findings(command, "--baseline", str(file), "--ignore", "DL011") == []


def test_max_warnings_and_exit_zero(command: str) -> None:
    # ignore every rule with a finding above or below warning; ignoring a rule shows the
    # notes it covered ("not checked" beside the value it rejects): until none is left
    errors: set[str] = set()
    while True:
        ignore = [a for r in sorted(errors) for a in ("--ignore", r)]
        left = findings(command, *ignore)
        more = {str(f["rule"]) for f in left if f["severity"] != "warning"}
        if not more:
            break
        errors |= more
    warnings = len(left)
    assert all(f["severity"] == "warning" for f in left)
    code, out, _ = run(command, *ignore, "--max-warnings", str(warnings))
    assert code == (1 if command == "drift" and warnings else 0)  # a drift fails at any level
    if warnings:
        code, out, _ = run(command, *ignore, "--max-warnings", str(warnings - 1))
        assert code == 1
        assert f"more than --max-warnings {warnings - 1}" in out
    assert run(command, "--exit-zero")[0] == 0


def test_select_and_ignore(command: str) -> None:
    expected = findings(command)
    first = str(expected[0]["rule"])
    assert {f["rule"] for f in findings(command, "--select", first)} == {first}
    assert first not in {f["rule"] for f in findings(command, "--ignore", first)}
    everything = ["--ignore", "DL"]
    assert run(command, *everything)[0] == 0


def test_an_unknown_env_is_a_usage_error(command: str) -> None:
    args = [a if a != "production" else "nosuch" for a in COMMANDS[command]]
    if "--env" not in args:
        args += ["--env", "nosuch"]
    result = invoke(*args, "--no-config")
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert "nosuch" in result.stderr


def test_drift_reads_no_file_that_exclude_removes(tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("exclude: ['*/infrastructure.yaml']\n", encoding="utf-8")
    result = invoke(*COMMANDS["drift"], "-f", "json", "--config", str(settings))
    files = {Path(str(f["file"])).name for f in json.loads(result.stdout)["findings"]}
    assert files and "infrastructure.yaml" not in files
    _, out, _ = run("drift", "-f", "json", "--exclude", "*/infrastructure.yaml")
    assert "infrastructure.yaml" not in {
        Path(str(f["file"])).name for f in json.loads(out)["findings"]
    }


def test_live_sarif_describes_a_packs_own_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "custom-rules")  # its settings name the team's pack
    result = invoke("check", "--snapshot", SNAPSHOT, "--env", "production", "-f", "sarif")
    run = valid_sarif(result.stdout)["runs"][0]
    described = {r["id"] for r in run["tool"]["driver"]["rules"]}
    fired = {r["ruleId"] for r in run["results"]}
    assert any(rule.startswith("ORG") for rule in fired)
    assert fired <= described


def test_check_env_shows_that_environments_findings() -> None:
    every = findings("check")
    staging = findings("check", "--env", "staging")
    assert staging == [
        f for f in every if f["environment"] is None or "staging" in str(f["environment"])
    ]
    assert 0 < len(staging) < len(every)
