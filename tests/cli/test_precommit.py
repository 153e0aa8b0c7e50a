"""deploylint as a real pre-commit hook, through the shipped ``.pre-commit-hooks.yaml``.

The README's snippet is the configuration used (its ``repo``/``rev`` pointed at a commit of
this checkout's working tree). pre-commit installs the hook as a python package into its
own environment; nothing comes from the network (pip's find-links/index are local here).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import EXAMPLES, REPO, cli, write_files

PRE_COMMIT = os.path.join(os.path.dirname(sys.executable), "pre-commit")
needs_tools = pytest.mark.skipif(
    shutil.which("git") is None or not os.path.exists(PRE_COMMIT),
    reason="git and pre-commit are needed",
)
APP = "configs/production/app.yaml"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.test",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.test",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600
    )


def readme_snippet(n: int = 0) -> str:
    """The README's ``n``-th pre-commit configuration (0: the remote hook, 1: repo: local)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit") : readme.index("### CI, baseline")]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)[n]


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """This checkout's working tree as a commit (the hook repo), and a shared cache."""
    source = tmp_path_factory.mktemp("hook-source")
    git(source, "init", "-q", "-b", "main")
    listed = git(REPO, "ls-files", "-co", "--exclude-standard", "-z").stdout
    for name in filter(None, listed.split("\0")):
        if name.startswith("tests/"):  # the hook installs the package, not its tests
            continue
        src, dst = REPO / name, source / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        elif src.is_file():
            shutil.copy2(src, dst)
    git(source, "add", "-A")
    assert git(source, "commit", "-qm", "hook").returncode == 0
    rev = git(source, "rev-parse", "HEAD").stdout.strip()
    yield source, rev, tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(
    tmp_path: Path, hook_source: tuple[Path, str, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    source, rev, home = hook_source
    git(tmp_path, "init", "-q", "-b", "main")
    config = readme_snippet()
    config = re.sub(r"repo: \S+", f"repo: {source}", config)
    config = re.sub(r"rev: \S+", f"rev: {rev}", config)
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    shutil.copytree(EXAMPLES / "multi-env", tmp_path / "configs")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    subprocess.run([PRE_COMMIT, "install"], cwd=tmp_path, check=True, capture_output=True, env=env)
    monkeypatch.setenv("PRE_COMMIT_HOME", str(home))  # the git hook finds the installed env
    git(tmp_path, "add", "-A")
    return tmp_path


def commits(repo: Path) -> int:
    return git(repo, "log", "--oneline").stdout.count("\n")


@needs_tools
def test_the_shipped_hook_passes_file_names() -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["id"] == "deploylint"
    assert hook["pass_filenames"] is True
    assert hook["entry"] == "deploylint check --allow-no-configs"
    assert "args" not in hook


@needs_tools
def test_bad_file_blocks_fixed_file_passes_scratch_file_does_not_block(repo: Path) -> None:
    result = git(repo, "commit", "-qm", "configs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "deploylint" in result.stdout + result.stderr
    app_yaml = repo / APP
    good = app_yaml.read_text(encoding="utf-8")
    app_yaml.write_text(good.replace("https://api.", "http://api."), encoding="utf-8")
    git(repo, "add", "-A")
    result = git(repo, "commit", "-qm", "plain http")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{APP}:8:" in out
    assert "DL301" in out
    assert commits(repo) == 1

    # fixed, with an untracked broken scratch file in the same config set
    (repo / "configs" / "production" / "scratch.yaml").write_text("a: [", encoding="utf-8")
    app_yaml.write_text(good.replace("G-PSW1MY7HB4", "G-PSW1MY7HB5"), encoding="utf-8")
    git(repo, "add", APP)
    result = git(repo, "commit", "-qm", "fixed")
    assert result.returncode == 0, result.stdout + result.stderr
    assert commits(repo) == 2
    assert "scratch.yaml" not in result.stdout + result.stderr
    # the scratch file is a finding when the set itself is checked
    check = cli(["check", "--no-config", str(repo / "configs")])
    assert "scratch.yaml" in check.stdout

    # a YAML file that is not a deploylint config, committed alone, never fails the commit
    compose = "services:\n  web: {image: nginx}\nconfigs:\n  a: {file: x}\nvolumes: {}\n"
    (repo / "configs" / "docker-compose.yml").write_text(compose, encoding="utf-8")
    git(repo, "add", "configs/docker-compose.yml")
    result = git(repo, "commit", "-qm", "compose")
    assert result.returncode == 0, result.stdout + result.stderr
    assert commits(repo) == 3


# --- include / exclude, honoured by check ------------------------------------------------

SCRATCH = {
    "configs/app.yaml": "config:\n  application:\n    frontend: {api_url: https://api.acme.co.jp}\n",
    "configs/scratch/wip.yaml": "a: [\n",
    "configs/old.json": "{",
}


@pytest.mark.parametrize(
    ("settings", "files"),
    [
        ("{}\n", ["configs/old.json", "configs/scratch/wip.yaml"]),
        ('exclude: ["configs/scratch/**"]\n', ["configs/old.json"]),
        ('include: ["configs/*.yaml"]\nexclude: ["configs/scratch/*"]\n', []),
        ('include: ["configs/scratch/*"]\n', ["configs/scratch/wip.yaml"]),
    ],
)
def test_include_and_exclude(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str, files: list[str]
) -> None:
    write_files(tmp_path, {**SCRATCH, ".deploylint.yaml": settings})
    monkeypatch.chdir(tmp_path / "configs")  # patterns are relative to the settings file
    result = cli(["check", "--format", "json", "."])
    found = sorted(
        {
            os.path.relpath(os.path.join(tmp_path / "configs", f["file"]), tmp_path)
            for f in json.loads(result.stdout)["findings"]
        }
    )
    assert found == files
    # a named file that is excluded is not read either
    named = cli(["check", "--format", "json", "scratch/wip.yaml"])
    wip = [f["file"] for f in json.loads(named.stdout)["findings"]]
    assert bool(wip) == ("configs/scratch/wip.yaml" in files)


@needs_tools
def test_fix_hook_fixes_the_named_file_only(repo: Path) -> None:
    """`args: [--fix]`: the hook fixes the staged file, pre-commit stops the commit because
    the file changed, the fixed file commits; a file that was not named is not touched."""
    config = repo / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("- id: deploylint\n", "- id: deploylint\n        args: [--fix]\n")
    )
    assert "args: [--fix]" in config.read_text(encoding="utf-8")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-qm", "configs").returncode == 0
    app_yaml = repo / APP
    good = app_yaml.read_text(encoding="utf-8").replace("G-PSW1MY7HB4", "G-PSW1MY7HB5")
    app_yaml.write_text(good.replace("https://api.", "http://api."), encoding="utf-8")
    staging = repo / "configs" / "staging" / "app.yaml"
    staging_text = staging.read_text(encoding="utf-8").replace("https://", "http://")
    staging.write_text(staging_text, encoding="utf-8")  # changed, but not staged
    git(repo, "add", APP)
    result = git(repo, "commit", "-qm", "plain http")
    assert result.returncode != 0  # the hook changed the file: look at it, add it
    assert "files were modified by this hook" in result.stdout + result.stderr
    assert app_yaml.read_text(encoding="utf-8") == good
    assert staging.read_text(encoding="utf-8") == staging_text
    git(repo, "add", APP)
    result = git(repo, "commit", "-qm", "fixed by the hook")
    assert result.returncode == 0, result.stdout + result.stderr


@needs_tools
def test_the_local_hook_runs_the_installed_deploylint(tmp_path: Path) -> None:
    config = readme_snippet(1)
    assert "repo: local" in config and "rev:" not in config
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    shutil.copytree(EXAMPLES / "multi-env", tmp_path / "configs")
    git(tmp_path, "init", "-q", "-b", "main")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / ".cache"),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    }
    subprocess.run([PRE_COMMIT, "install"], cwd=tmp_path, check=True, capture_output=True, env=env)

    def commit() -> subprocess.CompletedProcess[str]:
        git(tmp_path, "add", "-A")
        return subprocess.run(
            ["git", "commit", "-qm", "c"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={
                **env,
                "GIT_AUTHOR_NAME": "t",
                "GIT_AUTHOR_EMAIL": "t@example.test",
                "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.test",
            },
            timeout=600,
        )

    assert commit().returncode == 0
    app_yaml = tmp_path / APP
    good = app_yaml.read_text(encoding="utf-8")
    app_yaml.write_text(good.replace("https://api.", "http://api."), encoding="utf-8")
    blocked = commit()
    assert blocked.returncode == 1
    assert "DL301" in blocked.stdout + blocked.stderr
    app_yaml.write_text(good + "# fixed\n", encoding="utf-8")
    assert commit().returncode == 0
