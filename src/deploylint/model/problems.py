"""What is wrong with the input, as ``sources/`` and ``model/`` see it.

They know kinds, not rule IDs: the one table from kinds to deploylint's own rules is
``deploylint.rules.input.RULES`` (the engine's ``issue_finding`` reads it).
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    # the loader's (one file's bytes)
    SYNTAX = "syntax"  # not YAML (or, for a .json file, not JSON); not UTF-8/16/32
    TYPE = "type"  # a core tag that does not fit its value, a complex key, a bad merge;
    # a value the schema rejects
    DUPLICATE_KEY = "duplicate-key"
    UNSAFE_TAG = "unsafe-tag"  # a tag outside the core schema: never constructed
    RESOURCE_LIMIT = "resource-limit"  # size, depth, nodes (aliases included), digits
    # the schema's and the config set's
    UNKNOWN_KEY = "unknown-key"  # a key the schema does not know
    CONFLICT = "conflict"  # two files set one value differently, neither extends the other
    ENVIRONMENT = "environment"  # an undefined environment, a file named after another one
    EXTENDS = "extends"  # an `extends` that cannot be followed
