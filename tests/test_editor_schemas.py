"""Editors: the examples name their schema on the first line; ``schema --write`` also
writes a SchemaStore-format catalog; every example validates against the exported schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from deploylint.sources.loader import load_bytes
from tests.helpers import EXAMPLES, REPO, cli

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
SHIPPED = sorted((EXAMPLES / "guide").glob("*.yaml")) + sorted(
    (EXAMPLES / "multi-env").rglob("*.yaml")
)


def glob(pattern: str) -> re.Pattern[str]:
    """An editor's fileMatch glob: ``**/`` any folders (or none), ``*`` within a name."""
    parts = re.split(r"(\*\*/|\*)", pattern)
    table = {"**/": "(?:[^/]+/)*", "*": "[^/]*"}
    return re.compile("".join(table.get(p, re.escape(p)) for p in parts))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("schemas")
    result = cli(["schema", "--write", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_catalog(exported: Path) -> None:
    catalog = json.loads((exported / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["$schema"] == "https://json.schemastore.org/schema-catalog.json"
    assert catalog["version"] == 1
    [entry] = catalog["schemas"]
    assert set(entry) == {"name", "description", "fileMatch", "url"}
    assert FormatChecker().conforms(entry["url"], "uri")
    ids = {
        json.loads(p.read_text(encoding="utf-8")).get("$id"): p.name
        for p in exported.glob("*.schema.json")
    }
    assert ids[entry["url"]] == "deploylint.schema.json"
    for name, matches in [
        ("configs/base.yaml", True),
        ("configs/production/app.yml", True),
        ("configs/a/b/c.json", True),
        ("src/app.yaml", False),
    ]:
        assert any(glob(g).fullmatch(name) for g in entry["fileMatch"]) == matches


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_names_and_passes_its_schema(path: Path, exported: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = MODELINE.match(text)
    assert match, f"{path} does not start with a yaml-language-server modeline"
    target = (path.parent / match.group(1)).resolve()
    assert target == (REPO / "schemas" / "deploylint.schema.json").resolve()
    schema = json.loads((exported / target.name).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    [document] = load_bytes(path.read_bytes()).documents
    assert [e.message for e in validator.iter_errors(document.data)] == []


def test_a_broken_example_would_fail(exported: Path) -> None:
    schema = json.loads((exported / "deploylint.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    bad = {"architecture": {"components": {"compute": {"cpu": ["many"]}}}}
    assert list(validator.iter_errors(bad))
