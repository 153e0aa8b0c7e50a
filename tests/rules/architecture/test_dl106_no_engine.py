"""Issue 14 §2 (fail closed): a database or cache version with no engine beside it cannot
be judged (which versions exist depends on the engine). On main DL106 passed it in
silence: `version: '15.0'` without `engine:` had no finding at all, where with
`engine: PostgreSQL` it is an error. DL106 now says it did not check it, at the version."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Messages, run_json, write_files

COMPONENT = """
architecture:
  components:
    {component}:
      type: {service}
{engine}      version: '{version}'
"""


@pytest.mark.parametrize(
    ("component", "service", "engine", "version"),
    [("database", "RDS", "PostgreSQL", "15.0"), ("cache", "ElastiCache", "Redis", "9.9")],
)
def test_a_version_without_engine_is_not_checked_and_says_so(
    lint_messages: Messages, component: str, service: str, engine: str, version: str
) -> None:
    text = COMPONENT.format(component=component, service=service, engine="", version=version)
    found = lint_messages({"a.yaml": text}, "--select", "DL106")
    assert [(r, s) for r, s, _ in found] == [("DL106", "info")]
    assert found[0][2].startswith(
        f"not checked: {component} version '{version}' names no engine; "
        f"add {component}.engine (the guide's {engine})"
    )
    # the same version with its engine written is judged (an error: no such version)
    judged = COMPONENT.format(
        component=component, service=service, engine=f"      engine: {engine}\n", version=version
    )
    found = lint_messages({"a.yaml": judged}, "--select", "DL106")
    assert [(r, s) for r, s, _ in found] == [("DL106", "error")]
    assert "not checked" not in found[0][2]


def test_the_note_points_at_the_version(tmp_path: Path) -> None:
    root = tmp_path / "cfg"
    text = COMPONENT.format(component="database", service="RDS", engine="", version="15.0")
    write_files(root, {"a.yaml": text})
    code, report = run_json(["check", "--no-config", "--select", "DL106", str(root)])
    assert code == 0  # an info note does not fail the run
    [finding] = report["findings"]
    lines = (root / "a.yaml").read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines, 1) if "version:" in line)
    assert (finding["line"], finding["column"]) == (row, lines[row - 1].index("'") + 1)
    assert finding["path"] == "architecture.components.database.version"


def test_a_search_version_without_engine_is_read_as_opensearch(lint_messages: Messages) -> None:
    """The search service is OpenSearch Service: no engine is no unknown engine there."""
    text = COMPONENT.format(component="search", service="OpenSearch", engine="", version="8.0")
    found = lint_messages({"a.yaml": text}, "--select", "DL106")
    assert [(r, s) for r, s, _ in found] == [("DL106", "error")]
    assert "OpenSearch 8.0 does not exist" in found[0][2]
