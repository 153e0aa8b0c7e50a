"""The rule registry: every ``dlNNN_*.py`` module in a section folder defines ``RULE``.

Rules live in one folder per guide section (``architecture/``, ``network/``,
``application/``, ``monitoring/``, ``deployment/``) plus ``input/`` for the loader's and
the config set's own findings; helpers shared across sections are named by subject
(``_engines.py``, ``_network.py``, ...).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from deploylint.rules.rule import Rule

SECTIONS = (
    "input",
    "architecture",
    "network",
    "application",
    "monitoring",
    "deployment",
    "drift",
)


@cache
def all_rules() -> dict[str, Rule]:
    """Rule ID -> Rule, in ID order."""
    found: dict[str, Rule] = {}
    for section in SECTIONS:
        package = importlib.import_module(f"{__name__}.{section}")
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("dl"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            rule: Rule = module.RULE
            if rule.id in found:
                raise RuntimeError(f"rule {rule.id} is defined twice ({info.name})")
            found[rule.id] = rule
    return dict(sorted(found.items()))


def get(rule_id: str) -> Rule | None:
    return all_rules().get(rule_id.upper())
