"""docs/ci.md's workflow and GitLab job and the composite action.yml: every deploylint
command and flag they use exists, and the commands run and write what they promise."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML

from deploylint.cli import app
from deploylint.reporters import REGISTRY
from tests.helpers import EXAMPLES, REPO, cli, valid_sarif

CI_MD = REPO / "docs" / "ci.md"


def blocks() -> list[dict[str, Any] | list[Any]]:
    text = CI_MD.read_text(encoding="utf-8")
    return [YAML(typ="safe").load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def workflow() -> dict[str, Any]:
    [found] = [b for b in blocks() if isinstance(b, dict) and "jobs" in b]
    return found


def gitlab_job() -> dict[str, Any]:
    [found] = [b["deploylint"] for b in blocks() if isinstance(b, dict) and "deploylint" in b]
    return found


def action() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((REPO / "action.yml").read_text("utf-8"))
    return data


def commands(script: str) -> list[list[str]]:
    """Every ``deploylint ...`` command line of a shell script, as words."""
    script = re.sub(r"\$\{\{[^}]*\}\}", "EXPR", script)
    out = []
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("deploylint "):
            out.append(shlex.split(line))
    return out


def all_commands() -> dict[str, list[list[str]]]:
    steps = workflow()["jobs"]["deploylint"]["steps"]
    return {
        "workflow": [c for s in steps for c in commands(s.get("run", ""))],
        "gitlab": [c for line in gitlab_job()["script"] for c in commands(line)],
        "action": [c for s in action()["runs"]["steps"] for c in commands(s.get("run", ""))],
    }


def check_words(words: list[str]) -> None:
    group: Any = typer.main.get_command(app)
    assert words[0] == "deploylint"
    command = group.commands[words[1]]
    options = {name: param for param in command.params for name in getattr(param, "opts", [])}
    rest = words[2:]
    n = 0
    while n < len(rest):
        word = rest[n]
        if word.startswith("-"):
            name, _, inline = word.partition("=")
            assert name in options, f"{name} is not an option of deploylint {words[1]}"
            param = options[name]
            if not getattr(param, "is_flag", False):
                value = inline or rest[n + 1]
                n += 0 if inline else 1
                if name in ("--format", "-f") and not value.startswith("$"):
                    assert value in ("auto", *REGISTRY)
                if name == "--output-format":
                    assert value.partition(":")[0] in REGISTRY
        n += 1


def test_every_file_uses_deploylint() -> None:
    found = all_commands()
    assert all(found.values()), found
    for words in [w for ws in found.values() for w in ws]:
        check_words(words)


def test_the_checker_catches_a_wrong_flag() -> None:
    with pytest.raises(AssertionError, match="--sarif-out"):
        check_words(["deploylint", "check", "--sarif-out", "x", "configs/"])
    with pytest.raises(AssertionError):
        check_words(["deploylint", "check", "--output-format", "xml:r.xml", "configs/"])


def test_action_inputs() -> None:
    data = action()
    assert set(data["inputs"]) == {"paths", "format", "fail-on", "version", "summary"}
    assert data["runs"]["using"] == "composite"
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([\w-]+)", text.split("runs:", 1)[1]))
    assert used == set(data["inputs"])
    for step in data["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"]  # inputs go through env, never into the script
    [run] = all_commands()["action"]
    assert "--output-format" in run and "sarif:deploylint.sarif" in run
    assert data["outputs"]["sarif"]["value"] == "deploylint.sarif"
    assert "markdown:deploylint-summary.md" in run
    assert data["outputs"]["summary"]["value"] == "deploylint-summary.md"
    assert data["inputs"]["summary"]["default"] == "true"


@pytest.mark.parametrize("summary", ["true", "false"])
def test_action_appends_the_summary_to_the_job_summary(tmp_path: Path, summary: str) -> None:
    """The action's own script, run by bash with the real deploylint: the findings fail the
    step and the Markdown summary still reaches $GITHUB_STEP_SUMMARY (appended)."""
    import subprocess
    import sys

    [script] = [
        s["run"] for s in action()["runs"]["steps"] if "deploylint check" in s.get("run", "")
    ]
    shutil.copytree(EXAMPLES / "guide", tmp_path / "configs")
    job_summary = tmp_path / "step_summary.md"
    job_summary.write_text("earlier step\n", encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PATHS": "configs/",
        "FORMAT": "github",
        "FAIL_ON": "error",
        "SUMMARY": summary,
        "GITHUB_STEP_SUMMARY": str(job_summary),
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # the guide's own defects fail the step
    assert "::error " in proc.stdout  # annotations on the log
    written = (tmp_path / "deploylint-summary.md").read_text(encoding="utf-8")
    assert written.startswith("## ❌ deploylint: ")
    expected = "earlier step\n" + (written if summary == "true" else "")
    assert job_summary.read_text(encoding="utf-8") == expected


def test_workflow_uploads_sarif_and_annotates() -> None:
    wf = workflow()
    assert wf["permissions"]["security-events"] == "write"
    steps = wf["jobs"]["deploylint"]["steps"]
    [upload] = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/")]
    [run] = all_commands()["workflow"]
    assert f"sarif:{upload['with']['sarif_file']}" in run
    assert run[run.index("--format") + 1] == "github"
    assert upload["if"] == "always()"
    # the Markdown summary to the job summary, the HTML report as an artifact, even on red
    [summary] = [s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", "")]
    assert summary["if"] == "always()"
    assert summary["run"] == 'cat deploylint-summary.md >> "$GITHUB_STEP_SUMMARY"'
    assert "markdown:deploylint-summary.md" in run
    [artifact] = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert f"html:{artifact['with']['path']}" in run and artifact["if"] == "always()"


def test_gitlab_job_reports() -> None:
    job = gitlab_job()
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    [run] = all_commands()["gitlab"]
    assert f"gitlab:{reports['codequality']}" in run
    assert f"junit:{reports['junit']}" in run


@pytest.mark.parametrize("where", ["workflow", "gitlab", "action"])
def test_the_commands_run_and_write_their_reports(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(EXAMPLES / "guide", tmp_path / "configs")
    monkeypatch.chdir(tmp_path)
    [words] = all_commands()[where]
    env = {"FORMAT": "github", "FAIL_ON": "error", "PATHS": "configs/"}
    for name, value in env.items():  # what action.yml's env gives its script by default
        monkeypatch.setenv(name, value)
    args = [os.path.expandvars(w) for w in words[1:]]
    args = [a for w in args for a in (w.split() if w == env["PATHS"] else [w])]
    result = cli(args)
    assert result.exit_code == 1, result.output  # the guide's own defects
    assert "DL106" in result.stdout
    for value in [args[i + 1] for i, a in enumerate(args) if a == "--output-format"]:
        name, _, file = value.partition(":")
        text = (tmp_path / file).read_text(encoding="utf-8")
        if name == "sarif":
            valid_sarif(text)
        elif name == "junit":
            assert ET.fromstring(text).tag == "testsuites"
        elif name == "markdown":
            assert text.startswith("## ❌ deploylint: ") and "<details>" in text
        elif name == "html":
            assert text.startswith("<!DOCTYPE html>") and 'class="sg-graph"' in text
        else:
            assert isinstance(json.loads(text), list)
