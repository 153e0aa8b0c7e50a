"""deploylint's own pydantic models are built without pydantic's plugins (ownmodels.py): a
real pydantic plugin, installed beside a deploylint rule plugin whose module and check
validate a model of their own, sees the rule plugin's validations and none of deploylint's;
a run scans no package for pydantic plugins when none of its code asks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploylint.ownmodels import own_models, users_models
from tests.helpers import EXAMPLES

MULTI = EXAMPLES / "multi-env"

# a pydantic plugin that writes the model of every validator it is asked for
PYDANTIC_PLUGIN = """
import os

class Plugin:
    def new_schema_validator(self, schema, schema_type, schema_type_path, *args):
        with open(os.environ["SEEN_FILE"], "a") as seen:
            seen.write(schema_type_path.module + "." + schema_type_path.name + "\\n")
        return None, None, None

plugin = Plugin()
"""

# a deploylint rule plugin: a model built at import, another built by its check
RULE_PLUGIN = """
from pydantic import BaseModel, TypeAdapter

from deploylint.findings.finding import Severity
from deploylint.rules.rule import Docs, Rule


class AtImport(BaseModel):
    name: str = "x"


def check(ctx):
    TypeAdapter(int).validate_python(1)  # built while the rule runs
    return []


RULE = Rule(
    id="ACME101",
    name="acme-rule",
    severity=Severity.WARNING,
    summary="A plugin rule.",
    docs=Docs(what="w", why="y", example="e", use_instead="u"),
    check=check,
)
"""


def _install(root: Path) -> None:
    (root / "seeplugin.py").write_text(PYDANTIC_PLUGIN, encoding="utf-8")
    (root / "acme_rules.py").write_text(RULE_PLUGIN, encoding="utf-8")
    info = root / "acme-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[pydantic]\nsee = seeplugin:plugin\n\n[deploylint.rules]\nacme101 = acme_rules\n",
        encoding="utf-8",
    )


def _without_variable() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}


def _check(
    tmp_path: Path, env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    seen = tmp_path / "seen.txt"
    seen.touch()
    proc = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--no-config", "-f", "json", str(MULTI)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**_without_variable(), **env, "SEEN_FILE": str(seen)},
    )
    return proc, seen.read_text(encoding="utf-8").split()


def test_a_pydantic_plugin_sees_the_rule_plugins_models_not_deploylints(
    tmp_path: Path,
) -> None:
    _install(tmp_path)
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    proc, seen = _check(tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]  # a real run
    assert "acme_rules.AtImport" in seen  # built when the plugin was imported
    assert any(name.startswith("acme_rules.") and name != "acme_rules.AtImport" for name in seen)
    assert not [name for name in seen if name.startswith("deploylint.")], seen


def test_the_users_choice_still_holds_for_the_plugins_models(tmp_path: Path) -> None:
    _install(tmp_path)
    env = {
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
        "PYDANTIC_DISABLE_PLUGINS": "see",  # this one plugin off, by name
    }
    proc, seen = _check(tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    assert seen == []


def test_a_check_scans_no_package_for_pydantic_plugins() -> None:
    probe = (
        "import atexit, sys\n"
        "from pydantic.plugin import _loader\n"
        "atexit.register(lambda: print('SCANNED' if _loader._plugins is not None else 'NO', "
        "file=sys.stderr))\n"
        f"sys.argv = ['deploylint', 'check', '--no-config', {str(EXAMPLES / 'guide')!r}]\n"
        "from deploylint.cli import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert "DL" in proc.stdout  # the probe saw a real check run
    assert proc.stderr.strip().splitlines()[-1] == "NO", proc.stderr


@pytest.mark.parametrize("users", [None, "", "see,other", "1"])
def test_the_variable_is_restored(users: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if users is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", users)
    with users_models():  # outside own_models(): nothing changes
        assert os.environ.get("PYDANTIC_DISABLE_PLUGINS") == users
    with own_models():
        assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "1"
        with users_models():
            assert os.environ.get("PYDANTIC_DISABLE_PLUGINS") == users
        assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "1"
    assert os.environ.get("PYDANTIC_DISABLE_PLUGINS") == users
