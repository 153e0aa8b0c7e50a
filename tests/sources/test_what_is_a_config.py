"""What is a config (issue 14 §2): files by content, deploylint's own outputs, pack folders.

Real CLI runs on real files; a file that is not a config is skipped, counted and listed,
never read, and a run in which nothing is left is the usage error "no config files".
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from deploylint.sources.configset import config_shape
from tests.helpers import cli, write_files

COMPOSE = """
services:
  web: {image: nginx, ports: ["80:80"]}
networks:
  front: {}
configs:
  nginx: {file: ./nginx.conf}
volumes:
  data: {}
"""
PACKAGE = '{"name": "web", "version": "1.0.0", "config": {"port": 8080}, "scripts": {}}\n'
OPENAPI = "openapi: 3.0.3\ninfo: {title: api, version: '1'}\npaths: {}\n"
OPEN_DB = """
infrastructure:
  network:
    security:
      groups:
        db:
          inbound:
            - {port: 5432, source: 0.0.0.0/0}
"""


def invoke(*args: str, cwd: Path | None = None) -> Any:
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return cli(list(args))
    finally:
        os.chdir(old)


@pytest.mark.parametrize(
    ("data", "config"),
    [
        ({"services": {}, "configs": {}, "volumes": {}}, False),  # configs: near `config`
        ({"services": {}, "networks": {}, "configs": {}, "volumes": {}}, False),
        ({"name": "x", "version": "1", "config": {}, "scripts": {}}, False),  # package.json
        ({"name": "x", "version": "1", "config": {}}, False),
        ({"services": {}, "x-common": {}, "configs": {}}, False),
        ({"openapi": "3.0.3", "info": {}, "paths": {}}, False),
        ({"extends": "./base.json", "compilerOptions": {}}, False),  # tsconfig.json
        ({"$schema": "https://x", "extends": ["a"], "rules": {}}, False),
        ({"name": "acme", "extends": "guide", "rules": {}}, False),  # a policy pack
        ([{"a": 1}], False),
        ("text", False),
        (None, False),
        ({}, True),
        ({"infrastucture": {}}, True),  # a misspelt section alone: read, and DL004
        ({"infrastucture": {}, "monitorng": {}}, True),
        ({"configs": {}}, True),  # a near-miss with no foreign key
        ({"config": {}, "$schema": "x", "extends": "a", "environment": "p"}, True),
        ({"infrastructure": {}, "deployment": {}, "vendor_block": {}}, True),
        ({"infrastructure": {}, "environment": "production", "vendor_block": {}}, True),
        ({"infrastructure": {}, "extends": "base.yaml", "x": 1, "y": 2}, True),
        ({"infrastructure": {}, "vendor_block": {}}, True),  # one section, one foreign key
        ({"monitoring": {}, "x-a": {}, "x-b": {}}, True),  # x- keys: anchors' home
        ({"monitoring": {}, "owner": "a", "team": "b"}, False),  # one section among foreign
    ],
)
def test_config_shape(data: Any, config: bool) -> None:
    why = config_shape(data)
    assert (why is None) == config, why
    if why is not None:
        assert why.startswith("not a deploylint config")


def test_an_application_repository_reads_only_its_configs(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "docker-compose.yml": COMPOSE,
            "package.json": PACKAGE,
            "openapi.yaml": OPENAPI,
            "configs/production.yaml": OPEN_DB,
        },
    )
    (tmp_path / ".git").mkdir()
    result = invoke("check", "--no-config", "--format", "json", ".", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert result.exit_code == 1  # the open database port, nothing else
    assert data["summary"]["incomplete"] == []
    assert {f["file"] for f in data["findings"]} == {"configs/production.yaml"}
    assert any(f["rule"] == "DL205" for f in data["findings"])
    assert data["summary"]["files"] == 1
    skipped = {s["file"]: s["reason"] for s in data["summary"]["skipped"]}
    assert set(skipped) == {"docker-compose.yml", "package.json", "openapi.yaml"}
    assert "services, networks, volumes are not sections" in skipped["docker-compose.yml"]
    assert all(r.startswith("not a deploylint config") for r in skipped.values())
    assert "3 files skipped: not deploylint configs" in result.stderr
    assert "docker-compose.yml" not in result.stderr  # counted, listed with --verbose only
    verbose = invoke("check", "--no-config", "-v", ".", cwd=tmp_path)
    assert "skipped docker-compose.yml: not a deploylint config" in verbose.stderr
    assert "skipped package.json" in verbose.stderr and "skipped openapi.yaml" in verbose.stderr


def test_a_run_in_which_every_file_is_skipped_is_a_usage_error(tmp_path: Path) -> None:
    write_files(tmp_path, {"docker-compose.yml": COMPOSE, "package.json": PACKAGE})
    result = invoke("check", "--no-config", str(tmp_path))
    assert result.exit_code == 2
    assert "no config files: 2 files skipped" in result.stderr
    assert "not a deploylint config" in result.stderr
    assert result.stdout == ""  # never a clean pass


def test_a_named_file_that_is_not_a_config_is_said_so(tmp_path: Path) -> None:
    write_files(tmp_path, {"docker-compose.yml": COMPOSE, "app.yaml": OPEN_DB})
    alone = invoke("check", "--no-config", "docker-compose.yml", cwd=tmp_path)
    assert alone.exit_code == 2
    assert "docker-compose.yml: not a deploylint config" in alone.stderr
    both = invoke("check", "--no-config", "docker-compose.yml", "app.yaml", cwd=tmp_path)
    assert both.exit_code == 1  # the config is checked
    assert "DL205" in both.stdout
    lines = [x for x in both.stderr.splitlines() if "docker-compose.yml" in x]
    assert lines == [
        "deploylint: skipped docker-compose.yml: not a deploylint config: "
        "top-level keys services, networks, volumes are not sections"
    ]
    # the pre-commit hook passes every changed YAML/JSON file: none a config is a pass
    hook = invoke("check", "--no-config", "--allow-no-configs", "docker-compose.yml", cwd=tmp_path)
    assert hook.exit_code == 0, hook.output
    assert "skipped docker-compose.yml: not a deploylint config" in hook.stderr


def test_a_misspelt_section_alone_is_still_read(tmp_path: Path) -> None:
    write_files(tmp_path, {"app.yaml": OPEN_DB.replace("infrastructure:", "infrastucture:")})
    result = invoke("check", "--no-config", "--format", "json", str(tmp_path))
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["severity"]) == ("DL004", "error")


def test_a_file_that_extends_names_or_include_names_is_read(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "configs/base.yaml": "vendor_block: {a: 1}\nnotes: x\n",
            "configs/app.yaml": "extends: base.yaml\nconfig: {}\n",
            "other/vendor.yaml": "vendor_block: {a: 1}\n",
            "other/named.yaml": "vendor_block: {a: 1}\n",
            ".deploylint.yaml": 'include: ["other/named.yaml", "configs/*"]\n',
        },
    )
    result = invoke("check", "--format", "json", ".", cwd=tmp_path)
    data = json.loads(result.stdout)
    rows = sorted((f["file"], f["rule"]) for f in data["findings"])
    assert rows == [
        ("configs/base.yaml", "DL004"),
        ("configs/base.yaml", "DL004"),
        ("other/named.yaml", "DL004"),
    ]
    assert [s["file"] for s in data["summary"]["skipped"]] == []  # vendor.yaml: not included


def test_deploylints_own_outputs_are_never_read(tmp_path: Path) -> None:
    write_files(tmp_path, {"configs/app.yaml": OPEN_DB, "configs/old/empty.yaml": "config: {}\n"})
    (tmp_path / ".git").mkdir()
    out = tmp_path / "configs" / "out"
    out.mkdir()
    first = invoke(
        "check",
        "--no-config",
        "--output-format",
        f"json:{out / 'report.json'}",
        "--output-format",
        f"sarif:{out / 'report.sarif'}",
        "--output-format",
        f"gitlab:{out / 'gl-code-quality.json'}",
        "--write-baseline",
        str(out / "baseline.json"),
        "configs",
        cwd=tmp_path,
    )
    assert first.exit_code == 0, first.output  # --write-baseline records them
    (out / "report.sarif").rename(out / "report.sarif.json")  # a name deploylint would read
    (out / "schemas").mkdir()
    schemas = invoke("schema", "--write", str(out / "schemas"), cwd=tmp_path)
    assert schemas.exit_code == 0, schemas.output
    written = sorted(p.name for p in (out / "schemas").iterdir())
    assert "catalog.json" in written
    again = invoke("check", "--no-config", "--format", "json", "configs", cwd=tmp_path)
    data = json.loads(again.stdout)
    assert {f["file"] for f in data["findings"]} == {"configs/app.yaml"}
    assert data["summary"]["files"] == 2
    reasons = {s["file"]: s["reason"] for s in data["summary"]["skipped"]}
    assert reasons["configs/out/report.json"].endswith("a deploylint JSON report")
    assert reasons["configs/out/report.sarif.json"].endswith("a SARIF report")
    assert reasons["configs/out/gl-code-quality.json"].endswith("a GitLab code quality report")
    assert reasons["configs/out/baseline.json"].endswith("a deploylint baseline")
    assert reasons["configs/out/schemas/catalog.json"].endswith("a schema catalog")
    for name in written:
        if name != "catalog.json":
            assert "JSON Schema" in reasons[f"configs/out/schemas/{name}"]
    # named one by one, an output is said so, not read
    named = invoke("check", "--no-config", "configs/out/report.json", cwd=tmp_path)
    assert named.exit_code == 2
    assert "configs/out/report.json: not a deploylint config: a deploylint JSON report" in (
        named.stderr
    )


def test_an_output_is_told_by_its_first_bytes_not_read(tmp_path: Path) -> None:
    # a report whose later keys look like a config is still a report: never parsed
    report = {"findings": [], "infrastructure": {"x": 1}, "summary": {}}
    write_files(tmp_path, {"app.yaml": "config: {}\n", "r.json": json.dumps(report)})
    result = invoke("check", "--no-config", "--format", "json", str(tmp_path))
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 0, result.output


def test_a_policy_packs_folder_and_its_test_fixtures_are_not_read(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "configs/app.yaml": "config: {}\n",
            "policy/acme.yaml": "name: acme\nextends: guide\nprefix: ORG\nrules: {}\n",
            "policy/tests/open/app.yaml": OPEN_DB,  # a fixture meant to fail
            "policy/tests/ok/app.yaml": "config: {}\n",
        },
    )
    (tmp_path / ".git").mkdir()
    result = invoke("check", "--no-config", "--format", "json", ".", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["findings"] == [], data["findings"]
    reasons = {s["file"]: s["reason"] for s in data["summary"]["skipped"]}
    assert reasons["policy/tests"] == (
        "not a deploylint config: test fixtures of the pack policy/acme.yaml"
    )
    assert reasons["policy/acme.yaml"] == "not a deploylint config: a policy pack"
