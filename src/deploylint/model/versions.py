"""Engine names and versions, normalised once for the rules and for drift.

A config may write an engine's version bare (``2.11``, as the guide does) or as AWS spells
it (``OpenSearch_2.11``); both name the same version. The rules (DL106) and the drift
comparison read versions only through :func:`split_version`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "EngineVersion",
    "as_written",
    "engine_key",
    "engine_name",
    "major",
    "numbers",
    "same_version",
    "split_version",
]

_ENGINE_ALIASES = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "rdspostgresql": "postgresql",
    "redis": "redis",
    "redisoss": "redis",
    "valkey": "valkey",
    "opensearch": "opensearch",
    "elasticsearch": "elasticsearch",
}
# AWS's engine identifiers as the guide and the configs name them
_ENGINE_NAMES = {
    "postgres": "PostgreSQL",
    "mysql": "MySQL",
    "mariadb": "MariaDB",
    "aurora-postgresql": "Aurora PostgreSQL",
    "aurora-mysql": "Aurora MySQL",
    "redis": "Redis",
    "valkey": "Valkey",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# 15.4, 4.0.10, 6.x, 15; RDS Extended Support's 11.22-rds.20240418 (major.minor and a date).
_VERSION = re.compile(r"([0-9]{1,4})(?:\.([0-9]{1,4}|x)(?:\.[0-9]{1,4})?(?:-rds\.[0-9]{8})?)?")
_PREFIXED = re.compile(r"(OpenSearch|Elasticsearch)_(.*)", re.IGNORECASE)


def engine_key(engine: str | None) -> str | None:
    """'PostgreSQL' / 'postgres' -> 'postgresql', 'Redis OSS' -> 'redis'; others lowercased."""
    if engine is None:
        return None
    squashed = _NON_ALNUM.sub("", engine.lower())
    return _ENGINE_ALIASES.get(squashed, squashed)


def numbers(version: str) -> tuple[int, ...] | None:
    """'15.4' -> (15, 4), '4.0.10' -> (4, 0, 10); None for '6.x' or a non-version."""
    text = version.strip()
    if _VERSION.fullmatch(text) is None or "x" in text:
        return None
    return tuple(int(part) for part in text.partition("-rds.")[0].split("."))


def major(version: str) -> int | None:
    """The major of '15.4', '7.0', '6.x', '4.0.10', '15'; None when it is not a version."""
    match = _VERSION.fullmatch(version.strip())
    return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class EngineVersion:
    """A version as written, split into the engine it names (if any) and the bare version."""

    engine: str | None  # engine_key of an AWS prefix ('OpenSearch_2.11' -> 'opensearch')
    version: str  # '2.11'


def split_version(text: str) -> EngineVersion:
    """'OpenSearch_2.11' -> (opensearch, '2.11'); ' 2.11 ' -> (None, '2.11')."""
    stripped = text.strip()
    prefixed = _PREFIXED.fullmatch(stripped)
    if prefixed:
        return EngineVersion(engine_key(prefixed.group(1)), prefixed.group(2).strip())
    return EngineVersion(None, stripped)


def same_version(declared: str, live: object) -> bool:
    """Whether a live version is the one a config declares, both read through
    :func:`split_version` (``OpenSearch_2.11`` is ``2.11``): ``'15'`` matches 15.x,
    ``'15.4'`` 15.4 and 15.4.x, ``'7.x'`` any 7; an engine prefix on both sides
    (``OpenSearch_2.11``, ``Elasticsearch_7.10``) must name the same engine."""
    if live is None:
        return False
    want_v, have_v = split_version(str(declared)), split_version(str(live))
    if want_v.engine and have_v.engine and want_v.engine != have_v.engine:
        return False
    want = [p for p in want_v.version.split(".") if p]
    have = have_v.version.split(".")
    if len(have) < len([p for p in want if p != "x"]):
        return False
    return all(w in ("x", "*") or (i < len(have) and w == have[i]) for i, w in enumerate(want))


def engine_name(engine: str) -> str:
    """AWS's engine identifier as a config names it: ``postgres`` -> ``PostgreSQL``."""
    return _ENGINE_NAMES.get(engine.strip().lower(), engine)


def as_written(component: str, version: str) -> str:
    """A live version as a config writes it: ``OpenSearch_2.11`` -> ``2.11``; a cache 6 or
    later by major.minor (``7.1.0`` -> ``7.1``, as ElastiCache names it)."""
    bare = split_version(version).version
    if component == "cache" and not bare.startswith(("3", "4", "5")):
        return ".".join(bare.split(".")[:2])
    return bare
