"""Issue 14 §1: ``--verbose`` means the same in every command: the settings file used, every
file skipped, and where the time went (stderr); ``check`` also lists its config sets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SNAPSHOT = str(EXAMPLES / "live" / "production.json")
DONE = re.compile(r"^deploylint: done in \d+\.\d\d s", re.MULTILINE)
STAGES = re.compile(r"done in .*\(read and evaluate \d+\.\d\d s, report \d+\.\d\d s\)")


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    """The guide's configs beside a file that is not a config, under a settings file."""
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "guide", root / "configs")
    (root / "configs" / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n')
    (root / ".deploylint.yaml").write_text("select: [DL0, DL1, DL2, DL9]\n")
    return root


def _run(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


LIVE = {
    "check": ["check", "configs"],
    "check --snapshot": ["check", "configs", "--snapshot", SNAPSHOT, "--env", "production"],
    "drift": ["drift", "configs", "--snapshot", SNAPSHOT, "--env", "production"],
}


@pytest.mark.parametrize("command", list(LIVE))
@pytest.mark.parametrize("flag", ["--verbose", "-v"])
def test_every_command_lists_skips_settings_and_timings(
    configs: Path, monkeypatch: pytest.MonkeyPatch, command: str, flag: str
) -> None:
    code, out, err = _run(configs, monkeypatch, *LIVE[command], flag, "-f", "json")
    assert code in (0, 1), err
    assert out.startswith("{")  # the report is unchanged on stdout
    settings = configs / ".deploylint.yaml"
    assert f"deploylint: settings file: {settings}\n" in err
    assert (
        "deploylint: skipped configs/package.json: not a deploylint config: "
        "top-level keys name, version are not sections\n" in err
    )
    assert "--verbose lists them" not in err
    assert DONE.search(err) and STAGES.search(err), err
    # without it: one line counts the skip; no settings or timing lines
    _code, _out, quiet = _run(configs, monkeypatch, *LIVE[command], "-f", "json")
    assert "1 file skipped: not deploylint configs (--verbose lists them)" in quiet
    assert "settings file:" not in quiet and not DONE.search(quiet)


@pytest.mark.parametrize(
    "args",
    [["rules"], ["rule", "DL101"], ["settings"], ["settings", "configs"], ["test"]],
)
def test_the_other_commands_take_verbose_too(
    configs: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    code, _out, err = _run(configs, monkeypatch, *args, "--verbose")
    assert code in (0, 1), err
    assert f"deploylint: settings file: {configs / '.deploylint.yaml'}\n" in err
    assert DONE.search(err), err


def test_schema_takes_verbose(configs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _run(configs, monkeypatch, "schema", "architecture", "-v")
    assert code == 0 and out.startswith("{")
    assert DONE.search(err), err


def test_no_settings_file_says_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES / "guide", tmp_path / "configs")
    _code, _out, err = _run(tmp_path, monkeypatch, "check", "--no-config", "configs", "-v")
    assert "deploylint: settings file: none (defaults)\n" in err
