"""Policy packs: the guide's numbers as data, validated against each rule's options model.

The built-in pack (``rules/guide.yaml``, shipped as package data) transcribes the
deployment guide. A team's pack may ``extends: guide`` and override single values; deep
merge, the team's value wins, lists replaced.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from deploylint.findings.finding import Severity
from deploylint.i18n import language, msg
from deploylint.rules import all_rules
from deploylint.rules._phrases import Vocabulary, VocabularyError, parse_vocabulary
from deploylint.rules.rule import FrozenDict, Options, Rule, freeze
from deploylint.sources.loader import load_bytes

BUILTIN = "guide"


class PolicyError(Exception):
    """A policy pack that cannot be used; the message names the file, rule and option."""


class RuleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    severity: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class Mandatory(BaseModel):
    """A rule no comment may suppress, in some environments, optionally only for one
    sub-case: the findings the rule rates ``severity`` or above (DL205's critical case)."""

    model_config = ConfigDict(extra="forbid")
    rule: str
    environments: list[str] | None = None  # None: every environment
    severity: str | None = None  # None: every finding of the rule
    reason: str = ""

    def covers(self, rule_id: str, environment: str | None, severity: Severity) -> bool:
        return (
            self.rule == rule_id
            and (self.environments is None or environment in self.environments)
            and (self.severity is None or severity >= Severity.parse(self.severity))
        )


class PackModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    extends: str | None = None
    prefix: str | list[str] | None = None  # ID prefix(es) of the pack's own rules (ORG)
    vocabulary: dict[str, Any] = Field(default_factory=dict)  # checked by parse_vocabulary
    mandatory: list[Mandatory] = Field(default_factory=list)
    rules: dict[str, RuleSettings] = Field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # one per pack and process: compared and hashed as itself
class Policy:
    name: str
    source: str
    vocabulary: Vocabulary
    mandatory: tuple[Mandatory, ...]
    enabled: frozenset[str]
    severities: dict[str, Severity]
    options: dict[str, Options] = field(repr=False)
    custom: dict[str, Rule] = field(default_factory=dict, repr=False)  # the pack's own rules
    # the pack's own rule definitions that could not be used, one line each (pack, rule,
    # field): they are left out, the other rules still run, and the run exits 2
    problems: tuple[str, ...] = ()

    def registry(self) -> dict[str, Rule]:
        """Every rule this policy can run: built-in, plugins', and the pack's own, by ID."""
        if not self.custom:
            return all_rules()
        return dict(sorted({**all_rules(), **self.custom}.items()))

    def is_mandatory(
        self, rule_id: str, environment: str | None, severity: Severity = Severity.CRITICAL
    ) -> bool:
        return self.mandatory_entry(rule_id, environment, severity) is not None

    def mandatory_entry(
        self, rule_id: str, environment: str | None, severity: Severity
    ) -> Mandatory | None:
        """The pack's entry that makes a finding (rule, environment, severity) mandatory."""
        for entry in self.mandatory:
            if entry.covers(rule_id, environment, severity):
                return entry
        return None

    def concepts(self, text: str) -> frozenset[str]:
        """Every concept of the vocabulary that ``text`` names; computed once per text."""
        cache: dict[str, frozenset[str]] = self.__dict__.setdefault("_concepts", {})
        found = cache.get(text)
        if found is None:
            found = self.vocabulary.names(text)
            if len(cache) < 65536:
                cache[text] = found
        return found


def _read_pack(text_source: str, raw: bytes) -> dict[str, Any]:
    result = load_bytes(raw, positions=False)  # the data and problems only (a third faster)
    if result.problems:
        p = result.problems[0]
        raise PolicyError(f"{text_source}:{p.span[0]}:{p.span[1]}: {p.message}")
    if not result.documents or not isinstance(result.documents[0].data, dict):
        raise PolicyError(msg("{source}: a policy pack is a mapping", source=text_source))
    data: dict[str, Any] = result.documents[0].data
    return data


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    return over


def _builtin_raw() -> dict[str, Any]:
    raw = (resources.files("deploylint") / "data" / "policy" / f"{BUILTIN}.yaml").read_bytes()
    return _read_pack(f"<builtin:{BUILTIN}>", raw)


def pack_folder(policy: str | None) -> FsPath:
    """The folder of the pack (the built-in pack's lives in the package)."""
    if policy is None or policy in (BUILTIN, f"builtin:{BUILTIN}"):
        return FsPath(str(resources.files("deploylint") / "data" / "policy"))
    return FsPath(policy).resolve().parent


def fixture_folder(policy: str | None) -> FsPath:
    """Where a pack's fixtures live (``deploylint test`` reads them; ``check`` leaves this
    folder out)."""
    return pack_folder(policy) / "tests"


def _raw_pack(path: str | None, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], str]:
    if path is None or path in (BUILTIN, f"builtin:{BUILTIN}"):
        return _builtin_raw(), f"builtin:{BUILTIN}"
    fs = FsPath(path)
    try:
        raw = fs.read_bytes()
    except OSError as exc:
        raise PolicyError(
            msg("cannot read policy pack {path}: {reason}", path=path, reason=exc.strerror)
        ) from None
    data = _read_pack(path, raw)
    parent = data.get("extends")
    if isinstance(parent, str):
        target = (
            parent if parent.startswith("builtin") or parent == BUILTIN else str(fs.parent / parent)
        )
        # packs are compared by real path: `../team/base.yaml` from another folder is the
        # same pack as `base.yaml`, and a cycle through it is named, never a RecursionError
        here = os.path.realpath(path)
        if target not in (BUILTIN, f"builtin:{BUILTIN}") and os.path.realpath(target) in {
            *seen,
            here,
        }:
            raise PolicyError(
                msg("{path}: extends {parent} forms a cycle", path=path, parent=repr(parent))
            )
        base, _ = _raw_pack(target, (*seen, here))
        data = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    return data, path


def load_policy(path: str | None = None) -> Policy:
    """Load and validate a pack (None: the built-in guide pack); cached while unchanged."""
    stamp: tuple[int, int] | None = None
    if path is not None and not path.startswith("builtin") and path != BUILTIN:
        try:
            st = os.stat(path)
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
    return _load_policy(path, stamp, language())


@cache
def _load_policy(path: str | None, stamp: tuple[int, int] | None, lang: str) -> Policy:
    # stamp: an edited pack is read again; lang: its problems are text in that language
    del stamp, lang
    data, source = _raw_pack(path)
    data = {k: v for k, v in data.items() if v is not None}  # `rules:` with only comments
    data, custom, problems = _custom_rules(source, data)
    try:
        pack = PackModel.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise PolicyError(f"{source}: {where}: {err['msg']}") from None
    try:
        vocabulary = parse_vocabulary(pack.vocabulary)
    except VocabularyError as exc:
        raise PolicyError(f"{source}: {exc}") from None
    rules = {**all_rules(), **custom}
    options: dict[str, Options] = {}
    severities: dict[str, Severity] = {}
    enabled: set[str] = set()
    for rule_id in pack.rules:
        if rule_id not in rules:
            raise PolicyError(
                msg("{source}: unknown rule {rule} in rules:", source=source, rule=repr(rule_id))
            )
    for entry in pack.mandatory:
        if entry.rule not in rules:
            raise PolicyError(
                msg(
                    "{source}: unknown rule {rule} in mandatory:",
                    source=source,
                    rule=repr(entry.rule),
                )
            )
        if entry.severity is not None:
            try:
                Severity.parse(entry.severity)
            except ValueError as exc:
                raise PolicyError(f"{source}: mandatory: {entry.rule}: {exc}") from None
    for rule_id, rule in rules.items():
        settings = pack.rules.get(rule_id, RuleSettings())
        options[rule_id] = _options(source, rule, settings.options)
        if settings.severity:
            try:
                severities[rule_id] = Severity.parse(settings.severity)
            except ValueError as exc:
                raise PolicyError(f"{source}: {rule_id}: {exc}") from None
        if settings.enabled:
            enabled.add(rule_id)
    return Policy(  # read-only: rules see it (ctx.policy), and it is cached per process
        name=pack.name,
        source=source,
        vocabulary=vocabulary,
        mandatory=tuple(freeze(m) for m in pack.mandatory),
        enabled=frozenset(enabled),
        severities=FrozenDict(severities),
        options=FrozenDict({k: freeze(v) for k, v in options.items()}),
        custom=FrozenDict(custom),
        problems=problems,
    )


def _custom_rules(
    source: str, data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Rule], tuple[str, ...]]:
    """Split the pack's own rule definitions off ``rules:`` (docs/custom-rules.md).

    An entry is a definition when its ID is not a built-in or plugin rule and does not use
    the reserved DL prefix; what is left is the settings of known rules (plus ``enabled``
    of each definition, so an extending pack can turn one off).
    """
    prefixes: tuple[str, ...] = ()
    if data.get("prefix") is not None:  # rules.custom is imported only for a pack that uses it
        from deploylint.rules.custom import CustomRuleError, parse_prefixes

        try:
            prefixes = parse_prefixes(data.get("prefix"))
        except CustomRuleError as exc:
            raise PolicyError(f"{source}: {exc}") from None
    entries = data.get("rules")
    if not isinstance(entries, dict):
        return data, {}, ()
    known = all_rules()
    definitions: dict[str, Any] = {}
    settings: dict[str, Any] = {}
    for rule_id, raw in entries.items():
        rule_id = str(rule_id)
        if rule_id in known and isinstance(raw, dict) and "check" in raw:
            where = known[rule_id].origin or msg("a built-in rule")
            raise PolicyError(
                msg(
                    "{source}: rule {rule}: id: already defined by {where}",
                    source=source,
                    rule=rule_id,
                    where=where,
                )
            )
        defines = isinstance(raw, dict) and ("check" in raw or "name" in raw)
        if rule_id not in known and rule_id.startswith("DL") and defines:
            raise PolicyError(
                msg(
                    "{source}: rule {rule}: id: the DL prefix is reserved for built-in rules",
                    source=source,
                    rule=rule_id,
                )
            )
        if rule_id in known or rule_id.upper().startswith("DL"):
            settings[rule_id] = raw
        else:
            definitions[rule_id] = raw
            enabled = raw.get("enabled", True) if isinstance(raw, dict) else True
            settings[rule_id] = {"enabled": enabled}
    if not definitions:
        return data, {}, ()
    from deploylint.rules.custom import CustomRuleError, parse_rules

    origin = f"pack {data.get('name')} ({_shown(source)})"
    custom: dict[str, Rule] = {}
    problems: list[str] = []
    for rule_id, raw in definitions.items():  # one broken definition does not stop the rest
        try:
            custom.update(parse_rules({rule_id: raw}, prefixes, origin))
        except CustomRuleError as exc:
            problems.append(f"{source}: {exc}")
            del settings[rule_id]
    return {**data, "rules": settings}, custom, tuple(problems)


def _options(source: str, rule: Rule, values: dict[str, Any]) -> Options:
    try:
        return rule.options.model_validate(values)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            what = msg("unknown option") if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{where}: {what}")
        raise PolicyError(
            msg(
                "{source}: rule {rule} ({name}) options: {problems}",
                source=source,
                rule=rule.id,
                name=rule.name,
                problems="; ".join(problems),
            )
        ) from None


def _shown(source: str) -> str:
    """A pack's path as short as it reads: relative to the current folder when inside it."""
    try:
        relative = os.path.relpath(source)
    except ValueError:
        return source
    return source if relative.startswith("..") else relative
