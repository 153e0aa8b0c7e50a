"""Conditions of declarative rules: data in, a three-valued answer out; nothing is code.

A condition is a mapping: ``all: [...]``, ``any: [...]``, ``not: {...}``, or a test on one
value (the match, or ``path:`` relative to it or ``$.`` absolute) with one or more of
``required``, ``forbidden``, ``equals``, ``in``, ``not_in``, ``matches``, ``contains``,
``min``, ``max``, ``lt``, ``le``, ``gt``, ``ge`` (several in one mapping must all hold).

A test on a value that is absent, or of a type the test does not apply to, answers
*unknown*: the rule says nothing about that match (say ``required: true`` when absence is
itself the problem); ``all``/``any``/``not`` follow Kleene's three-valued logic.

Regexes run on RE2 (``google-re2``): matching takes time linear in the text, whatever the
pattern, so no pattern can hang a check. A pattern that needs what RE2 lacks (lookaround,
back-references) is refused when the pack loads, naming the construct. ``\\d``, ``\\w``,
``\\s`` and ``\\b`` are ASCII only.
"""

from __future__ import annotations

import importlib
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from deploylint.i18n import N_, msg
from deploylint.rules.custom.paths import PathError, Ref, parse_ref

# The stdlib's own regex parser (Python 3.11+), to name what RE2 refuses.
_sre_c: Any = importlib.import_module("re._constants")
_sre_p: Any = importlib.import_module("re._parser")

MAX_REGEX = 200  # characters of a pattern
MAX_DEPTH = 16  # nesting of all/any/not
MAX_ITEMS = 200  # items of in/not_in and of all/any

OPS = ("required", "forbidden", "equals", "in", "not_in", "matches", "contains")
NUMERIC = ("min", "max", "lt", "le", "gt", "ge")
_SYMBOL = {"min": ">=", "max": "<=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class ConditionError(ValueError):
    """A condition that does not parse; ``field`` is where (``expect.all[1].matches``)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


Unknown = None  # the third truth value
Truth = bool | None


@dataclass
class Scope:
    """What a condition is evaluated against; ``expected`` collects the failing test."""

    env: str | None
    lookup: Any  # Callable[[Ref], Any]: the value a reference names, or MISSING
    missing: Any
    expected: list[str] = field(default_factory=list)


# --- regexes --------------------------------------------------------------------------------


@cache
def _re2() -> tuple[Any, Any]:
    """The RE2 module and its options, imported when a pack first uses a regex."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern to stderr
    return re2, options


class Regex(Protocol):
    pattern: str

    def search(self, text: str) -> object: ...


def compile_regex(where: str, pattern: Any) -> Regex:
    """A pattern compiled by RE2: matching takes time linear in the text, whatever the
    pattern. What RE2 cannot do (lookaround, back-references) is named in the error."""
    if not isinstance(pattern, str):
        raise ConditionError(where, msg("a regex is a string"))
    if len(pattern) > MAX_REGEX:
        raise ConditionError(where, msg("a regex is at most {count} characters", count=MAX_REGEX))
    re2, options = _re2()
    try:
        compiled: Regex = re2.compile(pattern, options)
    except re2.error as exc:
        feature = _unsupported(pattern)
        if feature is not None:
            raise ConditionError(
                where,
                msg(
                    "regex {pattern} uses {feature}, which the linear-time regex engine (RE2) "
                    "does not support; rewrite it without (docs/custom-rules.md)",
                    pattern=repr(pattern),
                    feature=msg(feature),
                ),
            ) from None
        raise ConditionError(where, msg("not a regex ({reason})", reason=_reason(exc))) from None
    return compiled


def _reason(exc: Exception) -> str:
    arg = exc.args[0] if exc.args else exc
    return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)


def _unsupported(pattern: str) -> str | None:
    """The construct of Python's regex syntax that RE2 lacks, if the pattern uses one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = _sre_p.parse(pattern)
    except re.error:
        return None

    def walk(items: Any) -> str | None:
        for op, arg in items:
            found: str | None = None
            if op == _sre_c.ASSERT:
                found = N_("lookahead (?=...)") if arg[0] == 1 else N_("lookbehind (?<=...)")
            elif op == _sre_c.ASSERT_NOT:
                found = (
                    N_("negative lookahead (?!...)")
                    if arg[0] == 1
                    else N_("negative lookbehind (?<!...)")
                )
            elif op == _sre_c.GROUPREF:
                found = N_("a back-reference (\\1, (?P=name))")
            elif op == _sre_c.GROUPREF_EXISTS:
                found = N_("a conditional group (?(1)...)")
            elif op == _sre_c.ATOMIC_GROUP:
                found = N_("an atomic group (?>...)")
            elif op == _sre_c.POSSESSIVE_REPEAT:
                found = N_("a possessive repeat (*+, ++, ?+)")
            elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT):
                found = walk(arg[2])
            elif op == _sre_c.BRANCH:
                found = next((f for b in arg[1] if (f := walk(b))), None)
            elif op == _sre_c.SUBPATTERN:
                found = walk(arg[-1])
            if found:
                return found
        return None

    found = walk(parsed)
    if found is None and "\\Z" in pattern:
        return "\\Z (write \\z)"
    return found


# --- the tree --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Test:
    ref: Ref | None  # None: the match itself
    ops: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Combine:
    kind: str  # all | any | not
    parts: tuple[Condition, ...]


Condition = Test | Combine


def parse_condition(where: str, raw: Any, depth: int = 0) -> Condition:
    if depth > MAX_DEPTH:
        raise ConditionError(where, msg("conditions nest at most {depth} deep", depth=MAX_DEPTH))
    if isinstance(raw, list):
        raw = {"all": raw}
    if not isinstance(raw, dict) or not raw:
        raise ConditionError(where, msg("a condition is a non-empty mapping"))
    keys = set(raw)
    combiners = keys & {"all", "any", "not"}
    if combiners:
        if len(keys) != 1:
            raise ConditionError(
                where, msg("{name} stands alone in its mapping", name=sorted(combiners)[0])
            )
        kind = combiners.pop()
        value = raw[kind]
        if kind == "not":
            return Combine("not", (parse_condition(f"{where}.not", value, depth + 1),))
        if not isinstance(value, list) or not value or len(value) > MAX_ITEMS:
            raise ConditionError(
                f"{where}.{kind}", msg("a list of 1 to {count} conditions", count=MAX_ITEMS)
            )
        return Combine(
            kind,
            tuple(
                parse_condition(f"{where}.{kind}[{i}]", item, depth + 1)
                for i, item in enumerate(value)
            ),
        )
    ref = None
    if "path" in raw:
        try:
            ref = parse_ref(raw["path"])
        except PathError as exc:
            raise ConditionError(f"{where}.path", str(exc)) from None
    ops: list[tuple[str, Any]] = []
    for key, value in raw.items():
        if key == "path":
            continue
        at = f"{where}.{key}"
        if key not in OPS and key not in NUMERIC:
            known = ", ".join(("all", "any", "not", "path", *OPS, *NUMERIC))
            raise ConditionError(at, msg("unknown condition; expected one of {names}", names=known))
        ops.append((key, _parse_arg(at, key, value)))
    if not ops:
        raise ConditionError(where, msg("a test names at least one condition besides path"))
    return Test(ref, tuple(ops))


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _parse_arg(at: str, op: str, value: Any) -> Any:
    if op in ("required", "forbidden"):
        if value is not True:
            raise ConditionError(at, msg("write `true` (use not: to invert)"))
        return True
    if op == "matches":
        return compile_regex(at, value)
    if op in ("in", "not_in"):
        if not isinstance(value, list) or len(value) > MAX_ITEMS or not all(map(_scalar, value)):
            raise ConditionError(at, msg("a list of at most {count} plain values", count=MAX_ITEMS))
        return tuple(value)
    if op in ("equals", "contains"):
        if isinstance(value, dict) and set(value) == {"path"}:
            return _ref(at, value["path"])
        if not _scalar(value):
            raise ConditionError(at, msg("a plain value, or {mapping}", mapping="{path: ...}"))
        return value
    # numeric: a number, {path: ...}, or per environment {production: 10, default: 5}
    if _number(value):
        return value
    if isinstance(value, dict) and set(value) == {"path"}:
        return _ref(at, value["path"])
    if isinstance(value, dict) and value and all(_number(v) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    raise ConditionError(
        at, msg("a number, {mapping}, or numbers per environment", mapping="{path: ...}")
    )


def _ref(at: str, text: Any) -> Ref:
    try:
        return parse_ref(text)
    except PathError as exc:
        raise ConditionError(f"{at}.path", str(exc)) from None


# --- evaluation ------------------------------------------------------------------------------


def evaluate(cond: Condition, scope: Scope) -> Truth:
    if isinstance(cond, Combine):
        if cond.kind == "not":
            part = cond.parts[0]
            inner = evaluate(part, Scope(scope.env, scope.lookup, scope.missing))
            if inner is True and isinstance(part, Test):
                wanted = msg(" and ").join(_describe(op, arg, scope) for op, arg in part.ops)
                scope.expected.append(msg("not {wanted}", wanted=wanted))
            return None if inner is None else not inner
        if cond.kind == "all":
            unknown = False
            for part in cond.parts:
                result = evaluate(part, scope)
                if result is False:
                    return False
                unknown = unknown or result is None
            return None if unknown else True
        answers = [
            evaluate(part, Scope(scope.env, scope.lookup, scope.missing)) for part in cond.parts
        ]
        if True in answers:
            return True
        if None in answers:
            return None
        failed: list[str] = []
        for part in cond.parts:
            sub = Scope(scope.env, scope.lookup, scope.missing)
            evaluate(part, sub)
            failed.extend(sub.expected[:1])
        scope.expected.append(" or ".join(failed))
        return False
    value = scope.lookup(cond.ref)
    unknown = False
    for op, arg in cond.ops:
        result = _test(op, arg, value, scope)
        if result is False:
            scope.expected.append(_describe(op, arg, scope))
            return False
        unknown = unknown or result is None
    return None if unknown else True


def _resolve_arg(arg: Any, scope: Scope) -> Any:
    if isinstance(arg, Ref):
        return scope.lookup(arg)
    if isinstance(arg, dict):  # per environment
        found = arg.get(scope.env) if scope.env is not None else None
        return arg.get("default", scope.missing) if found is None else found
    return arg


def _test(op: str, arg: Any, value: Any, scope: Scope) -> Truth:
    missing = scope.missing
    if op == "required":
        return value is not missing and value is not None
    if op == "forbidden":
        return value is missing or value is None
    if value is missing:
        return None
    if op == "in":
        return value in arg if _scalar(value) else None
    if op == "not_in":
        return value not in arg if _scalar(value) else None
    if op == "matches":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None
        text = str(value)
        return arg.search(text) is not None
    target = _resolve_arg(arg, scope)
    if target is missing:
        return None
    if op == "equals":
        return _same(value, target)
    if op == "contains":
        if isinstance(value, list):
            return any(_same(item, target) for item in value)
        if isinstance(value, str) and isinstance(target, str):
            return target in value
        return None
    if not (_number(value) and _number(target)):
        return None
    answer: bool = {
        "min": value >= target,
        "max": value <= target,
        "lt": value < target,
        "le": value <= target,
        "gt": value > target,
        "ge": value >= target,
    }[op]
    return answer


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same kind: 1 is not true, and '1' is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _number(a) and _number(b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def _describe(op: str, arg: Any, scope: Scope) -> str:
    if op == "required":
        return msg("present")
    if op == "forbidden":
        return msg("absent")
    if op == "in":
        return msg("one of {values}", values=", ".join(show(v) for v in arg))
    if op == "not_in":
        return msg("none of {values}", values=", ".join(show(v) for v in arg))
    if op == "matches":
        return msg("matching {pattern}", pattern=arg.pattern)
    target = show(_resolve_arg(arg, scope))
    if isinstance(arg, Ref):
        target = f"{target} ({arg.text.removeprefix('$.')})"
    if op == "equals":
        return target
    if op == "contains":
        return msg("containing {target}", target=target)
    return f"{_SYMBOL[op]} {target}"
