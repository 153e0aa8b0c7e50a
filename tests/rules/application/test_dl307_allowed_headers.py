"""DL307 allowed_headers: the pack names the headers CORS may allow (guide 5.1: '*', any)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, rule_pack, run_json, write_files

HEADERS = "allowed_headers: [Content-Type, Authorization]"


def _variant(tmp_path: Path, headers: str) -> Path:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert HEADERS in text
    base.write_text(text.replace(HEADERS, f"allowed_headers: {headers}", 1), "utf-8")
    return root


def _dl307(root: Path, *args: str) -> list[dict[str, Any]]:
    _, data = run_json(["check", "--no-config", "--select", "DL307", *args, str(root)])
    return list(data["findings"])


def _team(root: Path, headers: str) -> str:
    files, policy = rule_pack(root, "DL307", f"allowed_headers: {headers}")
    write_files(root, files)
    return policy


def test_the_guide_pack_allows_any_header(tmp_path: Path) -> None:
    assert _dl307(_variant(tmp_path, "[Content-Type, Authorization, X-Request-Id]")) == []


def test_the_guides_wildcard_is_still_the_warning_it_was(tmp_path: Path) -> None:
    (finding,) = _dl307(_variant(tmp_path, "['*']"))
    assert finding["severity"] == "warning"
    assert "never covers Authorization" in finding["message"]


def test_a_team_pack_restricts_the_headers(tmp_path: Path) -> None:
    root = _variant(tmp_path, "[Content-Type, authorization, X-Debug-Token]")
    policy = _team(root, "[Content-Type, Authorization]")
    (finding,) = _dl307(root, "--policy", policy)
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "allowed_headers lets header 'X-Debug-Token' through; the policy allows "
        "Content-Type, Authorization (guide 5.1)"
    )
    assert (finding["line"], finding["column"]) == (106, 54)


def test_a_wildcard_under_a_restricted_pack_is_one_error(tmp_path: Path) -> None:
    root = _variant(tmp_path, "['*']")
    policy = _team(root, "[Content-Type, Authorization]")
    (finding,) = _dl307(root, "--policy", policy)
    assert finding["severity"] == "error"
    assert "lets every header through" in finding["message"]


def test_the_headers_the_team_allows_pass(tmp_path: Path) -> None:
    root = _variant(tmp_path, "[content-type, AUTHORIZATION]")
    assert _dl307(root, "--policy", _team(root, "[Content-Type, Authorization]")) == []


def test_japanese_message(tmp_path: Path) -> None:
    root = _variant(tmp_path, "[X-Debug-Token]")
    (finding,) = _dl307(root, "--policy", _team(root, "[Content-Type]"), "--lang", "ja")
    assert "ポリシーが許可するのは Content-Type です" in finding["message"]
