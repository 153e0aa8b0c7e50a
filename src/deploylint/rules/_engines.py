"""Helpers shared by the DL1xx architecture rules (guide 2.1): environments, engines, classes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from deploylint import facts
from deploylint.findings.finding import Path
from deploylint.model.sections import Components, Environment
from deploylint.model.versions import engine_key as engine_key
from deploylint.model.versions import major as major
from deploylint.model.versions import numbers as numbers
from deploylint.model.versions import split_version
from deploylint.rules.rule import Context

ENVIRONMENTS: Path = ("architecture", "environments")
COMPONENTS: Path = ("architecture", "components")
GUIDE = "(guide 2.1)"


def environments(ctx: Context[Any]) -> Iterator[tuple[str, Environment, Path]]:
    """The environment this run checks (all of them without one), with its document path."""
    arch = ctx.config.architecture
    envs = arch.environments if arch and arch.environments else {}
    names = [ctx.env] if ctx.env is not None else sorted(envs)
    for name in names:
        env = envs.get(name)
        if env is not None:
            yield name, env, (*ENVIRONMENTS, name)


def components(ctx: Context[Any]) -> Components | None:
    arch = ctx.config.architecture
    return arch.components if arch else None


# --- engines and versions ----------------------------------------------------------------


@dataclass(frozen=True)
class EngineFacts:
    label: str  # "RDS PostgreSQL"
    name: str  # "PostgreSQL"
    versions: tuple[str, ...]
    major_only: bool = False  # a bare major ('15') is accepted and picks the default minor
    closed: bool = False  # the line gets no new versions (Redis OSS ends at 7.1 on ElastiCache)
    as_of: str = facts.FACTS_DATE  # when the versions were taken

    @cached_property
    def by_major(self) -> dict[int, tuple[str, ...]]:
        """Major -> its versions, in the order facts lists them."""
        out: dict[int, list[str]] = {}
        for v in self.versions:
            m = major(v)
            if m is not None:
                out.setdefault(m, []).append(v)
        return {m: tuple(vs) for m, vs in out.items()}

    def ranges(self, only: int | None = None) -> str:
        """'1.0-1.3, 2.3-2.19, 3.1-3.7' (or one major's range)."""
        parts = []
        for m, vs in self.by_major.items():
            if only is None or m == only:
                parts.append(vs[0] if len(vs) == 1 else f"{vs[0]}-{vs[-1]}")
        return ", ".join(parts)

    def latest(self, allowed: list[int] | None = None) -> str | None:
        """The newest version, within the allowed majors when the policy restricts them."""
        for m in sorted(self.by_major, reverse=True):
            if allowed is None or m in allowed:
                return self.by_major[m][-1]
        return None


ENGINES: dict[str, EngineFacts] = {
    "postgresql": EngineFacts(
        "RDS PostgreSQL",
        "PostgreSQL",
        tuple(v for vs in facts.RDS_POSTGRES_VERSIONS.values() for v in vs),
        major_only=True,
        as_of=facts.INSTANCE_FACTS_DATE,
    ),
    "redis": EngineFacts(
        "ElastiCache Redis OSS",
        "Redis",
        tuple(v for v in facts.REDIS_VERSIONS if v != "6.x"),
        closed=True,  # ElastiCache continues with Valkey 7.2+
        as_of=facts.INSTANCE_FACTS_DATE,
    ),
    "valkey": EngineFacts(
        "ElastiCache Valkey", "Valkey", facts.VALKEY_VERSIONS, as_of=facts.INSTANCE_FACTS_DATE
    ),
    "opensearch": EngineFacts("OpenSearch Service", "OpenSearch", facts.OPENSEARCH_VERSIONS),
    "elasticsearch": EngineFacts(
        "OpenSearch Service", "Elasticsearch", facts.ELASTICSEARCH_VERSIONS, closed=True
    ),
}
ACCEPTED: dict[str, frozenset[str]] = {
    key: frozenset(e.versions)
    | ({"6.x"} if key == "redis" else set())
    | (facts.RDS_POSTGRES_EXTENDED if key == "postgresql" else set())
    for key, e in ENGINES.items()
}


@dataclass(frozen=True)
class EngineUse:
    """One component's engine and version as the rules see it."""

    component: str  # database, cache, search
    key: str | None  # normalized engine name
    explicit: bool  # the engine was written (not inferred)
    version: str | None
    version_path: Path
    engine_path: Path


def engine_uses(comps: Components | None) -> Iterator[EngineUse]:
    """database, cache and search engines; a search engine may come from 'OpenSearch_2.13'."""
    if comps is None:
        return
    for name in ("database", "cache", "search"):
        part = getattr(comps, name)
        if part is None:
            continue
        path = (*COMPONENTS, name)
        key, explicit, version = engine_key(part.engine), part.engine is not None, part.version
        if name == "search" and version is not None:
            written = split_version(version)
            if written.engine is not None:
                version = written.version
                if key is None:
                    key, explicit = written.engine, True
            if key is None:
                key = "opensearch"  # the service is OpenSearch Service (guide: type OpenSearch)
        yield EngineUse(name, key, explicit, version, (*path, "version"), (*path, "engine"))


# --- instance classes --------------------------------------------------------------------

SIZE_ORDER: dict[str, int] = {
    size: i
    for i, size in enumerate(
        ["nano", "micro", "small", "medium", "large", "xlarge"]
        + [f"{n}xlarge" for n in (2, 3, 4, 6, 8, 9, 10, 12, 16, 18, 24, 32, 48, 96, 112)]
    )
}


def family_size(instance_class: str) -> tuple[str, str] | None:
    """'db.r5.large' / 'cache.r5.large' / 'r5.large.search' -> ('r5', 'large')."""
    text = instance_class.lower()
    for prefix in ("db.", "cache."):
        text = text.removeprefix(prefix)
    text = text.removesuffix(".search")
    family, dot, size = text.partition(".")
    return (family, size.split(".")[0]) if dot else None


def larger(mine: str, theirs: str) -> bool | None:
    """Whether class ``mine`` is larger than ``theirs`` (memory, else size in one family)."""
    a, b = facts.instance_memory_gib(mine), facts.instance_memory_gib(theirs)
    if a is not None and b is not None:
        return a > b
    fa, fb = family_size(mine), family_size(theirs)
    if fa is None or fb is None or fa[0] != fb[0]:
        return None
    ra, rb = SIZE_ORDER.get(fa[1]), SIZE_ORDER.get(fb[1])
    return None if ra is None or rb is None else ra > rb


def larger_estimated(mine: str, theirs: str) -> bool | None:
    """``larger`` for classes the table does not know: memory from the family letter and
    size (db.r8g.large: 16 GiB). None when a name gives nothing."""
    a = facts.instance_memory_gib(mine) or facts.estimated_memory_gib(mine)
    b = facts.instance_memory_gib(theirs) or facts.estimated_memory_gib(theirs)
    return None if a is None or b is None else a > b
