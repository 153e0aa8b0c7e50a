"""DL106 engine-version: database, cache and search versions exist and are allowed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field, field_validator

from deploylint import facts
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import Safety, set_value
from deploylint.rules._engines import (
    ACCEPTED,
    ENGINES,
    EngineFacts,
    EngineUse,
    components,
    engine_key,
    engine_uses,
    major,
    numbers,
)
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

LAST_ELASTICSEARCH = facts.ELASTICSEARCH_VERSIONS[-1]


class EngineVersionOptions(Options):
    allowed_majors: dict[str, list[int]] = Field(
        description=(
            N_(
                "Major versions allowed per engine (PostgreSQL, Redis, Valkey, OpenSearch, ...); "
                "an engine not listed is not restricted"
            )
        )
    )

    allowed_engines: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            N_(
                "Engines per component (database, cache, search) the policy allows (guide: "
                "PostgreSQL, Redis, OpenSearch); a component not listed is not restricted"
            )
        ),
    )

    @field_validator("allowed_majors")
    @classmethod
    def _normalize(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        return {engine_key(k) or k: v for k, v in value.items()}


# what the guide's 2.1 writes for a component's engine, for a message asking for one
_GUIDE_ENGINES = {"database": "PostgreSQL", "cache": "Redis"}


def _version(ctx: Context[EngineVersionOptions], use: EngineUse) -> Violation | None:
    if use.version is None:
        return None
    if use.key is None:  # a version of no engine: which versions exist is unknown
        return Violation(
            use.version_path,
            _(
                "not checked: {component} version {version} names no engine; add {component}.engine (the guide's {examples}) so that its version can be checked ({guide})"
            ).format(
                component=use.component,
                version=repr(use.version),
                examples=_GUIDE_ENGINES[use.component],
                guide=guide("2.1"),
            ),
            Severity.INFO,
        )
    allowed = ctx.options.allowed_majors.get(use.key)
    version = use.version.strip()
    found = major(version)
    if use.key not in ENGINES:  # no facts about its versions: the policy only
        if allowed is None or found in allowed:
            return None
        majors = ", ".join(str(m) for m in allowed)
        return Violation(
            use.version_path,
            _(
                "{component} version {version} is not one of the majors the policy allows for this engine ({majors}) ({guide})"
            ).format(
                component=use.component,
                version=repr(use.version),
                majors=majors,
                guide=guide("2.1"),
            ),
        )
    engine = ENGINES[use.key]
    shape = _shape(use, engine, version, allowed)
    if shape is not None:
        return shape
    exists = version in ACCEPTED[use.key] or (
        engine.major_only and version.isdigit() and found in engine.by_major
    )
    example = engine.latest(allowed) or engine.latest()
    what = f"{use.component} version {use.version!r}"
    if found is None or found not in engine.by_major:
        if use.component == "search" and not use.explicit and version in ACCEPTED["elasticsearch"]:
            return Violation(
                use.version_path,
                _(
                    "{what} is not an OpenSearch version but an Elasticsearch one; set `engine: Elasticsearch` if that is meant, or use OpenSearch {latest} ({guide})"
                ).format(what=what, latest=ENGINES["opensearch"].latest(), guide=guide("2.1")),
                Severity.WARNING,
            )
        latest_major = max(engine.by_major)
        newer = found == latest_major + 1 and not engine.closed and numbers(version) is not None
        if newer and allowed is not None and found not in allowed:
            majors = ", ".join(str(m) for m in allowed)
            return Violation(
                use.version_path,
                _(
                    "{what} is {name} {found}; the policy allows {name} {majors}; expected e.g. {example} ({guide})"
                ).format(
                    what=what,
                    name=engine.name,
                    found=found,
                    majors=majors,
                    example=repr(example),
                    guide=guide("2.1"),
                ),
            )
        if newer:
            return Violation(
                use.version_path,
                _(
                    "{what}: {name} {found} is not in deploylint's table (facts as of {as_of}, when {label} offered up to {latest}); check that {label} offers it ({guide})"
                ).format(
                    what=what,
                    name=engine.name,
                    found=found,
                    as_of=engine.as_of,
                    label=engine.label,
                    latest=engine.latest(),
                    guide=guide("2.1"),
                ),
                Severity.WARNING,
            )
        aside = ""
        if use.key == "opensearch" and found is not None and found >= 4:
            aside = _(
                " ({found}.x is Elastic's own Elasticsearch line, which AWS never offered; "
                "its last Elasticsearch is {last})"
            ).format(found=found, last=LAST_ELASTICSEARCH)
        return Violation(
            use.version_path,
            _(
                "{what}: {name} {version} does not exist; {label} offers {name} {ranges}{aside}; expected e.g. {example} ({guide})"
            ).format(
                what=what,
                name=engine.name,
                version=version,
                label=engine.label,
                ranges=engine.ranges(),
                aside=aside,
                example=repr(example),
                guide=guide("2.1"),
            ),
        )
    if allowed is not None and found not in allowed:
        majors = ", ".join(str(m) for m in allowed)
        also = (
            ""
            if exists
            else _(" ({version} is not even a released {engine} version)").format(
                version=version, engine=engine.label
            )
        )
        return Violation(
            use.version_path,
            _(
                "{what} is {name} {found}{also}; the policy allows {name} {majors}; expected e.g. {example} ({guide})"
            ).format(
                what=what,
                name=engine.name,
                found=found,
                also=also,
                majors=majors,
                example=repr(example),
                guide=guide("2.1"),
            ),
        )
    if use.key == "postgresql" and "-rds." in version:
        return _extended(use, engine, version)
    if not exists:
        return _unknown_minor(use, engine, found, version)
    if use.key == "postgresql" and version in facts.RDS_POSTGRES_DEPRECATED:
        latest = engine.by_major[found][-1]
        return Violation(
            use.version_path,
            _(
                "{what}: RDS lists PostgreSQL {version} as deprecated (facts as of {instance_facts_date}): running instances keep it, new ones cannot be created with it; use {latest} (the latest {found} minor) or '{found}' for the default minor ({guide})"
            ).format(
                what=what,
                version=version,
                instance_facts_date=facts.INSTANCE_FACTS_DATE,
                latest=repr(latest),
                found=found,
                guide=guide("2.1"),
            ),
            Severity.WARNING,
        )
    return None


# The shapes each API accepts. RDS PostgreSQL 10 and later: major.minor (15.4), a bare
# major (RDS picks the default minor) or major.minor-rds.YYYYMMDD (Extended Support); 9.x
# had three parts. OpenSearch Service: X.Y only (VersionString ^OpenSearch_[0-9]{1,2}\.
# [0-9]{1,2}$). ElastiCache Redis OSS 6 and later and Valkey: major.minor (6.x: the latest
# 6); Redis OSS before 6: three parts (5.0.6). Source: shared/reference/instance-classes.md
# §4 (DescribeDBEngineVersions values, botocore opensearch VersionString).
_PG_SHAPE = re.compile(r"[0-9]{1,2}(\.[0-9]{1,3}(-rds\.[0-9]{8})?)?")
_XY = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
_REDIS_SHAPE = re.compile(r"[0-9]\.[0-9]{1,2}|6\.x")
_REDIS_OLD = re.compile(r"[45]\.[0-9]\.[0-9]{1,2}")


def _shape(
    use: EngineUse, engine: EngineFacts, version: str, allowed: list[int] | None
) -> Violation | None:
    """A version in a shape the engine's API rejects (15.4.1, OpenSearch 2.19.1): an error
    that says the shape and the nearest version of the right shape."""
    found = major(version)
    if found is None:
        return None  # not a version at all: reported below
    parts = numbers(version)
    what = f"{use.component} version {use.version!r}"
    near = ".".join(version.split(".")[:2])
    if use.key == "postgresql":
        if found < 10 or _PG_SHAPE.fullmatch(version):
            return None
        rule = "RDS PostgreSQL 10 and later versions are major.minor (15.4) or a bare major"
    elif use.key in ("opensearch", "elasticsearch"):
        if _XY.fullmatch(version):
            return None
        spelled = "OpenSearch" if use.key == "opensearch" else "Elasticsearch"
        rule = (
            f"{engine.label} versions are X.Y ({spelled}_2.19, or bare 2.19); the API rejects "
            "a patch level or a bare major"
        )
    elif use.key == "redis":
        if _REDIS_SHAPE.fullmatch(version) or _REDIS_OLD.fullmatch(version):
            return None
        if found < 6:
            return None  # 4.0.10 and 5.0.6: the existence check names them
        rule = "ElastiCache Redis OSS 6 and later versions are major.minor (7.1) or 6.x"
    elif use.key == "valkey":
        if _XY.fullmatch(version):
            return None
        rule = "ElastiCache Valkey versions are major.minor (8.0)"
    else:
        return None
    if near not in engine.versions or (parts is not None and len(parts) == 1):
        near = engine.latest([found]) or engine.latest() or near
    return Violation(
        use.version_path,
        _("{what} is not a version the API accepts: {rule}; expected e.g. {near} ({guide})").format(
            what=what, rule=rule, near=repr(near), guide=guide("2.1")
        ),
    )


def _extended(use: EngineUse, engine: EngineFacts, version: str) -> Violation | None:
    """An RDS Extended Support version (11.22-rds.20240418): known, or well-formed."""
    if version in facts.RDS_POSTGRES_EXTENDED:
        return None
    return Violation(
        use.version_path,
        _(
            "{component} version {version} is not in deploylint's table of RDS Extended Support versions (facts as of {instance_facts_date}); check that {label} offers it ({guide})"
        ).format(
            component=use.component,
            version=repr(use.version),
            instance_facts_date=facts.INSTANCE_FACTS_DATE,
            label=engine.label,
            guide=guide("2.1"),
        ),
        Severity.WARNING,
    )


def _unknown_minor(use: EngineUse, engine: EngineFacts, found: int, version: str) -> Violation:
    """A minor the facts do not list: an error when AWS cannot offer it (below the first
    minor of its major, or past the end of a closed line), a warning when it may be newer
    than the facts, or retired (a gap in the list)."""
    known = engine.by_major[found]
    latest = known[-1]
    bare = _(" or '{major}' for the default minor").format(major=found) if engine.major_only else ""
    use_instead = _(
        "use {major}.x, e.g. {latest} (the latest {major} minor){bare} ({guide})"
    ).format(major=found, latest=repr(latest), bare=bare, guide=guide("2.1"))
    what = f"{use.component} version {use.version!r}"
    fix = set_value(
        use.version_path,
        latest,
        _("use {latest}, the latest {engine} {major} minor (test the upgrade)").format(
            latest=latest, engine=engine.name, major=found
        ),
        Safety.UNSAFE,
    )
    written = numbers(version)
    first, last = numbers(known[0]), numbers(latest)
    if written is not None and first is not None and written < first:
        return Violation(
            use.version_path,
            _(
                "{what} cannot exist: {label}'s first {name} {found} version is {known} ({ranges}); {use_instead}"
            ).format(
                what=what,
                label=engine.label,
                name=engine.name,
                found=found,
                known=known[0],
                ranges=engine.ranges(found),
                use_instead=use_instead,
            ),
            fix=fix,
        )
    if written is not None and last is not None and written > last:
        if engine.closed:
            newer = ""
            if use.key == "redis":
                valkey = ENGINES["valkey"].versions[0]
                newer = _("; ElastiCache continues with Valkey {valkey} and later").format(
                    valkey=valkey
                )
            return Violation(
                use.version_path,
                _("{what} cannot exist: {label} ends at {latest}{newer}; {use_instead}").format(
                    what=what,
                    label=engine.label,
                    latest=engine.latest(),
                    newer=newer,
                    use_instead=use_instead,
                ),
                fix=fix,
            )
        return Violation(
            use.version_path,
            _(
                "{what} is not in deploylint's table (facts as of {as_of}, when {label} offered {ranges}); check that {label} offers it, else {use_instead}"
            ).format(
                what=what,
                as_of=engine.as_of,
                label=engine.label,
                ranges=engine.ranges(found),
                use_instead=use_instead,
            ),
            Severity.WARNING,
        )
    return Violation(
        use.version_path,
        _(
            "{what} is not a released {label} version (or one since retired); {label} offers {ranges}; {use_instead}"
        ).format(
            what=what, label=engine.label, ranges=engine.ranges(found), use_instead=use_instead
        ),
        Severity.WARNING,
        fix=fix,
    )


def _engine(ctx: Context[EngineVersionOptions], use: EngineUse) -> Violation | None:
    allowed = ctx.options.allowed_engines.get(use.component)
    if not allowed or use.key is None or not use.explicit:
        return None
    if use.key in {engine_key(e) for e in allowed}:
        return None
    return Violation(
        use.engine_path if ctx.has(use.engine_path) else use.version_path,
        _(
            "{component} engine {value} is not one the policy allows; expected {join} (its versions are then checked) ({guide})"
        ).format(
            component=use.component,
            value=ENGINES[use.key].name if use.key in ENGINES else use.key,
            join=" or ".join(allowed),
            guide=guide("2.1"),
        ),
    )


def check(ctx: Context[EngineVersionOptions]) -> Iterator[Violation]:
    for use in engine_uses(components(ctx)):
        wrong = _engine(ctx, use)
        if wrong is not None:
            yield wrong
            continue
        found = _version(ctx, use)
        if found is not None:
            yield found


RULE = Rule(
    id="DL106",
    name="engine-version",
    severity=Severity.ERROR,
    summary=N_("Database, cache and search engine versions exist and are allowed by policy."),
    options=EngineVersionOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "With the policy's `allowed_engines` (guide: PostgreSQL, Redis or Valkey, "
                "OpenSearch), another engine (MySQL, Memcached, Elasticsearch) is an error. "
                "Checks `version` of `architecture.components.database` (RDS PostgreSQL), "
                "`cache` (ElastiCache Redis OSS or Valkey) and `search` (OpenSearch Service; "
                "OpenSearch unless `engine: Elasticsearch` or a version such as "
                "`Elasticsearch_7.10`). A major that does not exist for the engine is an error "
                "(OpenSearch 8.0); a major outside the policy's `allowed_majors` is an error "
                "(guide: PostgreSQL 15, Redis 7). A version the AWS API rejects is an error: a "
                "minor below the first of its major (RDS PostgreSQL 15.0: the first 15 was "
                "15.2) or past the end of a closed line (ElastiCache Redis OSS ends at 7.1, so "
                "Redis 7.3 cannot exist; Valkey continues). A version newer than deploylint's "
                "facts (a minor after the latest listed, or the next major) is a warning that "
                "names the date the facts were taken; a minor missing inside the listed range "
                "(never released, or retired or in extended support) stays a warning. The "
                "latest minor is suggested. RDS PostgreSQL also accepts a bare major ('15'). "
                "Engines without known versions (MySQL, ...) are only checked against the "
                "policy."
            )
        ),
        why=(
            N_(
                "CreateDBInstance, CreateReplicationGroup and CreateDomain reject a version "
                "that does not exist, so the environment cannot be built from the config. A "
                "major outside the policy misses the upgrades and tests the team planned for."
            )
        ),
        example=(
            "architecture:\n  components:\n"
            "    database: {engine: PostgreSQL, version: '15.0'}\n"
            "    search: {type: OpenSearch, version: '8.0'}\n"
        ),
        use_instead=(
            "architecture:\n  components:\n"
            "    database: {engine: PostgreSQL, version: '15.17'}\n"
            "    search: {type: OpenSearch, version: '2.19'}\n"
        ),
        references=(
            "guide 2.1",
            "RDS PostgreSQL versions: https://docs.aws.amazon.com/AmazonRDS/latest/"
            "PostgreSQLReleaseNotes/postgresql-versions.html",
            "ElastiCache versions: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/"
            "supported-engine-versions.html",
            "OpenSearch Service versions: https://docs.aws.amazon.com/opensearch-service/"
            "latest/developerguide/features-by-version.html",
        ),
    ),
)
