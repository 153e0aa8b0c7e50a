"""Which parts of an effective config a rule reads: observed, not declared.

:func:`traced` gives a view of an :class:`Effective` that records every document path a
reader touches: a field of the model (``model.scaling.max``), an entry of the data, a
``has``/``written`` question, the keys of a mapping or the length of a list it walks, and
a whole value it dumps or compares. The view is the same objects to the reader (a model
is an instance of a subclass of its own class, a mapping a ``dict``, a list a ``list``),
so a rule cannot tell it is observed.

A rule is deterministic: two configs that agree on every path it read make it read the
same paths and say the same things. So the paths it read on one config bound what can
change its verdict (the engine evaluates the combinations of conflicting values only
across the conflicts a rule reads, and says "not checked" for a rule that read a
rejected value).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from deploylint.model.effective import Effective
from deploylint.model.location import Location, Path

Env = str | None


@dataclass
class Reads:
    """What a reader touched, per environment."""

    at: set[tuple[Env, Path]] = field(default_factory=set)  # a value at or below
    keys: set[tuple[Env, Path]] = field(default_factory=set)  # which entries exist
    whole: set[tuple[Env, Path]] = field(default_factory=set)  # everything below
    views: list[int] = field(default_factory=list)  # ids of the views recording here

    def covers(self, env: Env, path: Path) -> bool:
        """Whether a different value at ``path`` (or its absence) could change what the
        reader saw."""
        n = len(path)
        if (env, path[:-1]) in self.keys:
            return True
        if any(path[:i] in _paths(self.whole, env) for i in range(n + 1)):
            return True
        return any(e == env and p[:n] == path for e, p in self.at)


def _paths(found: set[tuple[Env, Path]], env: Env) -> set[Path]:
    return {p for e, p in found if e == env}


# Names of a model that read the whole of it (a dump, a comparison, the raw fields).
_WHOLE = frozenset(
    {
        "__dict__",
        "model_dump",
        "model_dump_json",
        "model_copy",
        "model_fields_set",
        "model_extra",
        "__iter__",
        "__getstate__",
        "__copy__",
        "__deepcopy__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
    }
)
_TRACED_CLASSES: dict[type[BaseModel], type[BaseModel]] = {}
_WHERE: dict[int, tuple[Reads, Env, Path, Any]] = {}  # id(view) -> (reads, env, path, view)


def _traced_class(cls: type[BaseModel]) -> type[BaseModel]:
    found = _TRACED_CLASSES.get(cls)
    if found is not None:
        return found
    keys = {name: (f.alias or name) for name, f in cls.model_fields.items()}

    def __getattribute__(self: BaseModel, name: str) -> Any:
        value = object.__getattribute__(self, name)
        where = _WHERE.get(id(self))
        if where is None:
            return value
        reads, env, path, _view = where
        if name in keys:
            child = (*path, keys[name])
            reads.at.add((env, child))
            return _wrap(value, reads, env, child)
        if name in _WHOLE:
            reads.whole.add((env, path))
        return value

    made = type(cls.__name__, (cls,), {"__getattribute__": __getattribute__})
    made.__module__ = cls.__module__
    made.__qualname__ = cls.__qualname__
    _TRACED_CLASSES[cls] = made
    return made


def _wrap(value: Any, reads: Reads, env: Env, path: Path) -> Any:
    view: Any
    if isinstance(value, BaseModel):
        view = object.__new__(_traced_class(type(value)))
        for slot in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__"):
            object.__setattr__(view, slot, object.__getattribute__(value, slot))
        private = getattr(value, "__pydantic_private__", None)
        object.__setattr__(view, "__pydantic_private__", private)
    elif isinstance(value, dict):
        view = _Dict(value)
    elif isinstance(value, list):
        view = _List(value)
    else:
        return value
    _WHERE[id(view)] = (reads, env, path, view)  # the view stays alive while traced
    reads.views.append(id(view))
    return view


def _at(view: object) -> tuple[Reads, Env, Path]:
    reads, env, path, _view = _WHERE[id(view)]
    return reads, env, path


class _Dict(dict[Any, Any]):
    """A mapping of the config that records the entries read."""

    __slots__ = ()

    def __getitem__(self, key: Any) -> Any:
        reads, env, path = _at(self)
        reads.at.add((env, (*path, key)))
        return _wrap(dict.__getitem__(self, key), reads, env, (*path, key))

    def get(self, key: Any, default: Any = None) -> Any:
        reads, env, path = _at(self)
        reads.at.add((env, (*path, key)))
        if dict.__contains__(self, key):
            return _wrap(dict.__getitem__(self, key), reads, env, (*path, key))
        return default

    def __contains__(self, key: object) -> bool:
        reads, env, path = _at(self)
        reads.at.add((env, (*path, key)))  # type: ignore[arg-type]
        return dict.__contains__(self, key)

    def _walk(self) -> tuple[Reads, Env, Path]:
        reads, env, path = _at(self)
        reads.keys.add((env, path))
        return reads, env, path

    def __iter__(self) -> Iterator[Any]:
        self._walk()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._walk()
        return dict.__len__(self)

    def keys(self) -> Any:
        self._walk()
        return dict.keys(self)

    def items(self) -> Any:
        reads, env, path = self._walk()
        return [(k, _wrap(v, reads, env, (*path, k))) for k, v in dict.items(self)]

    def values(self) -> Any:
        reads, env, path = self._walk()
        return [_wrap(v, reads, env, (*path, k)) for k, v in dict.items(self)]

    def __eq__(self, other: object) -> bool:
        reads, env, path = _at(self)
        reads.whole.add((env, path))
        return dict.__eq__(self, other)

    __hash__ = None


class _List(list[Any]):
    """A list of the config that records the items read."""

    __slots__ = ()

    def __getitem__(self, index: Any) -> Any:
        reads, env, path = _at(self)
        if isinstance(index, int):
            n = index if index >= 0 else index + list.__len__(self)
            reads.at.add((env, (*path, n)))
            reads.keys.add((env, path))
            return _wrap(list.__getitem__(self, index), reads, env, (*path, n))
        reads.whole.add((env, path))
        return list.__getitem__(self, index)

    def __iter__(self) -> Iterator[Any]:
        reads, env, path = _at(self)
        reads.keys.add((env, path))
        for n, item in enumerate(list.__iter__(self)):
            yield _wrap(item, reads, env, (*path, n))

    def __len__(self) -> int:
        reads, env, path = _at(self)
        reads.keys.add((env, path))
        return list.__len__(self)

    def __contains__(self, item: object) -> bool:
        reads, env, path = _at(self)
        reads.whole.add((env, path))
        return list.__contains__(self, item)

    def __eq__(self, other: object) -> bool:
        reads, env, path = _at(self)
        reads.whole.add((env, path))
        return list.__eq__(self, other)

    __hash__ = None

    def index(self, *args: Any) -> int:
        reads, env, path = _at(self)
        reads.whole.add((env, path))
        return list.index(self, *args)

    def count(self, item: Any) -> int:
        reads, env, path = _at(self)
        reads.whole.add((env, path))
        return list.count(self, item)


class TracedEffective(Effective):
    """``eff`` as a rule sees it, recording what the rule reads into ``reads``."""

    def __init__(self, eff: Effective, reads: Reads) -> None:
        object.__setattr__(self, "_inner", eff)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "env", eff.env)
        object.__setattr__(self, "incomplete", eff.incomplete)
        object.__setattr__(self, "absence_known", eff.absence_known)
        object.__setattr__(self, "invalid", getattr(eff, "invalid", frozenset()))
        object.__setattr__(self, "data", _wrap(eff.data, reads, eff.env, ()))
        object.__setattr__(self, "model", _wrap(eff.model, reads, eff.env, ()))
        object.__setattr__(self, "_read_only", True)

    def has(self, path: Path) -> bool:
        self._reads.at.add((self.env, tuple(path)))
        return bool(self._inner.has(path))

    def written(self, path: Path) -> bool:
        self._reads.at.add((self.env, tuple(path)))
        return bool(self._inner.written(path))

    def scoped(self, path: Path) -> bool:
        self._reads.at.add((self.env, tuple(path)))
        return bool(self._inner.scoped(path))

    def rejected(self, path: Path) -> bool:
        self._reads.at.add((self.env, tuple(path)))
        return bool(self._inner.rejected(path))

    def origin(self, path: Path) -> Location:
        inner: Effective = object.__getattribute__(self, "_inner")
        return inner.origin(path)

    def __getattr__(self, name: str) -> Any:  # FileEffective's owners, docs, ...
        reads: Reads = object.__getattribute__(self, "_reads")
        reads.whole.add((self.env, ()))
        return getattr(object.__getattribute__(self, "_inner"), name)


def traced(eff: Effective, reads: Reads) -> TracedEffective:
    return TracedEffective(eff, reads)


def traced_all(environments: Mapping[Env, Effective], reads: Reads) -> dict[Env, TracedEffective]:
    return {env: TracedEffective(eff, reads) for env, eff in environments.items()}


def release(reads: Reads) -> None:
    """Forget the views recording into ``reads`` (after the rule ran)."""
    for key in reads.views:
        _WHERE.pop(key, None)
    reads.views.clear()
