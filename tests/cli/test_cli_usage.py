"""The CLI habits users bring from ruff and eslint (issue 19 §3): one test per habit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deploylint.cli import FORMATS
from tests.helpers import EXAMPLES, invoke, subprocess_run, write_files

GUIDE = str(EXAMPLES / "guide")
BAD = {"configs/app.yaml": "architecture:\n  environments: 5\n"}


def one_line_usage_error(*args: str, cwd: Path) -> str:
    proc = subprocess_run(*args, cwd=cwd)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "╭" not in proc.stderr and "Usage:" not in proc.stderr  # no boxed panel
    return proc.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["check", "--formt", "json", "."],
            "deploylint check: unknown option --formt; did you mean --format? "
            "(`deploylint check -h` lists the options)\n",
        ),
        (
            ["check", "--selct", "DL2", "."],
            "deploylint check: unknown option --selct; did you mean --select? "
            "(`deploylint check -h` lists the options)\n",
        ),
        (
            # nothing is spelt like it: no suggestion (the dashes alone are no likeness)
            ["check", "--bogus", "."],
            "deploylint check: unknown option --bogus (`deploylint check -h` lists the options)\n",
        ),
        (
            ["check", "--jobs", "0", "."],
            "deploylint check: invalid value for '--jobs' / '-j': Input should be greater "
            "than or equal to 1 (`deploylint check -h` lists the options)\n",
        ),
        (
            ["rule"],
            "deploylint rule: missing argument RULE (`deploylint rule -h` lists the options)\n",
        ),
        (
            ["chek", "."],
            "deploylint: unknown command 'chek'; did you mean check? "
            "(`deploylint -h` lists the options)\n",
        ),
        (["drift", "."], "deploylint: drift needs --env ENV: the environment to compare\n"),
    ],
)
def test_usage_errors_are_one_line_with_did_you_mean(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    assert one_line_usage_error(*args, cwd=tmp_path) == expected


def test_dash_h_is_help() -> None:
    for command in ([], ["check"], ["drift"], ["rules"]):
        result = invoke(*command, "-h")
        assert result.exit_code == 0 and result.stdout.startswith("Usage: deploylint")


def test_check_without_a_path_checks_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, BAD)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--no-config", "-f", "json")
    assert result.exit_code == 1
    assert [f["file"] for f in json.loads(result.stdout)["findings"]] == ["configs/app.yaml"]


def test_check_snapshot_runs_without_configs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing to read here: the snapshot alone
    snapshot = str(EXAMPLES / "live" / "production.json")
    result = invoke("check", "--no-config", "--snapshot", snapshot, "--env", "production")
    assert result.exit_code == 1 and "DL205" in result.stdout


def test_output_format_alone_is_the_format_of_stdout(tmp_path: Path) -> None:
    write_files(tmp_path, BAD)
    bare = invoke("check", "--no-config", "--output-format", "json", str(tmp_path))
    same = invoke("check", "--no-config", "--format", "json", str(tmp_path))
    assert bare.exit_code == 1 and bare.stdout == same.stdout
    both = invoke("check", "--no-config", "-f", "text", "--output-format", "json", str(tmp_path))
    assert both.exit_code == 2 and both.stderr.count("\n") == 1
    assert "--format text and --output-format json name two formats" in both.stderr
    file = tmp_path / "r.sarif"
    kept = invoke("check", "--no-config", "--output-format", f"sarif:{file}", str(tmp_path))
    assert kept.exit_code == 1 and json.loads(file.read_text(encoding="utf-8"))["runs"]


def test_concise_is_one_line_per_finding() -> None:
    result = invoke("check", "--no-config", "--format", "concise", "-q", GUIDE)
    full = json.loads(invoke("check", "--no-config", "-f", "json", GUIDE).stdout)["findings"]
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and len(lines) == len(full)
    for line, f in zip(lines, full, strict=True):
        assert line.startswith(f"{f['file']}:{f['line']}:{f['column']}: {f['rule']} ")


def test_exit_zero(tmp_path: Path) -> None:
    write_files(tmp_path, BAD)
    result = invoke("check", "--no-config", "--exit-zero", str(tmp_path))
    assert result.exit_code == 0 and "DL002" in result.stdout
    broken = invoke("check", "--no-config", "--exit-zero", str(tmp_path / "missing"))
    assert broken.exit_code == 2  # an error is still an error


def test_extend_select_and_extend_ignore(tmp_path: Path) -> None:
    (tmp_path / ".deploylint.yaml").write_text("select: [DL106]\n", encoding="utf-8")

    def rules(*args: str) -> set[str]:
        out = invoke("check", "--config", str(tmp_path / ".deploylint.yaml"), "-f", "json", *args)
        return {f["rule"] for f in json.loads(out.stdout)["findings"]}

    assert rules(GUIDE) == {"DL106"}
    assert rules("--extend-select", "DL301", GUIDE) == {"DL106", "DL301"}
    assert rules("--extend-select", "https-urls", GUIDE) == {"DL106", "DL301"}  # a name
    assert rules("--select", "DL301", GUIDE) == {"DL301"}  # --select replaces
    assert rules("--extend-select", "DL301", "--extend-ignore", "DL106", GUIDE) == {"DL301"}
    typo = invoke("check", "--no-config", "--extend-select", "DL2O5", GUIDE)
    assert typo.exit_code == 2 and "did you mean DL205" in typo.stderr


def test_exclude_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {**BAD, "configs/legacy/old.yaml": "architecture:\n  x: [\n"})
    monkeypatch.chdir(tmp_path)
    every = invoke("check", "--no-config", "-f", "json", "configs")
    assert {f["file"] for f in json.loads(every.stdout)["findings"]} == {
        "configs/app.yaml",
        "configs/legacy/old.yaml",
    }
    for pattern in ("configs/legacy/*", "*/legacy/*"):
        some = invoke("check", "--no-config", "-f", "json", "--exclude", pattern, "configs")
        assert {f["file"] for f in json.loads(some.stdout)["findings"]} == {"configs/app.yaml"}


def test_help_has_no_raw_type_labels_and_every_format_at_80_columns() -> None:
    for command in ("check", "drift", "settings", "rules", "rule", "schema", "export"):
        text = invoke(command, "-h", env={"COLUMNS": "80"}).stdout
        for raw in ("<bool>", "<str>", "<path>", "<int>", "<list[str]>", "{", "TEXT"):
            assert raw not in text, (command, raw)
        assert max(len(line) for line in text.splitlines()) <= 80
    words = " ".join(invoke("check", "-h", env={"COLUMNS": "80"}).stdout.split())
    assert "Format of the report: " + ", ".join(FORMATS) + " (default: auto)." in words


def test_drift_select_help_says_names_work() -> None:
    words = " ".join(invoke("drift", "-h", env={"COLUMNS": "80"}).stdout.split())
    assert "--select RULE Only these rules: IDs, prefixes (DL2) or names." in words
    assert "rule IDs, prefixes or names (drift-value, DL9)" in words


def test_max_warnings_says_why_the_run_failed(tmp_path: Path) -> None:
    result = invoke("check", "--no-config", "--select", "DL411", "--max-warnings", "1", GUIDE)
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "2 findings (2 warning) in 5 files.\nFailed: 2 warnings, more than --max-warnings 1.\n"
    )


def test_settings_shows_include_exclude_and_has_help(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".deploylint.yaml").write_text(
        "include: ['configs/**']\nexclude: ['configs/legacy/*']\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    rows = {line.split()[0]: line.split()[1:] for line in invoke("settings").stdout.splitlines()}
    file = f"{tmp_path / '.deploylint.yaml'}"
    assert rows["include"] == ["configs/**", "file", file]
    assert rows["exclude"] == ["configs/legacy/*", "file", file]
    help = invoke("settings", "-h", env={"COLUMNS": "80"}).stdout
    for option in ("--select", "--ignore", "--fail-on", "--policy", "--config", "--no-config"):
        [line] = [x for x in help.splitlines() if x.strip().startswith(option + " ")]
        assert len(line.split()) > 2, line  # a help text after the metavar


def test_writing_a_baseline_says_how_many_entries(tmp_path: Path) -> None:
    write_files(tmp_path, BAD)
    file = tmp_path / "bl.json"
    result = invoke("check", "--no-config", "--write-baseline", str(file), str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == f"deploylint: wrote 1 entry to {file}\n"
