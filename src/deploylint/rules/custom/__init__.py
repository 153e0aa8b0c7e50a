"""Declarative rules: a policy pack's own ``rules:`` entries, as data.

An entry whose ID carries a prefix the pack declares (``prefix: ORG``) defines a rule::

    ORG001:
      name: burstable-instance-in-production
      severity: error
      summary: Production runs no burstable (t3/t4g) instance classes
      environments: [production]
      docs: {what: ..., why: ..., example: ..., use_instead: ..., references: [...]}
      check:
        where: architecture.components.*.instance_type
        when: {path: $.architecture.environments.{env}.region, required: true}
        expect: {not: {matches: '^(db|cache)\\.t(3|4g)\\.'}}
        message: "{path} is {value}: ..."

It becomes a :class:`~deploylint.rules.rule.Rule` like any built-in one, with a pure check
built from the data: nothing in a pack is evaluated as code (see ``docs/custom-rules.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from deploylint import i18n
from deploylint.findings.finding import Severity
from deploylint.i18n import _, msg
from deploylint.model.effective import MISSING
from deploylint.model.location import format_path
from deploylint.rules.custom.conditions import (
    Condition,
    ConditionError,
    Scope,
    evaluate,
    parse_condition,
    show,
)
from deploylint.rules.custom.paths import (
    Part,
    PathError,
    Pattern,
    Ref,
    matches,
    parse_pattern,
    parse_ref,
    resolve,
    value_at,
)
from deploylint.rules.rule import RESERVED_PREFIX, RULE_ID, Context, Docs, Rule, Violation

PREFIX = re.compile(r"[A-Z]{2,8}")
MAX_MATCHES = 10_000  # per rule and environment: a wildcard over a huge list stops here
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_NAMES = ("value", "path", "env", "key", "expected")


class CustomRuleError(ValueError):
    """A rule entry that cannot be used; ``field`` names the part (``check.where``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# A text a pack may give per language: `message: {en: ..., ja: ...}`; one string is for every
# language.
Localized = str | dict[str, str]


def localized(field: str, value: Localized) -> dict[str, str]:
    """{language: text}, with the default (English, else the first given) under ``""``."""
    if isinstance(value, str):
        return {"": value}
    unknown = [k for k in value if k not in i18n.LANGS]
    if unknown or not value:
        raise CustomRuleError(
            field,
            msg(
                "a text, or one per language ({languages}): {problem}",
                languages=", ".join(i18n.LANGS),
                problem=msg("unknown language {name}", name=repr(unknown[0]))
                if unknown
                else msg("none given"),
            ),
        )
    default = value.get("en") or next(iter(value.values()))
    return {"": default, **value}


def _register(texts: dict[str, str]) -> str:
    """Give the pack's translations to :func:`deploylint.i18n._`; the default text is the key."""
    for lang, text in texts.items():
        if lang and lang != "en":
            i18n.add_translation(lang, texts[""], text)
    return texts[""]


class _DocsSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    what: Localized
    why: Localized
    example: str
    use_instead: str
    references: list[str] = Field(default_factory=list)


class _CheckSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    where: str
    when: Any = None
    expect: Any
    message: Localized


class _RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    severity: str
    summary: Localized
    docs: _DocsSpec
    environments: list[str] | None = None
    check: _CheckSpec
    enabled: bool = True  # an extending pack may turn the rule off, as for built-in rules


@dataclass(frozen=True)
class Template:
    text: str
    parts: tuple[
        tuple[str, str | Ref], ...
    ]  # ("text", s) | ("name", value|path|...) | ("ref", Ref)


def parse_template(text: str) -> Template:
    parts: list[tuple[str, str | Ref]] = []
    at = 0
    for m in _PLACEHOLDER.finditer(text):
        parts.append(("text", text[at : m.start()]))
        at = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            parts.append(("text", token[0]))
            continue
        name = (m.group(1) or "").strip()
        if name in _NAMES:
            parts.append(("name", name))
        elif name.startswith(("$", "@")):
            try:
                parts.append(("ref", parse_ref(name)))
            except PathError as exc:
                raise CustomRuleError("check.message", str(exc)) from None
        else:
            raise CustomRuleError(
                "check.message",
                msg(
                    "unknown placeholder {name}; use {names} (write {brace} for a brace)",
                    name="{" + name + "}",
                    names="{value}, {path}, {env}, {key}, {expected}, {$.absolute.path} "
                    + msg("or")
                    + " {@.relative.path}",
                    brace="{{",
                ),
            )
    if "{" in text[at:] or "}" in text[at:]:
        raise CustomRuleError(
            "check.message",
            msg("an unmatched brace (write {open} or {close})", open="{{", close="}}"),
        )
    parts.append(("text", text[at:]))
    return Template(text, tuple(p for p in parts if p != ("text", "")))


@dataclass(frozen=True)
class Spec:
    where: Pattern
    when: Condition | None
    expect: Condition
    message: dict[str, Template]  # per language; "" the default
    environments: frozenset[str] | None


def parse_rule(rule_id: str, raw: Any, prefixes: tuple[str, ...], origin: str) -> Rule:
    """A rule from its pack entry; CustomRuleError names the field that is wrong."""
    if not RULE_ID.fullmatch(rule_id) or rule_id.startswith(RESERVED_PREFIX):
        raise CustomRuleError(
            "id",
            msg("an ID is the pack's prefix and three digits (ORG001); DL is for built-in rules"),
        )
    if not any(rule_id[:-3] == p for p in prefixes):
        declared = ", ".join(prefixes) or msg("none")
        raise CustomRuleError(
            "id",
            msg(
                "prefix {prefix} is not declared by the pack (prefix: {declared})",
                prefix=rule_id[:-3],
                declared=declared,
            ),
        )
    if not isinstance(raw, dict):
        raise CustomRuleError(
            "rule", msg("a rule is a mapping (name, severity, summary, docs, check)")
        )
    try:
        spec = _RuleSpec.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "rule"
        what = msg("unknown field") if err["type"] == "extra_forbidden" else err["msg"]
        raise CustomRuleError(where, what) from None
    try:
        severity = Severity.parse(spec.severity)
    except ValueError as exc:
        raise CustomRuleError("severity", str(exc)) from None
    try:
        pattern = parse_pattern(spec.check.where)
    except PathError as exc:
        raise CustomRuleError("check.where", str(exc)) from None
    try:
        when = None if spec.check.when is None else parse_condition("check.when", spec.check.when)
        expect = parse_condition("check.expect", spec.check.expect)
    except ConditionError as exc:
        raise CustomRuleError(exc.where, exc.message) from None
    messages = localized("check.message", spec.check.message)
    compiled = Spec(
        pattern,
        when,
        expect,
        {lang: parse_template(text) for lang, text in messages.items()},
        None if spec.environments is None else frozenset(spec.environments),
    )
    d = spec.docs
    summary = _register(localized("summary", spec.summary))
    what = _register(localized("docs.what", d.what))
    why = _register(localized("docs.why", d.why))
    try:
        return Rule(
            id=rule_id,
            name=spec.name,
            severity=severity,
            summary=summary,
            docs=Docs(what, why, d.example, d.use_instead, tuple(d.references)),
            check=_Check(compiled),
            origin=origin,
        )
    except ValueError as exc:
        raise CustomRuleError("name", str(exc).split(": ", 1)[-1]) from None


class _Check:
    """The pure check of a declarative rule (a callable object, so a Rule stays a value)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def __call__(self, ctx: Context[Any]) -> Iterator[Violation]:
        spec = self.spec
        if spec.environments is not None and ctx.env not in spec.environments:
            return
        eff = ctx.effective
        for count, (path, _unused) in enumerate(matches(eff.data, spec.where, ctx.env)):
            if count >= MAX_MATCHES:
                return

            def lookup(ref: Ref | None, path: tuple[Part, ...] = path) -> Any:
                if ref is None:
                    return value_at(eff, path)
                target = resolve(ref, path, ctx.env)
                return MISSING if target is None else value_at(eff, target)

            if (
                spec.when is not None
                and evaluate(spec.when, Scope(ctx.env, lookup, MISSING)) is not True
            ):
                continue
            scope = Scope(ctx.env, lookup, MISSING)
            if evaluate(spec.expect, scope) is False:
                yield Violation(path, self._message(path, lookup, scope, ctx.env))

    def _message(self, path: tuple[Part, ...], lookup: Any, scope: Scope, env: str | None) -> str:
        out: list[str] = []
        keys = [p for p in path]
        messages = self.spec.message
        template = messages.get(i18n.language()) or messages[""]
        for kind, item in template.parts:
            if kind == "text":
                out.append(str(item))
            elif kind == "ref":
                assert isinstance(item, Ref)
                value = lookup(item)
                out.append(_("(absent)") if value is MISSING else show(value))
            elif item == "value":
                value = lookup(None)
                out.append(_("(absent)") if value is MISSING else show(value))
            elif item == "path":
                out.append(format_path(path))
            elif item == "env":
                out.append(env or _("(every environment)"))
            elif item == "key":
                out.append(show(keys[-1]) if keys else "")
            elif item == "expected":
                out.append(scope.expected[0] if scope.expected else "")
        return "".join(out)


def parse_rules(entries: dict[str, Any], prefixes: tuple[str, ...], origin: str) -> dict[str, Rule]:
    """Every definition in ``entries`` (ID -> raw mapping); the first error is raised."""
    rules: dict[str, Rule] = {}
    for rule_id, raw in entries.items():
        try:
            rules[rule_id] = parse_rule(rule_id, raw, prefixes, origin)
        except CustomRuleError as exc:
            raise CustomRuleError(f"rule {rule_id}: {exc.field}", exc.message) from None
    return rules


def parse_prefixes(raw: Any) -> tuple[str, ...]:
    """The pack's ``prefix:`` (one or a list); CustomRuleError when one is not usable."""
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
        raise CustomRuleError("prefix", msg("a prefix (ORG) or a list of them"))
    for p in items:
        if not PREFIX.fullmatch(p) or p.startswith(RESERVED_PREFIX):
            raise CustomRuleError(
                "prefix",
                msg(
                    "{prefix}: 2-8 capital letters, not starting with DL (built-in rules)",
                    prefix=repr(p),
                ),
            )
    return tuple(items)
