"""Schema validation of one document: DL002 (schema) and DL004 (unknown key) issues.

Validation runs the pydantic models the JSON Schemas are generated from. Each error is
mapped back to a document path (pydantic's union-member labels are dropped), grouped per
path, and phrased as "expected X, found Y". A rejected value never disappears: inside a
list item or a mapping entry (``groups.rds``, ``alarms.high_cpu``) the item keeps its
place and a rejected field of it (or the whole item) becomes ``values.UNKNOWN`` where the
type allows one, which rules read at its worst; elsewhere the data holds ``UNKNOWN`` at
the path (so it still replaces what the file inherits there) and the path is *invalid*:
the typed model leaves it unset, and a rule that reads it says "not checked" (the engine
observes the reads). So a rejected value never makes another rule's finding weaker, and
positions stay where the file has them.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from deploylint.i18n import N_, _, join, msg
from deploylint.model.location import Path, format_path
from deploylint.model.problems import Kind
from deploylint.model.sections import ConfigFile
from deploylint.model.values import REFUSED, UNKNOWN

_EXPECTED = {
    "int_type": N_("an integer"),
    "int_parsing": N_("an integer"),
    "int_from_float": N_("an integer"),
    "float_type": N_("a number"),
    "float_parsing": N_("a number"),
    "string_type": N_("a string"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "dict_type": N_("a mapping"),
    "model_type": N_("a mapping"),
    "model_attributes_type": N_("a mapping"),
    "list_type": N_("a list"),
}


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    kind: Kind  # TYPE or UNKNOWN_KEY
    path: Path
    message: str
    on_key: bool = False  # locate at the key rather than the value
    severity: str | None = None  # "error": above the rule's default (a misspelt section)


@dataclass(slots=True)
class Validated:
    issues: list[SchemaIssue]
    data: Any  # invalid values replaced (see the module's docstring)
    unknown: set[Path]  # paths of unknown keys (kept in data)
    invalid: set[Path] = field(default_factory=set)  # UNKNOWN in data, unset in the model
    model: ConfigFile | None = None  # the typed model of ``data``, when it has no issue


def validate(data: Any) -> Validated:
    """Validate one document against the config-file model."""
    if data is None:
        return Validated([], {}, set())  # an empty or comment-only document
    if not isinstance(data, dict):
        issue = SchemaIssue(
            Kind.TYPE,
            (),
            msg(
                "expected a mapping of sections (architecture, infrastructure, deployment, config, monitoring), found {kind}",
                kind=_kind(data),
            ),
        )
        return Validated([issue], {}, set())
    try:
        return Validated([], data, set(), model=ConfigFile.model_validate(data))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    issues: list[SchemaIssue] = []
    grouped: dict[Path, list[dict[str, Any]]] = {}
    for err in errors:
        path = _real_path(data, err["loc"], err["type"] == "missing")
        if _removal(data, path, err):
            continue  # `key: null` removes an inherited entry: valid in any mapping
        grouped.setdefault(path, []).append(dict(err))
    unknown: set[Path] = set()
    invalid: list[Path] = []
    for path, errs in grouped.items():
        kinds = {e["type"] for e in errs}
        if kinds == {"extra_forbidden"}:
            unknown.add(path)
            message, misspelt = _unknown(path)
            # a top-level key that is not a section, or a misspelling of a key the schema
            # knows at its place, switches off every check of what it holds
            severity = "error" if len(path) == 1 or misspelt else None
            issues.append(
                SchemaIssue(Kind.UNKNOWN_KEY, path, message, on_key=True, severity=severity)
            )
        elif "missing" in kinds:
            issues.append(
                SchemaIssue(
                    Kind.TYPE,
                    path,
                    msg(
                        "required key {path} is missing from {format_path}",
                        path=repr(path[-1]),
                        format_path=format_path(path[:-1]),
                    ),
                    on_key=True,
                )
            )
            invalid.append(path)
        else:
            issues.append(SchemaIssue(Kind.TYPE, path, _type_message(path, errs, data)))
            invalid.append(path)
    kept, rejected = _without(data, invalid)
    return Validated(issues, kept, unknown, rejected)


def _removal(data: Any, path: Path, err: Any) -> bool:
    """A ``null`` written for a known key of a mapping outside any list: it removes what the
    file inherits there (list items are written whole, so their fields are not merged)."""
    if err["type"] in ("extra_forbidden", "missing") or err.get("input", 0) is not None:
        return False
    if not path or any(isinstance(part, int) for part in path):
        return False
    node = data
    for part in path[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    return isinstance(node, dict) and path[-1] in node and node[path[-1]] is None


def _real_path(data: Any, loc: tuple[Any, ...], missing: bool) -> Path:
    """Keep the loc items that index into the data; drop pydantic's union labels."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif missing and i == len(loc) - 1:
            path.append(part)
    return tuple(path)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return str(value).lower()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_message(path: Path, errs: list[dict[str, Any]], data: Any) -> str:
    found = _kind(errs[0].get("input"))
    expected: list[str] = []
    for err in errs:
        kind = err["type"]
        if kind in REFUSED:  # our parsers' own kinds: the message in the run's language
            return f"{format_path(path)}: " + msg(REFUSED[kind], **err.get("ctx", {}))
        if kind == "value_error":
            return f"{format_path(path)}: {str(err['msg']).removeprefix('Value error, ')}"
        if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            op = {
                "greater_than_equal": ">=",
                "less_than_equal": "<=",
                "greater_than": ">",
                "less_than": "<",
            }[kind]
            bound = next(iter(err.get("ctx", {}).values()), "?")
            expected.append(msg("a value {op} {bound}", op=op, bound=bound))
        else:
            expected.append(_EXPECTED.get(kind, str(err["msg"]).lower()))
    if "an integer" in expected or "a number" in expected:
        expected.append(N_("a numeric string"))
    unique = [_(e) for e in dict.fromkeys(expected)]
    hint = ""
    if path and path[-1] == "version" and isinstance(errs[0].get("input"), (int, float)):
        hint = _(" (quote versions: an unquoted 7.10 reads as the number 7.1)")
    return msg(
        "{path}: expected {expected}, found {found}{hint}",
        path=format_path(path),
        expected=_(" or ").join(unique),
        found=found,
        hint=hint,
    )


def _unknown(path: Path) -> tuple[str, bool]:
    """The message for an unknown key, and whether it is a misspelling of a key the schema
    knows at its place: one difflib finds close (the did-you-mean) within two edits."""
    known = known_keys(path[:-1])
    key = str(path[-1])
    where = format_path(path[:-1]) or _("the top level")
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.6) if len(key) < 200 else []
    misspelt = [name for name in close if within_two_edits(key, name)]
    close = misspelt or close
    suggestion = msg("; did you mean {name}?", name=repr(close[0])) if close else ""
    if not close and known:
        suggestion = msg("; known keys: {keys}", keys=join(sorted(known)[:12]))
    shown = key if len(key) <= 60 else key[:57] + "..."  # a hostile key is not echoed whole
    message = msg(
        "unknown key {key} in {where}{suggestion}",
        key=repr(shown),
        where=where,
        suggestion=suggestion,
    )
    return message, bool(misspelt)


def within_two_edits(a: str, b: str) -> bool:
    """Levenshtein distance of ``a`` and ``b`` at most 2."""
    if abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > 2:
            return False
        previous = current
    return previous[-1] <= 2


def known_keys(path: Path) -> list[str]:
    """The keys the schema allows in the mapping at ``path``."""
    node: Any = ConfigFile
    for part in path:
        node = _descend(node, part)
        if node is None:
            return []
    model = _model_of(node)
    return list(model.model_fields) if model else []


def _strip(tp: Any) -> Any:
    """Unwrap Annotated and Optional to the one type that carries structure."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            structured = [a for a in args if _model_of(a) or typing.get_origin(a) in (dict, list)]
            tp = structured[0] if structured else args[0]
        else:
            return tp


def _model_of(tp: Any) -> type[BaseModel] | None:
    tp = _strip(tp) if typing.get_origin(tp) else tp
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _descend(tp: Any, part: str | int) -> Any:
    tp = _strip(tp)
    model = _model_of(tp)
    if model is not None:
        field = model.model_fields.get(str(part))
        return field.annotation if field else None
    origin = typing.get_origin(tp)
    if origin is dict:
        return typing.get_args(tp)[1]
    if origin is list:
        return typing.get_args(tp)[0]
    return None


def _without(data: Any, paths: list[Path]) -> tuple[Any, set[Path]]:
    """A copy of ``data`` with the values at ``paths`` replaced, and the paths left invalid.

    Inside a collection (a list item, an entry of a mapping of items) a rejected item, or a
    rejected or missing field of an item, becomes ``UNKNOWN`` where its type takes one (a
    list or mapping field: empty; an item that is not a mapping: an item whose every field
    is unknown). Anywhere else, and where no stand-in fits, a rejected value becomes
    ``UNKNOWN`` in the data and its path is returned: the model leaves it unset. A missing
    field outside a collection stays missing. Indexes never move, so every path of the file
    still names its value.
    """
    if not paths:
        return data, set()
    if any(p == () for p in paths):
        return {}, set()
    rejected: set[Path] = set()
    root = _shallow(data)
    for path in sorted(paths, key=len):
        parent = root
        ok = True
        for part in path[:-1]:
            child = parent[part] if _has(parent, part) else None
            if child is None or not isinstance(child, (dict, list)):
                ok = False
                break
            copied = _shallow(child)
            parent[part] = copied
            parent = copied
        if not ok:
            continue
        present = _has(parent, path[-1])
        if isinstance(parent, list) and not present:
            continue
        stand_in = _placeholder(_annotation(path)) if _in_collection(path) else _NONE
        if stand_in is not _NONE:
            parent[path[-1]] = stand_in  # a missing field of an item too: read at its worst
        elif present and len(path) > 1 and _takes_scalar(_annotation(path)):
            parent[path[-1]] = UNKNOWN  # still replaces what the file inherits there
            rejected.add(path)
        elif isinstance(parent, dict):
            parent.pop(path[-1], None)  # a section, a mapping or a list of the file: unset
    return root, rejected


def _takes_scalar(annotation: Any) -> bool:
    """Whether some scalar fits this type (``int``, ``Days | dict[str, Days]``): a rejected
    value there is a scalar the readers of the data already expect."""
    if annotation is None:
        return False  # unknown to the schema: nothing is assumed
    tp = annotation
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return any(_takes_scalar(a) for a in typing.get_args(tp) if a is not type(None))
    return _model_of(tp) is None and typing.get_origin(tp) not in (dict, list)


def _in_collection(path: Path) -> bool:
    """Whether ``path`` lies inside a list item or an entry of a mapping of items."""
    node: Any = ConfigFile
    for part in path[:-1]:
        tp = _strip(node)
        if typing.get_origin(tp) in (dict, list):
            return True
        node = _descend(node, part)
        if node is None:
            return False
    return False


def typed(data: dict[str, Any], drop: set[Path]) -> ConfigFile:
    """The typed model of (merged) data without the values at ``drop`` (unknown keys,
    rejected values): what the rules read."""
    clean = drop_paths(data, drop) if drop else data
    return ConfigFile.model_validate(clean)


def drop_paths(data: dict[str, Any], paths: set[Path]) -> dict[str, Any]:
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


_NONE = object()


def model_value(path: Path, value: Any) -> Any:
    """The value the model reads at ``path`` for ``value`` as written (``'2048'`` -> 2048,
    ``'1m'`` -> 60.0), or ``value`` itself where the path has no type or it does not fit."""
    annotation = _annotation(path)
    if annotation is None or value is None:
        return value
    try:
        return _adapter(annotation).validate_python(value)
    except (ValidationError, TypeError):
        return value


def _annotation(path: Path) -> Any:
    node: Any = ConfigFile
    for part in path:
        node = _descend(node, part)
        if node is None:
            return None
    return node


def _placeholder(annotation: Any) -> Any:
    """What stands for a rejected value of this type: ``UNKNOWN`` where a string fits, an
    empty list for a list, for a mapping of fields every field that can be unknown."""
    if annotation is None:
        return _NONE
    if _fits(annotation, UNKNOWN):
        return UNKNOWN
    if _fits(annotation, []):
        return []
    model = _model_of(annotation)
    if model is None:
        return _NONE
    item: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = _placeholder(info.annotation)
        if value is not _NONE:
            item[name] = value
    return item if _fits(annotation, item) else _NONE


@cache  # a few dozen field types
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _fits(annotation: Any, value: Any) -> bool:
    try:
        _adapter(annotation).validate_python(value)
    except (ValidationError, TypeError):
        return False
    return True


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _shallow(node: Any) -> Any:
    return dict(node) if isinstance(node, dict) else list(node)
