"""Document paths for declarative rules: ``where`` patterns and references to one value.

A pattern is dotted keys with wildcards, over the effective config's data:

- ``architecture.components.database.instance_type``: one key after another;
- ``*``: every key of a mapping, or every item of a list;
- ``[*]``: every item of a list; ``[2]``: one item;
- ``{env}``: the environment being checked (``architecture.environments.{env}.scaling``).

Each match keeps its document path, so a finding lands on the line to edit. A reference
(in conditions and messages) names one value: ``$.a.b`` from the top of the config,
``@`` the match itself, ``@.a.b`` or ``a.b`` below the match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from deploylint.i18n import msg
from deploylint.model.effective import MISSING, Effective, child

Part = str | int
Step = tuple[
    str, Any
]  # ("key", name) | ("index", n) | ("any", None) | ("items", None) | ("env", None)

MAX_PATTERN = 300
_KEY = r"[A-Za-z0-9_\-]+|\*|\{env\}"
_SEGMENT = re.compile(rf"(?P<key>{_KEY})?(?P<brackets>(?:\[(?:\*|\d{{1,6}})\])*)")
_BRACKET = re.compile(r"\[(\*|\d+)\]")


class PathError(ValueError):
    """A pattern or reference that does not parse; the message says why."""


@dataclass(frozen=True)
class Pattern:
    text: str
    steps: tuple[Step, ...]

    @property
    def single(self) -> bool:
        return all(kind not in ("any", "items") for kind, _ in self.steps)


def parse_pattern(text: str, wildcards: bool = True) -> Pattern:
    """``a.*.b[*]`` -> steps; a PathError names what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise PathError(msg("a path is a non-empty string"))
    if len(text) > MAX_PATTERN:
        raise PathError(msg("a path is at most {count} characters", count=MAX_PATTERN))
    steps: list[Step] = []
    for segment in text.split("."):
        m = _SEGMENT.fullmatch(segment)
        if m is None or not segment:
            raise PathError(
                msg("{path}: cannot read the part {part}", path=repr(text), part=repr(segment))
            )
        key = m.group("key")
        if key == "*":
            steps.append(("any", None))
        elif key == "{env}":
            steps.append(("env", None))
        elif key is not None:
            steps.append(("key", key))
        for item in _BRACKET.findall(m.group("brackets")):
            steps.append(("items", None) if item == "*" else ("index", int(item)))
    pattern = Pattern(text, tuple(steps))
    if not wildcards and not pattern.single:
        raise PathError(msg("{path}: a reference names one value (no * here)", path=repr(text)))
    return pattern


@dataclass(frozen=True)
class Ref:
    """One value: absolute (``$.a.b``) or relative to the match (``@``, ``@.a``, ``a``)."""

    text: str
    absolute: bool
    pattern: Pattern | None  # None: the match itself (or the top, for ``$``)


def parse_ref(text: str) -> Ref:
    if not isinstance(text, str):
        raise PathError(msg("a path is a string"))
    text = text.strip()
    for head, absolute in (("$", True), ("@", False)):
        if text == head:
            return Ref(text, absolute, None)
        if text.startswith(head + "."):
            return Ref(text, absolute, parse_pattern(text[2:], wildcards=False))
    return Ref(text, False, parse_pattern(text, wildcards=False))


def matches(data: Any, pattern: Pattern, env: str | None) -> Iterator[tuple[tuple[Part, ...], Any]]:
    """Every (document path, raw value) the pattern reaches in ``data``, in document order."""

    def walk(node: Any, at: int, path: tuple[Part, ...]) -> Iterator[tuple[tuple[Part, ...], Any]]:
        if at == len(pattern.steps):
            yield path, node
            return
        kind, arg = pattern.steps[at]
        if kind == "any" and isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, at + 1, (*path, str(key)))
        elif kind in ("any", "items") and isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, at + 1, (*path, index))
        elif kind in ("key", "index", "env"):
            part = env if kind == "env" else arg
            if part is None:
                return
            value = child(node, part)
            if value is not MISSING:
                yield from walk(value, at + 1, (*path, part))

    yield from walk(data, 0, ())


def resolve(ref: Ref, match: tuple[Part, ...], env: str | None) -> tuple[Part, ...] | None:
    """The document path a reference names from ``match`` (None: ``{env}`` without one)."""
    base = () if ref.absolute else match
    if ref.pattern is None:
        return base
    parts: list[Part] = list(base)
    for kind, arg in ref.pattern.steps:
        if kind == "env":
            if env is None:
                return None
            parts.append(env)
        else:
            parts.append(arg)
    return tuple(parts)


def value_at(eff: Effective, path: tuple[Part, ...]) -> Any:
    """The value at ``path``: the model's parsed scalar where there is one (``'2048'`` -> 2048,
    ``15分以内`` -> 900), else the plain data (mappings, lists, keys the schema refused);
    MISSING when absent."""
    raw: Any = eff.data
    for part in path:
        raw = child(raw, part)
        if raw is MISSING:
            return MISSING
    node: Any = eff.model
    for part in path:
        if isinstance(node, BaseModel) and isinstance(part, str):
            node = getattr(node, part, None) if part in type(node).model_fields else None
        elif isinstance(node, dict | list):
            found = child(node, part)
            node = None if found is MISSING else found
        else:
            node = None
        if node is None:
            break
    if node is not None and not isinstance(node, BaseModel | dict | list):
        return node
    return raw
