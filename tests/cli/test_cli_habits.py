"""Strict input and the habits linter users expect, through the real CLI (issue 8, §4 §5)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from deploylint.cli import SCHEMA_SECTIONS
from deploylint.model.schemas import render_all
from deploylint.rules import all_rules
from tests.helpers import invoke, subprocess_run, write_files

ERROR = {"app.yaml": "config:\n  cache: {timeout: soon}\n"}  # DL002, an error
WARNING = {"app.yaml": "config:\n  cache: {timeuot: 5}\n"}  # DL004, a warning
BOTH = {"app.yaml": "config:\n  cache: {timeout: soon, timeuot: 5}\n"}  # DL002 + DL004


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    """A real process, without colour (the tests read its plain text)."""
    return subprocess_run(*args, cwd=cwd, env={"NO_COLOR": "", **(env or {})}, timeout=60, **kw)


def rules_of(stdout: str) -> list[str]:
    return [f["rule"] for f in json.loads(stdout)["findings"]]


# --- §4 unknown rules are usage errors --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--select", "DL2O5"],
            "--select: unknown rule 'DL2O5'; did you mean DL205 (open-ingress)? "
            "(`deploylint rules` lists them)",
        ),
        (
            ["--ignore", "DL004,open-ingres"],
            "--ignore: unknown rule 'open-ingres'; did you mean DL205 (open-ingress)? "
            "(`deploylint rules` lists them)",
        ),
        (["--select", "XYZ"], "--select: unknown rule 'XYZ' (`deploylint rules` lists them)"),
        (["--select", "DL8"], "--select: unknown rule 'DL8' (`deploylint rules` lists them)"),
    ],
)
def test_unknown_rules_on_the_command_line_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    write_files(tmp_path, ERROR)
    result = invoke("check", "--no-config", *args, str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"deploylint: {message}\n"


@pytest.mark.parametrize(
    ("select", "found"),
    [
        ("DL2", []),
        ("DL00", ["DL002", "DL004"]),
        ("DL002", ["DL002"]),
        ("dl002", ["DL002"]),
        ("schema", ["DL002"]),
        ("SCHEMA,unknown-key", ["DL002", "DL004"]),
        ("DL", ["DL002", "DL004"]),
    ],
)
def test_prefixes_ids_and_names_select(tmp_path: Path, select: str, found: list[str]) -> None:
    write_files(tmp_path, BOTH)
    result = invoke("check", "--no-config", "-f", "json", "--select", select, str(tmp_path))
    assert rules_of(result.stdout) == found


def test_ignore_accepts_a_name(tmp_path: Path) -> None:
    write_files(tmp_path, BOTH)
    result = invoke("check", "--no-config", "-f", "json", "--ignore", "schema", str(tmp_path))
    # DL002 ignored: DL309 says it could not check the rejected timeout (never silent)
    assert rules_of(result.stdout) == ["DL309", "DL004"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("select: [DL2O5]\n", "select: unknown rule 'DL2O5'; did you mean DL205"),
        ("ignore: [DL0O4]\n", "ignore: unknown rule 'DL0O4'; did you mean DL004"),
        ("severity: {DL3O7: error}\n", "severity: unknown rule 'DL3O7'; did you mean DL307"),
        ("severity: {DL3: error}\n", "severity: 'DL3' is a prefix; name one rule (e.g. DL301)"),
        (
            "per-path-ignores: {'x/*': [DL2O5]}\n",
            "per-path-ignores 'x/*': unknown rule 'DL2O5'; did you mean DL205",
        ),
    ],
)
def test_unknown_rules_in_settings_exit_2(tmp_path: Path, settings: str, message: str) -> None:
    write_files(tmp_path / "cfg", ERROR)
    (tmp_path / ".deploylint.yaml").write_text(settings, encoding="utf-8")
    proc = run("check", "cfg", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"deploylint: {tmp_path / '.deploylint.yaml'}: {message}")
    assert proc.stderr.count("\n") == 1


def test_settings_accept_rule_names(tmp_path: Path) -> None:
    write_files(tmp_path / "cfg", BOTH)
    (tmp_path / ".deploylint.yaml").write_text(
        "severity: {unknown-key: error}\nper-path-ignores: {'cfg/*': [schema]}\n",
        encoding="utf-8",
    )
    proc = run("check", "-f", "json", "cfg", cwd=tmp_path)
    assert proc.returncode == 1  # the warning made an error by its name
    assert [(f["rule"], f["severity"]) for f in json.loads(proc.stdout)["findings"]] == [
        ("DL309", "warning"),  # DL002 ignored there: "not checked" (never silent)
        ("DL004", "error"),
    ]


# --- §4 no config files -------------------------------------------------------------------


@pytest.mark.parametrize("files", [{}, {"README.md": "# notes\n", "sub/x.txt": "x\n"}])
def test_no_config_files_is_a_usage_error(tmp_path: Path, files: dict[str, str]) -> None:
    write_files(tmp_path / "configs", files)
    (tmp_path / "configs").mkdir(exist_ok=True)
    proc = run("check", "--no-config", "configs", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "deploylint: no config files (.yaml, .yml, .json) under configs\n"


# --- §4 --config by extension -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("team.toml", '[tool.deploylint]\nselect = ["DL004"]\nfail-on = "warning"\n'),
        ("team.yaml", "select: [DL004]\nfail-on: warning\n"),
        ("team.yml", "select: [DL004]\nfail-on: warning\n"),
        ("pyproject.toml", '[tool.deploylint]\nselect = ["DL004"]\nfail-on = "warning"\n'),
    ],
)
def test_config_is_read_by_its_extension(tmp_path: Path, name: str, text: str) -> None:
    write_files(tmp_path / "cfg", BOTH)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = invoke("check", "-f", "json", "--config", str(tmp_path / name), str(tmp_path / "cfg"))
    assert (result.exit_code, rules_of(result.stdout)) == (1, ["DL004"])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("team.toml", '[project]\nname = "x"\n', "no [tool.deploylint] table"),
        ("team.toml", "select = [\n", "cannot read settings"),
        ("team.cfg", "select: [DL004]\n", "a settings file is .yaml, .yml or .toml"),
    ],
)
def test_config_that_cannot_be_used_is_one_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    write_files(tmp_path / "cfg", BOTH)
    (tmp_path / name).write_text(text, encoding="utf-8")
    proc = run("check", "--config", name, "cfg", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith(f"deploylint: {name}: {message}")
    assert proc.stderr.count("\n") == 1


# --- §4 output errors ---------------------------------------------------------------------


def many_findings(root: Path) -> None:
    lines = "".join(f"    timeuot{i}: 5\n" for i in range(3000))
    write_files(root, {"app.yaml": "config:\n  cache:\n" + lines})


@pytest.mark.parametrize(("fail_on", "code"), [("warning", 1), ("error", 0)])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, fail_on: str, code: int) -> None:
    many_findings(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "deploylint", "check", "--no-config", "--fail-on", fail_on, "."],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"app.yaml\n"  # like `| head -1`
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == code
    assert stderr == b""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_names_the_file_and_exits_2(tmp_path: Path) -> None:
    write_files(tmp_path, ERROR)
    proc = run("check", "--no-config", "-o", "/dev/full", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "deploylint: cannot write /dev/full: No space left on device\n"
    with open("/dev/full", "w") as full:
        raw = subprocess.run(
            [sys.executable, "-m", "deploylint", "check", "--no-config", "."],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert raw.returncode == 2
    assert raw.stderr == b"deploylint: cannot write standard output: No space left on device\n"


def test_schema_write_into_a_missing_folder_or_onto_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    for target, problem in [("gone", "folder does not exist"), ("file.txt", "is not a folder")]:
        proc = run("schema", "--write", target, cwd=tmp_path)
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == f"deploylint: cannot write schemas to {target}: {problem}\n"


def test_schema_section_write_writes_that_section_only(tmp_path: Path) -> None:
    result = invoke("schema", "config", "--write", str(tmp_path))
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["config.schema.json"]
    assert (tmp_path / "config.schema.json").read_text(encoding="utf-8") == render_all()[
        "config.schema.json"
    ]
    everything = tmp_path / "all"
    everything.mkdir()
    assert invoke("schema", "--write", str(everything)).exit_code == 0
    assert sorted(p.name for p in everything.iterdir()) == sorted(render_all())


# --- §5 --version, --quiet, --statistics, --verbose ---------------------------------------


def test_version() -> None:
    from importlib.metadata import version

    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"deploylint {version('deploylint')}\n")


def test_quiet_prints_findings_only(tmp_path: Path) -> None:
    write_files(tmp_path, ERROR)
    loud = invoke("check", "--no-config", "-f", "text", str(tmp_path))
    quiet = invoke("check", "--no-config", "-f", "text", "--quiet", str(tmp_path))
    assert quiet.exit_code == loud.exit_code == 1
    assert loud.stdout.endswith("\n1 finding (1 error) in 1 file.\n")
    assert quiet.stdout == loud.stdout.removesuffix("1 finding (1 error) in 1 file.\n")
    (tmp_path / "app.yaml").write_text("config: {cache: {timeout: 5}}\n", encoding="utf-8")
    clean = invoke("check", "--no-config", "-q", str(tmp_path))
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_statistics_counts_per_rule(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"app.yaml": "config:\n  cache: {timeout: soon, owner: 5, x-notes: 1}\n"},
    )
    result = invoke("check", "--no-config", "-f", "text", "--statistics", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == (
        "     2  DL004  warning   unknown-key\n     1  DL002  error     schema\n"
    )
    as_json = invoke("check", "--no-config", "-f", "json", "--statistics", str(tmp_path))
    assert json.loads(as_json.stdout) == [
        {"rule": "DL004", "name": "unknown-key", "severity": "warning", "count": 2},
        {"rule": "DL002", "name": "schema", "severity": "error", "count": 1},
    ]


def test_verbose_lists_sets_environments_and_files_on_stderr(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a/base.yaml": "architecture:\n  environments:\n    production: {}\n    staging: {}\n",
            "a/production/app.yaml": "environment: production\nextends: ../base.yaml\n",
            "b/app.yaml": "config: {cache: {timeout: 5}}\n",
        },
    )
    proc = run("check", "--no-config", "--select", "DL0", "-v", ".", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == "No findings in 3 files.\n"
    *lines, timing = proc.stderr.splitlines(keepends=True)  # every command's last -v line
    assert timing.startswith("deploylint: done in ")
    assert "".join(lines) == textwrap.dedent(
        """\
        deploylint: settings file: none (defaults)
        deploylint: 2 config sets, 3 files
        config set a: 2 files; environments: production, staging
          a/base.yaml
          a/production/app.yaml
        config set b: 1 file; environments: none declared
          b/app.yaml
        """
    )


# --- §5 stdin -----------------------------------------------------------------------------

SET = {
    "configs/base.yaml": (
        "architecture:\n  environments:\n    production: {}\nconfig:\n  cache: {timeout: 5}\n"
    ),
    "configs/production/app.yaml": "environment: production\nconfig: {cache: {timeout: soon}}\n",
}
BUFFER = b"environment: production\nextends: ../base.yaml\nconfig:\n  cache: {owner: db}\n"


@pytest.mark.parametrize("name", ["configs/production/app.yaml", "configs/production/new.yaml"])
def test_stdin_stands_in_for_the_file_inside_its_set(tmp_path: Path, name: str) -> None:
    write_files(tmp_path, SET)
    (tmp_path / ".git").mkdir()  # the config root
    proc = run(
        "check", "--no-config", "-f", "json", "-", "--stdin-filename", name,
        cwd=tmp_path, input=BUFFER.decode(),
    )  # fmt: skip
    data = json.loads(proc.stdout)
    rows = [(f["file"], f["line"], f["rule"], f["environment"]) for f in data["findings"]]
    # the disk's app.yaml (DL002) is not read; the buffer is checked as production's file
    assert rows == [(name, 4, "DL004", None)]
    assert data["summary"]["files"] == 2 + (name.endswith("new.yaml"))
    assert data["summary"]["environments"] == 1
    assert proc.returncode == 0
    # its environment scoping is the buffer's: an undeclared one is DL008 on its line 1
    qa = run(
        "check", "--no-config", "-f", "json", "-", "--stdin-filename", name,
        cwd=tmp_path, input=BUFFER.decode().replace("production", "qa"),
    )  # fmt: skip
    assert sorted(
        {(f["file"], f["line"], f["rule"]) for f in json.loads(qa.stdout)["findings"]}
    ) == [
        (name, 1, "DL008"),
        (name, 4, "DL004"),
    ]


def test_stdin_findings_follow_extends(tmp_path: Path) -> None:
    write_files(tmp_path, SET)
    (tmp_path / ".git").mkdir()  # the config root
    buffer = b"environment: production\nextends: ../base.yaml\nconfig: {cache: {timeout: 6}}\n"
    result = invoke(
        "check", "--no-config", "-f", "json", "--select", "DL0", "-",
        "--stdin-filename", str(tmp_path / "configs/production/app.yaml"), input=buffer,
    )  # fmt: skip
    assert (result.exit_code, rules_of(result.stdout)) == (0, [])  # child wins: no conflict


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "- needs --stdin-filename PATH: the file the stdin text stands in for"),
        (["-", "."], "- reads one config from stdin; name no other PATH with it"),
        (["--stdin-filename", "a.yaml", "."], "--stdin-filename goes with -"),
        (["-", "--stdin-filename", "."], "--stdin-filename .: not a regular file"),
        (["-", "--stdin-filename", ""], "--stdin-filename '': name a file"),
        (["-", "--stdin-filename", "no/x.yaml"], "--stdin-filename no/x.yaml: folder does not"),
    ],
)
def test_stdin_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    write_files(tmp_path, ERROR)
    proc = run("check", "--no-config", *args, cwd=tmp_path, input="config: {}\n")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith(f"deploylint: {message}")


# --- §5 rule by name, case-insensitive choices, -o -, help ------------------------------------


def test_rule_by_name_or_id() -> None:
    by_id = invoke("rule", "DL205")
    assert by_id.stdout.startswith("# DL205 open-ingress\n")
    assert invoke("rule", "open-ingress").stdout == by_id.stdout
    assert invoke("rule", "dl205").stdout == by_id.stdout
    wrong = invoke("rule", "open-ingres")
    assert wrong.exit_code == 2
    assert "did you mean DL205 (open-ingress)?" in wrong.stderr


def test_choices_are_case_insensitive(tmp_path: Path) -> None:
    write_files(tmp_path, WARNING)
    result = invoke("check", "--no-config", "-f", "JSON", "--fail-on", "WARNING", str(tmp_path))
    assert (result.exit_code, rules_of(result.stdout)) == (1, ["DL004"])
    assert invoke("rules", "-f", "JSON").stdout.startswith("[")


def test_output_dash_is_stdout(tmp_path: Path) -> None:
    write_files(tmp_path, ERROR)
    result = invoke("check", "--no-config", "-f", "json", "-o", "-", str(tmp_path))
    assert (result.exit_code, rules_of(result.stdout)) == (1, ["DL002"])
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_help_shows_metavars_defaults_and_sections() -> None:
    env = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    check = invoke("check", "--help", env=env).stdout
    for shown in ("PATH", "FORMAT", "LEVEL", "RULE", "(default: auto)", "(default: error)"):
        assert shown in check
    assert "<list[str]>" not in check.split("Options")[1]  # options name their values
    schema = invoke("schema", "--help", env=env).stdout
    assert "SECTION" in schema
    assert "One of: " + ", ".join(SCHEMA_SECTIONS) in schema
    assert "RULE" in invoke("rule", "--help", env=env).stdout
    assert "--install-completion" in invoke("--help", env=env).stdout


def test_schema_sections_in_help_are_the_models() -> None:
    assert sorted(SCHEMA_SECTIONS) == sorted(
        n.removesuffix(".schema.json")
        for n in render_all()
        if n.endswith(".schema.json") and n != "deploylint.schema.json"
    )


def test_shell_completion(tmp_path: Path) -> None:
    env = {
        "_DEPLOYLINT_COMPLETE": "complete_bash",
        "COMP_WORDS": "deploylint ch",
        "COMP_CWORD": "1",
    }
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "deploylint")],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env={**os.environ, **env},
    )  # fmt: skip
    assert proc.stdout.split() == ["check"]


# --- §5 colour and progress --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always"], {}, True),
        (["--color", "ALWAYS"], {"NO_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ([], {}, False),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_choices_off_a_terminal(
    tmp_path: Path, args: list[str], env: dict[str, str], coloured: bool
) -> None:
    write_files(tmp_path, ERROR)
    base = {"NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm-256color"}
    result = invoke("check", "--no-config", "-f", "text", *args, str(tmp_path), env={**base, **env})
    assert result.exit_code == 1
    assert ("\x1b[" in result.stdout) is coloured
    assert "DL002" in result.stdout


def on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, bytes]:
    """Run with stderr on a pseudo-terminal; (exit code, stdout, what the terminal got)."""
    import pty

    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "deploylint", *args],
            stdout=subprocess.PIPE,
            stderr=terminal,
            cwd=cwd,
            env={**os.environ, **env},
            timeout=120,
        )
    finally:
        os.close(terminal)
    out = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(controller)
    return proc.returncode, proc.stdout.decode(), out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    for i in range(3):
        write_files(tmp_path / f"set{i}", {"app.yaml": "config: {cache: {timeout: 5}}\n"})
    args = ["check", "--no-config", "-f", "json", "."]
    code, stdout, terminal = on_a_terminal(args, tmp_path, {"DEPLOYLINT_PROGRESS_DELAY": "0"})
    assert code == 0
    assert json.loads(stdout)["summary"]["files"] == 3
    assert b"\rdeploylint: 1/3 files, 1/3 config sets checked" in terminal
    assert terminal.endswith(
        b"\r" + b" " * len(b"deploylint: 1/3 files, 1/3 config sets checked") + b"\r"
    )
    # a quick run shows nothing; so does a run whose stderr is not a terminal
    assert on_a_terminal(args, tmp_path, {"DEPLOYLINT_PROGRESS_DELAY": "60"})[2] == b""
    proc = run(*args, cwd=tmp_path, env={"DEPLOYLINT_PROGRESS_DELAY": "0"})
    assert proc.stderr == ""


# --- §5 deploylint settings ----------------------------------------------------------------


def test_settings_shows_values_and_where_they_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".deploylint.yaml").write_text(
        "ignore: [DL209]\nfail-on: warning\nseverity: {open-ingress: critical}\n",
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = invoke("settings", "--select", "DL2", "--ignore", "DL208")
    assert result.exit_code == 0
    file = f"file {tmp_path / '.deploylint.yaml'}"
    rows = [re.split(r"\s{2,}", line) for line in result.stdout.splitlines()]
    assert rows == [
        ["select", "DL2", "flag --select"],
        ["ignore", "DL208, DL209", f"flag --ignore + {file}"],
        ["fail-on", "warning", file],
        ["policy", "guide", "default"],
        ["severity", "DL205=critical", file],
        ["per-path-ignores", "(none)", "default"],
        ["max-file-bytes", "1,048,576", "default"],
        ["lang", "en", "locale"],
        ["include", "(every file)", "default"],
        ["exclude", "(none)", "default"],
    ]
    bad = invoke("settings", "--select", "DL2O5")
    assert bad.exit_code == 2
    assert "did you mean DL205" in bad.stderr


def test_every_rule_name_is_accepted() -> None:
    names = ",".join(rule.name for rule in all_rules().values())
    result = invoke("settings", "--no-config", "--select", names)
    assert result.exit_code == 0
    assert result.stdout.split()[1].rstrip(",") == next(iter(all_rules()))
