"""Drift's comparison: declared values against the live values of one environment.

Both sides are config-shaped value trees at the same document paths: the declared tree is
the declared effective config (its typed model), the live tree is one :class:`Candidate`
per live resource bound to a declared item (``deploylint.live.source`` builds them from
the one mapping in ``deploylint.live.fields``). A small table of comparators keyed by path
pattern says how a declared value matches a live one: versions at the precision written
(through :mod:`deploylint.model.versions`, the rules' normalisation), engine names,
numbers, text, CIDRs, zones and security-group rule sets.

The comparison answers with :class:`Difference` records (no messages: ``deploylint.drift``
words them and adds what binding knows). It imports only ``deploylint.model`` and the
standard library (tests/test_comparison_layers.py).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from deploylint.model.effective import MISSING, lookup
from deploylint.model.location import Path
from deploylint.model.values import full_az
from deploylint.model.versions import engine_key, same_version


def N_(text: str) -> str:
    """Marks a label for the message catalog; ``deploylint.drift`` translates it."""
    return text


# --- the live side ----------------------------------------------------------------------


@dataclass(frozen=True)
class Unread:
    """A live attribute that could not be read: never missing, never in sync."""

    field: str  # the live resource's field (``retention``, ``lifecycle``)
    reason: str


@dataclass(frozen=True)
class Candidate:
    """One live resource bound to a declared item, as config-shaped values.

    ``data`` holds its values at their document paths (spelled as AWS reports them; a
    list entry such as a subnet is keyed by its live index),
    ``attributes`` the live attribute each path comes from, ``unread`` the paths whose
    attribute could not be read; ``arn``, ``id``, ``name`` and ``bound_by`` are the
    binding's provenance (which resource, and why it is this item's).
    """

    arn: str
    id: str
    name: str = ""
    bound_by: str = ""
    at: Path = ()  # the document path of the item it is (a list entry: its live index)
    data: dict[str, Any] = field(default_factory=dict)
    attributes: Mapping[Path, str] = field(default_factory=dict)
    unread: Mapping[Path, Unread] = field(default_factory=dict)

    @property
    def label(self) -> str:
        name = self.name or self.id
        return name if name == self.id else f"{name} ({self.id})"

    def has(self, path: Path) -> bool:
        return lookup(self.data, path) is not MISSING

    def value(self, path: Path) -> Any:
        found = lookup(self.data, path)
        return None if found is MISSING else found

    def attribute(self, path: Path) -> str:
        """The live attribute of ``path`` (of its nearest placed ancestor), else ''."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.attributes:
                return self.attributes[path[:n]]
        return ""

    def why_unread(self, path: Path) -> Unread | None:
        """Why ``path`` (or the attribute holding it) could not be read, if it could not."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.unread:
                return self.unread[path[:n]]
        return None


# --- comparators by path pattern ----------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a comparator may need beyond the two values."""

    region: str | None = None  # the environment's declared region: completes '1a'
    item: Mapping[str, Any] = field(default_factory=dict)  # the declared item holding it


Same = Callable[[Any, Any, Context], bool]


def same_number(declared: Any, live: Any, ctx: Context) -> bool:
    try:
        return live is not None and float(declared) == float(live)
    except (TypeError, ValueError):
        return False


def same_text(declared: Any, live: Any, ctx: Context) -> bool:
    """Case and surrounding space do not count: ``Fargate`` is ``FARGATE``."""
    return live is not None and str(declared).strip().casefold() == str(live).strip().casefold()


def same_engine(declared: Any, live: Any, ctx: Context) -> bool:
    return live is not None and engine_key(str(declared)) == engine_key(str(live))


def same_version_written(declared: Any, live: Any, ctx: Context) -> bool:
    """At the precision written: ``'15'`` is any 15.x; ``2.11`` is ``OpenSearch_2.11``."""
    return same_version(str(declared), live)


def cidr(text: Any) -> str:
    try:
        return str(ipaddress.ip_network(str(text).strip(), strict=False))
    except ValueError:
        return str(text).strip()


def same_cidr(declared: Any, live: Any, ctx: Context) -> bool:
    return cidr(declared) == cidr(live)


def same_zone(declared: Any, live: Any, ctx: Context) -> bool:
    """``1a`` is the declared region's zone ``a`` (ap-northeast-1a)."""
    return live is not None and full_az(str(declared).strip(), ctx.region) == str(live)


def search_engine(type_: Any) -> str | None:
    """The engine a search ``type`` names (``OpenSearch``, ``Elasticsearch``), if any."""
    key = engine_key(str(type_)) or ""
    if "elasticsearch" in key:
        return "Elasticsearch"
    if "opensearch" in key:
        return "OpenSearch"
    return None


def _search_type(declared: Any, item: Mapping[str, Any]) -> Any:
    """``type: OpenSearch`` names the engine when ``engine`` does not."""
    return None if item.get("engine") is not None else search_engine(declared)


@dataclass(frozen=True)
class Comparator:
    pattern: tuple[str, ...]  # document path, '*' for any one part
    same: Same
    label: str  # what the attribute is called in a message
    live: tuple[str, ...] = ()  # read the live value at this sibling path instead
    report_at_parent: bool = False  # one config value holds several live attributes
    declared_as: Callable[[Any, Mapping[str, Any]], Any] | None = None  # None: not compared

    def matches(self, path: Path) -> bool:
        return len(path) == len(self.pattern) and all(
            want == "*" or want == str(part) for want, part in zip(self.pattern, path, strict=True)
        )


def _c(pattern: str, same: Same, label: str, **more: Any) -> Comparator:
    return Comparator(tuple(pattern.split(".")), same, label, **more)


_COMP = "architecture.components"
_ALARM = "infrastructure.monitoring.cloudwatch.alarms.*"
COMPARATORS: tuple[Comparator, ...] = (
    _c(f"{_COMP}.compute.instance_type", same_text, N_("launch type")),
    _c(f"{_COMP}.compute.cpu", same_number, N_("cpu")),
    _c(f"{_COMP}.compute.memory", same_number, N_("memory")),
    _c("architecture.environments.*.scaling.min", same_number, N_("minimum tasks")),
    _c("architecture.environments.*.scaling.max", same_number, N_("maximum tasks")),
    _c("architecture.environments.*.scaling.desired", same_number, N_("desired tasks")),
    _c(f"{_COMP}.database.engine", same_engine, N_("engine")),
    _c(f"{_COMP}.database.version", same_version_written, N_("version")),
    _c(f"{_COMP}.database.instance_type", same_text, N_("instance class")),
    _c(f"{_COMP}.cache.engine", same_engine, N_("engine")),
    _c(f"{_COMP}.cache.version", same_version_written, N_("version")),
    _c(f"{_COMP}.cache.instance_type", same_text, N_("node type")),
    _c(
        f"{_COMP}.search.type",
        same_engine,
        N_("engine"),
        live=("engine",),
        declared_as=_search_type,
    ),
    _c(f"{_COMP}.search.engine", same_engine, N_("engine")),
    _c(f"{_COMP}.search.version", same_version_written, N_("version")),
    _c(f"{_COMP}.search.instance_type", same_text, N_("instance type")),
    _c(f"{_COMP}.search.instance_count", same_number, N_("instance count")),
    _c(
        f"{_COMP}.storage.lifecycle.transition.days",
        same_number,
        N_("transition days"),
        report_at_parent=True,
    ),
    _c(
        f"{_COMP}.storage.lifecycle.transition.storage_class",
        same_text,
        N_("transition storage class"),
        report_at_parent=True,
    ),
    _c(f"{_COMP}.storage.lifecycle.expiration", same_number, N_("expiration days")),
    _c("infrastructure.network.vpc.cidr", same_cidr, N_("CIDR")),
    _c("infrastructure.network.vpc.subnets.*.*.az", same_zone, N_("availability zone")),
    _c(f"{_ALARM}.threshold", same_number, N_("threshold")),
    _c(f"{_ALARM}.period", same_number, N_("period")),
    _c(f"{_ALARM}.evaluation_periods", same_number, N_("evaluation periods")),
    _c(f"{_ALARM}.datapoints_to_alarm", same_number, N_("datapoints to alarm")),
    _c(f"{_ALARM}.metric", same_text, N_("metric")),
    _c("infrastructure.monitoring.logs.retention.*", same_number, N_("retention in days")),
)


def comparator(path: Path) -> Comparator | None:
    """The comparator of a document path; None: the path is not compared with live."""
    return next((c for c in COMPARATORS if c.matches(path)), None)


# --- differences ------------------------------------------------------------------------

CHANGED, UNREAD = "changed", "unread"


@dataclass(frozen=True)
class Difference:
    """A declared value the live candidate does not hold (or could not show)."""

    kind: str  # CHANGED, UNREAD
    path: Path  # the declared document path to report at
    label: str
    declared: Any
    live: Any
    candidate: Candidate
    attribute: str  # the live attribute
    unread: Unread | None = None


def _leaves(node: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Every declared value under ``path`` (mappings are walked; lists are values)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if value is not None:
                yield from _leaves(value, (*path, key))
    elif node is not None:
        yield path, node


def compare_value(
    path: Path,
    declared: Any,
    candidate: Candidate,
    ctx: Context,
    live_path: Path | None = None,
    report_at: Path | None = None,
) -> Difference | None:
    """One declared value against the candidate's value at ``live_path`` (default: the
    same path, or the comparator's sibling), by the comparator of ``path``."""
    rule = comparator(path)
    if rule is None:
        return None
    if rule.declared_as is not None:
        declared = rule.declared_as(declared, ctx.item)
        if declared is None:
            return None
    where = live_path or (path[:-1] + rule.live if rule.live else path)
    at = report_at or (path[:-1] if rule.report_at_parent else path)
    attribute = candidate.attribute(where)
    unread = candidate.why_unread(where)
    if unread is not None:
        return Difference(UNREAD, at, rule.label, declared, None, candidate, attribute, unread)
    live = candidate.value(where)
    if rule.same(declared, live, ctx):
        return None
    return Difference(CHANGED, at, rule.label, declared, live, candidate, attribute)


def compare_item(
    declared: Mapping[str, Any], roots: list[Path], candidate: Candidate, region: str | None
) -> list[Difference]:
    """Every declared value under ``roots`` (in document order) against one candidate."""
    out: list[Difference] = []
    for root in roots:
        node = lookup(declared, root)
        if node is MISSING:
            continue
        item = node if isinstance(node, dict) else {}
        for path, value in _leaves(node, root):
            found = compare_value(path, value, candidate, Context(region, item))
            if found is not None:
                out.append(found)
    return out


def declares(declared: Mapping[str, Any], roots: list[Path]) -> list[str]:
    """The labels of the compared values declared under ``roots`` (none: nothing to do)."""
    labels: list[str] = []
    for root in roots:
        node = lookup(declared, root)
        if node is MISSING:
            continue
        item = node if isinstance(node, dict) else {}
        for path, value in _leaves(node, root):
            rule = comparator(path)
            if rule is None or (rule.declared_as and rule.declared_as(value, item) is None):
                continue
            if rule.label not in labels:
                labels.append(rule.label)
    return labels


# --- S3 lifecycle: the whole-bucket rule ------------------------------------------------


def lifecycle_rule(candidate: Candidate, path: Path) -> Unread | bool:
    """Whether the bucket has a whole-bucket lifecycle rule live (no prefix or tag filter:
    scoped rules are not the declared one), or why its lifecycle could not be read."""
    unread = candidate.why_unread(path)
    if unread is not None:
        return unread
    return isinstance(candidate.value(path), dict)


# --- security-group rule sets -----------------------------------------------------------

_PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1", "any": "-1"}
RuleKey = tuple[str, int | None, int | None, str]


def rule_key(rule: Mapping[str, Any]) -> RuleKey:
    """An inbound rule as (protocol, from port, to port, source), either side's spelling:
    ``{port: '8000-8010', source: 10.0.0.0/16}``, protocol tcp unless written."""
    protocol = str(rule.get("protocol") or "tcp").strip().lower()
    protocol = _PROTOCOLS.get(protocol, protocol)
    source = _source(str(rule.get("source")))
    if protocol == "-1":
        return ("-1", None, None, source)
    port = str(rule.get("port")).strip()
    first, _sep, last = port.partition("-") if not port.startswith("-") else (port, "", "")
    low: int | None
    high: int | None
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        low = high = None
    return (protocol, low, high, source)


def _source(text: str) -> str:
    text = text.strip()
    return cidr(text) if "/" in text else text


Numbered = tuple[RuleKey, int]  # a rule and its index on its side


@dataclass(frozen=True)
class RuleSet:
    """Declared against live inbound rules: changed pairs, declared only, live only."""

    pairs: list[tuple[Numbered, Numbered]]
    missing: list[Numbered]
    unmanaged: list[Numbered]


def compare_rules(declared: list[Mapping[str, Any]], live: list[Mapping[str, Any]]) -> RuleSet:
    """Pair declared and live rules by best match: exact matches; then the same protocol
    and ports (the source changed); then the same protocol and source (the ports changed).
    A pair is made only when it is the one candidate on both sides: with two live rules
    that could be the declared one, neither is guessed (the declared rule is missing, both
    live ones unmanaged)."""
    want = [(rule_key(r), i) for i, r in enumerate(declared)]
    have = [(rule_key(r), n) for n, r in enumerate(live)]
    for pair in list(want):
        hit = next((h for h in have if h[0] == pair[0]), None)
        if hit is not None:
            want.remove(pair)
            have.remove(hit)
    pairs: list[tuple[Numbered, Numbered]] = []
    levels: list[Callable[[RuleKey], tuple[Any, ...]]] = [
        lambda k: (k[0], k[1], k[2]),
        lambda k: (k[0], k[3]),
    ]
    for same in levels:
        for pair in list(want):
            hits = [h for h in have if same(h[0]) == same(pair[0])]
            rivals = [w for w in want if same(w[0]) == same(pair[0])]
            if len(hits) == 1 and len(rivals) == 1:
                want.remove(pair)
                have.remove(hits[0])
                pairs.append((pair, hits[0]))
    return RuleSet(pairs, want, have)


# --- subnets ----------------------------------------------------------------------------


def match_subnets(
    declared: list[Mapping[str, Any]], live: list[Candidate]
) -> tuple[list[tuple[int, Candidate]], list[int], list[Candidate]]:
    """Declared subnets matched to live ones (each at its own ``at`` path) by CIDR: pairs
    (declared index, candidate), declared without a live subnet, live without a declared
    one."""
    by_cidr: dict[str, Candidate] = {}
    for c in live:
        by_cidr.setdefault(cidr(c.value((*c.at, "cidr"))), c)
    pairs: list[tuple[int, Candidate]] = []
    missing: list[int] = []
    seen: set[str] = set()
    for i, subnet in enumerate(declared):
        key = cidr(subnet.get("cidr"))
        match = by_cidr.get(key)
        if match is None:
            missing.append(i)
            continue
        seen.add(key)
        pairs.append((i, match))
    return pairs, missing, [c for k, c in by_cidr.items() if k not in seen]
