"""Config-set semantics (docs/config-sets.md), through the real CLI on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploylint.sources.configset import load_set, resolve_extends
from deploylint.sources.files import discover
from deploylint.sources.loader import Limits
from deploylint.sources.merge import build
from tests.helpers import Lint, run_json, write_files

BASE = """\
architecture:
  environments:
    production: {region: ap-northeast-1, availability_zones: ['1a', '1c']}
    staging: {region: ap-northeast-1, availability_zones: ['1a']}
  components:
    database: {engine: postgresql, version: '15'}
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound: [{port: 443, source: 0.0.0.0/0}]
        ecs:
          inbound: [{port: 8000, source: alb-sg}]
        rds:
          inbound: [{port: 5432, source: ecs-sg}]
config:
  application:
    api: {port: 8000, workers: 4}
"""

# Two siblings in production/ that both extend the base: one opens the database to the
# internet, the other sets the app's workers. Neither extends the other, and they write
# different keys: no conflict, and nothing of either may be dropped.
SIBLINGS = {
    "base.yaml": BASE,
    "production/network.json": json.dumps(
        {
            "environment": "production",
            "extends": "../base.yaml",
            "infrastructure": {
                "network": {
                    "security": {
                        "groups": {"rds": {"inbound": [{"port": 5432, "source": "0.0.0.0/0"}]}}
                    }
                }
            },
        },
        indent=2,
    ),
    "production/app.yaml": """\
environment: production
extends: ../base.yaml
config:
  application:
    api: {workers: 5}
""",
}


def rows(data: dict[str, Any], root: Path) -> list[tuple[str, int, str, str | None]]:
    return sorted(
        (os.path.relpath(f["file"], root), f["line"], f["rule"], f["environment"])
        for f in data["findings"]
    )


def test_siblings_extending_one_base_keep_every_value(tmp_path: Path) -> None:
    write_files(tmp_path, SIBLINGS)
    _, data = run_json(["check", "--no-config", str(tmp_path)])
    found = rows(data, tmp_path)
    assert ("production/network.json", 12, "DL205", "production") in found
    assert not [r for r in found if r[2] == "DL007"]
    dl205 = [f for f in data["findings"] if f["rule"] == "DL205"]
    assert [f["severity"] for f in dl205] == ["critical"]


def test_renaming_a_file_changes_nothing_but_its_name(tmp_path: Path) -> None:
    write_files(tmp_path / "a", SIBLINGS)
    renamed = dict(SIBLINGS)
    renamed["production/00-network.json"] = renamed.pop("production/network.json")
    write_files(tmp_path / "b", renamed)
    _, a = run_json(["check", "--no-config", str(tmp_path / "a")])
    _, b = run_json(["check", "--no-config", str(tmp_path / "b")])

    def essence(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
        return sorted(
            (f["rule"], f["environment"], f["path"], f["message"]) for f in data["findings"]
        )

    assert essence(a) == essence(b)
    assert essence(a)


def test_unrelated_files_writing_a_key_differently_conflict_and_both_values_are_checked(
    lint: Lint, tmp_path: Path
) -> None:
    files = {
        "base.yaml": BASE,
        "network-a.yaml": """\
infrastructure:
  network:
    security:
      groups:
        rds:
          inbound: [{port: 5432, source: ecs-sg}]
""",
        "network-b.yaml": """\
infrastructure:
  network:
    security:
      groups:
        rds:
          inbound: [{port: 5432, source: 0.0.0.0/0}]
""",
    }
    write_files(tmp_path, files)
    _, data = run_json(["check", "--no-config", str(tmp_path)])
    found = rows(data, tmp_path)
    # the base and both unrelated files write rds.inbound: one conflict, reported once
    conflicts = [f for f in data["findings"] if f["rule"] == "DL007"]
    assert len(conflicts) == 1
    assert conflicts[0]["related"], "the second place is a related location"
    assert "neither file extends the other" in conflicts[0]["message"]
    # the open port in network-b.yaml is found whichever file wins the merge
    assert ("network-b.yaml", 6, "DL205", "production,staging") in found


def test_a_child_null_drops_the_inherited_key(tmp_path: Path) -> None:
    files = {
        "base.yaml": BASE
        + "  frontend: {api_url: 'https://api.example.jp', cdn_url: 'http://cdn'}\n",
        "production/app.yaml": """\
environment: production
extends: ../base.yaml
config:
  application:
    frontend:
      cdn_url: null
""",
    }
    files["base.yaml"] = files["base.yaml"].replace(
        "    api: {port: 8000, workers: 4}\n  frontend",
        "    api: {port: 8000, workers: 4}\n    frontend",
    )
    write_files(tmp_path, files)
    [config_set] = discover([str(tmp_path)])
    loaded = load_set(config_set, Limits())
    resolve_extends(loaded, Limits())
    envs = build(loaded).primary
    assert "cdn_url" not in envs["production"].data["config"]["application"]["frontend"]
    assert envs["staging"].data["config"]["application"]["frontend"]["cdn_url"] == "http://cdn"
    # and the rules agree: production's http CDN URL (DL301) is gone with the key
    _, data = run_json(["check", "--no-config", "--select", "DL301", str(tmp_path)])
    assert not [f for f in data["findings"] if "cdn_url" in f["path"]]
    (tmp_path / "production" / "app.yaml").write_text(
        "environment: production\nextends: ../base.yaml\n"
    )
    _, control = run_json(["check", "--no-config", "--select", "DL301", str(tmp_path)])
    assert [f["environment"] for f in control["findings"] if "cdn_url" in f["path"]] == [
        "production"
    ]


def test_two_files_scoped_to_one_environment_get_no_extends_hint(tmp_path: Path) -> None:
    files = {
        "base.yaml": BASE,
        "production/a.yaml": "environment: production\nconfig:\n  application:\n    api: {workers: 2}\n",
        "production/b.yaml": "environment: production\nconfig:\n  application:\n    api: {workers: 3}\n",
    }
    write_files(tmp_path, files)
    _, data = run_json(["check", "--no-config", "--select", "DL007", str(tmp_path)])
    messages = [f["message"] for f in data["findings"] if f["rule"] == "DL007"]
    # both scoped files conflict with the base and with each other
    assert messages
    between = [m for m in messages if "production/a.yaml" in m or "production/b.yaml" in m]
    assert between
    assert all(
        "add `extends: a.yaml`" not in m and "add `extends: b.yaml`" not in m for m in between
    )


def test_the_same_path_twice_is_checked_once(tmp_path: Path) -> None:
    write_files(tmp_path, SIBLINGS)
    _, once = run_json(["check", "--no-config", str(tmp_path)])
    _, twice = run_json(
        ["check", "--no-config", str(tmp_path), f"{tmp_path}/", str(tmp_path / "production" / "..")]
    )
    assert once == twice
    assert twice["summary"]["config_sets"] == 1


def test_path_order_does_not_matter(tmp_path: Path) -> None:
    write_files(tmp_path, SIBLINGS)
    files = sorted(str(p) for p in tmp_path.rglob("*.*"))
    _, forward = run_json(["check", "--no-config", *files])
    _, backward = run_json(["check", "--no-config", *reversed(files)])
    assert forward == backward
    assert forward["findings"]


def test_naming_a_file_inside_a_set_checks_its_set_and_shows_its_findings(
    tmp_path: Path,
) -> None:
    files = {
        **SIBLINGS,
        "staging/app.yaml": (
            "environment: staging\nextends: ../base.yaml\ninfrastructure:\n  network:\n"
            "    security:\n      groups:\n        ecs:\n"
            "          inbound: [{port: 22, source: 0.0.0.0/0}]\n"
        ),
    }
    write_files(tmp_path, files)
    (tmp_path / ".deploylint.yaml").write_text("select: [DL]\n", encoding="utf-8")
    named = tmp_path / "production" / "network.json"
    result = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--format", "text", str(named)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "DL010" not in result.stdout  # extends: ../base.yaml is inside the config root
    assert "network.json:12" in result.stdout
    assert "staging/app.yaml" not in result.stdout.split("more finding")[0]
    assert "in other files of the config set" in result.stdout
    assert f"deploylint check {tmp_path}" in result.stdout


def test_naming_a_folder_inside_a_set_loads_its_base(tmp_path: Path) -> None:
    write_files(tmp_path, SIBLINGS)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    code, data = run_json(["check", "--no-config", str(tmp_path / "production")])
    assert code == 1
    assert {f["rule"] for f in data["findings"]} >= {"DL205"}
    assert all("/production/" in f["file"] for f in data["findings"])


@pytest.mark.parametrize("typed", ["configs/", "./configs/", "ABS"])
def test_per_path_ignores_are_relative_to_the_settings_folder(tmp_path: Path, typed: str) -> None:
    write_files(tmp_path / "configs", SIBLINGS)
    (tmp_path / ".deploylint.yaml").write_text(
        "per-path-ignores:\n  'configs/production/*': [DL205]\n", encoding="utf-8"
    )
    arg = str(tmp_path / "configs") if typed == "ABS" else typed
    result = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--format", "json", arg],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    data = json.loads(result.stdout)
    assert "DL205" not in {f["rule"] for f in data["findings"]}, typed


def test_ignore_applies_to_the_engines_own_findings(tmp_path: Path) -> None:
    files = {
        "base.yaml": BASE.replace(
            "        alb:\n", '        alb:  # deploylint: disable=DL201 reason="nothing here"\n'
        )
    }
    write_files(tmp_path, files)
    _, shown = run_json(["check", "--no-config", str(tmp_path)])
    assert "DL009" in {f["rule"] for f in shown["findings"]}
    _, hidden = run_json(["check", "--no-config", "--ignore", "DL009", str(tmp_path)])
    assert "DL009" not in {f["rule"] for f in hidden["findings"]}


def test_a_suppression_of_a_rule_ignored_for_its_path_is_not_unused(tmp_path: Path) -> None:
    write_files(
        tmp_path / "configs",
        {
            "base.yaml": BASE.replace(
                "0.0.0.0/0}]\n        ecs",
                '0.0.0.0/0}]  # deploylint: disable=DL209 reason="x"\n        ecs',
            )
        },
    )
    (tmp_path / ".deploylint.yaml").write_text(
        "per-path-ignores:\n  'configs/*': [DL209]\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--format", "json", "configs"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    data = json.loads(result.stdout)
    assert "DL009" not in {f["rule"] for f in data["findings"]}


def test_a_live_snapshot_beside_configs_is_not_read_as_a_config(tmp_path: Path) -> None:
    write_files(tmp_path, {"base.yaml": BASE})
    snapshot = Path(__file__).resolve().parents[2] / "examples" / "live" / "production.json"
    (tmp_path / "production.json").write_bytes(snapshot.read_bytes())
    _, data = run_json(["check", "--no-config", "--select", "DL0", str(tmp_path)])
    assert data["findings"] == []
    assert data["summary"]["files"] == 1


def test_one_broken_staging_file_is_one_finding(tmp_path: Path) -> None:
    """The file that would define staging's alert channels does not parse: its DL001 is the
    root cause, and no rule reports what the unread file may hold (issue 8: it gave 3x
    DL410 on base.yaml); production, which the file does not concern, is still checked."""
    import shutil

    shutil.copytree(
        Path(__file__).resolve().parents[2] / "examples" / "multi-env", tmp_path / "set"
    )
    broken = tmp_path / "set" / "staging" / "app.yaml"
    broken.write_text("environment: staging\nextends: ../base.yaml\nmonitoring: [\n", "utf-8")
    _, data = run_json(["check", "--no-config", str(tmp_path / "set")])
    assert [(f["rule"], Path(f["file"]).name) for f in data["findings"]] == [("DL001", "app.yaml")]
    prod = tmp_path / "set" / "production" / "app.yaml"
    prod.write_text(prod.read_text("utf-8").replace("'#alerts-prod'", "alerts-prod"), "utf-8")
    _, data = run_json(["check", "--no-config", str(tmp_path / "set")])
    assert {f["rule"] for f in data["findings"]} == {"DL001", "DL411"}
