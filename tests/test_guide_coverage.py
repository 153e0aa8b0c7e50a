"""docs/guide-coverage.md is true: each row's violating variant makes its rule fire."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, REPO, run_json

TABLE = REPO / "docs" / "guide-coverage.md"
_VARIANT = re.compile(
    r"`(?P<file>[^`]+)`: `(?P<old>[^`]+)` → `(?P<new>[^`]*)`"
    # a starting point, off in the guide pack: the team's pack that bounds it
    r"(?: with pack `(?P<rule>DL\d{3})\.(?P<option>\w+): (?P<value>[^`]+)`)?"
)


def _rows() -> list[list[str]]:
    rows = []
    for line in TABLE.read_text("utf-8").splitlines():
        if line.startswith("| ") and not line.startswith("| § ") and "---" not in line[:8]:
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            assert len(cells) == 6, line
            rows.append(cells)
    return rows


ROWS = _rows()
CHECKED = [r for r in ROWS if not r[3].startswith("not checked")]


def test_the_table_is_complete_and_honest() -> None:
    assert len(ROWS) >= 70
    sections = {r[0] for r in ROWS}
    assert {"2.1", "3.1", "4.1", "5.1", "6.1"} <= sections
    for _section, statement, kind, check, variant, fires in ROWS:
        assert re.search(r"`[{'\[]", statement), statement  # quoted from the guide
        assert kind, statement
        if check.startswith("not checked"):
            assert check.startswith("not checked: ") and (variant, fires) == ("—", "—")
        else:
            assert re.fullmatch(r"DL\d{3}", fires), (statement, fires)
            assert fires in check, (statement, check)
            assert _VARIANT.fullmatch(variant), variant


@pytest.mark.parametrize("row", CHECKED, ids=[f"{r[0]}-{r[5]}-{i}" for i, r in enumerate(CHECKED)])
def test_each_rows_violating_variant_fires_its_rule(tmp_path: Path, row: list[str]) -> None:
    match = _VARIANT.fullmatch(row[4])
    assert match is not None
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    target = root / match["file"]
    text = target.read_text("utf-8")
    old = match["old"].replace("\\n", "\n")
    new = "" if match["new"] == "(delete)" else match["new"].replace("\\n", "\n")
    assert old in text, f"{row[4]}: {old!r} is not in examples/multi-env/{match['file']}"
    target.write_text(text.replace(old, new, 1), "utf-8")
    policy: list[str] = []
    if match["rule"]:
        team = tmp_path / "team.yaml"
        team.write_text(
            "name: team\nextends: guide\nrules:\n"
            f"  {match['rule']}:\n    options:\n      {match['option']}: {match['value']}\n",
            "utf-8",
        )
        policy = ["--policy", str(team)]
    _, clean = run_json(
        ["check", "--no-config", *policy, "--select", row[5], str(EXAMPLES / "multi-env")]
    )
    assert clean["findings"] == [], f"{row[5]} fires on the clean example"
    _, data = run_json(["check", "--no-config", *policy, str(root)])
    fired = {f["rule"] for f in data["findings"]}
    assert row[5] in fired, f"{row[1]}: {row[4]} gave {sorted(fired)}"
