"""Fixtures of the network rule tests (from test_dl2xx_network.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import Messages


@pytest.fixture
def messages(lint_messages: Messages, tmp_path: Path) -> Messages:
    """(rule, severity, message), with the temporary folder cut from the locations."""

    def run(files: dict[str, str], *args: str) -> list[tuple[str, str, str]]:
        prefix = f"{tmp_path}{os.sep}"
        return [(r, s, m.replace(prefix, "")) for r, s, m in lint_messages(files, *args)]

    return run
