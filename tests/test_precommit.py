"""deploylint as a real pre-commit hook in a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None
    or shutil.which("pre-commit", path=os.path.dirname(sys.executable)) is None,
    reason="git and pre-commit are needed",
)

HOOK = f"""\
repos:
  - repo: local
    hooks:
      - id: deploylint
        name: deploylint
        entry: {sys.executable} -m deploylint check --no-config configs/
        language: system
        pass_filenames: false
        files: ^configs/
"""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.test",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.test",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / ".pre-commit-config.yaml").write_text(HOOK, encoding="utf-8")
    shutil.copytree(EXAMPLES / "multi-env", tmp_path / "configs")
    precommit = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache")}
    subprocess.run(
        [precommit, "install"], cwd=tmp_path, check=True, capture_output=True, env=env, timeout=120
    )
    git(tmp_path, "add", "-A")
    return tmp_path


def test_clean_configs_commit(repo: Path) -> None:
    result = git(repo, "commit", "-qm", "configs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "deploylint" in result.stdout + result.stderr


def test_a_bad_config_blocks_the_commit(repo: Path) -> None:
    assert git(repo, "commit", "-qm", "configs").returncode == 0
    app = repo / "configs" / "production" / "app.yaml"
    app.write_text(
        app.read_text(encoding="utf-8").replace("https://api.", "http://api."), encoding="utf-8"
    )
    git(repo, "add", "-A")
    result = git(repo, "commit", "-qm", "plain http")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "configs/production/app.yaml:7:" in out
    assert "DL301" in out
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1
