"""SARIF that every consumer accepts: schema-valid with format checks, percent-encoded
URIs relative to ``%SRCROOT%``, UTF-16 columns, fingerprints, related locations."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from jsonschema import FormatChecker

from deploylint.findings.finding import Finding, Related
from deploylint.model.location import FilePosition
from deploylint.report import Report
from deploylint.reporters import get_reporter
from tests.helpers import EXAMPLES, cli, valid_sarif, write_files

HOSTILE = "my configs/本番#1/a,b:c%.yaml"
ENCODED = "my%20configs/%E6%9C%AC%E7%95%AA%231/a%2Cb%3Ac%25.yaml"
BAD = """\
environment: production
config:
  application:
    frontend: {api_url: "https://🚀.example.com", cdn_url: http://cdn.example.com}
"""


def sarif(*args: str) -> dict[str, object]:
    result = cli(["check", "--no-config", "--format", "sarif", *args])
    assert result.exit_code in (0, 1), result.output
    return valid_sarif(result.stdout)


def test_format_checking_is_really_on() -> None:
    checker = FormatChecker()
    assert not checker.conforms(HOSTILE, "uri-reference")
    assert not checker.conforms("/abs/path.yaml", "uri")
    assert checker.conforms(ENCODED, "uri-reference")


@pytest.mark.parametrize(
    "folder",
    [EXAMPLES / "guide", EXAMPLES / "multi-env", *sorted((EXAMPLES / "failing").iterdir())],
    ids=lambda p: p.name,
)
def test_examples_give_valid_sarif(folder: Path) -> None:
    document = sarif(str(folder))
    run = document["runs"][0]  # type: ignore[index]
    assert run["columnKind"] == "utf16CodeUnits"
    for result in run["results"]:
        assert set(result["partialFingerprints"]) == {"deploylintKey/v2"}


def test_second_places_are_related_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finding that names a second place (DL208: the API port set elsewhere)."""
    write_files(
        tmp_path,
        {
            ".deploylint.yaml": "{}\n",
            "app.yaml": "config:\n  application:\n    api: {port: 8000}\n",
            "net.yaml": (
                "infrastructure:\n  network:\n    security:\n      groups:\n"
                "        ecs:\n          inbound: [{port: 8080, source: alb-sg}]\n"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    run = sarif(".")["runs"][0]  # type: ignore[index]
    related = [r for r in run["results"] if "relatedLocations" in r]
    assert related
    for result in related:
        for n, place in enumerate(result["relatedLocations"]):
            assert place["id"] == n
            assert place["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"


@pytest.mark.parametrize("absolute", [False, True])
def test_hostile_file_name_is_percent_encoded_below_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, absolute: bool
) -> None:
    write_files(tmp_path, {".deploylint.yaml": "{}\n", HOSTILE: BAD})
    monkeypatch.chdir(tmp_path)
    where = str(tmp_path) if absolute else "."
    run = sarif("--select", "DL008,DL301", where)["runs"][0]  # type: ignore[index]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    uris = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in run["results"]
    }
    assert uris == {("DL008", ENCODED), ("DL301", ENCODED)}


def test_columns_are_utf16_code_units(tmp_path: Path) -> None:
    write_files(tmp_path, {".deploylint.yaml": "{}\n", "app.yaml": BAD})
    run = sarif("--select", "DL301", str(tmp_path))["runs"][0]  # type: ignore[index]
    regions = sorted(
        (r["locations"][0]["physicalLocation"]["region"]["startColumn"], r["message"]["text"][:25])
        for r in run["results"]
    )
    # the JSON report counts code points: 25 and 59; the rocket is two UTF-16 units
    assert [column for column, _ in regions] == [25, 60, 60]
    [https] = [r for r in run["results"] if "🚀" in r["message"]["text"]]
    region = https["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (25, 49)


def test_fingerprints_survive_lines_inserted_above(tmp_path: Path) -> None:
    write_files(tmp_path, {".deploylint.yaml": "{}\n", "app.yaml": BAD})
    before = sarif(str(tmp_path))["runs"][0]["results"]  # type: ignore[index]
    (tmp_path / "app.yaml").write_text("# a comment\n\n" + BAD, encoding="utf-8")
    after = sarif(str(tmp_path))["runs"][0]["results"]  # type: ignore[index]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in before
    ]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    assert len({r["partialFingerprints"]["deploylintKey/v2"] for r in after}) == len(after)


def test_a_file_outside_the_root_gets_a_file_uri(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "x #1.yaml"
    finding = Finding(
        FilePosition(str(outside), 2, 3, 2, 5),
        "DL301",
        "m",
        related=(Related(FilePosition(str(outside), 1, 1), "here"),),
    )
    out = io.StringIO()
    get_reporter("sarif").render(Report([finding], root=str(tmp_path / "root")), out)
    run = valid_sarif(out.getvalue())["runs"][0]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.as_uri()}
    assert artifact["uri"].endswith("/elsewhere/x%20%231.yaml")
    assert os.path.isabs(outside)
