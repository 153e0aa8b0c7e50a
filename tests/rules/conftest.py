"""Fixtures of the rule tests: findings with the second places they name."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

# (file relative to the config root, line, note) of a related place.
Place = tuple[str, int, str]


class Seen(NamedTuple):
    """A finding as a rule test reads it."""

    rule: str
    severity: str
    message: str
    related: tuple[Place, ...]


Related = Callable[..., list[Seen]]


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
