"""The snapshot's JSON Schema, shipped in the package (``data/schemas``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def snapshot_schema() -> dict[str, Any]:
    text = (resources.files("deploylint") / "data" / "schemas" / "snapshot.schema.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
