"""Config sets: loading, ``extends`` and environment names.

A :class:`~deploylint.sources.files.ConfigSet` (found by ``files.discover``) is loaded
here into validated documents linked by ``extends``; ``merge`` builds each environment's
effective config from them. The semantics are written down in ``docs/config-sets.md``.
"""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from deploylint.i18n import _, msg
from deploylint.model.effective import lookup
from deploylint.model.fix import Fix, QuoteValue, Safety
from deploylint.model.location import FilePosition, Location, Path
from deploylint.model.problems import Kind
from deploylint.model.sections import SECTIONS, ConfigFile
from deploylint.model.validate import Validated, validate, within_two_edits
from deploylint.sources.files import NOT_CONFIG, ConfigSet, read_regular
from deploylint.sources.loader import (
    Document,
    Limits,
    Problem,
    Span,
    is_json,
    load_bytes,
    load_text,
)


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding before severities and settings: kind, message and origin."""

    kind: Kind
    message: str
    origin: Location
    path: Path = ()
    environment: str | None = None
    related: tuple[tuple[Location, str], ...] = ()
    fix: Fix | None = None
    severity: str | None = None  # above the rule's default severity (by name: "error")


class SpanCache:
    """Only a few documents keep their positions at once; the others parse again on demand.

    Each file is parsed once, with positions: a set of a few files never parses twice. A
    config set of 10,000 files would otherwise hold millions of positions that only the
    few findings ever need, so past ``size`` documents the least recently used let go.
    """

    def __init__(self, limits: Limits, size: int = 128) -> None:
        self.limits = limits
        self.size = size
        # weak: each document holds its cache, and a strong reference back would make a
        # cycle that keeps a whole set's data and positions alive until the garbage
        # collector finds it (and makes every collection in between walk them)
        self.held: OrderedDict[int, weakref.ref[SourceDoc]] = OrderedDict()

    def spans(self, doc: SourceDoc) -> tuple[dict[Path, Span], dict[Path, Span]]:
        if doc.spans is None:
            documents = load_text(doc.text, self.limits, json=is_json(doc.real)).documents
            found = documents[doc.index] if doc.index < len(documents) else Document(None)
            doc.spans = (found.values, found.keys)
        self.hold(doc)
        return doc.spans

    def hold(self, doc: SourceDoc) -> None:
        """Keep ``doc``'s positions (those of its first parse, or parsed again), and let go
        of the least recently used beyond ``size``."""
        self.held[id(doc)] = weakref.ref(doc)
        self.held.move_to_end(id(doc))
        while len(self.held) > self.size:
            _, ref = self.held.popitem(last=False)
            old = ref()
            if old is not None:
                old.spans = None


def span_origin(
    file: str, values: dict[Path, Span], keys: dict[Path, Span], path: Path, prefer_key: bool
) -> FilePosition:
    """Position of ``path``, or of its nearest present parent (its key, then its value)."""
    for n in range(len(path), -1, -1):
        p = path[:n]
        if prefer_key or n < len(path):
            span = keys.get(p) or values.get(p)
        else:
            span = values.get(p) or keys.get(p)
        if span:
            return FilePosition(file, *span)
    return FilePosition(file)


@dataclass(eq=False)
class SourceDoc:
    """One YAML document of one file, validated, ready to merge."""

    file: str  # as the user gave it
    real: FsPath
    index: int
    data: dict[str, Any]
    text: str
    cache: SpanCache
    environment: str | None = None
    extends: tuple[str, ...] = ()
    unknown: set[Path] = field(default_factory=set)
    invalid: set[Path] = field(default_factory=set)  # rejected values (UNKNOWN in data)
    bases: list[SourceDoc] = field(default_factory=list)
    spans: tuple[dict[Path, Span], dict[Path, Span]] | None = None
    # the typed model of ``data`` when it validated without an issue: a merge reuses its
    # sections where the effective config holds this document's own (sources/merge.py)
    model: ConfigFile | None = None

    @property
    def values(self) -> dict[Path, Span]:
        return self.cache.spans(self)[0]

    @property
    def keys(self) -> dict[Path, Span]:
        return self.cache.spans(self)[1]

    def origin(self, path: Path, prefer_key: bool = False) -> FilePosition:
        """Position of ``path`` in this document, or of its nearest present parent."""
        values, keys = self.cache.spans(self)
        return span_origin(self.file, values, keys, path, prefer_key)


@dataclass
class LoadedSet:
    config_set: ConfigSet
    docs: list[SourceDoc]
    issues: list[Issue]
    texts: dict[str, str]  # file (as shown) -> text, for suppressions and source lines
    cache: SpanCache
    # documents of files outside the set reached only through ``extends``: they count for
    # environment names, and apply only through the files that extend them
    reached: list[SourceDoc] = field(default_factory=list)
    # files of the set that are not deploylint configs (file as shown, why); not read
    skipped: dict[FsPath, tuple[str, str]] = field(default_factory=dict)


def load_set(config_set: ConfigSet, limits: Limits) -> LoadedSet:
    loaded = LoadedSet(config_set, [], [], {}, SpanCache(limits))
    for shown, real in config_set.files:
        loaded.docs.extend(_load_file(loaded, shown, real, limits, real in config_set.forced))
    return loaded


# --- what is a config ----------------------------------------------------------------------

META_KEYS = ("environment", "extends", "$schema")
# keys that, with one section, make a config even beside foreign keys (``$schema`` does not:
# many JSON files carry one, and tsconfig.json has ``extends`` but no section)
_SCOPE_KEYS = ("environment", "extends")


def near_section(key: str) -> bool:
    """A key within two edits of a section name: a misspelt section (``infrastucture``)."""
    return key not in SECTIONS and any(within_two_edits(key, s) for s in SECTIONS)


def config_shape(data: Any) -> str | None:
    """Why one document is not a deploylint config, or None when it is one.

    Keys are sections, meta keys (``extends``, ``environment``, ``$schema``), near-misses
    (within two edits of a section name: read, and DL004), ``x-`` keys (YAML anchors'
    conventional home: neutral) or foreign. A mapping is a config when no key is foreign,
    or it has two sections, or one section with ``environment``/``extends`` or beside at
    most one foreign key (the foreign keys are DL004). A near-miss never counts beside
    foreign keys: a docker-compose file (``services``, ``configs``, ``volumes``) is not a
    config, nor is a package.json (``name``, ``version``, ``config``, ``scripts``).
    docs/config-sets.md, "What is a config", is the contract.
    """
    if not isinstance(data, dict):
        if data is None:
            return f"{NOT_CONFIG}: empty"
        kind = "a list" if isinstance(data, list) else "a scalar"
        return f"{NOT_CONFIG}: {kind}, not a mapping of sections"
    keys = [str(k) for k in data]
    sections = [k for k in keys if k in SECTIONS]
    foreign = [
        k
        for k in keys
        if k not in SECTIONS
        and k not in META_KEYS
        and not k.startswith("x-")
        and not near_section(k)
    ]
    scoped = any(k in _SCOPE_KEYS for k in keys)
    if not foreign or len(sections) >= 2 or (sections and (scoped or len(foreign) <= 1)):
        return None
    names = ", ".join(k if len(k) <= 30 else k[:27] + "..." for k in foreign[:4])
    more = f" and {len(foreign) - 4} more" if len(foreign) > 4 else ""
    pack = "name" in keys and ("rules" in keys or "prefix" in keys)
    why = "a policy pack" if pack else f"top-level keys {names}{more} are not sections"
    return f"{NOT_CONFIG}: {why}"


def _not_config(documents: list[Document], problems: list[Problem]) -> str | None:
    """Why a file is not a config (None: it is one, or it cannot be told: it is read).

    A file that did not parse whole (a syntax error, a resource limit) is read: what it
    holds cannot be told, and its problem is reported, never skipped."""
    if any(p.kind in (Kind.SYNTAX, Kind.RESOURCE_LIMIT) for p in problems):
        return None
    reasons = [config_shape(d.data) for d in documents]
    if any(r is None for r in reasons):
        return None
    return next((r for r in reasons if r is not None), f"{NOT_CONFIG}: empty")


def _load_file(
    loaded: LoadedSet, shown: str, real: FsPath, limits: Limits, forced: bool = True
) -> list[SourceDoc]:
    raw: bytes | tuple[Kind, str] | None = loaded.config_set.overrides.get(real)
    if raw is None:
        raw = read_regular(real, limits.max_bytes)
    elif len(raw) > limits.max_bytes:
        raw = (
            Kind.RESOURCE_LIMIT,
            msg(
                "file is {size:,} bytes, over the {limit:,}-byte limit; not parsed",
                size=len(raw),
                limit=limits.max_bytes,
            ),
        )
    if isinstance(raw, tuple):
        kind, why = raw
        loaded.issues.append(Issue(kind, why, FilePosition(shown)))
        return []
    result = load_bytes(raw, limits, positions=True, json=is_json(real))  # one parse
    if not forced:
        not_config = _not_config(result.documents, result.problems)
        if not_config is not None:
            loaded.skipped[real] = (shown, not_config)
            return []
    loaded.texts[shown] = result.text
    for problem in result.problems:
        loaded.issues.append(_problem_issue(shown, problem))
    checked = [validate(document.data) for document in result.documents]
    docs = [
        _source_doc(loaded, shown, real, document, valid, result.text)
        for document, valid in zip(result.documents, checked, strict=True)
    ]
    for doc, document in zip(docs, result.documents, strict=True):
        doc.spans = (document.values, document.keys)  # the first parse's, not a second one
        loaded.cache.hold(doc)
    return docs


def _problem_issue(shown: str, problem: Problem) -> Issue:
    return Issue(problem.kind, problem.message, FilePosition(shown, *problem.span))


def _source_doc(
    loaded: LoadedSet,
    shown: str,
    real: FsPath,
    document: Document,
    checked: Validated,
    text: str,
) -> SourceDoc:
    doc = SourceDoc(shown, real, document.index, checked.data, text, loaded.cache)
    for issue in checked.issues:
        where = span_origin(shown, document.values, document.keys, issue.path, issue.on_key)
        fix = _quote_version(shown, text, document, issue.kind, issue.path, is_json(real))
        loaded.issues.append(
            Issue(issue.kind, issue.message, where, issue.path, severity=issue.severity, fix=fix)
        )
    doc.unknown = checked.unknown
    doc.model = checked.model
    doc.invalid = checked.invalid
    env = checked.data.get("environment")
    doc.environment = env if isinstance(env, str) else None
    ext = checked.data.get("extends")
    doc.extends = (ext,) if isinstance(ext, str) else tuple(ext or ())
    return doc


def _quote_version(
    shown: str, text: str, document: Document, kind: Kind, path: Path, json: bool
) -> Fix | None:
    """A rejected unquoted version (``7.10``, read as the number 7.1): quote it as written."""
    if kind is not Kind.TYPE or not path or path[-1] != "version":
        return None
    value = lookup(document.data, path)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    from deploylint.sources.edits import DocText, edits_for  # a rejected version: rare

    try:
        edits = edits_for(QuoteValue(path), DocText(shown, text, document.values, json))
    except Exception:  # pragma: no cover - defensive: the finding stays, without a fix
        return None
    if not edits:
        return None
    return Fix(
        _("quote the version as written: {version}").format(
            version=repr(text[edits[0].start : edits[0].end])
        ),
        Safety.SAFE,
        edits,
    )


# --- extends ---------------------------------------------------------------------------


def resolve_extends(loaded: LoadedSet, limits: Limits) -> None:
    """Link each document to the documents it extends (inside the config root only)."""
    # every file of the set, also those that did not parse: they are not read a second time
    by_real: dict[FsPath, list[SourceDoc]] = {real: [] for _path, real in loaded.config_set.files}
    for doc in loaded.docs:
        by_real.setdefault(doc.real, []).append(doc)
    root = loaded.config_set.root
    todo = deque(loaded.docs)
    while todo:
        doc = todo.popleft()
        found: dict[str, FsPath] = {}  # each target resolved once
        for target in doc.extends:  # a file that extends names is read, whatever its keys
            if os.path.isabs(target) or target.startswith("~"):
                continue
            named = FsPath(os.path.normpath(doc.real.parent / target))
            named = found[target] = named.resolve() if named.exists() else named
            if named in loaded.skipped:
                shown, _ = loaded.skipped.pop(named)
                by_real[named] = _load_file(loaded, shown, named, limits)
                loaded.docs.extend(by_real[named])
                todo.extend(by_real[named])
        for i, target in enumerate(doc.extends):
            path: Path = ("extends",) if len(doc.extends) == 1 else ("extends", i)
            shown_target = target if len(target) <= 80 else target[:77] + "..."
            if os.path.isabs(target) or target.startswith("~"):
                loaded.issues.append(
                    Issue(
                        Kind.EXTENDS,
                        msg(
                            "extends {shown_target} is an absolute path; extends takes a path relative to this file, inside the config root",
                            shown_target=repr(shown_target),
                        ),
                        doc.origin(path),
                        path,
                    )
                )
                continue
            resolved = found[target]
            if not resolved.is_relative_to(root):
                loaded.issues.append(
                    Issue(
                        Kind.EXTENDS,
                        msg(
                            "extends {shown_target} points outside the config root {display_root}; it was not read",
                            shown_target=repr(shown_target),
                            display_root=loaded.config_set.display_config_root,
                        ),
                        doc.origin(path),
                        path,
                    )
                )
                continue
            if resolved not in by_real:
                shown = os.path.join(os.path.dirname(doc.file), target)
                if not resolved.exists():
                    loaded.issues.append(
                        Issue(
                            Kind.EXTENDS,
                            msg(
                                "extends {shown_target}: no such file",
                                shown_target=repr(shown_target),
                            ),
                            doc.origin(path),
                            path,
                        )
                    )
                    continue
                by_real[resolved] = _load_file(loaded, os.path.normpath(shown), resolved, limits)
                loaded.reached.extend(by_real[resolved])
                todo.extend(by_real[resolved])  # a base's own extends
            doc.bases.extend(by_real[resolved])
    every = [*loaded.docs, *loaded.reached]
    on_cycle = _on_cycles(every)
    for doc in every:
        if id(doc) not in on_cycle:
            continue  # cutting another document's bases never puts this one on a cycle
        cycle = _find_cycle(doc, [])
        if cycle:
            names = " -> ".join(d.file for d in cycle)
            loaded.issues.append(
                Issue(
                    Kind.EXTENDS,
                    msg("extends forms a cycle: {names}", names=names),
                    doc.origin(("extends",)),
                    ("extends",),
                )
            )
            doc.bases = []


def _find_cycle(doc: SourceDoc, stack: list[SourceDoc]) -> list[SourceDoc] | None:
    """The chain of documents by which ``doc`` extends itself, if it does."""
    todo: list[tuple[SourceDoc, list[SourceDoc]]] = [(doc, [doc])]
    seen: set[int] = set()
    while todo:
        node, trail = todo.pop()
        for base in node.bases:
            if base is doc:
                return [*trail, doc]
            if id(base) not in seen:
                seen.add(id(base))
                todo.append((base, [*trail, base]))
    return None


def ancestors(doc: SourceDoc, seen: set[int] | None = None) -> set[int]:
    """ids of every document ``doc`` extends, transitively (iterative: a long chain never
    reaches Python's recursion limit)."""
    seen = set() if seen is None else seen
    todo = list(doc.bases)
    while todo:
        base = todo.pop()
        if id(base) not in seen:
            seen.add(id(base))
            todo.extend(base.bases)
    return seen


def _on_cycles(docs: list[SourceDoc]) -> set[int]:
    """ids of the documents that lie on an ``extends`` cycle: in a strongly connected
    component of two or more, or extending themselves (Tarjan's algorithm, iterative: a
    chain of thousands of files is linear and never deep in Python's stack)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[SourceDoc] = []
    on_stack: set[int] = set()
    found: set[int] = set()
    counter = 0
    for start in docs:
        if id(start) in index:
            continue
        work: list[tuple[SourceDoc, int]] = [(start, 0)]
        index[id(start)] = low[id(start)] = counter
        counter += 1
        stack.append(start)
        on_stack.add(id(start))
        while work:
            node, i = work[-1]
            if i < len(node.bases):
                work[-1] = (node, i + 1)
                base = node.bases[i]
                if base is node:
                    found.add(id(node))
                elif id(base) not in index:
                    index[id(base)] = low[id(base)] = counter
                    counter += 1
                    stack.append(base)
                    on_stack.add(id(base))
                    work.append((base, 0))
                elif id(base) in on_stack:
                    low[id(node)] = min(low[id(node)], index[id(base)])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[id(parent)] = min(low[id(parent)], low[id(node)])
            if low[id(node)] == index[id(node)]:
                component: list[SourceDoc] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(id(member))
                    component.append(member)
                    if member is node:
                        break
                if len(component) > 1:
                    found.update(id(m) for m in component)
    return found


# --- environments and merge --------------------------------------------------------------


def environment_names(docs: list[SourceDoc]) -> tuple[list[str], set[str]]:
    """(names in architecture.environments, in order; every name used anywhere)."""
    defined: list[str] = []
    for doc in docs:
        envs = (doc.data.get("architecture") or {}).get("environments") or {}  # null: none
        for name, value in envs.items():
            if value is not None and name not in defined:  # null: removed
                defined.append(name)
    used = set(defined) | {d.environment for d in docs if d.environment}
    return defined, used


def check_environment_names(loaded: LoadedSet) -> None:
    """DL008: undefined environments, and files named after another environment."""
    defined, used = environment_names([*loaded.docs, *loaded.reached])
    root = loaded.config_set.root
    for doc in loaded.docs:
        env = doc.environment
        if env is None:
            continue
        if env not in defined:
            known = ", ".join(defined) if defined else "none"
            loaded.issues.append(
                Issue(
                    Kind.ENVIRONMENT,
                    msg(
                        "environment {env} is not defined in architecture.environments (defined: {known})",
                        env=repr(env),
                        known=known,
                    ),
                    doc.origin(("environment",)),
                    ("environment",),
                )
            )
        try:
            parts = doc.real.relative_to(root).with_suffix("").parts
        except ValueError:
            parts = ()
        for part in parts:
            if part in used and part != env:
                loaded.issues.append(
                    Issue(
                        Kind.ENVIRONMENT,
                        msg(
                            "{file} is named after environment {part} but scopes itself to {env}",
                            file=doc.file,
                            part=repr(part),
                            env=repr(env),
                        ),
                        doc.origin(("environment",)),
                        ("environment",),
                    )
                )
                break
