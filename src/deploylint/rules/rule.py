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
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from deploylint.findings.finding import Path, Severity
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


@dataclass
class Context(Generic[OptionsT]):
    """What a check sees: one environment's effective config, its options, the policy."""

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

    def __post_init__(self) -> None:
        if not RULE_ID.fullmatch(self.id):
            raise ValueError(f"bad rule id {self.id!r}: a prefix of 2-8 capitals and 3 digits")
        if self.origin and self.id.startswith(RESERVED_PREFIX):
            raise ValueError(f"rule id {self.id!r}: the DL prefix is reserved for built-in rules")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise ValueError(f"rule {self.id}: name {self.name!r} is not kebab-case")
