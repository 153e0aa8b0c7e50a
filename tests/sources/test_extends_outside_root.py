"""DL010 names the config root an `extends` leaves, not the set's own folder: from a
repository's top (the root: its `.git`), `configs/prod/app.yaml` extending `../../../x.yaml`
leaves `.`, which the message says, wherever the command runs from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import subprocess_run, write_files

APP = "environment: production\nextends: {target}\ninfrastructure:\n  network: {{}}\n"


@pytest.mark.parametrize(
    ("cwd", "arg", "root"),
    [
        pytest.param(".", "configs", ".", id="from-the-root"),
        pytest.param(".", "configs/prod/app.yaml", ".", id="one-file"),
        pytest.param("configs", ".", "..", id="from-the-set"),
        pytest.param("configs/prod", "../..", "../..", id="from-below"),
    ],
)
def test_dl010_names_the_config_root(tmp_path: Path, cwd: str, arg: str, root: str) -> None:
    repo = tmp_path / "repo"
    write_files(repo, {"configs/prod/app.yaml": APP.format(target="../../../x.yaml")})
    (repo / ".git").mkdir()
    (tmp_path / "x.yaml").write_text("config: {}\n", encoding="utf-8")
    proc = subprocess_run(
        "check", "--no-config", "--select", "DL010", "--format", "json", arg, cwd=repo / cwd
    )
    [finding] = json.loads(proc.stdout)["findings"]
    assert finding["message"] == (
        f"extends '../../../x.yaml' points outside the config root {root}; it was not read"
    )


def test_dl010_without_a_repository_the_root_is_the_folder_named(tmp_path: Path) -> None:
    """No settings file and no git work tree: the root is the folder named, which the
    message names even when the offending file sits in a subfolder of it."""
    write_files(tmp_path, {"configs/prod/app.yaml": APP.format(target="../../x.yaml")})
    proc = subprocess_run(
        "check", "--no-config", "--select", "DL010", "--format", "json", "configs", cwd=tmp_path
    )
    [finding] = json.loads(proc.stdout)["findings"]
    assert "outside the config root configs;" in finding["message"]
