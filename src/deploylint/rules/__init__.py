"""The rule registry: every ``dlNNN_*.py`` module in this package defines ``RULE``."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from deploylint.rule import Rule


@cache
def all_rules() -> dict[str, Rule]:
    """Rule ID -> Rule, in ID order."""
    found: dict[str, Rule] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("dl"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule: Rule = module.RULE
        if rule.id in found:
            raise RuntimeError(f"rule {rule.id} is defined twice ({info.name})")
        found[rule.id] = rule
    return dict(sorted(found.items()))


def get(rule_id: str) -> Rule | None:
    return all_rules().get(rule_id.upper())
