"""Settings files and flags: discovery by walking up, precedence, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, run_json, write_files

CONFIG = {
    "configs/a.yaml": """\
        config:
          cache:
            owner: db-team  # unknown keys close to no known key: warnings
            x-notes: pooled
        """,
}


def rules_of(data: dict[str, object]) -> list[str]:
    return [f["rule"] for f in data["findings"]]  # type: ignore[attr-defined, index]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_files(tmp_path, CONFIG)
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "sub" / "deeper")
    return tmp_path


def test_defaults_without_settings(project: Path) -> None:
    code, data = run_json(["check", str(project / "configs"), "--select", "DL0"])
    assert (code, rules_of(data)) == (0, ["DL004", "DL004"])  # warnings: fail-on error


def test_dot_file_found_walking_up(project: Path) -> None:
    (project / ".deploylint.yaml").write_text("ignore: [DL004]\n", encoding="utf-8")
    _code, data = run_json(["check", str(project / "configs")])
    assert rules_of(data) == []


def test_pyproject_table(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.deploylint]\nselect = ["DL0"]\nfail-on = "warning"\n', encoding="utf-8"
    )
    code, data = run_json(["check", str(project / "configs")])
    assert (code, rules_of(data)) == (1, ["DL004", "DL004"])


def test_pyproject_without_table_is_skipped(project: Path) -> None:
    (project / "sub" / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    (project / ".deploylint.yaml").write_text("ignore: [DL004]\n", encoding="utf-8")
    _, data = run_json(["check", str(project / "configs")])
    assert rules_of(data) == []


def test_flags_win_over_files(project: Path) -> None:
    (project / ".deploylint.yaml").write_text("select: [DL1]\nfail-on: warning\n", encoding="utf-8")
    code, data = run_json(
        ["check", str(project / "configs"), "--select", "DL004", "--fail-on", "error"]
    )
    assert (code, rules_of(data)) == (0, ["DL004", "DL004"])


def test_no_config_ignores_files(project: Path) -> None:
    (project / ".deploylint.yaml").write_text("ignore: [DL004]\n", encoding="utf-8")
    _, data = run_json(["check", "--no-config", str(project / "configs"), "--select", "DL0"])
    assert rules_of(data) == ["DL004", "DL004"]


def test_severity_override_changes_exit_code(project: Path) -> None:
    (project / ".deploylint.yaml").write_text(
        "select: [DL0]\nseverity: {DL004: error}\n", encoding="utf-8"
    )
    code, data = run_json(["check", str(project / "configs")])
    assert code == 1
    assert {f["severity"] for f in data["findings"]} == {"error"}


def test_per_path_ignores(project: Path) -> None:
    (project / ".deploylint.yaml").write_text(
        "select: [DL0]\nper-path-ignores:\n  '*/configs/*': [DL004]\n", encoding="utf-8"
    )
    _, data = run_json(["check", str(project / "configs")])
    assert rules_of(data) == []


def test_policy_setting_is_relative_to_the_settings_file(project: Path) -> None:
    (project / "packs").mkdir()
    (project / "packs" / "team.yaml").write_text(
        "name: team\nextends: guide\nrules:\n  DL004: {enabled: false}\n", encoding="utf-8"
    )
    (project / ".deploylint.yaml").write_text("policy: packs/team.yaml\n", encoding="utf-8")
    _, data = run_json(["check", str(project / "configs"), "--select", "DL0"])
    assert rules_of(data) == []


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("selct: [DL1]\n", "selct: unknown setting"),
        ("fail-on: loud\n", "fail-on 'loud'"),
        ("severity: {DL004: loud}\n", "unknown severity 'loud'"),
        ("select: [DL1\n", "YAML syntax error"),
    ],
)
def test_bad_settings_exit_2_with_one_line(project: Path, settings: str, message: str) -> None:
    (project / ".deploylint.yaml").write_text(settings, encoding="utf-8")
    result = cli(["check", str(project / "configs")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("settings", "severity", "code"),
    [
        ("", "info", 0),  # the pack's severity
        ("severity: {DL004: error}\n", "error", 1),  # the settings' beats the pack's
        ("severity: {unknown-key: warning}\n", "warning", 0),
    ],
)
def test_settings_severity_beats_the_packs(
    project: Path, settings: str, severity: str, code: int
) -> None:
    (project / "team.yaml").write_text(
        "name: team\nextends: guide\nrules:\n  DL004: {severity: info}\n", encoding="utf-8"
    )
    (project / ".deploylint.yaml").write_text(
        f"select: [DL0]\npolicy: team.yaml\n{settings}", encoding="utf-8"
    )
    exit_code, data = run_json(["check", str(project / "configs")])  # --fail-on error
    assert {f["severity"] for f in data["findings"]} == {severity}
    assert exit_code == code
