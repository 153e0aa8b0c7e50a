"""A folder holding its own settings file is a config root of its own, whichever way it is
reached: naming the folder above it, naming a file inside it, or running from inside it
gives the same findings under the same (nearest) settings. Before, the folder walk from
above read it as part of the parent's set under the parent's settings, while naming a file
inside it (as the pre-commit hook does) used its own settings and root."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, invoke

MULTI = EXAMPLES / "multi-env"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    for source in MULTI.rglob("*.yaml"):
        target = root / "configs" / source.relative_to(MULTI)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        target.write_text(text.replace("G-PSW1MY7HB4", "UA-XXXXXXXXX-X"), encoding="utf-8")
    (root / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
    production = root / "configs" / "production"
    (production / ".deploylint.yaml").write_text("ignore: [DL302]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _production(cwd: Path, *args: str) -> set[tuple[str, int, str]]:
    result = invoke("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    rows = set()
    for f in json.loads(result.stdout)["findings"]:
        path = os.path.relpath(os.path.join(cwd, f["file"]), cwd.parent)
        if "production" in path:
            rows.add((path.replace(os.sep, "/"), f["line"], f["rule"]))
    return rows


def test_the_nested_settings_apply_however_the_file_is_reached(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_folder = _production(repo, "configs")
    from_file = _production(repo, "configs/production/app.yaml")
    assert from_folder == from_file
    assert {r[2] for r in from_folder} >= {"DL010"}  # its own root: ../base.yaml is outside
    assert "DL302" not in {r[2] for r in from_folder}  # its own settings: DL302 ignored
    monkeypatch.chdir(repo / "configs" / "production")  # run from inside it: the same
    inside = invoke("check", "--format", "json", ".")
    assert {f["rule"] for f in json.loads(inside.stdout)["findings"]} == {r[2] for r in from_file}


def test_a_folder_of_roots_checks_each_under_its_own_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for team, ignore in (("a", "DL302"), ("b", "DL301")):
        folder = tmp_path / "teams" / team
        folder.mkdir(parents=True)
        for source in (EXAMPLES / "guide").glob("*.yaml"):
            (folder / source.name).write_text(source.read_text(encoding="utf-8"))
        (folder / ".deploylint.yaml").write_text(f"ignore: [{ignore}]\n", encoding="utf-8")
    (tmp_path / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke("check", "--format", "json", "teams").stdout)
    rules = {(f["file"].split("/")[1], f["rule"]) for f in data["findings"]}
    assert ("a", "DL302") not in rules and ("a", "DL301") in rules
    assert ("b", "DL301") not in rules and ("b", "DL302") in rules
