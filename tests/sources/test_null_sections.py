"""A ``null`` on a section, or on a part of one with fixed keys (``infrastructure.monitoring``),
empties it rather than switching its checks off: the environment still declares it, and the
rules report what it lacks at the null's line. A null on a named entry (a group, an alarm)
still removes it, and the removed entry says nothing at the base file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, Lint

BASE = (EXAMPLES / "multi-env" / "base.yaml").read_text(encoding="utf-8")
STAGING = (EXAMPLES / "multi-env" / "staging" / "app.yaml").read_text(encoding="utf-8")


def _set(production: str) -> dict[str, str]:
    return {
        "base.yaml": BASE,
        "production/app.yaml": "environment: production\nextends: ../base.yaml\n" + production,
        "staging/app.yaml": STAGING,
    }


@pytest.mark.parametrize(
    ("production", "line", "rules"),
    [
        pytest.param("monitoring: null\n", 3, {"DL408", "DL410"}, id="section-null"),
        pytest.param("monitoring: ~\n", 3, {"DL408", "DL410"}, id="section-tilde"),
        pytest.param("monitoring:\n", 3, {"DL408", "DL410"}, id="section-empty-value"),
        pytest.param("deployment: Null\n", 3, {"DL501", "DL503", "DL504"}, id="deployment"),
        pytest.param(
            "infrastructure:\n  monitoring: null\n", 4, {"DL403", "DL407"}, id="fixed-part"
        ),
    ],
)
def test_a_null_section_is_checked_empty_at_the_null(
    lint: Lint, production: str, line: int, rules: set[str]
) -> None:
    rows = lint(_set(production))
    at_null = {r[3] for r in rows if r[0] == "production/app.yaml" and r[1] == line}
    assert rules <= at_null
    assert not [r for r in rows if r[0] == "base.yaml" and r[3] in rules]


def test_a_section_written_empty_is_the_same_as_an_empty_mapping(lint: Lint) -> None:
    head = BASE.split("\ninfrastructure:")[0] + "\n"
    empty = lint({"a.yaml": head + "deployment:\nmonitoring:\n"})
    mapping = lint({"a.yaml": head + "deployment: {}\nmonitoring: {}\n"})
    assert empty == mapping
    assert {"DL501", "DL410"} <= {r[3] for r in empty}


def test_the_null_reaches_down_a_chain_of_three(lint: Lint, tmp_path: Path) -> None:
    files = _set("monitoring: null\n")
    files["production/app.yaml"] = files["production/app.yaml"].replace(
        "extends: ../base.yaml", "extends: mid.yaml"
    )
    files["production/mid.yaml"] = "environment: production\nextends: ../base.yaml\n"
    rows = lint(files)
    assert {r[3] for r in rows if r[0] == "production/app.yaml"} >= {"DL408", "DL410"}


def test_a_null_on_a_named_entry_still_removes_it(lint: Lint) -> None:
    base = BASE.replace(
        "        rds:\n",
        "        debug:\n          inbound:\n            - {port: 5432, source: 0.0.0.0/0}\n"
        "        rds:\n",
    )
    drop = "infrastructure:\n  network:\n    security:\n      groups:\n        debug: null\n"
    files = _set(drop)
    files["base.yaml"] = base
    files["staging/app.yaml"] += drop
    assert "DL205" not in {r[3] for r in lint(files)}
    files["staging/app.yaml"] = STAGING
    assert "DL205" in {r[3] for r in lint(files)}  # staging still has it: reported
