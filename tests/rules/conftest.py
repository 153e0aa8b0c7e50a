"""Fixtures of the rule tests: findings with the second places they name."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Place, Related, Seen: also importable from here, for rule tests written before tests/helpers.py
from tests.helpers import Place, Related, Seen  # noqa: F401


@pytest.fixture
def lint_related(
    tmp_path: Path, lint_json: Callable[..., tuple[int, dict[str, Any]]]
) -> Callable[..., list[Seen]]:
    """Like ``lint_messages``, with each finding's related places (the JSON ``related``)."""

    def run(files: dict[str, str], *args: str) -> list[Seen]:
        _, data = lint_json(files, *args)
        return [
            Seen(
                f["rule"],
                f["severity"],
                f["message"],
                tuple(
                    (
                        os.path.relpath(r["file"], tmp_path),
                        r["line"],
                        r["message"],
                    )
                    for r in f.get("related", ())
                ),
            )
            for f in data["findings"]
        ]

    return run
