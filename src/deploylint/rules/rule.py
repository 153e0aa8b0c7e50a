"""What a rule is: metadata, an options model, docs, and a pure check function.

A rule module (``deploylint/rules/dlNNN_name.py``) defines ``RULE = Rule(...)``. Its check
takes a :class:`Context` and yields :class:`Violation` objects that name a document path;
the engine turns paths into file:line:column, applies severities, settings and
suppressions. Rules never read files, settings or comments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from deploylint.findings.finding import Path, Severity

if TYPE_CHECKING:
    from deploylint.model.sections import ConfigFile
    from deploylint.rules.policy import Policy
    from deploylint.sources.configset import Effective


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
class Violation:
    """A rule's report: where (a document path) and what (a message for a tired human)."""

    path: Path
    message: str
    severity: Severity | None = None  # a sub-case with its own default (e.g. "warning")


@dataclass
class Context(Generic[OptionsT]):
    """What a check sees: one environment's effective config, its options, the policy."""

    env: str | None
    config: ConfigFile
    effective: Effective
    options: OptionsT
    policy: Policy
    environments: Mapping[str | None, Effective] = field(default_factory=dict)

    def where(self, path: Path) -> str:
        """``file:line`` of a path (or of its nearest present parent), for messages."""
        return self.effective.where(path)

    def has(self, path: Path) -> bool:
        return self.effective.has(path)


Check = Callable[[Context[Any]], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    docs: Docs
    options: type[Options] = Options
    check: Check | None = None
    # "environment": once per environment; "all": once, seeing every environment;
    # "engine": reported by the loader, schema or config-set stages, not by a check.
    scope: Literal["environment", "all", "engine"] = "environment"

    def __post_init__(self) -> None:
        if not re.fullmatch(r"DL\d{3}", self.id):
            raise ValueError(f"bad rule id {self.id!r}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise ValueError(f"rule {self.id}: name {self.name!r} is not kebab-case")


def run(rule: Rule, ctx: Context[Any]) -> Iterator[Violation]:
    if rule.check is not None:
        yield from rule.check(ctx)
