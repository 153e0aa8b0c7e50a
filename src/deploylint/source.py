"""Where a run's configs come from: config files and the live state behind one interface.

A :class:`Source` yields :class:`Read` units: a config set, or the live state of one
environment. Each holds, per environment, the effective config the rules (``check``) or the
comparison (``drift``) read; the findings of reading it (a file that does not parse, a
value the schema rejects, a conflict, an ambiguous binding); the inputs it left out; the
parts it could not read; and the identity of its config set (the set's folder; "" for live
state, which belongs to no set). The evaluation never asks which kind of source it has:
:func:`deploylint.findings.engine.evaluate` runs the rules on any ``Read``.

- :class:`FileSource`: config files, one ``Read`` per config set (``check``, the declared
  side of ``drift`` and of ``check --live``).
- :class:`LiveStateSource`: a snapshot file or AWS itself (``check --live/--snapshot``,
  the live side of ``drift``), one ``Read`` per environment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Protocol

from deploylint.findings.finding import Finding
from deploylint.model.effective import Effective
from deploylint.sources.configset import (
    Issue,
    SourceDoc,
    check_environment_names,
    load_set,
    resolve_extends,
)
from deploylint.sources.files import ConfigSet
from deploylint.sources.merge import SetEnvironments, build

if TYPE_CHECKING:
    from deploylint.live.binding import Bound
    from deploylint.live.run import LiveSource
    from deploylint.model.sections import AwsBinding
    from deploylint.settings import Settings


@dataclass
class Read:
    """One unit a source yields (see the module's docstring)."""

    environments: dict[str | None, Effective]
    identity: str = ""  # the config set's folder (real path); "" for live state
    problems: list[Finding] = field(default_factory=list)  # findings of reading
    issues: list[Issue] = field(default_factory=list)  # the same, typed (files only)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) left out
    incomplete: list[str] = field(default_factory=list)  # parts that could not be read
    worlds: SetEnvironments | None = None  # conflicting values (files): their variants
    texts: dict[str, str] = field(default_factory=dict)  # file texts (suppressions, lines)
    docs: Sequence[SourceDoc] = ()  # every document read: the set's, and bases reached
    bound: dict[str, Bound] = field(default_factory=dict)  # live: the bound resources
    not_configs: dict[FsPath, tuple[str, str]] = field(default_factory=dict)  # files


class Source(Protocol):
    """Anything that yields reads: config files, a snapshot, AWS."""

    def reads(self, settings: Settings) -> Iterator[Read]: ...


@dataclass
class FileSource:
    """Config files: one read per config set."""

    sets: list[ConfigSet]

    def reads(self, settings: Settings) -> Iterator[Read]:
        from deploylint.findings.engine import included

        for config_set in self.sets:  # `exclude` means the same in every command
            yield read_set(included(config_set, settings), settings)


def read_set(config_set: ConfigSet, settings: Settings) -> Read:
    """One config set (``include``/``exclude`` applied): loaded, merged per environment,
    and its reading's findings."""
    from deploylint.findings.engine import issue_finding

    loaded = load_set(config_set, settings.limits)
    resolve_extends(loaded, settings.limits)
    check_environment_names(loaded)
    built = build(loaded)
    environments: dict[str | None, Effective] = dict(built.primary)
    problems = [issue_finding(i, built.primary) for i in [*loaded.issues, *built.issues]]
    return Read(
        environments,
        identity=config_set.top.as_posix(),
        problems=problems,
        issues=[*loaded.issues, *built.issues],
        skipped=sorted([*config_set.skipped, *loaded.skipped.values()]),
        not_configs=dict(loaded.skipped),
        worlds=built,
        texts=loaded.texts,
        docs=[*loaded.docs, *loaded.reached],
    )


@dataclass
class LiveStateSource:
    """The live state (a snapshot file or AWS) of some environments: one read each.

    ``environments`` names each environment with the declared ``aws`` binding block and
    region its configs give (None without configs)."""

    live: LiveSource
    environments: list[tuple[str, AwsBinding | None, str | None]]

    def reads(self, settings: Settings) -> Iterator[Read]:
        from deploylint.live.run import each, live_read

        many = len(self.environments) > 1

        def one(item: tuple[str, AwsBinding | None, str | None]) -> Read:
            env, aws, region = item
            return live_read(self.live.for_env(env, many), env, aws, region, settings, many)

        yield from each(self.environments, one)
