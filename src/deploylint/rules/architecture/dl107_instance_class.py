"""DL107 instance-class: each instance class fits its service and is a known class."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide, msg
from deploylint.model.sections import Components
from deploylint.rules._engines import COMPONENTS, SIZE_ORDER, components, engine_key
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

# RDS for Oracle memory-optimised classes: db.r5.2xlarge.tpc2.mem4x
_RDS_EXTRA = re.compile(r"(.+)\.tpc[0-9]+\.mem[0-9]+x")
EC2_TYPES = sorted(f"{f}.{s}" for f, sizes in facts.EC2_INSTANCE_SIZES.items() for s in sizes)
CACHE_TYPES = sorted(
    f"cache.{f}.{s}" for f, sizes in facts.ELASTICACHE_NODE_SIZES.items() for s in sizes
)
SEARCH_TYPES = sorted(
    f"{f}.{s}.search" for f, sizes in facts.OPENSEARCH_INSTANCE_SIZES.items() for s in sizes
)
SERVICES = {
    "database": N_("RDS instance classes start with db. (e.g. db.r5.large)"),
    "cache": N_("ElastiCache node types start with cache. (e.g. cache.r5.large)"),
    "search": N_("OpenSearch Service instance types end with .search (e.g. r5.large.search)"),
}
# The RDS engine whose class list applies, by the components' engine (engine_key).
RDS_ENGINE = {
    "postgresql": "postgres",
    "aurorapostgresql": "aurora-postgresql",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "auroramysql": "aurora-mysql",
    "aurora": "aurora-mysql",
}
RDS_LABEL = {
    "postgres": "RDS for PostgreSQL",
    "aurora-postgresql": "Aurora PostgreSQL",
    "mysql": "RDS for MySQL",
    "mariadb": "RDS for MariaDB",
    "aurora-mysql": "Aurora MySQL",
}
ANY_RDS: dict[str, frozenset[str]] = {}
for _table in facts.RDS_CLASSES.values():  # every engine: the database without one
    for _family, _known in _table.items():
        ANY_RDS[_family] = ANY_RDS.get(_family, frozenset()) | _known


# A well-formed EC2-style family and size (r7g.large, im4gn.2xlarge, or2.large): a type newer
# than deploylint's facts looks like this; a typo (r5.larg, db.large) does not.
_FAMILY_SIZE = re.compile(
    r"[a-z]{1,3}[0-9]{1,2}[a-z0-9-]*\.(nano|micro|small|medium|large|[0-9]{0,2}xlarge|metal)"
)
_GENERATION = re.compile(r"([a-z]+)([0-9]+)([a-z0-9-]*)")


def _split(family: str) -> tuple[str, int, str] | None:
    """'r6gd' -> ('r', 6, 'gd'), 'im4gn' -> ('im', 4, 'gn')."""
    match = _GENERATION.fullmatch(family)
    return None if match is None else (match.group(1), int(match.group(2)), match.group(3))


def _newer(family: str, table: dict[str, frozenset[str]]) -> bool:
    """Whether ``family`` may be newer than the table: its series (r, m, im, or...) is one the
    service offers and its generation is past every one the table lists (db.r9g when the
    table ends at r8g). db.c5 or db.m5a (a series or generation the service never took) is
    not."""
    mine = _split(family)
    if mine is None:
        return False
    known = [g for f in table if (g := _split(f)) is not None and g[0] == mine[0]]
    return bool(known) and mine[1] > max(g[1] for g in known)


def _known_elsewhere(family: str, table: dict[str, frozenset[str]]) -> bool:
    """A family deploylint knows from EC2 that the service's list lacks, and that is not
    newer than the list (db.c5, db.g4dn, db.m5a): known not to be offered, an error. A
    family no table knows (db.z9q), or one newer than the list (db.r9g), may be newer than
    the facts: a warning (unknown is not wrong)."""
    return family in facts.EC2_INSTANCE_SIZES and not _newer(family, table)


def _unknown(what: str, service: str, hint: str) -> tuple[str, Severity | None]:
    """Principle 2 (unknown is not wrong): a warning that names the facts' date."""
    return (
        msg(
            "{what} is not in deploylint's table (facts as of {date}); "
            "check that {service} offers it{hint}",
            what=what,
            date=facts.INSTANCE_FACTS_DATE,
            service=service,
            hint=hint,
        ),
        Severity.WARNING,
    )


def _in(table: dict[str, frozenset[str]], family_size: str) -> bool:
    family, _, size = family_size.partition(".")
    return size in table.get(family, ())


def _sizes(table: dict[str, frozenset[str]], family: str) -> str:
    order = {s: i for i, s in enumerate(SIZE_ORDER)}
    return ", ".join(sorted(table[family], key=lambda s: order.get(s, len(order))))


def _ec2(family_size: str) -> bool:
    return _in(facts.EC2_INSTANCE_SIZES, family_size)


def _close(text: str, choices: Sequence[str]) -> str:
    found = difflib.get_close_matches(text, choices, n=1, cutoff=0.75)
    return msg("; did you mean {name}?", name=found[0]) if found else ""


def _other_service(component: str, text: str) -> str | None:
    if component != "database" and text.startswith("db."):
        return msg("an RDS instance class")
    if component != "cache" and text.startswith("cache."):
        return msg("an ElastiCache node type")
    if component != "search" and text.endswith((".search", ".elasticsearch")):
        return msg("an OpenSearch instance type")
    return None


Judgement = tuple[str, Severity | None] | None


@cache
def _rds_choices(rds: str | None) -> tuple[str, ...]:
    """Every class of ``rds`` (None: of any engine), for a did-you-mean (built once each)."""
    table = facts.RDS_CLASSES[rds] if rds else ANY_RDS
    return tuple(sorted(f"db.{f}.{s}" for f, sizes in table.items() for s in sizes if s))


def _database(text: str, what: str, engine: str | None) -> Judgement:
    if not text.startswith("db."):
        hint = msg("; did you mean {name}?", name="db." + text) if _in(ANY_RDS, text) else ""
        return msg(
            "{what} is not an RDS class: {rule}{hint}",
            what=what,
            rule=msg(SERVICES["database"]),
            hint=hint,
        ), None
    rest = text.removeprefix("db.")
    extra = _RDS_EXTRA.fullmatch(rest)
    base = extra.group(1) if extra else rest
    rds = RDS_ENGINE.get(engine or "")
    table = facts.RDS_CLASSES[rds] if rds else ANY_RDS
    label = RDS_LABEL[rds] if rds else "RDS"
    choices = _rds_choices(rds)
    if base == "serverless":
        if rds is None or "serverless" in table:
            return None
        return (
            msg(
                "{what} is Aurora Serverless v2's instance class; {label} has none (it runs "
                "provisioned classes such as db.r6g.large); use a provisioned class, or Aurora "
                "Serverless v2 (engine Aurora PostgreSQL)",
                what=what,
                label=label,
            ),
            None,
        )
    family, _, size = base.partition(".")
    if extra is not None and rds == "postgres":
        return msg(
            "{what} is an RDS for Oracle class (tpc/mem); {label} does not offer it",
            what=what,
            label=label,
        ), None
    if family in table and size in table[family]:
        legacy = facts.RDS_POSTGRES_LEGACY.get(family) if rds == "postgres" else None
        if legacy is not None:
            return (
                msg(
                    "{what} is a previous-generation class ({legacy}); RDS for PostgreSQL 13 "
                    "and later run current classes such as db.t4g, db.m7g, db.r7g",
                    what=what,
                    legacy=legacy,
                ),
                Severity.WARNING,
            )
        return None
    if family in table:
        return (
            msg(
                "{what}: {label} offers {family} in sizes {sizes}, not {size} "
                "(facts as of {date}){hint}",
                what=what,
                label=label,
                family="db." + family,
                sizes=_sizes(table, family),
                size=size or msg("(none)"),
                date=facts.INSTANCE_FACTS_DATE,
                hint=_close(text, choices),
            ),
            None,
        )
    if _FAMILY_SIZE.fullmatch(base) and not _known_elsewhere(family, table):
        return _unknown(what, label, "")
    if _FAMILY_SIZE.fullmatch(base):
        aside = (
            msg(
                " ({base} is an EC2 instance type, but RDS classes are a list of their own)",
                base=base,
            )
            if _ec2(base)
            else ""
        )
        return (
            msg(
                "{what} is not an instance class {label} offers: it offers no {family} "
                "classes (facts as of {date}){aside}{hint}",
                what=what,
                label=label,
                family="db." + family,
                date=facts.INSTANCE_FACTS_DATE,
                aside=aside,
                hint=_close(text, choices),
            ),
            None,
        )
    return msg(
        "{what} is not a known RDS instance class{hint}", what=what, hint=_close(text, choices)
    ), None


def _cache(text: str, what: str, engine: str | None) -> Judgement:
    table = facts.ELASTICACHE_NODE_SIZES
    if not text.startswith("cache."):
        hint = msg("; did you mean {name}?", name="cache." + text) if _in(table, text) else ""
        return msg(
            "{what} is not an ElastiCache node type: {rule}{hint}",
            what=what,
            rule=msg(SERVICES["cache"]),
            hint=hint,
        ), None
    rest = text.removeprefix("cache.")
    family, _, size = rest.partition(".")
    if family in facts.ELASTICACHE_PREVIOUS:
        return (
            msg(
                "{what} is a previous-generation node type: existing clusters run, new ones "
                "cannot use it; use a current type such as cache.t4g or cache.r7g",
                what=what,
            ),
            Severity.WARNING,
        )
    if _in(table, rest):
        if family == "r6gd" and engine == "memcached":
            return (
                msg(
                    "{what} is a data-tiering node type, offered for Redis OSS and Valkey, not "
                    "Memcached",
                    what=what,
                ),
                None,
            )
        return None
    if family in table:
        return (
            msg(
                "{what}: {label} offers {family} in sizes {sizes}, not {size} "
                "(facts as of {date}){hint}",
                what=what,
                label="ElastiCache",
                family="cache." + family,
                sizes=_sizes(table, family),
                size=size or msg("(none)"),
                date=facts.INSTANCE_FACTS_DATE,
                hint=_close(text, CACHE_TYPES),
            ),
            None,
        )
    if _FAMILY_SIZE.fullmatch(rest) and not _known_elsewhere(family, table):
        return _unknown(what, "ElastiCache", "")
    if _FAMILY_SIZE.fullmatch(rest):
        return (
            msg(
                "{what} is not a node type ElastiCache offers: it offers no {family} "
                "types (facts as of {date}){hint}",
                what=what,
                family="cache." + family,
                date=facts.INSTANCE_FACTS_DATE,
                hint=_close(text, CACHE_TYPES),
            ),
            None,
        )
    return msg(
        "{what} is not a known ElastiCache node type{hint}",
        what=what,
        hint=_close(text, CACHE_TYPES),
    ), None


def _search(text: str, what: str, engine: str | None) -> Judgement:
    table = facts.OPENSEARCH_INSTANCE_SIZES
    if text.endswith(".elasticsearch"):
        fixed = text.removesuffix(".elasticsearch") + ".search"
        return (
            msg(
                "{what} is the legacy Elasticsearch API's name; the OpenSearch API calls it "
                "{fixed}",
                what=what,
                fixed=fixed,
            ),
            Severity.WARNING,
        )
    if not text.endswith(".search"):
        hint = msg("; did you mean {name}?", name=text + ".search") if _in(table, text) else ""
        return msg(
            "{what} is not an OpenSearch instance type: {rule}{hint}",
            what=what,
            rule=msg(SERVICES["search"]),
            hint=hint,
        ), None
    rest = text.removesuffix(".search")
    family, _, size = rest.partition(".")
    if _in(table, rest):
        if family in facts.OPENSEARCH_PREVIOUS:
            return (
                msg(
                    "{what} is a previous-generation instance type; use a current one such as "
                    "r7g.large.search or m7g.large.search",
                    what=what,
                ),
                Severity.WARNING,
            )
        return None
    if _in(facts.OPENSEARCH_BOTOCORE_SIZES, rest):
        return _unknown(
            what, "OpenSearch Service", msg(" (the API model lists it; the price list does not)")
        )
    if family in table:
        return (
            msg(
                "{what}: {label} offers {family} in sizes {sizes}, not {size} "
                "(facts as of {date}){hint}",
                what=what,
                label="OpenSearch Service",
                family=family,
                sizes=_sizes(table, family),
                size=size or msg("(none)"),
                date=facts.INSTANCE_FACTS_DATE,
                hint=_close(text, SEARCH_TYPES),
            ),
            None,
        )
    if _FAMILY_SIZE.fullmatch(rest):
        return _unknown(what, "OpenSearch Service", "")
    return msg(
        "{what} is not a known OpenSearch instance type{hint}",
        what=what,
        hint=_close(text, SEARCH_TYPES),
    ), None


CHECKS = {"database": _database, "cache": _cache, "search": _search}


def _engine(component: str, comps: Components | None) -> str | None:
    part = getattr(comps, component, None) if comps is not None else None
    return engine_key(getattr(part, "engine", None)) if part is not None else None


@lru_cache(maxsize=1024)
def rejected(component: str, instance_class: str, engine: str | None = None) -> bool:
    """Whether DL107 reports ``instance_class`` as an error: rules that read the class
    (DL304, DL109) stay quiet about it then. (A function of its strings and the facts:
    cached, since several rules and environments ask about the same class.)"""
    text = instance_class.strip().lower()
    if _other_service(component, text) is not None:
        return True
    found = CHECKS[component](text, "", engine_key(engine))
    return found is not None and found[1] is None


def check(ctx: Context[Options]) -> Iterator[Violation]:
    comps = components(ctx)
    if comps is None:
        return
    for component, judge in CHECKS.items():
        part = getattr(comps, component)
        cls = part.instance_type if part else None
        if cls is None:
            continue
        path: Path = (*COMPONENTS, component, "instance_type")
        text = cls.strip().lower()
        what = msg("{component} instance_type {value}", component=component, value=repr(cls))
        other = _other_service(component, text)
        if other is not None:
            yield Violation(
                path,
                _("{what} is {other}, not one for the {component}; {services} ({guide})").format(
                    what=what,
                    other=other,
                    component=component,
                    services=_(SERVICES[component]),
                    guide=guide("2.1"),
                ),
            )
            continue
        found = judge(text, what, _engine(component, comps))
        if found is not None:
            yield Violation(
                path, _("{found} ({guide})").format(found=found[0], guide=guide("2.1")), found[1]
            )


RULE = Rule(
    id="DL107",
    name="instance-class",
    severity=Severity.ERROR,
    summary=N_("Instance classes match their service (db.*, cache.*, *.search) and exist."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `instance_type` of `architecture.components.database` (an RDS class: "
                "`db.` + an EC2 instance type, or `db.serverless`), `cache` (an ElastiCache "
                "node type: `cache.` + a type ElastiCache documents; another EC2 type is a "
                "warning) and `search` (an OpenSearch Service type ending in `.search`; the "
                "legacy `.elasticsearch` suffix is a warning). A class of another service is an "
                "error, and so is a malformed class (`db.r5.larg`), with a did-you-mean. A "
                "well-formed class that is not in deploylint's table (`r7g.large.search`, "
                "`im4gn.large.search`, `or2.large.search`, a new `db.` family) is a warning "
                "that names the date the facts were taken: unknown is not wrong."
            )
        ),
        why=(
            N_(
                "RDS, ElastiCache and OpenSearch each name their classes differently; a "
                "class of the wrong service or with a typo fails the create call, and the "
                "environment cannot be built. Per-engine and per-region availability is not "
                "checked."
            )
        ),
        example=(
            "architecture:\n  components:\n"
            "    database: {engine: PostgreSQL, instance_type: r5.large}\n"
            "    cache: {engine: Redis, instance_type: db.r5.large}\n"
            "    search: {type: OpenSearch, instance_type: r5.lage.search}\n"
        ),
        use_instead=(
            "architecture:\n  components:\n"
            "    database: {engine: PostgreSQL, instance_type: db.r5.large}\n"
            "    cache: {engine: Redis, instance_type: cache.r5.large}\n"
            "    search: {type: OpenSearch, instance_type: r5.large.search}\n"
        ),
        references=(
            "guide 2.1",
            "RDS DB instance classes: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/"
            "Concepts.DBInstanceClass.html",
            "ElastiCache node types: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/"
            "CacheNodes.SupportedTypes.html",
            "OpenSearch Service instance types: https://docs.aws.amazon.com/opensearch-service/"
            "latest/developerguide/supported-instance-types.html",
        ),
    ),
)
