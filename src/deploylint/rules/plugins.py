"""Rules from installed packages: entry points of the group ``deploylint.rules``.

A plugin follows exactly the built-in contract: an entry point names a module that
defines ``RULE = Rule(...)`` (``acme_rules.no_public_bucket``) or the rule object itself
(``acme_rules.no_public_bucket:RULE``). Its ID uses the plugin's own prefix (``DL`` is
reserved for built-in rules). A plugin that cannot be imported, or that does not give a
valid rule, is one problem naming the plugin; the other rules still run. A check that
raises is one finding naming the rule and the plugin (the engine catches it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib.metadata import EntryPoint, distributions, entry_points
from types import ModuleType

from deploylint.findings.finding import Severity
from deploylint.i18n import msg
from deploylint.ownmodels import users_models
from deploylint.rules.rule import RelatedPath, Rule, Violation

GROUP = "deploylint.rules"


@dataclass(frozen=True, eq=False)  # one a process (load_plugins): never compared
class Plugins:
    rules: tuple[Rule, ...]
    problems: tuple[str, ...]  # one line per plugin that could not be used


@cache
def load_plugins() -> Plugins:
    """Every rule the installed plugins define, and the plugins that failed; once a process
    (their problems in the language of the run that loads them: one language a process)."""
    rules: list[Rule] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for ep in sorted(_entry_points(), key=lambda e: (e.name, e.value)):
        if (ep.name, ep.value) in seen:
            continue  # the same distribution visible twice on sys.path
        seen.add((ep.name, ep.value))
        rule, problem = _load(ep)
        if rule is not None:
            rules.append(rule)
        if problem is not None:
            problems.append(problem)
    return Plugins(tuple(rules), tuple(problems))


def _entry_points() -> list[EntryPoint]:
    """``entry_points(group=GROUP)``, without parsing every package's entry points when no
    package names the group: a group's section is ``[deploylint.rules]`` in a package's
    ``entry_points.txt``, so a text without the name has none of its entry points. Reading
    the texts costs a third of parsing them all (1% of a one-file check); a package that
    names the group gets importlib's own scan, unchanged (tests/rules/test_plugins_scan.py)."""
    if not any(GROUP in (dist.read_text("entry_points.txt") or "") for dist in distributions()):
        return []
    return list(entry_points(group=GROUP))


def describe(ep: EntryPoint) -> str:
    dist = ep.dist.name if ep.dist is not None else None
    package = f", package {dist}" if dist and dist != ep.name else ""
    return f"plugin {ep.name!r} ({ep.value}{package})"


def _load(ep: EntryPoint) -> tuple[Rule | None, str | None]:
    where = describe(ep)
    try:
        with users_models():  # the plugin's own models get pydantic's plugins
            loaded = ep.load()
    except BaseException as exc:  # an import can raise anything, SystemExit included
        if isinstance(exc, KeyboardInterrupt):
            raise
        return None, one_line(
            msg(
                "{plugin} failed to load ({error}: {detail}); its rule does not run",
                plugin=where,
                error=type(exc).__name__,
                detail=exc,
            )
        )
    rule = getattr(loaded, "RULE", None) if isinstance(loaded, ModuleType) else loaded
    if not isinstance(rule, Rule):
        return None, msg("{plugin} defines no RULE = Rule(...); it is skipped", plugin=where)
    if rule.check is None:
        return None, msg(
            "{plugin}: rule {rule} has no check; it is skipped", plugin=where, rule=rule.id
        )
    try:
        return replace(rule, origin=f"plugin {ep.name} ({ep.value})"), None
    except ValueError as exc:
        return None, one_line(msg("{plugin}: {error}; it is skipped", plugin=where, error=exc))


_BREAKS = r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*"  # compiled by re on first use (rare)


def one_line(text: str) -> str:
    """A plugin's message (an exception's, a load error's) as one line: stderr and the
    text report show one line per problem."""
    return re.sub(_BREAKS, " ", text).strip()


def _short(value: object) -> str:
    text = one_line(repr(value))
    return text if len(text) <= 60 else text[:57] + "..."


def _bad_path(path: object) -> bool:
    return not isinstance(path, tuple) or not all(
        isinstance(p, str | int) and not isinstance(p, bool) for p in path
    )


def invalid(v: object) -> str | None:
    """Why a check's item is not a valid :class:`Violation` (None when it is one)."""
    if not isinstance(v, Violation):
        return msg(
            "yielded {type} {value}, not a Violation", type=type(v).__name__, value=_short(v)
        )
    if _bad_path(v.path):
        return msg(
            "yielded a Violation whose path is {value}, not a tuple of keys", value=_short(v.path)
        )
    if not isinstance(v.message, str):
        return msg(
            "yielded a Violation whose message is {type}, not text",
            type=type(v.message).__name__,
        )
    if v.severity is not None and not isinstance(v.severity, Severity):
        return msg(
            "yielded a Violation whose severity is {value}, not a Severity",
            value=_short(v.severity),
        )
    if v.env is not None and not isinstance(v.env, str):
        return msg("yielded a Violation whose env is {value}, not text", value=_short(v.env))
    if not isinstance(v.related, tuple) or not all(
        isinstance(r, RelatedPath)
        and not _bad_path(r.path)
        and isinstance(r.message, str)
        and (r.env is None or isinstance(r.env, str))
        for r in v.related
    ):
        return msg(
            "yielded a Violation whose related is {value}, not RelatedPath items",
            value=_short(v.related),
        )
    return None
