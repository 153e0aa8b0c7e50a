"""The baseline: keys survive unrelated edits; new violations and stale entries show."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, cli, invoke, run_json

APP = "configs/production/app.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES / "multi-env", tmp_path / "configs")
    (tmp_path / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
    app = tmp_path / APP
    text = app.read_text(encoding="utf-8")
    text = text.replace("https://api.", "http://api.").replace("https://cdn.", "http://cdn.")
    app.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, list[tuple[str, int, str, str]]]:
    code, data = run_json(["check", *args, "configs"])
    return code, sorted(
        (os.path.normpath(f["file"]), f["line"], f["rule"], f["severity"]) for f in data["findings"]
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_write_then_check_reports_nothing(repo: Path) -> None:
    code, rows = check()
    assert code == 1
    assert rows == [(APP, 8, "DL301", "error"), (APP, 9, "DL301", "error")]
    assert check("--write-baseline", "bl.json") == (0, [])
    assert check("--baseline", "bl.json") == (0, [])
    data = json.loads((repo / "bl.json").read_text(encoding="utf-8"))
    assert data["deploylint-baseline"] == 2
    assert [(e["set"], e["rule"], e["environments"], e["subject"]) for e in data["entries"]] == [
        ("configs", "DL301", "production", "config.application.frontend.api_url"),
        ("configs", "DL301", "production", "config.application.frontend.cdn_url"),
    ]
    assert data["entries"] == sorted(data["entries"], key=lambda e: tuple(e.values()))
    assert '"line"' not in (repo / "bl.json").read_text(encoding="utf-8")


def test_survives_reordered_keys_and_lines_inserted_above(repo: Path) -> None:
    check("--write-baseline", "bl.json")
    app = repo / APP
    api = "      api_url: http://api.datasets.acme.co.jp\n"
    cdn = "      cdn_url: http://cdn.datasets.acme.co.jp\n"
    edit(app, api + cdn, cdn + api)
    edit(app, "# Production", "# a new comment\n# and another\n\n# Production")
    _, rows = check()
    assert [r[1] for r in rows] == [11, 12]  # the findings moved
    assert "cdn_url" in app.read_text(encoding="utf-8").splitlines()[10]
    assert check("--baseline", "bl.json") == (0, [])


def test_survives_moving_a_file_within_the_set(repo: Path) -> None:
    check("--write-baseline", "bl.json")
    (repo / "configs" / "prod").mkdir()
    (repo / APP).rename(repo / "configs" / "prod" / "frontend.yaml")
    assert check()[1][0][0] == "configs/prod/frontend.yaml"
    assert check("--baseline", "bl.json") == (0, [])


def test_a_new_value_at_a_baselined_path_is_reported(repo: Path) -> None:
    check("--write-baseline", "bl.json")
    edit(repo / APP, "http://api.datasets", "http://api2.datasets")
    code, rows = check("--baseline", "bl.json")
    assert code == 1
    assert rows == [("bl.json", 4, "DL011", "info"), (APP, 8, "DL301", "error")]


def test_stale_entries_are_info_until_the_baseline_is_updated(repo: Path) -> None:
    check("--write-baseline", "bl.json")
    before = (repo / "bl.json").read_text(encoding="utf-8")
    edit(repo / APP, "http://cdn.", "https://cdn.")
    code, data = run_json(["check", "--baseline", "bl.json", "configs"])
    assert code == 0
    [stale] = data["findings"]
    assert (stale["file"], stale["line"], stale["rule"]) == ("bl.json", 5, "DL011")
    assert stale["message"] == (
        "baseline entry matches no finding: DL301 at config.application.frontend.cdn_url; "
        "`--update-baseline` removes it"
    )
    assert stale["environment"] == "production"  # once: the reporters show it
    text = invoke("check", "--baseline", "bl.json", "configs", "-f", "concise").stdout
    assert text.count("production") == 1, text
    assert check("--baseline", "bl.json", "--select", "DL1") == (0, [])
    assert check("--baseline", "bl.json", "--update-baseline") == (0, [])
    after = (repo / "bl.json").read_text(encoding="utf-8")
    [kept] = [line for line in before.splitlines() if "api_url" in line]
    assert after == '{\n  "deploylint-baseline": 2,\n  "entries": [\n' + kept[:-1] + "\n  ]\n}\n"
    assert check("--baseline", "bl.json") == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "bl.json:1:2: not a baseline: Expecting property name enclosed in double quotes"),
        ("[]", "bl.json: not a deploylint baseline (format 2)"),
        ('{"deploylint-baseline": 2, "entries": [1]}', "bl.json: entries[0]: needs text"),
        ('{"deploylint-baseline": 1, "entries": []}', "bl.json: a baseline of format 1"),
    ],
)
def test_a_broken_baseline_is_a_usage_error(repo: Path, content: str, message: str) -> None:
    (repo / "bl.json").write_text(content, encoding="utf-8")

    result = cli(["check", "--baseline", "bl.json", "configs"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"deploylint: {message}")


def test_update_needs_a_baseline(repo: Path) -> None:

    result = cli(["check", "--update-baseline", "configs"])
    assert result.exit_code == 2
    assert result.stderr == "deploylint: --update-baseline needs --baseline FILE\n"
