"""Shared fixtures: run the real CLI on real files and read its JSON output."""

from __future__ import annotations

import hashlib
import json
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings
from typer.testing import CliRunner

from deploylint.cli import app

# CI runs every property with a fixed draw (a red CI must be reproducible); a developer's
# run explores new examples. `CI=true` is what the project's CI sets.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

Row = tuple[str, int, int, str]
# What the ``lint`` and ``lint_messages`` fixtures are, for the tests' annotations.
Lint = Callable[..., list[Row]]
Messages = Callable[..., list[tuple[str, str, str]]]


def pack(tmp_path: Path, rule: str, options: str) -> tuple[dict[str, str], str]:
    """A policy pack extending the guide with ``options`` (YAML lines) for ``rule``.

    Returns (files to write, the pack's path). It lives in a hidden folder of the config
    root, which deploylint does not read as config; one file name per content, because
    policies are cached by path within a process.
    """
    body = "".join(f"      {line}\n" for line in options.strip().splitlines())
    text = f"name: custom\nextends: guide\nrules:\n  {rule}:\n    options:\n{body}"
    name = f"custom-{hashlib.sha256(text.encode()).hexdigest()[:12]}.yaml"
    return {f".packs/{name}": text}, str(tmp_path / ".packs" / name)


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def run_json(args: list[str]) -> tuple[int, dict[str, Any]]:
    """Invoke ``deploylint`` in-process (typer's runner) with ``--format json``."""
    result = CliRunner().invoke(app, [*args[:1], "--format", "json", *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


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
