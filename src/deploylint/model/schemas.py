"""JSON Schemas (draft 2020-12) generated from the models: one per section, one per file.

``schemas/`` in the repository holds their rendered text; a test regenerates them and
fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from deploylint.model.sections import SECTIONS, ConfigFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://deploylint.dev/schemas/"


def _schema(model: Any, name: str, title: str) -> dict[str, Any]:
    body = model.model_json_schema()
    return {
        "$schema": DIALECT,
        "$id": BASE_ID + name,
        "title": title,
        **{k: v for k, v in body.items() if k != "title"},
    }


def render_all() -> dict[str, str]:
    """File name -> schema text, for every section and for a whole config file."""
    out = {}
    for section, model in SECTIONS.items():
        name = f"{section}.schema.json"
        out[name] = _dump(_schema(model, name, f"deploylint: {section} section"))
    out["deploylint.schema.json"] = _dump(
        _schema(ConfigFile, "deploylint.schema.json", "deploylint config file")
    )
    return out


def render_one(section: str | None) -> str:
    name = "deploylint.schema.json" if section is None else f"{section}.schema.json"
    return render_all()[name]


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
