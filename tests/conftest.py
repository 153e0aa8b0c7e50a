"""Shared fixtures: run the real CLI on real files and read its JSON output.

Helpers (functions, constants) live in tests/helpers.py; only fixtures are defined here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# the helpers' names, for test files that still import them from here (use tests.helpers)
from tests.helpers import (  # noqa: F401
    EXAMPLES,
    REPO,
    Lint,
    Messages,
    Row,
    run_json,
    write_files,
)

# CI runs every property with a fixed draw (a red CI must be reproducible); a developer's
# run explores new examples. `CI=true` is what the project's CI sets.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def lint_json(tmp_path: Path) -> Callable[..., tuple[int, dict[str, Any]]]:
    """Write ``files`` under a temporary config root and check it; return (exit code, JSON)."""

    def run(files: dict[str, str], *args: str) -> tuple[int, dict[str, Any]]:
        write_files(tmp_path, files)
        return run_json(["check", "--no-config", *args, str(tmp_path)])

    return run


@pytest.fixture
def lint(
    tmp_path: Path, lint_json: Callable[..., tuple[int, dict[str, Any]]]
) -> Callable[..., list[Row]]:
    """Like ``lint_json`` but return the sorted (file, line, column, rule) rows."""

    def run(files: dict[str, str], *args: str) -> list[Row]:
        _, data = lint_json(files, *args)
        return sorted(
            (
                os.path.relpath(f["file"], tmp_path),
                f["line"],
                f["column"],
                f["rule"],
            )
            for f in data["findings"]
        )

    return run


@pytest.fixture
def lint_messages(
    tmp_path: Path, lint_json: Callable[..., tuple[int, dict[str, Any]]]
) -> Callable[..., list[tuple[str, str, str]]]:
    """Return (rule, severity, message) for each finding, sorted by position."""

    def run(files: dict[str, str], *args: str) -> list[tuple[str, str, str]]:
        _, data = lint_json(files, *args)
        return [(f["rule"], f["severity"], f["message"]) for f in data["findings"]]

    return run
