"""The command line: output formats, exit codes, file paths as the user gave them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from deploylint.cli import FORMATS
from tests.helpers import invoke, subprocess_run, valid_sarif, write_files

CLEAN = {"app.yaml": "config:\n  cache: {timeout: 5}\n"}
ERROR = {"app.yaml": "config:\n  cache: {timeout: soon}\n"}  # DL002, an error
WARNING = {"app.yaml": "config:\n  cache: {owner: db-team}\n"}  # DL004 (no close key), a warning
TIMEOUT_MESSAGE = (
    "config.cache.timeout: 'soon' is not a duration; expected seconds (300), "
    "a number with a unit (15m, 1h, 30d, 15分以内) or ISO 8601 (PT15M)"
)


# --- JSON ----------------------------------------------------------------------------


def test_json_shape(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "base.yaml": """
                architecture:
                  environments:
                    production: {region: ap-northeast-1}
                config:
                  cache: {timeout: 5, retry_on_timeout: yes}
                """,
            "production/app.yaml": "environment: production\nconfig: {cache: {timeout: 6}}\n",
        },
    )
    result = invoke("check", "--no-config", "--format", "json", "--select", "DL0", str(tmp_path))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["findings", "summary"]
    assert [list(f) for f in data["findings"]] == [
        [
            "rule",
            "name",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "path",
            "environment",
            "related",
        ]
    ] * 2
    schema_finding, conflict = data["findings"]
    assert schema_finding == {
        "rule": "DL002",
        "name": "schema",
        "severity": "error",
        "message": "config.cache.retry_on_timeout: expected true or false, found 'yes'",
        "file": str(tmp_path / "base.yaml"),
        "line": 5,
        "column": 41,
        "end_line": 5,
        "end_column": 44,
        "path": "config.cache.retry_on_timeout",
        "environment": None,
        "related": [],
    }
    assert (conflict["rule"], conflict["name"], conflict["environment"]) == (
        "DL007",
        "config-conflict",
        "production",
    )
    assert (conflict["line"], conflict["column"], conflict["end_column"]) == (2, 27, 28)
    assert conflict["path"] == "config.cache.timeout"
    assert data["summary"] == {
        "findings": 2,
        "critical": 0,
        "error": 2,
        "warning": 0,
        "info": 0,
        "files": 2,
        "config_sets": 1,
        "environments": 1,
        "hidden": {},
        "incomplete": [],
        "skipped": [],
    }


def test_json_clean_run(tmp_path: Path) -> None:
    write_files(tmp_path, CLEAN)
    result = invoke("check", "--no-config", "--format", "json", str(tmp_path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("arg", "shown"),
    [
        ("cfg", "cfg/app.yaml"),
        ("./cfg", "cfg/app.yaml"),  # normalized
        ("cfg/", "cfg/app.yaml"),
        ("cfg/app.yaml", "cfg/app.yaml"),
        ("./cfg/../cfg/app.yaml", "cfg/app.yaml"),
    ],
)
def test_paths_are_shown_as_given_normalized(tmp_path: Path, arg: str, shown: str) -> None:
    write_files(tmp_path / "cfg", ERROR)
    proc = subprocess_run("check", "--no-config", "--format", "json", arg, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["file"] == shown
    assert (finding["line"], finding["column"], finding["message"]) == (2, 20, TIMEOUT_MESSAGE)
    text = subprocess_run("check", "--no-config", "--format", "text", arg, cwd=tmp_path)
    assert f"  {finding['file']}:2:20: error DL002 schema: " in text.stdout


def test_an_absolute_path_gives_absolute_file_names(tmp_path: Path) -> None:
    write_files(tmp_path / "cfg", ERROR)
    proc = subprocess_run(
        "check", "--no-config", "--format", "json", str(tmp_path / "cfg"), cwd=tmp_path
    )
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["file"] == str(tmp_path / "cfg" / "app.yaml")


def test_files_in_several_folders_are_checked_in_their_sets_and_keep_their_names(
    tmp_path: Path,
) -> None:
    write_files(tmp_path, {"a/x.yaml": ERROR["app.yaml"], "b/y.yaml": ERROR["app.yaml"]})
    proc = subprocess_run(
        "check", "--no-config", "--format", "json", "b/y.yaml", "a/x.yaml", cwd=tmp_path
    )
    data = json.loads(proc.stdout)
    assert [f["file"] for f in data["findings"]] == ["a/x.yaml", "b/y.yaml"]
    assert data["summary"]["config_sets"] == 2  # each file names the set of its folder


# --- exit codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "fail_on", "code"),
    [
        (CLEAN, None, 0),
        (ERROR, None, 1),
        (WARNING, None, 0),  # the default threshold is error
        (WARNING, "warning", 1),
        (WARNING, "info", 1),
        (ERROR, "warning", 1),
        (ERROR, "critical", 0),
        (ERROR, "never", 0),
        (CLEAN, "info", 0),
    ],
)
def test_exit_code_follows_fail_on(
    tmp_path: Path, files: dict[str, str], fail_on: str | None, code: int
) -> None:
    write_files(tmp_path, files)
    args = ["check", "--no-config", "--format", "json"]
    if fail_on:
        args += ["--fail-on", fail_on]
    result = invoke(*args, str(tmp_path))
    assert result.exit_code == code
    assert json.loads(result.stdout)["summary"]["findings"] == (0 if files is CLEAN else 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["does-not-exist"], "deploylint: path does not exist: does-not-exist\n"),
        (
            ["--format", "xml", "."],
            f"deploylint: unknown format 'xml' (choose one of {', '.join(FORMATS)})\n",
        ),
        (
            ["--fail-on", "bad", "."],
            "deploylint: fail-on 'bad': choose one of critical, error, warning, info, never\n",
        ),
        (["--policy", "no-such-pack.yaml", "."], None),
    ],
)
def test_usage_errors_exit_2_with_one_line_on_stderr(
    tmp_path: Path, args: list[str], message: str | None
) -> None:
    write_files(tmp_path, ERROR)
    proc = subprocess_run("check", "--no-config", *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("deploylint: ")
    if message is not None:
        assert proc.stderr == message


def test_a_missing_path_among_good_ones_is_still_a_usage_error(tmp_path: Path) -> None:
    write_files(tmp_path, ERROR)
    result = invoke("check", "--no-config", str(tmp_path), str(tmp_path / "gone.yaml"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"deploylint: path does not exist: {tmp_path / 'gone.yaml'}\n"


def test_one_broken_file_never_stops_the_others(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.yaml": "config: [\n",
            "b.yaml": "config:\n  cache: {timeout: soon}\n",
            "c.json": '{"config": ',
            "d/e.yml": "config: {cache: {timeout: 1, timeout: 2}}\n",
        },
    )
    (tmp_path / "f.yaml").write_bytes(b"\xff\xfe\x00\xd8")
    result = invoke("check", "--no-config", "--format", "json", "--select", "DL0", str(tmp_path))
    assert result.exit_code == 1
    found = [
        (os.path.relpath(f["file"], tmp_path), f["rule"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert found == [
        ("a.yaml", "DL001"),
        ("b.yaml", "DL002"),
        ("c.json", "DL001"),
        ("d/e.yml", "DL003"),
        ("f.yaml", "DL001"),
    ]


# --- text ------------------------------------------------------------------------------


def test_text_shows_the_offending_line_with_a_caret(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "app.yaml": """
                config:
                  cache: {timeout: soon}
                  database:
                    pool_size: 5
                    pool_size: 6
                """
        },
    )
    proc = subprocess_run(
        "check", "--no-config", "--format", "text", "--select", "DL0", "app.yaml", cwd=tmp_path
    )
    assert proc.returncode == 1
    assert proc.stdout == textwrap.dedent(
        f"""\
        app.yaml
          app.yaml:2:20: error DL002 schema: {TIMEOUT_MESSAGE}
                2 |   cache: {{timeout: soon}}
                  |                    ^^^^
          app.yaml:5:5: error DL003 duplicate-key: key 'pool_size' appears again; first defined at line 4, column 5 (YAML loaders silently keep only one)
                5 |     pool_size: 6
                  |     ^^^^^^^^^

        2 findings (2 error) in 1 file.
        """
    )
    assert proc.stderr == ""


def test_text_clean_summary(tmp_path: Path) -> None:
    write_files(tmp_path, {**CLEAN, "b.yaml": "# empty\n"})
    result = invoke("check", "--no-config", "--format", "text", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout == "No findings in 1 file.\n"  # an empty file is not a config
    assert (
        result.stderr
        == "deploylint: 1 file skipped: not deploylint configs (--verbose lists them)\n"
    )


def test_text_caret_stays_under_the_value_after_wide_characters(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "app.yaml": "deployment:\n  deployment:\n    steps:\n      - {name: 更新, actions: 値x}\n"
        },
    )
    result = invoke("check", "--no-config", "--format", "text", "--select", "DL0", str(tmp_path))
    lines = result.stdout.splitlines()
    assert lines[1].endswith(
        ":4:29: error DL002 schema: deployment.deployment.steps[0].actions: "
        "expected a list, found '値x'"
    )
    assert lines[2] == "        4 |       - {name: 更新, actions: 値x}"
    # 28 characters before the value, two of them wide: 30 cells; 値x takes three
    assert lines[3] == "          | " + " " * 30 + "^^^"


@pytest.mark.parametrize("fmt", ["text", "auto"])
def test_text_is_plain_when_not_a_terminal(tmp_path: Path, fmt: str) -> None:
    write_files(tmp_path, ERROR)
    proc = subprocess_run(
        "check", "--no-config", "--format", fmt, ".", cwd=tmp_path, env={"GITHUB_ACTIONS": ""}
    )
    assert proc.returncode == 1
    assert "\x1b" not in proc.stdout
    assert "  app.yaml:2:20: error DL002 schema:" in proc.stdout


def run_on_a_terminal(cwd: Path, env: dict[str, str]) -> bytes:
    import pty

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "deploylint", "check", "--no-config", "--format", "text", "."],
            stdout=terminal,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            timeout=30,
        )
    finally:
        os.close(terminal)
    assert proc.returncode == 1, proc.stderr
    out = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the terminal side is closed and drained
            break
        if not chunk:
            break
        out += chunk
    os.close(controller)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_text_colours_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    write_files(tmp_path, ERROR)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS")}
    env.update(TERM="xterm-256color", PYTHONIOENCODING="utf-8")
    coloured = run_on_a_terminal(tmp_path, env)
    assert b"\x1b[" in coloured
    assert b"DL002" in coloured
    plain = run_on_a_terminal(tmp_path, {**env, "NO_COLOR": "1"})
    assert b"\x1b" not in plain
    assert b"  app.yaml:2:20: error DL002 schema:" in plain
    assert b"|                    ^^^^" in plain


def test_an_ascii_console_still_gets_the_whole_report(tmp_path: Path) -> None:
    write_files(tmp_path, {"app.yaml": "config:\n  cache: {timeout: 値}\n"})
    proc = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--no-config", "--format", "text", "."],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1"},
        timeout=30,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == b""
    assert b"timeout: '\\u5024' is not a duration" in proc.stdout
    assert proc.stdout.endswith(b"1 finding (1 error) in 1 file.\n")


# --- other formats and --output --------------------------------------------------------


def test_output_file_and_github_and_sarif(tmp_path: Path) -> None:
    write_files(tmp_path / "cfg", ERROR)
    out = tmp_path / "report.json"
    result = invoke(
        "check", "--no-config", "--format", "json", "-o", str(out), str(tmp_path / "cfg")
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["error"] == 1

    github = invoke("check", "--no-config", "--format", "github", str(tmp_path / "cfg"))
    assert github.stdout.startswith(
        "::error file=app.yaml,line=2,col=20,endLine=2,"
        "title=DL002 schema::config.cache.timeout: 'soon' is not a duration"
    )
    auto = invoke("check", "--no-config", str(tmp_path / "cfg"), env={"GITHUB_ACTIONS": "true"})
    assert auto.stdout == github.stdout

    sarif = valid_sarif(
        invoke("check", "--no-config", "--format", "sarif", str(tmp_path / "cfg")).stdout
    )
    [result_] = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0"
    assert result_["ruleId"] == "DL002"
    assert result_["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 20,
        "endLine": 2,
        "endColumn": 24,
    }
