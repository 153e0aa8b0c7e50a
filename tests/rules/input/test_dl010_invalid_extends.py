"""DL010 invalid-extends: src/deploylint/rules/input/dl010_invalid_extends.py (from test_dl0xx.py)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Lint, Messages

from .shared import DL0, LintJson


def test_dl010_absolute_outside_missing(tmp_path: Path, lint: Lint, lint_json: LintJson) -> None:
    files = {
        "a.yaml": "extends: /proc/self/environ\n",
        "b.yaml": "extends: ../../etc/passwd\n",
        "c.yaml": "# a list\nextends: [a.yaml, missing.yaml]\n",
        "d.yaml": "extends: ~/.aws/credentials\n",
    }
    assert lint(files, *DL0) == [
        ("a.yaml", 1, 10, "DL010"),
        ("b.yaml", 1, 10, "DL010"),
        ("c.yaml", 2, 19, "DL010"),
        ("d.yaml", 1, 10, "DL010"),
    ]
    _, data = lint_json({}, *DL0)
    messages = {Path(f["file"]).name: f["message"] for f in data["findings"]}
    assert messages == {
        "a.yaml": "extends '/proc/self/environ' is an absolute path; extends takes a path "
        "relative to this file, inside the config root",
        "b.yaml": f"extends '../../etc/passwd' points outside the config root {tmp_path}; "
        "it was not read",
        "c.yaml": "extends 'missing.yaml': no such file",
        "d.yaml": "extends '~/.aws/credentials' is an absolute path; extends takes a path "
        "relative to this file, inside the config root",
    }


def test_dl010_cycle(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "a.yaml": "extends: b.yaml\n",
        "b.yaml": "extends: sub/c.yaml\n",
        "sub/c.yaml": "# back\nextends: ../a.yaml\n",
    }
    assert lint(files, *DL0) == [("a.yaml", 1, 10, "DL010")]  # the cycle is cut there
    [(_, _, message)] = lint_messages(files, *DL0)
    assert message.startswith("extends forms a cycle: ")
    assert message.count("->") == 3


def test_extending_a_broken_file_reports_it_once(lint: Lint) -> None:
    files = {
        "base.yaml": "config: [\n",
        "production/app.yaml": "environment: production\nextends: ../base.yaml\n",
    }
    assert lint(files, *DL0) == [
        ("base.yaml", 1, 10, "DL001"),  # once, under its own name
        ("production/app.yaml", 1, 14, "DL008"),
    ]


def test_null_sections_are_no_crash(lint: Lint) -> None:
    files = {"app.yaml": "architecture: null\nconfig:\ninfrastructure: ~\nmonitoring: {}\n"}
    assert lint(files, *DL0) == []


def test_dl010_a_self_extend(lint: Lint) -> None:
    assert lint({"a.yaml": "extends: a.yaml\n"}, *DL0) == [("a.yaml", 1, 10, "DL010")]
