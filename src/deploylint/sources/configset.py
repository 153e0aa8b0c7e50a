"""Config sets: discovery, loading, ``extends``, environment scoping, merge with provenance.

A config set is the topmost folder under a PATH argument that holds config files directly,
with everything below it (``base.yaml``, ``production/app.yaml``); files named on the
command line form one set with their common folder as root. For each environment the set
yields one :class:`Effective` config: the merged data, the typed model, and where every
value came from (file:line:column, or a live resource for snapshots).
"""

from __future__ import annotations

import os
import stat
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from deploylint.findings.finding import Path, format_path
from deploylint.model.sections import ConfigFile
from deploylint.model.validate import Validated, validate
from deploylint.rules.input import LOADER_RULES
from deploylint.sources.loader import (
    Document,
    Limits,
    Problem,
    Span,
    is_json,
    load_bytes,
    load_text,
)

EXTENSIONS = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value was declared: a file position, or a live resource (ARN + attribute)."""

    file: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    resource: str | None = None

    def short(self) -> str:
        return f"{self.resource}" if self.resource else f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding before severities and settings: rule, message and origin."""

    rule: str
    message: str
    origin: Origin
    path: Path = ()
    environment: str | None = None


_MISSING = object()


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part, _MISSING)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


class SpanCache:
    """Positions are parsed again on demand and only a few documents keep them at once.

    A config set of 10,000 files would otherwise hold millions of positions that only the
    few findings ever need.
    """

    def __init__(self, limits: Limits, size: int = 128) -> None:
        self.limits = limits
        self.size = size
        self.held: OrderedDict[int, SourceDoc] = OrderedDict()

    def spans(self, doc: SourceDoc) -> tuple[dict[Path, Span], dict[Path, Span]]:
        if doc.spans is None:
            documents = load_text(doc.text, self.limits, json=is_json(doc.real)).documents
            found = documents[doc.index] if doc.index < len(documents) else Document(None)
            values, keys = found.values, found.keys
            for dropped in doc.dropped:
                values, keys = _shift(values, dropped), _shift(keys, dropped)
            doc.spans = (values, keys)
        self.held[id(doc)] = doc
        self.held.move_to_end(id(doc))
        while len(self.held) > self.size:
            _, old = self.held.popitem(last=False)
            old.spans = None
        return doc.spans


def span_origin(
    file: str, values: dict[Path, Span], keys: dict[Path, Span], path: Path, prefer_key: bool
) -> Origin:
    """Position of ``path``, or of its nearest present parent (its key, then its value)."""
    for n in range(len(path), -1, -1):
        p = path[:n]
        if prefer_key or n < len(path):
            span = keys.get(p) or values.get(p)
        else:
            span = values.get(p) or keys.get(p)
        if span:
            return Origin(file, *span)
    return Origin(file)


@dataclass(eq=False)
class SourceDoc:
    """One YAML document of one file, validated, ready to merge."""

    file: str  # as the user gave it
    real: FsPath
    index: int
    data: dict[str, Any]
    text: str
    cache: SpanCache
    dropped: list[Path] = field(default_factory=list)
    environment: str | None = None
    extends: tuple[str, ...] = ()
    unknown: set[Path] = field(default_factory=set)
    bases: list[SourceDoc] = field(default_factory=list)
    spans: tuple[dict[Path, Span], dict[Path, Span]] | None = None

    @property
    def values(self) -> dict[Path, Span]:
        return self.cache.spans(self)[0]

    @property
    def keys(self) -> dict[Path, Span]:
        return self.cache.spans(self)[1]

    def origin(self, path: Path, prefer_key: bool = False) -> Origin:
        """Position of ``path`` in this document, or of its nearest present parent."""
        values, keys = self.cache.spans(self)
        return span_origin(self.file, values, keys, path, prefer_key)


@dataclass
class Effective:
    """One environment's effective config, and the provenance of each of its values."""

    env: str | None
    data: dict[str, Any]
    model: ConfigFile
    origins: dict[Path, SourceDoc]
    docs: list[SourceDoc]
    live: dict[Path, Origin] = field(default_factory=dict)  # values located by ARN

    def has(self, path: Path) -> bool:
        node: Any = self.data
        for part in path:
            node = _child(node, part)
            if node is _MISSING:
                return False
        return True

    def locate(self, path: Path) -> Origin:
        """The origin of ``path``; for a missing value, that of its nearest present key."""
        n = len(path)
        while n > 0 and not self.has(path[:n]):
            n -= 1
        present = path[:n]
        for m in range(n, -1, -1):
            if present[:m] in self.live:
                return self.live[present[:m]]
            doc = self.origins.get(present[:m])
            if doc is not None:
                return doc.origin(present, prefer_key=n < len(path))
        return Origin(self.docs[0].file if self.docs else "<config>")

    def where(self, path: Path) -> str:
        return self.locate(path).short()

    def source(self, path: Path) -> SourceDoc | None:
        for m in range(len(path), -1, -1):
            doc = self.origins.get(path[:m])
            if doc is not None:
                return doc
        return None

    def scoped(self, path: Path) -> bool:
        """Whether the value at ``path`` comes from an environment-scoped file."""
        doc = self.source(path)
        return doc is not None and doc.environment is not None


@dataclass
class ConfigSet:
    root: FsPath  # the config root: nothing outside it is read
    display_root: str
    files: list[tuple[str, FsPath]]  # (as shown, real path)


@dataclass
class LoadedSet:
    config_set: ConfigSet
    docs: list[SourceDoc]
    issues: list[Issue]
    texts: dict[str, str]  # file (as shown) -> text, for suppressions and source lines
    cache: SpanCache


class UsageError(Exception):
    """A command-line problem (a PATH that does not exist): exit code 2."""


# --- discovery ------------------------------------------------------------------------


def discover(paths: list[str]) -> list[ConfigSet]:
    """Group the PATH arguments into config sets. Symlinked folders are not followed."""
    sets: list[ConfigSet] = []
    loose: list[tuple[str, FsPath]] = []
    for arg in paths:
        try:
            st = os.stat(arg)
        except OSError:
            raise UsageError(f"path does not exist: {arg}") from None
        if stat.S_ISDIR(st.st_mode):
            root = FsPath(arg).resolve()
            sets.extend(_sets_under(arg, root))
        elif stat.S_ISREG(st.st_mode):
            loose.append((arg, FsPath(arg).resolve()))
        else:
            raise UsageError(f"not a file or folder: {arg}")
    if loose:
        root = FsPath(os.path.commonpath([str(p.parent) for _, p in loose]))
        sets.append(ConfigSet(root, str(root), loose))
    return sets


def _walk(shown: str, real: FsPath, root: FsPath) -> Iterator[tuple[str, FsPath, bool]]:
    """(shown path, real path, is_dir) of the entries of a folder, sorted; nothing hidden."""
    try:
        entries = sorted(os.scandir(real), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        entry_shown = os.path.join(shown, entry.name)
        try:
            if entry.is_symlink():
                target = FsPath(entry.path).resolve()
                if not target.is_relative_to(root) or not target.is_file():
                    continue  # links out of the root, and links to folders, are not followed
                yield entry_shown, target, False
            elif entry.is_dir(follow_symlinks=False):
                yield entry_shown, FsPath(entry.path), True
            elif entry.is_file(follow_symlinks=False):
                yield entry_shown, FsPath(entry.path), False
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            continue


def _sets_under(shown: str, root: FsPath) -> list[ConfigSet]:
    files, dirs = [], []
    for entry_shown, real, is_dir in _walk(shown, root, root):
        if is_dir:
            dirs.append((entry_shown, real))
        elif real.suffix.lower() in EXTENSIONS:
            files.append((entry_shown, real))
    if files:  # this folder is a config set: everything below it belongs to it
        for sub_shown, sub in dirs:
            files.extend(_files_below(sub_shown, sub, root))
        return [ConfigSet(root, shown, files)]
    sets: list[ConfigSet] = []
    for sub_shown, sub in dirs:
        sets.extend(_sets_under(sub_shown, sub))
    return sets


def _files_below(shown: str, folder: FsPath, root: FsPath) -> list[tuple[str, FsPath]]:
    found: list[tuple[str, FsPath]] = []
    for entry_shown, real, is_dir in _walk(shown, folder, root):
        if is_dir:
            found.extend(_files_below(entry_shown, real, root))
        elif real.suffix.lower() in EXTENSIONS:
            found.append((entry_shown, real))
    return found


# --- loading ---------------------------------------------------------------------------


def read_regular(path: FsPath, limit: int) -> bytes | str:
    """The bytes of a regular file, or a reason it was not read (FIFOs are never opened)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return "not a regular file; not read"
        if st.st_size > limit:
            return f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit; not parsed"
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"


def load_set(config_set: ConfigSet, limits: Limits) -> LoadedSet:
    loaded = LoadedSet(config_set, [], [], {}, SpanCache(limits))
    for shown, real in config_set.files:
        loaded.docs.extend(_load_file(loaded, shown, real, limits))
    return loaded


def _load_file(loaded: LoadedSet, shown: str, real: FsPath, limits: Limits) -> list[SourceDoc]:
    raw = read_regular(real, limits.max_bytes)
    if isinstance(raw, str):
        rule = "DL006" if "limit" in raw else "DL001"
        loaded.issues.append(Issue(rule, raw, Origin(shown)))
        return []
    result = load_bytes(raw, limits, positions=False, json=is_json(real))
    loaded.texts[shown] = result.text
    for problem in result.problems:
        loaded.issues.append(_problem_issue(shown, problem))
    checked = [validate(document.data) for document in result.documents]
    positioned = result.documents
    if any(c.issues for c in checked):  # schema findings need positions: parse again
        positioned = load_text(result.text, limits, json=is_json(real)).documents
    return [
        _source_doc(loaded, shown, real, document, valid, result.text)
        for document, valid in zip(positioned, checked, strict=True)
    ]


def _problem_issue(shown: str, problem: Problem) -> Issue:
    return Issue(LOADER_RULES[problem.kind], problem.message, Origin(shown, *problem.span))


def _source_doc(
    loaded: LoadedSet,
    shown: str,
    real: FsPath,
    document: Document,
    checked: Validated,
    text: str,
) -> SourceDoc:
    doc = SourceDoc(shown, real, document.index, checked.data, text, loaded.cache)
    doc.dropped = checked.dropped
    for issue in checked.issues:
        where = span_origin(shown, document.values, document.keys, issue.path, issue.on_key)
        loaded.issues.append(Issue(issue.rule, issue.message, where, issue.path))
    doc.unknown = checked.unknown
    env = checked.data.get("environment")
    doc.environment = env if isinstance(env, str) else None
    ext = checked.data.get("extends")
    doc.extends = (ext,) if isinstance(ext, str) else tuple(ext or ())
    return doc


def _shift(spans: dict[Path, Span], dropped: Path) -> dict[Path, Span]:
    """Positions after list item ``dropped`` was removed: later items move down by one."""
    parent, index = dropped[:-1], dropped[-1]
    assert isinstance(index, int)
    n = len(parent)
    out: dict[Path, Span] = {}
    for path, span in spans.items():
        if len(path) > n and path[:n] == parent and isinstance(path[n], int):
            item = path[n]
            assert isinstance(item, int)
            if item == index:
                continue
            if item > index:
                path = (*parent, item - 1, *path[n + 1 :])
        out[path] = span
    return out


# --- extends ---------------------------------------------------------------------------


def resolve_extends(loaded: LoadedSet, limits: Limits) -> None:
    """Link each document to the documents it extends (inside the config root only)."""
    # every file of the set, also those that did not parse: they are not read a second time
    by_real: dict[FsPath, list[SourceDoc]] = {real: [] for _, real in loaded.config_set.files}
    for doc in loaded.docs:
        by_real.setdefault(doc.real, []).append(doc)
    root = loaded.config_set.root
    for doc in list(loaded.docs):
        for i, target in enumerate(doc.extends):
            path: Path = ("extends",) if len(doc.extends) == 1 else ("extends", i)
            shown_target = target if len(target) <= 80 else target[:77] + "..."
            if os.path.isabs(target) or target.startswith("~"):
                loaded.issues.append(
                    Issue(
                        "DL010",
                        f"extends {shown_target!r} is an absolute path; extends "
                        "takes a path relative to this file, inside the config root",
                        doc.origin(path),
                        path,
                    )
                )
                continue
            real = FsPath(os.path.normpath(doc.real.parent / target))
            resolved = real.resolve() if real.exists() else real
            if not resolved.is_relative_to(root):
                loaded.issues.append(
                    Issue(
                        "DL010",
                        f"extends {shown_target!r} points outside the config root "
                        f"{loaded.config_set.display_root}; it was not read",
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
                            "DL010",
                            f"extends {shown_target!r}: no such file",
                            doc.origin(path),
                            path,
                        )
                    )
                    continue
                by_real[resolved] = _load_file(loaded, shown, resolved, limits)
            doc.bases.extend(by_real[resolved])
    for doc in loaded.docs:
        cycle = _find_cycle(doc, [])
        if cycle:
            names = " -> ".join(d.file for d in cycle)
            loaded.issues.append(
                Issue(
                    "DL010",
                    f"extends forms a cycle: {names}",
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
    """ids of every document ``doc`` extends, transitively."""
    seen = set() if seen is None else seen
    for base in doc.bases:
        if id(base) not in seen:
            seen.add(id(base))
            ancestors(base, seen)
    return seen


# --- environments and merge --------------------------------------------------------------

META_KEYS = ("environment", "extends")


def environment_names(docs: list[SourceDoc]) -> tuple[list[str], set[str]]:
    """(names in architecture.environments, in order; every name used anywhere)."""
    defined: list[str] = []
    for doc in docs:
        envs = (doc.data.get("architecture") or {}).get("environments") or {}  # null: none
        for name in envs:
            if name not in defined:
                defined.append(name)
    used = set(defined) | {d.environment for d in docs if d.environment}
    return defined, used


def check_environment_names(loaded: LoadedSet) -> None:
    """DL008: undefined environments, and files named after another environment."""
    defined, used = environment_names(loaded.docs)
    root = loaded.config_set.root
    for doc in loaded.docs:
        env = doc.environment
        if env is None:
            continue
        if env not in defined:
            known = ", ".join(defined) if defined else "none"
            loaded.issues.append(
                Issue(
                    "DL008",
                    f"environment {env!r} is not defined in "
                    f"architecture.environments (defined: {known})",
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
                        "DL008",
                        f"{doc.file} is named after environment {part!r} but "
                        f"scopes itself to {env!r}",
                        doc.origin(("environment",)),
                        ("environment",),
                    )
                )
                break


def _resolved(
    doc: SourceDoc, cache: dict[int, tuple[dict[str, Any], dict[Path, SourceDoc]]]
) -> tuple[dict[str, Any], dict[Path, SourceDoc]]:
    """A document merged over everything it extends: (data, origin of each set path)."""
    if id(doc) in cache:
        return cache[id(doc)]
    cache[id(doc)] = ({}, {})  # cycle guard (cycles were already reported and cut)
    data: dict[str, Any] = {}
    origins: dict[Path, SourceDoc] = {}
    for base in doc.bases:
        base_data, base_origins = _resolved(base, cache)
        _overlay(data, origins, base_data, base_origins)
    own = {k: v for k, v in doc.data.items() if k not in META_KEYS}
    _overlay(data, origins, own, {(): doc})
    cache[id(doc)] = (data, origins)
    return data, origins


def _overlay(
    target: dict[str, Any],
    origins: dict[Path, SourceDoc],
    source: dict[str, Any],
    source_origins: dict[Path, SourceDoc],
    path: Path = (),
    owner: SourceDoc | None = None,
) -> None:
    """Deep merge ``source`` into ``target``: mappings merge, everything else replaces.

    A null value removes the key (so a child can drop an inherited setting).
    """
    owner = source_origins.get(path, owner)
    for key, value in source.items():
        p = (*path, key)
        value_owner = source_origins.get(p, owner)
        if value is None:
            target.pop(key, None)
            continue
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            target[key] = dict(target[key])
            _overlay(target[key], origins, value, source_origins, p, value_owner)
        else:
            target[key] = value
            if value_owner is not None:
                origins[p] = value_owner
            _copy_origins(origins, source_origins, p)


def _copy_origins(
    origins: dict[Path, SourceDoc], source_origins: dict[Path, SourceDoc], path: Path
) -> None:
    if len(source_origins) <= 1:
        return
    n = len(path)
    for p, doc in source_origins.items():
        if len(p) > n and p[:n] == path:
            origins[p] = doc


class Environments(Mapping[str | None, Effective]):
    """Every environment's effective config, built on demand and only a few kept at once.

    Rules run environment by environment; a cross-environment rule (DL109) looks another
    one up here. Holding 10,000 typed configs at once would cost gigabytes.
    """

    def __init__(self, loaded: LoadedSet, keep: int = 4) -> None:
        self.loaded = loaded
        defined, used = environment_names(loaded.docs)
        self.names: list[str | None] = [*defined, *sorted(used - set(defined))] or [None]
        self.shared = [d for d in loaded.docs if d.environment is None]
        self.scoped: dict[str, list[SourceDoc]] = {}
        for doc in loaded.docs:
            if doc.environment is not None:
                self.scoped.setdefault(doc.environment, []).append(doc)
        self.resolved: dict[int, tuple[dict[str, Any], dict[Path, SourceDoc]]] = {}
        self.kept: OrderedDict[str | None, Effective] = OrderedDict()
        self.keep = keep

    def __iter__(self) -> Iterator[str | None]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, env: str | None) -> Effective:
        if env not in self.names:
            raise KeyError(env)
        if env not in self.kept:
            self.kept[env] = self._build(env)
            while len(self.kept) > self.keep:
                self.kept.popitem(last=False)
        self.kept.move_to_end(env)
        return self.kept[env]

    def _build(self, env: str | None) -> Effective:
        applicable = self.shared + (self.scoped.get(env, []) if env is not None else [])
        # a document that another applicable one extends is already inside it
        inside: set[int] = set()
        for doc in applicable:
            inside |= ancestors(doc)
        tops = [d for d in applicable if id(d) not in inside]
        tops.sort(key=lambda d: d.environment is not None)  # shared files first
        data: dict[str, Any] = {}
        origins: dict[Path, SourceDoc] = {}
        for doc in tops:
            doc_data, doc_origins = _resolved(doc, self.resolved)
            _combine(self.loaded, env, data, origins, doc_data, doc_origins, doc)
        model = _model(data, {p for d in applicable for p in d.unknown})
        return Effective(env, data, model, origins, applicable)


def _combine(
    loaded: LoadedSet,
    env: str | None,
    target: dict[str, Any],
    origins: dict[Path, SourceDoc],
    source: dict[str, Any],
    source_origins: dict[Path, SourceDoc],
    doc: SourceDoc,
    path: Path = (),
) -> None:
    """Merge an independent document in; a differing value is a conflict (DL007)."""
    for key, value in source.items():
        p = (*path, key)
        if key not in target:
            target[key] = value
            origins[p] = _owner(source_origins, p, doc)
            _copy_origins(origins, source_origins, p)
            continue
        current = target[key]
        if isinstance(value, dict) and isinstance(current, dict):
            target[key] = dict(current)
            _combine(loaded, env, target[key], origins, value, source_origins, doc, p)
        elif value != current:
            _conflict(loaded, env, p, origins, source_origins, doc, value, current)


def _owner(source_origins: dict[Path, SourceDoc], path: Path, default: SourceDoc) -> SourceDoc:
    for n in range(len(path), -1, -1):
        if path[:n] in source_origins:
            return source_origins[path[:n]]
    return default


def _conflict(
    loaded: LoadedSet,
    env: str | None,
    path: Path,
    origins: dict[Path, SourceDoc],
    source_origins: dict[Path, SourceDoc],
    doc: SourceDoc,
    value: Any,
    current: Any,
) -> None:
    first = _owner(origins, path, doc)
    second = _owner(source_origins, path, doc)
    here, there = second.origin(path), first.origin(path)
    hint = ""
    if second.environment and not first.environment:
        rel = os.path.relpath(first.real, second.real.parent)
        hint = f"; to override it for {second.environment}, add `extends: {rel}` to {second.file}"
    loaded.issues.append(
        Issue(
            "DL007",
            f"{format_path(path)} is {_show(value)} here but {_show(current)} in "
            f"{there.file}:{there.line}, and neither file extends the other{hint}",
            here,
            path,
            env,
        )
    )


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _model(data: dict[str, Any], unknown: set[Path]) -> ConfigFile:
    """The typed model of merged data; unknown keys (already reported) are left out."""
    clean = _drop_paths(data, unknown) if unknown else data
    clean = {k: v for k, v in clean.items() if k not in META_KEYS}
    try:
        return ConfigFile.model_validate(clean)
    except Exception:  # pragma: no cover - per-file validation removed invalid values
        return ConfigFile()


def _drop_paths(data: dict[str, Any], paths: set[Path]) -> dict[str, Any]:
    """A copy of ``data`` without the keys at ``paths`` (copying only what changes)."""
    out = dict(data)
    for path in paths:
        node: Any = out
        for part in path[:-1]:
            if isinstance(node, dict):
                child = node.get(part)
            elif isinstance(part, int) and 0 <= part < len(node):
                child = node[part]
            else:
                break
            if not isinstance(child, (dict, list)):
                break
            node[part] = copy = type(child)(child)
            node = copy
        else:
            if isinstance(node, dict):
                node.pop(path[-1], None)
    return out


def effective_from_live(
    env: str | None, data: dict[str, Any], resources: dict[Path, str]
) -> Effective:
    """An effective config read from live AWS state rather than files.

    ``data`` has the same shape as a config; ``resources`` maps document paths to the ARN
    of the resource each value was read from. Findings on such a config point at the ARN
    (the finding's file) instead of a file line, so the same rules run on both sides.
    """
    checked = validate(data)
    live = {path: Origin(arn, resource=arn) for path, arn in resources.items()}
    return Effective(env, checked.data, _model(checked.data, checked.unknown), {}, [], live)
