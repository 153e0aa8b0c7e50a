"""Each environment's effective config from a loaded config set, exactly as documented.

``docs/config-sets.md`` is the contract. For environment E:

- the applicable files are the unscoped ones and those scoped to E, with every file they
  extend (transitively);
- they merge ancestors before descendants: mappings merge key by key, anything else
  (scalars, lists, ``null``) is written whole; a descendant's value replaces its
  ancestors'; ``null`` removes the key;
- a key belongs to the files whose own text writes it (inheriting is not writing). When two
  files that write a key to different values are unrelated by ``extends`` (neither an
  ancestor of the other), that is a conflict (DL007): the message names both places and
  both values stay visible to the rules: *variants* of the effective config hold the other
  values. Each rule sees every combination of the values of the conflicts it reads (the
  engine observes its reads; two conflicts no rule reads together never multiply), so
  the verdict never depends on file names; past ``MAX_VARIANTS`` combinations for one rule,
  every pair of values, and a finding says the rule was not checked in full;
- nothing depends on file names or listing order: unrelated files are merged in a fixed
  order, and a conflict is detected whichever comes first.
"""

from __future__ import annotations

import heapq
import itertools
import os
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel

from deploylint.i18n import msg
from deploylint.model.effective import Effective, lookup
from deploylint.model.location import FilePosition, Location, Path, format_path
from deploylint.model.problems import Kind
from deploylint.model.sections import SECTIONS, ConfigFile
from deploylint.model.validate import model_value, typed
from deploylint.model.values import UNKNOWN, is_unknown
from deploylint.sources.configset import Issue, LoadedSet, SourceDoc, environment_names

META_KEYS = ("environment", "extends", "$schema")
_GONE = object()  # a key removed by ``null``


class FileEffective(Effective):
    """An effective config merged from files; every value knows the files that wrote it."""

    def __init__(
        self,
        env: str | None,
        data: dict[str, Any],
        owners: dict[Path, tuple[SourceDoc, ...]],
        docs: list[SourceDoc],
        unknown: set[Path],
        model: ConfigFile | None = None,
    ) -> None:
        self.env = env
        self.data = data
        self.owners = owners
        self.docs = docs
        self.unknown_keys = unknown
        self.invalid = _invalid(data, docs)
        self.model = model if model is not None else _model(data, unknown | self.invalid)

    def owner(self, path: Path) -> SourceDoc | None:
        """The file that wrote the value at ``path`` (or the nearest written parent)."""
        for n in range(len(path), -1, -1):
            found = self.owners.get(path[:n])
            if found:
                return found[-1]
        return None

    def origin(self, path: Path) -> Location:
        n = len(path)
        while n > 0 and not self.has(path[:n]) and path[:n] not in self.owners:
            n -= 1
        present = path[:n]
        doc = self.owner(present)
        if doc is None:
            return FilePosition(self.docs[0].file if self.docs else "<config>")
        return doc.origin(present, prefer_key=n < len(path))

    def written(self, path: Path) -> bool:
        for doc in self.docs:
            node: Any = doc.data
            for part in path[:-1]:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, dict) and path in doc.keys:
                return True
        return False

    def scoped(self, path: Path) -> bool:
        doc = self.owner(path)
        return doc is not None and doc.environment is not None


@dataclass
class Conflict:
    path: Path
    alternatives: list[tuple[Any, tuple[SourceDoc, ...]]]  # (value, the files writing it)


@dataclass
class SetEnvironments:
    """Every environment of a set: its effective config, its conflicts, and set findings.

    ``conflicts[env]`` are the keys two unrelated files write differently (in a fixed
    order); :meth:`variant` is the effective config holding some of their other values
    (the engine chooses which combinations a rule sees: those of the conflicts it reads).
    """

    primary: dict[str | None, FileEffective]
    conflicts: dict[str | None, list[Conflict]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    mergers: dict[str | None, _Merger] = field(default_factory=dict, repr=False)
    built: dict[tuple[str | None, tuple[tuple[int, int], ...]], FileEffective] = field(
        default_factory=dict, repr=False
    )

    def variant(self, env: str | None, picks: Iterable[tuple[int, int]]) -> FileEffective:
        """``env``'s config with alternative ``a`` (1-based) of conflict ``c`` for each
        ``(c, a)`` in ``picks``; no picks: the merged config itself."""
        chosen = tuple(sorted((c, a) for c, a in picks if a))
        if not chosen:
            return self.primary[env]
        found = self.built.get((env, chosen))
        if found is None:
            merger, primary = self.mergers[env], self.primary[env]
            data, owners = merger.variant([(self.conflicts[env][c], a) for c, a in chosen])
            found = FileEffective(env, data, owners, merger.order, primary.unknown_keys)
            found.incomplete = primary.incomplete
            self.built[(env, chosen)] = found
        return found

    @property
    def variants(self) -> dict[str | None, list[FileEffective]]:
        """Every combination of every environment's conflicts (small sets; tests)."""
        out: dict[str | None, list[FileEffective]] = {}
        for env, conflicts in self.conflicts.items():
            rows = combinations([1 + len(c.alternatives) for c in conflicts])
            out[env] = [self.variant(env, enumerate(row)) for row in rows]
        return {env: found for env, found in out.items() if found}


def build(loaded: LoadedSet) -> SetEnvironments:
    defined, used = environment_names([*loaded.docs, *loaded.reached])
    names: list[str | None] = [*defined, *sorted(used - set(defined))] or [None]
    result = SetEnvironments({})
    read = {d.real for d in loaded.docs} | set(loaded.skipped)  # skipped: not configs
    unread = [(shown, real) for shown, real in loaded.config_set.files if real not in read]
    # environments with the same applicable files (a set with no scoped files) share one
    # merge and one model: only the environment name differs
    merged: dict[frozenset[int], tuple[_Merger, ConfigFile, frozenset[Path]]] = {}
    below: dict[tuple[int, Path], list[Path] | None] = {}
    for env in names:
        applicable = [d for d in loaded.docs if d.environment is None or d.environment == env]
        key = frozenset(id(d) for d in applicable)
        if key not in merged:
            merger = _Merger(_closure(applicable), below)
            merger.run()
            unknown = frozenset(p for d in merger.order for p in d.unknown)
            invalid = _invalid(merger.data, merger.order)
            model = _model(merger.data, set(unknown | invalid), merger.order)
            merged[key] = (merger, model, unknown)
        merger, model, unknown = merged[key]
        docs = merger.order
        eff = FileEffective(env, merger.data, merger.owners, docs, set(unknown), model)
        eff.incomplete = _unread_for(env, unread, loaded, names)
        result.primary[env] = eff
        result.mergers[env] = merger
        conflicts = sorted(merger.conflicts.values(), key=lambda c: _order_key(c.path))
        if conflicts:
            result.conflicts[env] = conflicts
        result.issues.extend(_conflict_issue(env, c, merger) for c in conflicts)
    return result


def _unread_for(
    env: str | None,
    unread: list[tuple[str, FsPath]],
    loaded: LoadedSet,
    names: list[str | None],
) -> tuple[str, ...]:
    """The unread files that may apply to ``env``: named after it, or after no environment
    (a file that does not parse cannot say which environment it is for)."""
    top = loaded.config_set.top
    others = {n for n in names if n is not None and n != env}
    found = []
    for shown, real in unread:
        parts = (
            set(real.relative_to(top).with_suffix("").parts) if real.is_relative_to(top) else set()
        )
        if not parts & others:
            found.append(shown)
    return tuple(found)


def _closure(docs: Iterable[SourceDoc]) -> list[SourceDoc]:
    seen: dict[int, SourceDoc] = {}
    todo = list(docs)
    while todo:
        doc = todo.pop()
        if id(doc) not in seen:
            seen[id(doc)] = doc
            todo.extend(doc.bases)
    return list(seen.values())


def _sort_key(doc: SourceDoc) -> tuple[bool, str, int]:
    return (doc.environment is not None, str(doc.real), doc.index)


class _Merger:
    def __init__(
        self,
        docs: list[SourceDoc],
        below: dict[tuple[int, Path], list[Path] | None] | None = None,
    ) -> None:
        self.docs = docs
        self.below = {} if below is None else below  # see _below: one per set
        self.order = self._topological()
        # each document's ancestors as a bit set over its place in ``order`` (one int per
        # document: a chain of thousands of files costs kilobytes, not a set per file)
        self.place = {id(d): i for i, d in enumerate(self.order)}
        self.ancestors: dict[int, int] = {}
        for doc in self.order:
            mask = 0
            for base in doc.bases:
                i = self.place.get(id(base))
                if i is not None:
                    mask |= self.ancestors.get(id(base), 0) | (1 << i)
            self.ancestors[id(doc)] = mask
        self.data: dict[str, Any] = {}
        # Structural sharing: ``data`` holds documents' own mappings where only one file
        # wrote them; ``made`` are the mappings this merge built (by id), the only ones it
        # changes: a shared one is copied the first time a later file writes below it.
        self.made: dict[int, dict[str, Any]] = {id(self.data): self.data}
        self.owners: dict[Path, tuple[SourceDoc, ...]] = {}
        self.conflicts: dict[Path, Conflict] = {}

    def _topological(self) -> list[SourceDoc]:
        """Ancestors first; unrelated files in a fixed order (unscoped first, then path):
        among the documents whose bases are placed, the first in that order goes next (a
        cycle, already reported as DL010 and cut, is broken at its first document)."""
        pending = sorted(self.docs, key=_sort_key)
        rank = {id(d): i for i, d in enumerate(pending)}
        waiting = {id(d): sum(1 for b in set(map(id, d.bases)) if b in rank) for d in pending}
        children: dict[int, list[SourceDoc]] = {}
        for doc in pending:
            for b in {id(b) for b in doc.bases}:
                if b in rank:
                    children.setdefault(b, []).append(doc)
        ready = [rank[id(d)] for d in pending if waiting[id(d)] == 0]
        heapq.heapify(ready)
        order: list[SourceDoc] = []
        placed: set[int] = set()
        next_pending = 0
        while len(order) < len(pending):
            if ready:
                doc = pending[heapq.heappop(ready)]
                if id(doc) in placed:
                    continue
            else:  # only cycles remain: take the first document not placed
                while id(pending[next_pending]) in placed:
                    next_pending += 1
                doc = pending[next_pending]
            order.append(doc)
            placed.add(id(doc))
            for child in children.get(id(doc), ()):
                waiting[id(child)] -= 1
                if waiting[id(child)] == 0 and id(child) not in placed:
                    heapq.heappush(ready, rank[id(child)])
        return order

    def run(self) -> None:
        for doc in self.order:
            own = {k: v for k, v in doc.data.items() if k not in META_KEYS}
            self._apply(doc, own, self.data, ())

    def _is_ancestor(self, maybe: SourceDoc, of: SourceDoc) -> bool:
        i = self.place.get(id(maybe))
        return i is not None and bool(self.ancestors.get(id(of), 0) >> i & 1)

    def _apply(
        self, doc: SourceDoc, source: dict[str, Any], target: dict[str, Any], path: Path
    ) -> None:
        for key, value in source.items():
            p = (*path, key)
            current = target.get(key, _GONE)
            if isinstance(value, dict) and current is _GONE and p not in self.owners:
                below = self._below(value, p) if SHARE else None
                if below is not None:
                    # A mapping no file wrote before, without a null below it: applying it
                    # key by key would build an equal copy owned by ``doc`` throughout (a
                    # null would be dropped there, so such a mapping takes that path).
                    target[key] = value
                    self.owners[p] = docs = (doc,)
                    self.owners.update(dict.fromkeys(below, docs))
                    continue
                current = target[key] = self._made({})
            if isinstance(value, dict) and isinstance(current, dict):
                if id(current) not in self.made:  # a document's own: copy before writing
                    current = target[key] = self._made(dict(current))
                self.owners[p] = (*self.owners.get(p, ()), doc)
                self._apply(doc, value, current, p)
            else:
                self._write(doc, value, target, key, p, current)

    def _below(self, value: dict[str, Any], p: Path) -> list[Path] | None:
        """The paths of the mappings' entries below ``p`` (as ``_own_below`` visits them),
        or None when one holds a null; kept for the set's other environments, which merge
        the same documents' mappings at the same paths."""
        key = (id(value), p)
        if key not in self.below:
            self.below[key] = _entries_below(value, p)
        return self.below[key]

    def _made(self, mapping: dict[str, Any]) -> dict[str, Any]:
        self.made[id(mapping)] = mapping
        return mapping

    def _write(
        self,
        doc: SourceDoc,
        value: Any,
        target: dict[str, Any],
        key: str,
        p: Path,
        current: Any,
    ) -> None:
        """``doc`` writes ``value`` at ``p`` whole (a scalar, a list, a null, a new mapping)."""
        new = _GONE if value is None else value
        unrelated: tuple[SourceDoc, ...] = ()
        if current is not _GONE:  # else: a null by an unrelated file removes nothing of this one
            prior = self._writers(p, current)
            unrelated = tuple(d for d in prior if d is not doc and not self._is_ancestor(d, doc))
            if new is _GONE and unrelated:
                return  # a null removes inherited values only, never an unrelated file's
        old = self.conflicts.pop(p, None)
        alternatives: list[tuple[Any, tuple[SourceDoc, ...]]] = []
        if old is not None:
            for alt_value, alt_docs in old.alternatives:
                left = tuple(d for d in alt_docs if not self._is_ancestor(d, doc))
                if left:
                    alternatives.append((alt_value, left))
        if new is _GONE and _fixed_keys(p):
            new = self._made({})  # a section stays declared, empty: its rules report at the null
        primary: tuple[SourceDoc, ...] = (doc,)
        if unrelated and is_unknown(new):
            return  # a rejected value (DL002's finding) conflicts with nothing
        if unrelated:
            if is_unknown(current) or _same(current, new, p):
                primary = (*unrelated, doc)
            else:
                alternatives.append((current, unrelated))
        if alternatives:
            same = [a for a in alternatives if _same(a[0], new, p)]
            for a in same:
                primary = (*a[1], *primary)
            alternatives = [a for a in alternatives if not _same(a[0], new, p)]
        if isinstance(current, dict):  # only a mapping has entries below it
            self._drop_below(p)
        if new is _GONE:
            target.pop(key, None)
        else:  # shared, not copied: a later write below it copies it (see ``made``)
            target[key] = new if SHARE else _copy_mappings(new)
        self.owners[p] = (
            primary if len(primary) == 1 else tuple(sorted(set(primary), key=_sort_key))
        )
        if isinstance(new, dict):
            self._own_below(new, p, self.owners[p])
        if alternatives:
            self.conflicts[p] = Conflict(p, alternatives)

    def _own_below(self, value: dict[str, Any], p: Path, docs: tuple[SourceDoc, ...]) -> None:
        for key, child in value.items():
            self.owners[(*p, key)] = docs
            if isinstance(child, dict):
                self._own_below(child, (*p, key), docs)

    def _writers(self, p: Path, current: Any) -> tuple[SourceDoc, ...]:
        """The files whose values ``p`` would replace."""
        found = list(self.owners.get(p, ()))
        if isinstance(current, dict):
            n = len(p)
            for q, docs in self.owners.items():
                if len(q) > n and q[:n] == p:
                    found.extend(docs)
        return tuple(dict.fromkeys(found))

    def _drop_below(self, p: Path) -> None:
        n = len(p)
        for q in [q for q in self.owners if len(q) > n and q[:n] == p]:
            del self.owners[q]
        for q in [q for q in self.conflicts if len(q) > n and q[:n] == p]:
            del self.conflicts[q]

    def variant(
        self, picks: list[tuple[Conflict, int]]
    ) -> tuple[dict[str, Any], dict[Path, tuple[SourceDoc, ...]]]:
        """A copy of the merged config holding alternative ``a`` (1-based) of each conflict."""
        data = _copy_mappings(self.data)
        owners = dict(self.owners)
        for conflict, pick in picks:
            value, docs = conflict.alternatives[pick - 1]
            _put(data, conflict.path, value)
            n = len(conflict.path)
            for q in [q for q in owners if len(q) > n and q[:n] == conflict.path]:
                del owners[q]
            owners[conflict.path] = docs
        return data, owners


def _entries_below(value: dict[str, Any], p: Path) -> list[Path] | None:
    """The paths of the entries of ``value`` (at ``p``) and of the mappings below it, not
    into lists, in ``_own_below``'s order; None when one of them is a null."""
    out: list[Path] = []
    for key, child in value.items():
        if child is None:
            return None
        out.append((*p, key))
        if isinstance(child, dict):
            deeper = _entries_below(child, (*p, key))
            if deeper is None:
                return None
            out.extend(deeper)
    return out


# The merge shares documents' mappings instead of copying them, and the typed model reuses
# documents' validated sections; False takes the plain path (tests pin the two equal).
SHARE = True

MAX_VARIANTS = 256  # combinations a rule sees in full; beyond, every pair of values
MAX_PAIRWISE = 64  # conflicts one rule reads past which pairs are not all covered


def _order_key(path: Path) -> tuple[tuple[int, str], ...]:
    return tuple((0, str(p)) if isinstance(p, int) else (1, p) for p in path)


def combinations(sizes: list[int]) -> list[tuple[int, ...]]:
    """Choices (one index per conflict, 0 = the merged value) other than all-merged: the
    full product when small, else a greedy pairwise cover (every pair of values of every
    two conflicts appears together at least once)."""
    if not sizes:
        return []
    total = 1
    for size in sizes:
        total *= size
        if total > MAX_VARIANTS:
            break
    if total <= MAX_VARIANTS:
        rows = list(itertools.product(*(range(size) for size in sizes)))
    elif len(sizes) <= MAX_PAIRWISE:
        rows = _pairwise(sizes)
    else:  # bounded work: each value once, by rank (reported as not checked in full)
        rows = [tuple(min(r, s - 1) for s in sizes) for r in range(max(sizes))]
    return [row for row in rows if any(row)]


def _pairwise(sizes: list[int]) -> list[tuple[int, ...]]:
    """A greedy covering array of strength 2 (each row fixes the first uncovered pair and
    then takes, conflict by conflict, the value that covers the most uncovered pairs)."""
    k = len(sizes)
    uncovered = {
        (i, a, j, b)
        for i, j in itertools.combinations(range(k), 2)
        for a in range(sizes[i])
        for b in range(sizes[j])
    }
    rows: list[tuple[int, ...]] = []
    while uncovered:
        i, a, j, b = min(uncovered)
        row: list[int | None] = [None] * k
        row[i], row[j] = a, b
        for m in range(k):
            if row[m] is not None:
                continue
            row[m] = max(range(sizes[m]), key=lambda v: _gain(row, m, v, uncovered))
        full = tuple(v or 0 for v in row)
        for x, y in itertools.combinations(range(k), 2):
            uncovered.discard((x, full[x], y, full[y]))
        rows.append(full)
    return rows


def _gain(row: list[int | None], m: int, v: int, uncovered: set[tuple[int, int, int, int]]) -> int:
    """How many uncovered pairs value ``v`` of conflict ``m`` would cover in ``row``."""
    return sum(
        1
        for n, w in enumerate(row)
        if w is not None and ((n, w, m, v) if n < m else (m, v, n, w)) in uncovered
    )


def _same(a: Any, b: Any, path: Path) -> bool:
    """Equal as the model reads them: ``'2048'`` and ``2048`` are the same cpu, ``1m`` and
    ``60`` the same duration; ``1`` and ``true`` differ (as they do to AWS)."""
    if type(a) is type(b) and bool(a == b):
        return True
    if a is _GONE or b is _GONE:
        return False
    x, y = model_value(path, a), model_value(path, b)
    if isinstance(x, bool) or isinstance(y, bool) or isinstance(x, str) != isinstance(y, str):
        return type(x) is type(y) and bool(x == y)
    ordered = bool(path) and path[-1] in _ORDERED
    return bool(_canonical(x, ordered) == _canonical(y, ordered))


_ORDERED = frozenset({"steps", "actions"})  # 4.1's lists run in order; the others are sets


def _canonical(value: Any, ordered: bool) -> Any:
    """A value as the rules read it, to compare: a model as its fields (a port written
    ``'443'`` as 443), a list whose order means nothing (zones, subnets, inbound rules,
    metrics, streams, CORS lists) in a fixed order."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return tuple(
            (name, _canonical(_number(getattr(value, name), info.annotation), name in _ORDERED))
            for name, info in fields.items()
            if getattr(value, name) is not None
        )
    if isinstance(value, list):
        items = [_canonical(item, False) for item in value]
        return tuple(items) if ordered else tuple(sorted(items, key=repr))
    return value


def _number(value: Any, annotation: Any) -> Any:
    """``'443'`` as 443 where the field takes a number or a text (a port: ``'8000-8010'``)."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        return value
    takes = [
        typing.get_args(a)[0] if typing.get_args(a) else a for a in typing.get_args(annotation)
    ]
    return int(value) if int in takes else value


@cache
def _fixed_keys(path: Path) -> bool:
    """Whether ``path`` holds a mapping of fixed keys (a section, ``infrastructure.monitoring``,
    ``alerts.channels``): a ``null`` there empties it, where one on an entry of a map of
    free names (a group, an alarm, an environment), a scalar or a list removes it."""
    annotation: Any = ConfigFile
    for part in path:
        model = _model_class(annotation)
        found = model.model_fields.get(part) if model and isinstance(part, str) else None
        if found is None:
            return False
        annotation = found.annotation
    return _model_class(annotation) is not None


def _model_class(annotation: Any) -> type[BaseModel] | None:
    """The model class of ``Model`` or ``Model | None``, else None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return annotation if is_model else None


def _copy_mappings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy_mappings(v) for k, v in value.items()}
    return value


def _put(data: dict[str, Any], path: Path, value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        child = node.get(part) if isinstance(node, dict) else None
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if value is _GONE:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = _copy_mappings(value)


def _model(data: dict[str, Any], unknown: set[Path], docs: Iterable[SourceDoc] = ()) -> ConfigFile:
    """The typed model of merged data; unknown keys (already reported) and rejected values
    (``invalid``: reported, and read by the rules as "not checked") are left out.

    A section the merged data shares with a document that validated without an issue (see
    ``_Merger.made``), with nothing left out below it, is that document's typed section:
    pydantic takes a model instance of a field's class as it is (strict, never revalidated),
    so only the sections several files wrote are validated again."""
    clean = {k: v for k, v in data.items() if k not in META_KEYS}
    if SHARE:
        own = {
            id(section): getattr(d.model, key)
            for d in docs
            if d.model is not None
            for key, section in d.data.items()
            if key in SECTIONS and isinstance(section, dict)
        }
        dropped = {p[0] for p in unknown if p}
        for key, section in clean.items():
            if key in SECTIONS and key not in dropped and id(section) in own:
                clean[key] = own[id(section)]
    try:
        return typed(clean, unknown)
    except Exception:  # pragma: no cover - per-file validation replaced invalid values
        return ConfigFile()


def _invalid(data: dict[str, Any], docs: Iterable[SourceDoc]) -> frozenset[Path]:
    """The rejected values the merged data still holds (a descendant may replace one)."""
    return frozenset(p for d in docs for p in d.invalid if lookup(data, p) == UNKNOWN)


# --- DL007 -----------------------------------------------------------------------------


def _show(value: Any) -> str:
    if value is _GONE:
        return "removed (null)"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _conflict_issue(env: str | None, conflict: Conflict, merger: _Merger) -> Issue:
    path = conflict.path
    here_doc = merger.owners[path][0]
    value = _value_at(merger.data, path)
    there_doc = conflict.alternatives[0][1][0]
    hint = ""
    scoped, unscoped = (
        (here_doc, there_doc)
        if here_doc.environment and not there_doc.environment
        else (there_doc, here_doc)
    )
    if scoped.environment and not unscoped.environment:
        rel = os.path.relpath(unscoped.real, scoped.real.parent)
        hint = msg(
            "; to override it for {env}, add `extends: {base}` to {file}",
            env=scoped.environment,
            base=rel,
            file=scoped.file,
        )
    others = ", ".join(
        msg("{value} in {file}", value=_show(v), file=docs[0].file)
        for v, docs in conflict.alternatives
    )
    related = tuple(
        (
            docs[0].origin(path),
            msg("{path} is {value} here", path=format_path(path), value=_show(v)),
        )
        for v, docs in conflict.alternatives
    )
    return Issue(
        Kind.CONFLICT,
        msg(
            "{format_path} is {show} here but {others}, and neither file extends the other{hint}; both values are checked",
            format_path=format_path(path),
            show=_show(value),
            others=others,
            hint=hint,
        ),
        here_doc.origin(path),
        path,
        env,
        related,
    )


def _value_at(data: dict[str, Any], path: Path) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return _GONE
        node = node[part]
    return node
