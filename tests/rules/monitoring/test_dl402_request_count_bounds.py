"""DL402 threshold_bounds: the request_count threshold, a starting point a team may bound
(guide 6.1 'request_count': {'threshold': 1000}; off in the guide pack)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, rule_pack, run_json, write_files

REQUESTS = "request_count: {threshold: 1000,"


def _variant(tmp_path: Path, threshold: str) -> Path:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert REQUESTS in text
    base.write_text(text.replace(REQUESTS, f"request_count: {{threshold: {threshold},", 1))
    return root


def _dl402(root: Path, options: str | None = None, *args: str) -> list[dict[str, Any]]:
    policy: list[str] = []
    if options is not None:
        files, path = rule_pack(root, "DL402", options)
        write_files(root, files)
        policy = ["--policy", path]
    _, data = run_json(["check", "--no-config", "--select", "DL402", *policy, *args, str(root)])
    return list(data["findings"])


BOUNDS = "threshold_bounds: {request_count: {min: 500, max: 5000}}"


def test_the_guide_pack_does_not_bound_request_count(tmp_path: Path) -> None:
    assert _dl402(_variant(tmp_path, "100000")) == []
    assert _dl402(_variant(tmp_path / "b", "1")) == []


def test_a_team_bound_reports_both_sides(tmp_path: Path) -> None:
    (high,) = _dl402(_variant(tmp_path, "100000"), BOUNDS)
    assert (high["line"], high["column"]) == (118, 34)
    assert high["message"] == (
        "metric application.request_count 100000 is above the maximum 5000 the policy sets for "
        "this starting point (the guide starts from 1000); expected 5000 or less (guide 6.1)"
    )
    (low,) = _dl402(_variant(tmp_path / "b", "10"), BOUNDS)
    assert "is below the minimum 500" in low["message"]
    assert "%" not in low["message"]  # a count, not a percentage


def test_the_guides_value_and_the_policys_other_limits_are_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    assert _dl402(root, BOUNDS) == []
    text = (root / "base.yaml").read_text("utf-8")
    (root / "base.yaml").write_text(text.replace("cpu: {threshold: 80,", "cpu: {threshold: 90,", 1))
    (finding,) = _dl402(root, BOUNDS)
    assert "laxer than the policy's 80% for cpu" in finding["message"]


def test_japanese_message(tmp_path: Path) -> None:
    (finding,) = _dl402(_variant(tmp_path, "100000"), BOUNDS, "--lang", "ja")
    assert "最大値 5000 を超えています（ガイドの出発点は 1000）" in finding["message"]
