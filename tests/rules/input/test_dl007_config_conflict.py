"""DL007 config-conflict: src/deploylint/rules/input/dl007_config_conflict.py (from test_dl0xx.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.helpers import Lint, Messages

from .shared import DL0, ENVS


def test_dl007_two_unscoped_files(
    lint: Lint, lint_messages: Messages, lint_json: Callable[..., tuple[int, dict[str, Any]]]
) -> None:
    files = {
        "base.yaml": ENVS + "config:\n  application:\n    api: {port: 8000, workers: 4}\n",
        "more.yaml": "config:\n  application:\n    api:\n      workers: 6\n      port: 8000\n",
    }
    assert lint(files, *DL0) == [("more.yaml", 4, 16, "DL007")]
    [(_, severity, message)] = lint_messages(files, *DL0)
    assert severity == "error"
    assert message.startswith("config.application.api.workers is 6 here but 4 in ")
    assert "base.yaml, and neither file extends the other" in message
    _, data = lint_json(files, *DL0)
    [related] = data["findings"][0]["related"]
    assert (Path(related["file"]).name, related["line"], related["column"]) == ("base.yaml", 7, 32)


def test_dl007_scoped_over_unscoped_suggests_extends(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "base.yaml": ENVS + "config:\n  application:\n    api: {port: 8000, workers: 4}\n",
        "production/app.yaml": """
            environment: production
            config:
              application:
                api: {workers: 8}
            """,
    }
    assert lint(files, *DL0) == [("production/app.yaml", 4, 20, "DL007")]
    [(_, _, message)] = lint_messages(files, *DL0)
    assert "to override it for production, add `extends: ../base.yaml` to " in message


def test_dl007_between_documents_of_one_file(lint: Lint) -> None:
    files = {"app.yaml": "config: {cache: {timeout: 5}}\n---\nconfig: {cache: {timeout: 6}}\n"}
    assert lint(files, *DL0) == [("app.yaml", 3, 27, "DL007")]


def test_equal_values_in_two_files_are_no_conflict(lint: Lint) -> None:
    files = {
        "a.yaml": "config: {cache: {timeout: 5}}\n",
        "b.yaml": "config: {cache: {timeout: 5, max_connections: 10}}\n",
    }
    assert lint(files, *DL0) == []
