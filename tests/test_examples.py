"""The shipped examples: the guide's defects, a clean multi-environment set, failing sets.

Failing sets are found by listing ``examples/failing``; each marks the lines that must
carry a finding with a trailing ``# expect: DLnnn[,DLnnn]`` comment.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, GUIDE_DEFECTS, run_json

FAILING = sorted(p for p in (EXAMPLES / "failing").iterdir() if p.is_dir())
EXPECT = re.compile(r"#\s*expect:\s*([A-Z0-9, ]+)$")


def expected_rows(folder: Path) -> Counter[tuple[str, int, str]]:
    rows: Counter[tuple[str, int, str]] = Counter()
    for path in sorted(folder.rglob("*.y*ml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = EXPECT.search(line)
            if match:
                for rule in match.group(1).split(","):
                    rows[(str(path.relative_to(folder)), number, rule.strip())] += 1
    return rows


@pytest.mark.parametrize("folder", FAILING, ids=lambda p: p.name)
def test_failing_set_reports_exactly_the_marked_lines(folder: Path) -> None:
    code, data = run_json(["check", "--no-config", "--fail-on", "warning", str(folder)])
    found = Counter(
        (str(Path(f["file"]).relative_to(folder)), f["line"], f["rule"])
        for f in data["findings"]
        if f["severity"] != "info"
    )
    assert found == expected_rows(folder)
    assert code == 1


def test_every_failing_set_marks_something() -> None:
    assert FAILING
    for folder in FAILING:
        assert expected_rows(folder), folder


def test_multi_environment_example_is_clean() -> None:
    code, data = run_json(
        ["check", "--no-config", "--fail-on", "info", str(EXAMPLES / "multi-env")]
    )
    assert data["findings"] == []
    assert data["summary"]["environments"] == 2
    assert code == 0


def test_examples_folder_splits_into_config_sets() -> None:
    code, data = run_json(["check", "--no-config", str(EXAMPLES)])
    assert code == 1
    # guide, multi-env, custom-rules (clean for the guide pack) and each failing set; live/
    # holds a snapshot (input to --snapshot), which discovery never reads as a config
    assert data["summary"]["config_sets"] == 3 + len(FAILING)


def test_the_guide_reports_exactly_its_own_defects() -> None:
    folder = EXAMPLES / "guide"
    code, data = run_json(["check", "--no-config", "--fail-on", "warning", str(folder)])
    found = sorted(
        (Path(f["file"]).name, f["line"], f["column"], f["rule"], f["severity"], f["message"])
        for f in data["findings"]
        if f["severity"] != "info"
    )
    assert [row[:5] for row in found] == sorted(row[:5] for row in GUIDE_DEFECTS)
    for row in GUIDE_DEFECTS:
        messages = [f[5] for f in found if f[:5] == row[:5]]
        assert any(row[5] in m for m in messages), (row, messages)
        assert all("(guide " in m for m in messages), messages
    assert code == 1
