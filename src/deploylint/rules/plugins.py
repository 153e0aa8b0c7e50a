"""Rules from installed packages: entry points of the group ``deploylint.rules``.

A plugin follows exactly the built-in contract: an entry point names a module that
defines ``RULE = Rule(...)`` (``acme_rules.no_public_bucket``) or the rule object itself
(``acme_rules.no_public_bucket:RULE``). Its ID uses the plugin's own prefix (``DL`` is
reserved for built-in rules). A plugin that cannot be imported, or that does not give a
valid rule, is one problem naming the plugin; the other rules still run. A check that
raises is one finding naming the rule and the plugin (the engine catches it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from types import ModuleType

from deploylint.rules.rule import Rule

GROUP = "deploylint.rules"


@dataclass(frozen=True)
class Plugins:
    rules: tuple[Rule, ...]
    problems: tuple[str, ...]  # one line per plugin that could not be used


@cache
def load_plugins() -> Plugins:
    """Every rule the installed plugins define, and the plugins that failed; once a process."""
    rules: list[Rule] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.name, e.value)):
        if (ep.name, ep.value) in seen:
            continue  # the same distribution visible twice on sys.path
        seen.add((ep.name, ep.value))
        rule, problem = _load(ep)
        if rule is not None:
            rules.append(rule)
        if problem is not None:
            problems.append(problem)
    return Plugins(tuple(rules), tuple(problems))


def describe(ep: EntryPoint) -> str:
    dist = ep.dist.name if ep.dist is not None else None
    package = f", package {dist}" if dist and dist != ep.name else ""
    return f"plugin {ep.name!r} ({ep.value}{package})"


def _load(ep: EntryPoint) -> tuple[Rule | None, str | None]:
    where = describe(ep)
    try:
        loaded = ep.load()
    except BaseException as exc:  # an import can raise anything, SystemExit included
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, f"{where} failed to load ({type(exc).__name__}: {exc}); its rule does not run"
    rule = getattr(loaded, "RULE", None) if isinstance(loaded, ModuleType) else loaded
    if not isinstance(rule, Rule):
        return None, f"{where} defines no RULE = Rule(...); it is skipped"
    if rule.check is None:
        return None, f"{where}: rule {rule.id} has no check; it is skipped"
    try:
        return replace(rule, origin=f"plugin {ep.name} ({ep.value})"), None
    except ValueError as exc:
        return None, f"{where}: {exc}; it is skipped"
