"""Input rules: the loader's and the config set's own findings (DL001-DL010).

``LOADER_RULES`` is the one place where a loader problem's kind becomes a rule ID.
"""

from __future__ import annotations

from deploylint.sources.loader import Kind

LOADER_RULES: dict[Kind, str] = {
    Kind.SYNTAX: "DL001",
    Kind.TYPE: "DL002",
    Kind.DUPLICATE_KEY: "DL003",
    Kind.UNSAFE_TAG: "DL005",
    Kind.RESOURCE_LIMIT: "DL006",
}
