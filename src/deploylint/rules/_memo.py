"""Work shared between environments: a helper's result for the engine's read-only data.

Rules run on read-only data (``rules/rule.py`` ``read_only``): one frozen data object holds
the same values for the whole run, and a set's environments built from the same files share
one (``read_only_all``). A result that depends on that object alone (DL310's candidate
values) is computed once per object, not once per environment.

Only the engine's frozen data is remembered (a :class:`FrozenDict`, of an effective config
made read-only): a view that records what a rule reads (``model.reads``) is another type and
always computes, so its reads are recorded. The table holds each object it names, so an id
in it is never another object's; it keeps the last few objects only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from deploylint.rules.rule import Context, FrozenDict

T = TypeVar("T")

_HELD: dict[tuple[int, str], tuple[object, Any]] = {}
_LIMIT = 64


def per_data(ctx: Context[Any], what: str, compute: Callable[[Any], T]) -> T:
    """``compute(ctx.effective.data)``, once per frozen data object and ``what`` (the
    caller's name for ``compute``: one name, one function). The result is shared: treat it
    as read-only (a tuple)."""
    data = ctx.effective.data
    if type(data) is not FrozenDict or not getattr(ctx.effective, "_read_only", False):
        return compute(data)
    key = (id(data), what)
    held = _HELD.get(key)
    if held is not None and held[0] is data:
        found: T = held[1]
        return found
    result = compute(data)
    if len(_HELD) >= _LIMIT:
        _HELD.clear()
    _HELD[key] = (data, result)
    return result
