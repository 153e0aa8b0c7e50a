"""DL002 schema: src/deploylint/rules/input/dl002_schema.py (from test_dl0xx.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, cli

from .shared import DL0, LintJson


def test_dl002_each_violation_at_its_value(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "app.yaml": """
            architecture:
              components:
                compute:
                  cpu: two-vcpu
                database:
                  version: 15.4
            infrastructure:
              network:
                vpc:
                  subnets:
                    private:
                      - cidr: 10.0.3.0/24
            config:
              cache:
                retry_on_timeout: yes
              search: {number_of_shards: [3]}
            """
    }
    assert lint(files, *DL0) == [
        ("app.yaml", 4, 12, "DL002"),
        ("app.yaml", 6, 16, "DL002"),
        ("app.yaml", 12, 13, "DL002"),  # a list item without its required az
        ("app.yaml", 15, 23, "DL002"),  # yes is a string in YAML 1.2
        ("app.yaml", 16, 30, "DL002"),
    ]
    messages = [m for _, _, m in lint_messages(files, *DL0)]
    assert any("required key 'az' is missing" in m for m in messages)
    assert any("quote versions" in m for m in messages)
    assert any("found 'yes'" in m for m in messages)


@pytest.mark.parametrize(
    ("text", "found", "kind"),
    [
        ("42\n", "found 42", "a scalar"),
        ("- config\n- monitoring\n", "found a list", "a list"),
        ("hello\n", "hello", "a scalar"),
    ],
)
def test_dl002_a_scalar_or_a_list_at_the_top(
    lint: Lint, lint_json: LintJson, text: str, found: str, kind: str
) -> None:
    # a file holding only a scalar or a list is not a config: skipped, and said so
    code, data = lint_json({"app.yaml": text, "ok.yaml": "config: {}\n"}, *DL0)
    assert (code, data["findings"]) == (0, [])
    [skipped] = data["summary"]["skipped"]
    assert skipped["file"].endswith("app.yaml")
    assert skipped["reason"] == f"not a deploylint config: {kind}, not a mapping of sections"
    # in a config (a document beside a mapping of sections) it is DL002 at its line
    files = {"app.yaml": "config: {}\n---\n" + text}
    assert lint(files, *DL0) == [("app.yaml", 3, 1, "DL002")]
    _, data = lint_json({}, *DL0)
    message = data["findings"][0]["message"]
    assert message.startswith("expected a mapping of sections")
    assert found in message


def test_dl002_in_json_at_the_value(lint: Lint) -> None:
    files = {
        "app.json": '{\n  "config": {\n    "cache": {"timeout": "soon", "timeout2": 1}\n  }\n}\n'
    }
    assert lint(files, *DL0) == [("app.json", 3, 26, "DL002"), ("app.json", 3, 34, "DL004")]


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "---\n...\n"])
def test_empty_and_comment_only_files_have_no_finding(
    lint_json: LintJson, tmp_path: Path, text: str
) -> None:
    # not configs: skipped and counted, never a finding; beside a config the run is clean
    code, data = lint_json({"app.yaml": text, "other.yml": "# nothing\n", "c.yaml": "config: {}"})
    assert data["findings"] == []
    assert data["summary"]["files"] == 1
    assert (
        sorted(s["reason"] for s in data["summary"]["skipped"])
        == ["not a deploylint config: empty"] * 2
    )
    assert code == 0
    # alone, they leave nothing to check: "no config files", never a clean pass
    (tmp_path / "c.yaml").unlink()
    result = cli(["check", "--no-config", str(tmp_path)])
    assert result.exit_code == 2
    assert "no config files: 2 files skipped" in result.stderr
