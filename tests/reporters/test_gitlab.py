"""``--format gitlab``: GitLab Code Quality JSON with stable fingerprints."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, GUIDE_DEFECTS, cli, valid_sarif

LEVELS = {"info", "minor", "major", "critical", "blocker"}


def gitlab(*args: str) -> list[dict[str, object]]:
    result = cli(["check", "--no-config", "--format", "gitlab", *args])
    assert result.exit_code in (0, 1), result.output
    issues: list[dict[str, object]] = json.loads(result.stdout)
    return issues


def test_code_quality_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES / "guide", tmp_path / "configs")
    (tmp_path / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    issues = gitlab(str(tmp_path / "configs"))
    result = cli(["check", "--no-config", "--format", "json", "configs"])
    findings = json.loads(result.stdout)["findings"]
    assert len(issues) == len(findings) == len(GUIDE_DEFECTS)
    for issue, f in zip(issues, findings, strict=True):
        assert set(issue) == {
            "type",
            "description",
            "check_name",
            "fingerprint",
            "severity",
            "location",
        }
        assert issue["check_name"] == f["rule"]
        assert issue["severity"] in LEVELS
        assert issue["location"] == {
            "path": f["file"].removeprefix("./"),
            "lines": {"begin": f["line"]},
        }
        assert f["message"] in str(issue["description"])
    assert {i["severity"] for i in issues} == {"major", "minor"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_fingerprints_are_stable_across_unrelated_edits(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "guide", tmp_path / "configs")
    before = gitlab(str(tmp_path / "configs"))
    for path in (tmp_path / "configs").glob("*.yaml"):
        path.write_text("# moved down\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = gitlab(str(tmp_path / "configs"))
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in after] == [  # type: ignore[index]
        i["location"]["lines"]["begin"] + 1
        for i in before  # type: ignore[index]
    ]


def test_a_clean_run_is_an_empty_list() -> None:
    assert gitlab(str(EXAMPLES / "multi-env")) == []


@pytest.mark.parametrize("name", ["gitlab", "json", "sarif", "junit"])
def test_a_file_name_that_is_not_utf8_reaches_every_output_file(tmp_path: Path, name: str) -> None:
    (tmp_path / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
    bad = os.fsencode(tmp_path) + b"/bad\xffx.yaml"
    with open(bad, "w", encoding="utf-8") as handle:
        handle.write("environment: production\n")
    out = tmp_path / f"report.{name}"
    result = cli(["check", "--no-config", "--output-format", f"{name}:{out}", str(tmp_path)])
    assert result.exit_code == 0, result.output  # DL008 is a warning
    text = out.read_text(encoding="utf-8")
    if name == "junit":
        assert "bad\ufffdx.yaml" in text
    elif name == "sarif":
        assert "bad%FFx.yaml" in json.dumps(valid_sarif(text))
    else:
        json.loads(text)
        assert r"bad\udcffx.yaml" in text
