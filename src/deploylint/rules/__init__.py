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

from deploylint.rules.rule import BUILTIN_ID, Rule

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
    """Rule ID -> Rule, in ID order: the built-in rules, then the installed plugins' rules.

    A policy pack's own declarative rules are not here: they belong to the pack in use,
    and ``Policy.registry()`` adds them (so two packs in one process never mix).
    """
    from deploylint.rules.plugins import load_plugins

    found: dict[str, Rule] = {}
    for section in SECTIONS:
        package = importlib.import_module(f"{__name__}.{section}")
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("dl"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            rule: Rule = module.RULE
            if rule.id in found or not BUILTIN_ID.fullmatch(rule.id):
                raise RuntimeError(f"rule {rule.id} is defined twice or misnamed ({info.name})")
            found[rule.id] = rule
    for rule in load_plugins().rules:
        found.setdefault(rule.id, rule)  # a clash is reported by plugin_problems()
    return dict(sorted(found.items()))


def plugin_problems() -> list[str]:
    """Plugins that could not be used, one line each (the CLI prints them; rules still run)."""
    from deploylint.i18n import msg
    from deploylint.rules.plugins import load_plugins

    problems = list(load_plugins().problems)
    rules = all_rules()
    for rule in load_plugins().rules:
        if rules[rule.id] is not rule:
            problems.append(
                msg(
                    "{origin}: rule {rule} is already defined by {other}; it is skipped",
                    other=rules[rule.id].origin,
                    origin=rule.origin,
                    rule=rule.id,
                )
                if rules[rule.id].origin
                else msg(
                    "{origin}: rule {rule} is already defined (built-in); it is skipped",
                    origin=rule.origin,
                    rule=rule.id,
                )
            )
    return problems


def get(rule_id: str) -> Rule | None:
    return all_rules().get(rule_id.upper())
