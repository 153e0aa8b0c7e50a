"""What a rule is: metadata, an options model, docs, and a pure check function.

A rule module (``deploylint/rules/<section>/dlNNN_name.py``) defines ``RULE = Rule(...)``.
Its check takes a :class:`Context` and yields :class:`Violation` objects that name a
document path (and, for a second place, related paths); the engine turns paths into
locations (file:line:column, or a live resource), applies severities, settings and
suppressions. Rules see the model, their options and the policy: never files, positions,
settings or comments, so the same rule runs on declared configs and on live state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from deploylint.findings.finding import Path, Severity
from deploylint.i18n import msg
from deploylint.model.fix import FixIntent

if TYPE_CHECKING:
    from deploylint.model.effective import Effective
    from deploylint.model.sections import ConfigFile
    from deploylint.rules.policy import Policy


class Options(BaseModel):
    """Base of every rule's options; an unknown option is an error that names the rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)


T = TypeVar("T")
OptionsT = TypeVar("OptionsT", bound=Options)

# A value that may differ per environment: {production: 3, staging: 2, default: 1}.
PerEnv = dict[str, T]


def for_env(values: Mapping[str, T], env: str | None) -> T | None:
    """The value for ``env``, else the ``default`` entry, else None (the check is skipped)."""
    if env is not None and env in values:
        return values[env]
    return values.get("default")


@dataclass(frozen=True, slots=True)
class Docs:
    what: str
    why: str
    example: str
    use_instead: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RelatedPath:
    """A second place a violation names; ``env`` when it lies in another environment."""

    path: Path
    message: str
    env: str | None = None


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's report: where (a document path) and what (a message for a tired human).

    Messages carry no positions: a second place is a :class:`RelatedPath` that the engine
    resolves ("see also file:line" in text, ``relatedLocations`` in SARIF). ``env`` names
    the environment of a rule that runs once over every environment.
    """

    path: Path
    message: str
    severity: Severity | None = None  # a sub-case with its own default (e.g. "warning")
    related: tuple[RelatedPath, ...] = ()
    env: str | None = None
    fix: FixIntent | None = None  # the engine makes it text edits (``check --fix``)
    # rules whose finding at the same place says it already ("not checked" beside the rule
    # that rejects the value): left out when one is shown, kept when it is not (ignored,
    # suppressed), unless this one is more severe
    covered_by: tuple[str, ...] = ()


class ReadOnlyError(TypeError):
    """A rule tried to change what it was given (data every other rule sees too)."""


def _refuse(self: object, *args: object, **kwargs: object) -> Any:
    raise ReadOnlyError(
        f"rules get read-only data: a {type(self).__mro__[1].__name__} of the config "
        "cannot be changed"
    )


class FrozenDict(dict[Any, Any]):
    """A mapping of the config that refuses every change (a dict to readers and json)."""

    __slots__ = ()
    __setitem__ = __delitem__ = _refuse
    pop = popitem = clear = update = setdefault = __ior__ = _refuse

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[Any, Any]]]:
        return FrozenDict, (dict(self),)  # pickle and deepcopy build it whole


class FrozenList(list[Any]):
    """A list of the config that refuses every change (a list to readers and json)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __reduce__(self) -> tuple[type[FrozenList], tuple[list[Any]]]:
        return FrozenList, (list(self),)  # pickle and deepcopy build it whole


def freeze(value: Any) -> Any:
    """``value`` with every dict and list made read-only, in place where it can be (the
    containers are rebuilt once per environment, before any rule runs; never per rule)."""
    kind = type(value)
    if kind is dict or kind is list:  # plain data (the common case): no call per scalar
        return _freeze_data(value)
    how = _HOW.get(kind)
    if how is None:
        how = _HOW[kind] = _how(kind)
    if how == "model":
        fields = value.__dict__
        for name, field_value in fields.items():
            if type(field_value) not in _SCALARS:
                frozen = freeze(field_value)
                if frozen is not field_value:
                    fields[name] = frozen
    elif how == "dict":
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    elif how == "list":
        return FrozenList(freeze(v) for v in value)
    return value


def _how(kind: type) -> str:
    """How :func:`freeze` treats a value of type ``kind`` (worked out once per type: a
    model's class is an ABC, whose isinstance check costs more than a dict lookup)."""
    if issubclass(kind, FrozenDict | FrozenList):
        return "keep"
    if issubclass(kind, dict):
        return "dict"
    if issubclass(kind, list):
        return "list"
    if issubclass(kind, BaseModel):
        return "model"
    return "keep"  # a scalar, a tuple, a frozenset: already read-only


_HOW: dict[type, str] = {}


def _freeze_data(value: dict[Any, Any] | list[Any]) -> FrozenDict | FrozenList:
    """A plain dict or list frozen: scalars are kept without a call each."""
    if type(value) is dict:
        return FrozenDict({k: v if type(v) in _SCALARS else freeze(v) for k, v in value.items()})
    return FrozenList([v if type(v) in _SCALARS else freeze(v) for v in value])


# the scalar types of config data: kept as they are (anything else goes through freeze())
_SCALARS = frozenset({str, int, float, bool, type(None)})


def read_only(eff: Effective, shared: dict[int, tuple[Any, Any]] | None = None) -> Effective:
    """``eff`` made read-only for the rules (once: a second call costs nothing).

    ``shared`` (id of a data dict or model -> (it, its frozen form)) lets environments
    that share their data and model (a set's environments built from the same files) share
    one frozen copy, as they shared the original; it holds each object it names, so an id
    in it is never another object's."""
    if getattr(eff, "_read_only", False):
        return eff
    eff.data = _frozen_once(eff.data, shared)
    _frozen_once(eff.model, shared)
    for name in ("owners", "origins"):
        table = getattr(eff, name, None)
        if isinstance(table, dict):
            setattr(eff, name, MappingProxyType(table))
    docs = getattr(eff, "docs", None)
    if isinstance(docs, list):
        setattr(eff, "docs", tuple(docs))  # noqa: B010 (FileEffective only)
    setattr(eff, "_read_only", True)  # noqa: B010 (Effective.__setattr__ refuses after)
    return eff


def _frozen_once(value: Any, shared: dict[int, tuple[Any, Any]] | None) -> Any:
    if shared is None:
        return freeze(value)
    held = shared.get(id(value))
    if held is None:
        held = shared[id(value)] = (value, freeze(value))
    return held[1]


def read_only_all(effs: Iterable[Effective]) -> None:
    """Every one of ``effs`` made read-only, what they share frozen once (environments with
    the same files share one data dict and one model). The table lives for this call only."""
    shared: dict[int, tuple[Any, Any]] = {}
    for eff in effs:
        read_only(eff, shared)


@dataclass(frozen=True)
class Context(Generic[OptionsT]):
    """What a check sees: one environment's effective config, its options, the policy.

    Everything is read-only (frozen models, read-only mappings and lists, a frozen
    context): a check that tries to change what every other rule sees raises, and the
    engine reports that as the rule's own finding.
    """

    env: str | None
    config: ConfigFile
    effective: Effective
    options: OptionsT
    policy: Policy
    environments: Mapping[str | None, Effective] = field(default_factory=dict)

    def has(self, path: Path) -> bool:
        return self.effective.has(path)

    def written(self, path: Path) -> bool:
        """Whether a source writes the key, even with a value the schema refused."""
        return self.effective.written(path)


Check = Callable[[Context[Any]], Iterable[Violation]]

# Rule IDs: a prefix of capitals and three digits. DL (and any prefix starting with DL, which
# ``--select DL`` would match) is reserved for built-in rules; plugins and packs use their own.
RULE_ID = re.compile(r"[A-Z]{2,8}\d{3}")
BUILTIN_ID = re.compile(r"DL\d{3}")
RESERVED_PREFIX = "DL"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    docs: Docs
    options: type[Options] = Options
    check: Check | None = None
    # "environment": once per environment; "all": once, seeing every environment in
    # ``Context.environments`` (parity rules). A rule without a check is reported by the
    # loader, schema or config-set stages.
    scope: Literal["environment", "all"] = "environment"
    # Where the rule comes from: "" for a built-in rule, "plugin NAME (module)" for an
    # entry point of the ``deploylint.rules`` group, "pack FILE" for a declarative rule.
    origin: str = ""
    # whether findings carry a fix (docs and ``deploylint rule``): ruff's fix-safety note
    fix: Literal["none", "safe", "unsafe", "safe and unsafe"] = "none"
    # True for a scan that judges each value on its own, whatever the others hold (DL310):
    # conflicting values it reads are each seen once, never combined (the engine otherwise
    # evaluates every combination of the conflicting values a rule reads)
    reads_alone: bool = False

    def __post_init__(self) -> None:
        if not RULE_ID.fullmatch(self.id):
            raise ValueError(
                msg("bad rule id {rule}: a prefix of 2-8 capitals and 3 digits", rule=repr(self.id))
            )
        if self.origin and self.id.startswith(RESERVED_PREFIX):
            raise ValueError(
                msg(
                    "rule id {rule}: the DL prefix is reserved for built-in rules",
                    rule=repr(self.id),
                )
            )
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise ValueError(
                msg(
                    "rule {rule}: name {name} is not kebab-case", rule=self.id, name=repr(self.name)
                )
            )
