"""Fixes: what a rule proposes (a value at a document path) and the text edits it becomes.

A rule never sees files. It attaches a :class:`FixIntent` to its violation: "write this
value at this document path" (:class:`SetValue`), "quote the value as written"
(:class:`QuoteValue`), "insert this item into that list" (:class:`InsertItem`) or "move this
list item to that index" (:class:`MoveItem`), with a description and a :class:`Safety`.
The engine turns the intent into :class:`Edit` objects at the spans the loader recorded, so
everything outside the edits (comments, quoting, key order, flow or block style, line
endings) stays byte-identical (ruff's ``Fix``: text edits with a safety level).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from deploylint.model.location import Path


class Safety(StrEnum):
    """``safe``: the meaning the author intended is kept; ``unsafe``: behaviour changes."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class SetValue:
    """Write ``value`` (a scalar or a list of scalars) in place of the value at ``path``."""

    path: Path
    value: Any


@dataclass(frozen=True, slots=True)
class QuoteValue:
    """Quote the value at ``path`` exactly as written (``7.10`` -> ``'7.10'``)."""

    path: Path


@dataclass(frozen=True, slots=True)
class InsertItem:
    """Insert ``value`` (a scalar or a flat mapping) into the list at ``path`` at ``index``."""

    path: Path
    index: int
    value: Any


@dataclass(frozen=True, slots=True)
class MoveItem:
    """Move item ``source`` of the list at ``path`` to stand before item ``before`` of the
    list at ``target`` (``path`` when None; ``before`` = its length: at its end)."""

    path: Path
    source: int
    before: int
    target: Path | None = None


@dataclass(frozen=True, slots=True)
class SetKey:
    """Write ``value`` (a scalar) at the mapping path ``path`` in a document that does not
    write it yet: the missing mappings are added in the document's block style."""

    path: Path
    value: Any


Change = SetValue | QuoteValue | InsertItem | MoveItem | SetKey


@dataclass(frozen=True, slots=True)
class FixIntent:
    """What a rule proposes: changes at document paths, a one-line description, a safety."""

    description: str
    safety: Safety
    changes: tuple[Change, ...]


def set_value(path: Path, value: Any, description: str, safety: Safety) -> FixIntent:
    """The common case: one value replaced."""
    return FixIntent(description, safety, (SetValue(path, value),))


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace the characters ``start:end`` of ``file``'s text by ``replacement``.

    Offsets count characters of the decoded text; ``line``/``column`` .. ``end_line``/
    ``end_column`` say the same 1-based (end exclusive) for reporters.
    """

    file: str
    start: int
    end: int
    replacement: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """A finding's fix: text edits, a description and a safety."""

    description: str
    safety: Safety
    edits: tuple[Edit, ...]
    # the environments whose effective value the edits change (not shown; the engine
    # marks a fix unsafe when one of them does not ask for the same change)
    readers: frozenset[str | None] = field(default=frozenset(), compare=False)

    @property
    def files(self) -> set[str]:
        return {e.file for e in self.edits}

    def to_dict(self) -> dict[str, object]:
        return {
            "description": self.description,
            "safety": self.safety.value,
            "edits": [e.to_dict() for e in self.edits],
        }
