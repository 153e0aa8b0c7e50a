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
    """File name -> text: every section's schema, a whole config file's, and a catalog."""
    out = {}
    for section, model in SECTIONS.items():
        name = f"{section}.schema.json"
        out[name] = _dump(_schema(model, name, f"deploylint: {section} section"))
    out["deploylint.schema.json"] = _dump(
        _schema(ConfigFile, "deploylint.schema.json", "deploylint config file")
    )
    out["catalog.json"] = _dump(catalog())
    return out


CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"
# where a team keeps its configs; editors map these globs to the file schema
FILE_MATCH = ("configs/**/*.yaml", "configs/**/*.yml", "configs/**/*.json")


def catalog(file_match: tuple[str, ...] = FILE_MATCH) -> dict[str, Any]:
    """A SchemaStore-format catalog: the config-file schema for ``file_match`` globs."""
    return {
        "$schema": CATALOG_SCHEMA,
        "version": 1,
        "schemas": [
            {
                "name": "deploylint config",
                "description": "A deploylint config file (any section of the deployment guide)",
                "fileMatch": list(file_match),
                "url": BASE_ID + "deploylint.schema.json",
            }
        ],
    }


def render_one(section: str | None) -> str:
    name = "deploylint.schema.json" if section is None else f"{section}.schema.json"
    return render_all()[name]


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
