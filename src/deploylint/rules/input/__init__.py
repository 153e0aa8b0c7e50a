"""Input rules: the loader's and the config set's own findings (DL001-DL010).

``RULES`` is the one place where a problem's kind (``sources/`` and ``model/`` know kinds,
never rule IDs) becomes a rule ID.
"""

from __future__ import annotations

from deploylint.model.problems import Kind

RULES: dict[Kind, str] = {
    Kind.SYNTAX: "DL001",
    Kind.TYPE: "DL002",
    Kind.DUPLICATE_KEY: "DL003",
    Kind.UNKNOWN_KEY: "DL004",
    Kind.UNSAFE_TAG: "DL005",
    Kind.RESOURCE_LIMIT: "DL006",
    Kind.CONFLICT: "DL007",
    Kind.ENVIRONMENT: "DL008",
    Kind.EXTENDS: "DL010",
}
LOADER_RULES = RULES  # the old name (tests, other branches)
