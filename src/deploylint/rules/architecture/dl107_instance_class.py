"""DL107 instance-class: each instance class fits its service and is a known class."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._engines import COMPONENTS, components
from deploylint.rules._network import component_name
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


# A well-formed EC2-style family and size (r7g.large, im4gn.2xlarge, or2.large): a type newer
# than deploylint's facts looks like this; a typo (r5.larg, db.large) does not.
_FAMILY_SIZE = re.compile(
    r"[a-z]{1,3}[0-9]{1,2}[a-z0-9-]*\.(nano|micro|small|medium|large|[0-9]{0,2}xlarge|metal)"
)


def _new_family(family_size: str, *tables: dict[str, frozenset[str]]) -> bool:
    """Well-formed, of a family no table lists: maybe newer than the facts. A known family
    with an unknown size (r5.9xlarge) stays an error."""
    family = family_size.partition(".")[0]
    return _FAMILY_SIZE.fullmatch(family_size) is not None and not any(
        family in table for table in tables
    )


def _unknown(what: str, service: str, hint: str) -> tuple[str, Severity | None]:
    """Principle 2 (unknown is not wrong): a warning that names the facts' date."""
    return (
        _(
            "{what} is not in deploylint's table (facts as of {date}); check that {service} "
            "offers it{hint}"
        ).format(what=what, date=facts.FACTS_DATE, service=service, hint=hint),
        Severity.WARNING,
    )


def _in(table: dict[str, frozenset[str]], family_size: str) -> bool:
    family, _, size = family_size.partition(".")
    return size in table.get(family, ())


def _ec2(family_size: str) -> bool:
    return _in(facts.EC2_INSTANCE_SIZES, family_size)


def _close(text: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(text, choices, n=1, cutoff=0.75)
    return _("; did you mean {name}?").format(name=found[0]) if found else ""


def _other_service(component: str, text: str) -> str | None:
    if component != "database" and text.startswith("db."):
        return _("an RDS instance class")
    if component != "cache" and text.startswith("cache."):
        return _("an ElastiCache node type")
    if component != "search" and text.endswith((".search", ".elasticsearch")):
        return _("an OpenSearch instance type")
    return None


def _database(text: str, what: str) -> tuple[str, Severity | None] | None:
    if not text.startswith("db."):
        hint = _("; did you mean {name}?").format(name=f"db.{text}") if _ec2(text) else ""
        return _("{what} is not an RDS class: {service}{hint}").format(
            what=what, service=_(SERVICES["database"]), hint=hint
        ), None
    rest = text.removeprefix("db.")
    extra = _RDS_EXTRA.fullmatch(rest)
    base = extra.group(1) if extra else rest
    if base == "serverless" or _ec2(base):
        return None
    close = difflib.get_close_matches(rest, EC2_TYPES, n=1, cutoff=0.75)
    hint = _("; did you mean {name}?").format(name=f"db.{close[0]}") if close else ""
    if _new_family(base, facts.EC2_INSTANCE_SIZES):
        return _unknown(what, "RDS", hint)
    return _(
        "{what} is not a known RDS instance class (no instance type {base} exists){hint}"
    ).format(what=what, base=base, hint=hint), None


def _cache(text: str, what: str) -> tuple[str, Severity | None] | None:
    if not text.startswith("cache."):
        hint = (
            _("; did you mean {name}?").format(name=f"cache.{text}")
            if _in(facts.ELASTICACHE_NODE_SIZES, text)
            else ""
        )
        return _("{what} is not an ElastiCache node type: {service}{hint}").format(
            what=what, service=_(SERVICES["cache"]), hint=hint
        ), None
    rest = text.removeprefix("cache.")
    if _in(facts.ELASTICACHE_NODE_SIZES, rest):
        return None
    if _ec2(rest):
        return (
            _(
                "{what} is not among the node types ElastiCache documents; check that "
                "ElastiCache offers it in your region (supported node types)"
            ).format(what=what),
            Severity.WARNING,
        )
    if _new_family(rest, facts.ELASTICACHE_NODE_SIZES, facts.EC2_INSTANCE_SIZES):
        return _unknown(what, "ElastiCache", _close(text, CACHE_TYPES))
    return _("{what} is not a known ElastiCache node type{hint}").format(
        what=what, hint=_close(text, CACHE_TYPES)
    ), None


def _search(text: str, what: str) -> tuple[str, Severity | None] | None:
    if text.endswith(".elasticsearch"):
        fixed = text.removesuffix(".elasticsearch") + ".search"
        return (
            _(
                "{what} is the legacy Elasticsearch API's name; the OpenSearch API calls it {fixed}"
            ).format(what=what, fixed=fixed),
            Severity.WARNING,
        )
    if not text.endswith(".search"):
        hint = (
            _("; did you mean {name}?").format(name=f"{text}.search")
            if _in(facts.OPENSEARCH_INSTANCE_SIZES, text)
            else ""
        )
        return _("{what} is not an OpenSearch instance type: {service}{hint}").format(
            what=what, service=_(SERVICES["search"]), hint=hint
        ), None
    if _in(facts.OPENSEARCH_INSTANCE_SIZES, text.removesuffix(".search")):
        return None
    if _new_family(text.removesuffix(".search"), facts.OPENSEARCH_INSTANCE_SIZES):
        return _unknown(what, "OpenSearch Service", _close(text, SEARCH_TYPES))
    return _("{what} is not a known OpenSearch instance type{hint}").format(
        what=what, hint=_close(text, SEARCH_TYPES)
    ), None


CHECKS = {"database": _database, "cache": _cache, "search": _search}


def rejected(component: str, instance_class: str) -> bool:
    """Whether DL107 reports ``instance_class`` as an error: rules that read the class
    (DL304, DL109) stay quiet about it then."""
    text = instance_class.strip().lower()
    if _other_service(component, text) is not None:
        return True
    found = CHECKS[component](text, "")
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
        what = f"{component} instance_type {cls!r}"
        other = _other_service(component, text)
        if other is not None:
            yield Violation(
                path,
                _("{what} is {other}, not one for the {component}; {services} ({guide})").format(
                    what=what,
                    other=other,
                    component=component_name(component),
                    services=_(SERVICES[component]),
                    guide=guide("2.1"),
                ),
            )
            continue
        found = judge(text, what)
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
