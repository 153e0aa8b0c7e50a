"""deploylint's public plugin API: the one import path for plugins and the docs.

    from deploylint.api import Context, Docs, Options, RelatedPath, Rule, Severity, Violation

A rule is metadata (:class:`Rule`, :class:`Docs`), an options model (:class:`Options`) and
a pure check function that takes a :class:`Context` and yields :class:`Violation` s at
document paths (the engine resolves lines). Everything else in deploylint is internal and
may move; these names stay (docs/custom-rules.md).
"""

from __future__ import annotations

from deploylint.model.location import Path
from deploylint.model.severity import Severity
from deploylint.rules.rule import (
    Check,
    Context,
    Docs,
    Options,
    PerEnv,
    RelatedPath,
    Rule,
    Violation,
    for_env,
)

__all__ = [
    "Check",
    "Context",
    "Docs",
    "Options",
    "Path",
    "PerEnv",
    "RelatedPath",
    "Rule",
    "Severity",
    "Violation",
    "for_env",
]
