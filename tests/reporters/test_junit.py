"""``--format junit``, several outputs in one run, ``--format auto``, ``--max-warnings``."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from deploylint.cli import REPORTERS
from tests.helpers import EXAMPLES, cli, valid_sarif, write_files

GUIDE = str(EXAMPLES / "guide")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = cli(["check", "--no-config", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def check_junit(root: ET.Element) -> None:
    """The shape GitLab and Jenkins read: testsuites/testsuite/testcase/failure."""
    assert root.tag == "testsuites"
    total = 0
    for suite in root:
        assert suite.tag == "testsuite"
        assert set(suite.attrib) >= {"name", "tests", "failures", "errors", "skipped"}
        cases = list(suite)
        assert int(suite.get("tests", "")) == len(cases)
        failed = [c for c in cases if c.find("failure") is not None]
        assert int(suite.get("failures", "")) == len(failed)
        total += len(cases)
        for case in cases:
            assert case.tag == "testcase"
            assert case.get("name") and case.get("classname")
            for failure in case:
                assert failure.tag == "failure"
                assert failure.get("message") and failure.get("type") and failure.text
    assert int(root.get("tests", "")) == total


def test_junit_one_suite_per_environment_one_case_per_rule_and_file() -> None:
    code, out, _ = invoke("--format", "junit", GUIDE)
    assert code == 1
    root = ET.fromstring(out)
    check_junit(root)
    _, text, _ = invoke("--format", "json", GUIDE)
    findings = json.loads(text)["findings"]
    expected = {
        (env, f["rule"], f["file"])
        for f in findings
        for env in (f["environment"] or "all environments").split(",")
    }
    got = {
        (suite.get("name"), case.get("type"), case.get("classname"))
        for suite in root
        for c in suite
        for case in [c.find("failure")]
        if case is not None
        for case in [dict(case.attrib, classname=c.get("classname"))]
    }
    assert got == expected
    failures = "\n".join(f.text or "" for f in root.iter("failure"))
    for f in findings:
        assert f"{f['file']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']}" in failures


def test_junit_of_a_clean_run_is_one_passing_case() -> None:
    code, out, _ = invoke("--format", "junit", str(EXAMPLES / "multi-env"))
    assert code == 0
    root = ET.fromstring(out)
    check_junit(root)
    assert [(c.tag, c.get("name")) for c in root.iter("testcase")] == [("testcase", "deploylint")]


def test_junit_carries_hostile_text(tmp_path: Path) -> None:
    write_files(tmp_path, {"a&<b>.yaml": 'config:\n  "\\x01<&>": 1\n'})
    code, out, _ = invoke("--format", "junit", "--fail-on", "info", str(tmp_path))
    assert code == 1
    root = ET.fromstring(out)
    check_junit(root)
    assert "a&<b>.yaml" in {c.get("classname", "")[-10:] for c in root.iter("testcase")}


def test_several_outputs_in_one_run(tmp_path: Path) -> None:
    sarif, junit, gitlab = tmp_path / "d.sarif", tmp_path / "r.xml", tmp_path / "gl.json"
    code, out, _ = invoke(
        "--output-format",
        f"sarif:{sarif}",
        "--output-format",
        f"junit:{junit}",
        "--output-format",
        f"gitlab:{gitlab}",
        GUIDE,
    )
    assert code == 1
    text = invoke("--format", "text", GUIDE)[1]
    assert out == text  # the terminal still gets the text report
    assert valid_sarif(sarif.read_text(encoding="utf-8")) == valid_sarif(
        invoke("--format", "sarif", GUIDE)[1]
    )
    assert junit.read_text(encoding="utf-8") == invoke("--format", "junit", GUIDE)[1]
    assert gitlab.read_text(encoding="utf-8") == invoke("--format", "gitlab", GUIDE)[1]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("sarif:", "--output-format 'sarif:': FORMAT:FILE, e.g. sarif:deploylint.sarif"),
        (
            "xml:a.xml",
            "--output-format 'xml:a.xml': unknown format 'xml' "
            f"(choose one of {', '.join(REPORTERS)})",
        ),
    ],
)
def test_bad_output_format(value: str, message: str) -> None:
    code, out, err = invoke("--output-format", value, GUIDE)
    assert (code, out, err) == (2, "", f"deploylint: {message}\n")


def test_format_auto(tmp_path: Path) -> None:
    github = invoke("--format", "github", GUIDE)[1]
    text = invoke("--format", "text", GUIDE)[1]
    assert github.startswith("::")
    assert invoke(GUIDE, env={"GITHUB_ACTIONS": "true"})[1] == github
    assert invoke(GUIDE, env={"GITHUB_ACTIONS": "false"})[1] == text
    out = tmp_path / "report.txt"
    code, stdout, _ = invoke("-o", str(out), GUIDE, env={"GITHUB_ACTIONS": "true"})
    assert (code, stdout) == (1, "")
    assert out.read_text(encoding="utf-8") == text  # never annotations into a file


def test_max_warnings() -> None:
    _, text, _ = invoke("--format", "json", "--select", "DL307", GUIDE)
    warnings = json.loads(text)["summary"]["warning"]
    assert warnings == 1
    args = ("--select", "DL307", "--fail-on", "never", "--format", "json", GUIDE)
    assert invoke(*args)[0] == 0
    assert invoke("--max-warnings", "1", *args)[0] == 0
    assert invoke("--max-warnings", "0", *args)[0] == 1
    assert invoke("--max-warnings", "-1", *args)[0] == 2
