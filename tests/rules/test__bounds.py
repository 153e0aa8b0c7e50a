"""rules/_bounds.py: starting points a team may bound (issue 17 §6): api max_requests (DL303), api timeout
(DL309), search number_of_shards and refresh_interval (DL306), off in the guide pack."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deploylint.cli import app
from tests.helpers import EXAMPLES, rule_pack, run_json, write_files

API = "api: {host: 0.0.0.0, port: 8000, workers: 4, timeout: 60, max_requests: 1000}"
SEARCH = "search: {number_of_shards: 3, number_of_replicas: 1, refresh_interval: 1s}"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert old in text
    base.write_text(text.replace(old, new, 1), "utf-8")
    return root


def _found(root: Path, rule: str, options: str | None = None, *args: str) -> list[dict[str, Any]]:
    policy: list[str] = []
    if options is not None:
        files, path = rule_pack(root, rule, options)
        write_files(root, files)
        policy = ["--policy", path]
    _, data = run_json(["check", "--no-config", "--select", rule, *policy, *args, str(root)])
    return list(data["findings"])


CASES = [
    # (rule, old, new, team options, line, column, message start)
    (
        "DL303",
        API,
        API.replace("max_requests: 1000", "max_requests: 50"),
        "max_requests: {min: 500, max: 5000}",
        99,
        77,
        "api max_requests 50 is below the minimum 500 the policy sets for this starting point "
        "(the guide starts from 1000); expected 500 or more (guide 5.1)",
    ),
    (
        "DL309",
        API,
        API.replace("timeout: 60", "timeout: 600"),
        "api_timeout: {min: 30, max: 120}",
        99,
        59,
        "api timeout 600 s is above the maximum 120 s the policy sets for this starting point "
        "(the guide starts from 60); expected 120 s or less (guide 5.1)",
    ),
    (
        "DL306",
        SEARCH,
        SEARCH.replace("number_of_shards: 3", "number_of_shards: 40"),
        "number_of_shards: {max: 10}",
        102,
        30,
        "search number_of_shards 40 is above the maximum 10 the policy sets",
    ),
    (
        "DL306",
        SEARCH,
        SEARCH.replace("refresh_interval: 1s", "refresh_interval: 100ms"),
        "refresh_interval: {min: 1, max: 30}",
        102,
        74,
        "search refresh_interval 0.1 s is below the minimum 1 s the policy sets",
    ),
    (
        "DL306",
        SEARCH,
        SEARCH.replace("refresh_interval: 1s", "refresh_interval: '-1'"),
        "refresh_interval: {max: 30}",
        102,
        74,
        "refresh_interval '-1' disables refresh",
    ),
]


@pytest.mark.parametrize(
    ("rule", "old", "new", "options", "line", "column", "message"),
    CASES,
    ids=[f"{c[0]}-{c[3].split(':')[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_a_team_bound_reports_a_value_outside_it(
    tmp_path: Path,
    rule: str,
    old: str,
    new: str,
    options: str,
    line: int,
    column: int,
    message: str,
) -> None:
    root = _variant(tmp_path, old, new)
    assert _found(root, rule) == []  # off in the guide pack
    (finding,) = _found(root, rule, options)
    assert (finding["line"], finding["column"]) == (line, column)
    assert finding["message"].startswith(message), finding["message"]
    assert _found(EXAMPLES / "multi-env", rule, None) == []


def test_the_guides_values_sit_inside_the_teams_bounds(tmp_path: Path) -> None:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    assert _found(root, "DL303", "max_requests: {min: 1000, max: 1000}") == []
    assert _found(root, "DL309", "api_timeout: {min: 60, max: 60}") == []
    assert _found(root, "DL306", "number_of_shards: {min: 3, max: 3}") == []
    assert _found(root, "DL306", "refresh_interval: {min: 1, max: 1}") == []


def test_a_bound_with_min_above_max_is_a_pack_error(tmp_path: Path) -> None:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    files, path = rule_pack(root, "DL303", "max_requests: {min: 5000, max: 500}")
    write_files(root, files)
    result = CliRunner().invoke(app, ["check", "--no-config", "--policy", path, str(root)])
    assert result.exit_code == 2
    assert "DL303 (workers) options: max_requests: Value error, min 5000 is above max 500" in (
        result.output
    )


def test_japanese_message(tmp_path: Path) -> None:
    root = _variant(tmp_path, API, API.replace("max_requests: 1000", "max_requests: 50"))
    (finding,) = _found(root, "DL303", "max_requests: {min: 500}", "--lang", "ja")
    assert "最小値 500 を下回っています（ガイドの出発点は 1000）" in finding["message"]
