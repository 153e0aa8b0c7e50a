"""Drift: the declared config of one environment against its live resources.

Attribute by attribute, only what the config declares: DL901 a value differs, DL902 a
declared resource (or list item) has no live counterpart, DL903 a live resource or
security-group rule of the environment that the config does not declare, DL904 a part
that could not be read (its attributes are not checked: never "missing", never "in
sync"), DL905 several live resources bound to one declared item (each is compared).
Versions match at the precision written: ``'15'`` matches any 15.x.
Each drift names a declared document path; :func:`to_findings` locates it at the
declared file:line and attaches the live resource (ARN and attribute).
"""

from __future__ import annotations

import fnmatch
import ipaddress
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deploylint.i18n import N_, _, join
from deploylint.live import snapshot as S
from deploylint.live.binding import Bound
from deploylint.live.fields import attribute as live_attribute
from deploylint.live.fields import ingress
from deploylint.live.options import DriftIgnore
from deploylint.live.snapshot import Resource
from deploylint.model import versions
from deploylint.model.sections import ConfigFile, IngressRule, Transition
from deploylint.model.values import full_az
from deploylint.model.versions import engine_key

Path = tuple[str | int, ...]

CHANGED, MISSING, UNMANAGED, UNREADABLE, AMBIGUOUS = "DL901", "DL902", "DL903", "DL904", "DL905"

_TYPE_LABELS = {
    S.VPC: N_("VPCs"),
    S.SUBNET: N_("subnets"),
    S.SECURITY_GROUP: N_("security groups"),
    S.ECS_SERVICE: N_("the ECS service"),
    S.DB_INSTANCE: N_("RDS instances"),
    S.CACHE_GROUP: N_("ElastiCache replication groups"),
    S.SEARCH_DOMAIN: N_("OpenSearch domains"),
    S.BUCKET: N_("S3 buckets"),
    S.ALARM: N_("CloudWatch alarms"),
    S.LOG_GROUP: N_("log groups"),
}


@dataclass(frozen=True)
class Drift:
    """One difference, at a declared document path, with the live side attached."""

    rule: str
    path: Path
    message: str
    resource: str | None = None  # ARN
    attribute: str = ""  # property path on the live resource, e.g. /inbound/1
    declared: Any = None
    live: Any = None
    part: str | None = None  # DL904: what could not be read


def _show(value: Any) -> str:
    if value is None:
        return _("not set")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value) if isinstance(value, str) else str(value)


# --- comparing values -----------------------------------------------------------------


def same_version(declared: str, live: Any) -> bool:
    """``'15'`` matches 15.x, ``'15.4'`` 15.4 and 15.4.x, ``'7.x'`` any 7; ``2.11`` is
    ``OpenSearch_2.11`` (model/versions.py: the rules' normalisation)."""
    return versions.same_version(declared, live)


def _same_number(declared: Any, live: Any) -> bool:
    try:
        return live is not None and float(declared) == float(live)
    except (TypeError, ValueError):
        return False


def _same_text(declared: Any, live: Any) -> bool:
    return live is not None and str(declared).strip().casefold() == str(live).strip().casefold()


def _same_engine(declared: Any, live: Any) -> bool:
    return live is not None and engine_key(str(declared)) == engine_key(str(live))


Same = Callable[[Any, Any], bool]


def _engine_version(fields: dict[str, Any]) -> Any:
    """A search domain's version as AWS spells it (``OpenSearch_2.11``): a declared
    ``OpenSearch_2.11`` and a declared ``2.11`` both compare through split_version."""
    engine, version = fields.get("engine"), fields.get("version")
    if version is None:
        return None
    return f"{engine}_{version}" if engine else version


# live fields computed from others: name -> (the fields read, how)
_DERIVED: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], Any] | None]] = {
    "engine_version": (("engine", "version"), _engine_version),
}


@dataclass
class _Attr:
    path: Path  # declared
    live_field: str
    declared: Any
    same: Same
    label: str


@dataclass
class Comparison:
    env: str
    bound: Bound
    found: list[Drift] = field(default_factory=list)
    region: str | None = None  # the environment's declared region: completes '1a'

    def unreadable(self, type_: str) -> str | None:
        u = self.bound.unreadable.get(type_)
        return f"{u.part}: {u.reason}" if u else None

    def not_checked(self, type_: str, path: Path, what: str) -> None:
        reason = self.unreadable(type_)
        self.found.append(
            Drift(
                UNREADABLE,
                path,
                _("{resources} could not be read ({reason}); {what} not checked").format(
                    resources=_(_TYPE_LABELS[type_]), reason=reason, what=what
                ),
                part=reason,
            )
        )

    def attrs(self, resource: Resource, attrs: list[_Attr], what: str) -> None:
        for a in attrs:
            if a.declared is None:
                continue
            attribute = live_attribute(resource.type, a.live_field)
            sources = _DERIVED.get(a.live_field, ((a.live_field,), None))[0]
            unread = next((f for f in sources if f in resource.unreadable), None)
            if unread is not None:
                reason = resource.unreadable[unread]
                self.found.append(
                    Drift(
                        UNREADABLE,
                        a.path,
                        _("{what} {label} could not be read ({reason}); not checked").format(
                            what=what, label=_(a.label), reason=reason
                        ),
                        resource.arn,
                        attribute,
                        part=f"{resource.arn} {a.live_field}",
                    )
                )
                continue
            derive = _DERIVED.get(a.live_field, ((), None))[1]
            live = derive(resource.fields) if derive else resource.fields.get(a.live_field)
            if not a.same(a.declared, live):
                self.found.append(
                    Drift(
                        CHANGED,
                        a.path,
                        _("{what} {label} is {live} live, declared {declared} ({arn})").format(
                            what=what,
                            label=_(a.label),
                            live=_show(live),
                            declared=_show(a.declared),
                            arn=resource.arn,
                        ),
                        resource.arn,
                        attribute,
                        a.declared,
                        live,
                    )
                )

    def ambiguous(self, kind: str, key: str, path: Path, what: str) -> None:
        """DL905 when several live resources bind to one declared item: named, sorted."""
        found = self.bound.candidates.get((kind, key))
        if not found:
            return
        names = join([_label(r) for r in found])
        self.found.append(
            Drift(
                AMBIGUOUS,
                path,
                _(
                    "{what} binds to {count} live resources: {names}; each is compared, "
                    "none is chosen"
                ).format(what=what, count=len(found), names=names),
                found[0].arn,
                "",
                key,
                [r.arn for r in found],
            )
        )

    def unsure(self, type_: str, path: Path, what: str, how: str) -> bool:
        """DL904 for a declared item with no match while resources whose tags could not be
        read may be it; True when reported."""
        maybe = self.bound.unsure.get(type_)
        if not maybe:
            return False
        names = join([_label(r) for r in maybe[:5]]) + (" ..." if len(maybe) > 5 else "")
        reason = maybe[0].unreadable.get("tags", "")
        self.found.append(
            Drift(
                UNREADABLE,
                path,
                _(
                    "{what}: none bound ({how}), but the tags of {count} of {resources} could "
                    "not be read ({names}: {reason}); not checked"
                ).format(
                    what=what,
                    how=how,
                    count=len(maybe),
                    resources=_(_TYPE_LABELS[type_]),
                    names=names,
                    reason=reason,
                ),
                maybe[0].arn,
                live_attribute(type_, "tags"),
                part=f"{_TYPE_LABELS[type_]} tags ({reason})",
            )
        )
        return True

    def component(
        self,
        key: str,
        type_: str,
        anchor: Path,
        attrs: list[_Attr],
        what: str,
        how: str,
        declared_name: str | None = None,
    ) -> None:
        declared = [a for a in attrs if a.declared is not None]
        if not declared:
            return
        if self.unreadable(type_):
            names = join([_(a.label) for a in declared])
            self.not_checked(type_, anchor, f"{what} ({names})")
            return
        resources = self.bound.all("component", key)
        if not resources:
            if not self.unsure(type_, anchor, what, how):
                self.found.append(
                    Drift(
                        MISSING,
                        anchor,
                        _("{what} is declared but has no live counterpart ({how})").format(
                            what=what, how=how
                        ),
                        declared=declared_name or key,
                    )
                )
            return
        self.ambiguous("component", key, anchor, what)
        for resource in resources:
            self.attrs(resource, declared, what)


def _label(r: Resource) -> str:
    name = r.name or r.id
    return name if name == r.id else f"{name} ({r.id})"


def compare(config: ConfigFile, bound: Bound) -> list[Drift]:
    """Every drift between the declared ``config`` and ``bound``, in document order."""
    envs = config.architecture.environments if config.architecture else None
    declared_env = (envs or {}).get(bound.env)
    region = declared_env.region.strip() if declared_env and declared_env.region else None
    c = Comparison(bound.env, bound, region=region)
    _architecture(c, config)
    _network(c, config)
    _alarms(c, config)
    _logs(c, config)
    return c.found


def _search_engine(type_: str) -> str | None:
    key = engine_key(type_) or ""
    if "elasticsearch" in key:
        return "Elasticsearch"
    if "opensearch" in key:
        return "OpenSearch"
    return None


def _tagged(bound: Bound, component: str) -> str:
    return _("nothing tagged Environment={env}, Component={component}").format(
        env=bound.env, component=component
    )


def _architecture(c: Comparison, config: ConfigFile) -> None:
    arch = config.architecture
    if arch is None:
        return
    env = (arch.environments or {}).get(c.env)
    comps = arch.components
    scaling = env.scaling if env else None
    base: Path = ("architecture", "components")
    scale_path: Path = ("architecture", "environments", c.env, "scaling")
    service_attrs: list[_Attr] = []
    compute = comps.compute if comps else None
    if compute is not None:
        p = (*base, "compute")
        service_attrs += [
            _Attr(
                (*p, "instance_type"),
                "launch_type",
                compute.instance_type,
                _same_text,
                N_("launch type"),
            ),
            _Attr((*p, "cpu"), "cpu", compute.cpu, _same_number, N_("cpu")),
            _Attr((*p, "memory"), "memory", compute.memory, _same_number, N_("memory")),
        ]
    if scaling is not None:
        service_attrs += [
            _Attr((*scale_path, "min"), "min", scaling.min, _same_number, N_("minimum tasks")),
            _Attr((*scale_path, "max"), "max", scaling.max, _same_number, N_("maximum tasks")),
            _Attr(
                (*scale_path, "desired"),
                "desired_count",
                scaling.desired,
                _same_number,
                N_("desired tasks"),
            ),
        ]
    anchor = (*base, "compute") if compute is not None else scale_path
    c.component(
        "compute",
        S.ECS_SERVICE,
        anchor,
        service_attrs,
        _("the ECS service"),
        _tagged(c.bound, "compute"),
    )
    if comps is None:
        return
    if comps.database is not None:
        d, p = comps.database, (*base, "database")
        c.component(
            "database",
            S.DB_INSTANCE,
            p,
            [
                _Attr((*p, "engine"), "engine", d.engine, _same_engine, N_("engine")),
                _Attr((*p, "version"), "version", d.version, same_version, N_("version")),
                _Attr(
                    (*p, "instance_type"),
                    "instance_class",
                    d.instance_type,
                    _same_text,
                    N_("instance class"),
                ),
            ],
            _("the database"),
            _tagged(c.bound, "database"),
        )
    if comps.cache is not None:
        k, p = comps.cache, (*base, "cache")
        c.component(
            "cache",
            S.CACHE_GROUP,
            p,
            [
                _Attr((*p, "engine"), "engine", k.engine, _same_engine, N_("engine")),
                _Attr((*p, "version"), "version", k.version, same_version, N_("version")),
                _Attr(
                    (*p, "instance_type"), "node_type", k.instance_type, _same_text, N_("node type")
                ),
            ],
            _("the cache"),
            _tagged(c.bound, "cache"),
        )
    if comps.search is not None:
        s, p = comps.search, (*base, "search")
        # `type: OpenSearch` names the engine too when `engine` does not (an Elasticsearch
        # domain is not the OpenSearch declared)
        engine_path, engine = (*p, "engine"), s.engine
        if engine is None and s.type is not None and _search_engine(s.type):
            engine_path, engine = (*p, "type"), _search_engine(s.type)
        c.component(
            "search",
            S.SEARCH_DOMAIN,
            p,
            [
                _Attr(engine_path, "engine", engine, _same_engine, N_("engine")),
                _Attr((*p, "version"), "engine_version", s.version, same_version, N_("version")),
                _Attr(
                    (*p, "instance_type"),
                    "instance_type",
                    s.instance_type,
                    _same_text,
                    N_("instance type"),
                ),
                _Attr(
                    (*p, "instance_count"),
                    "instance_count",
                    s.instance_count,
                    _same_number,
                    N_("instance count"),
                ),
            ],
            _("the search domain"),
            _tagged(c.bound, "search"),
        )
    storage = comps.storage
    if storage is not None and storage.lifecycle is not None:
        _lifecycle(
            c,
            (*base, "storage", "lifecycle"),
            storage.lifecycle.transition,
            storage.lifecycle.expiration,
        )


def _lifecycle(
    c: Comparison, p: Path, transition: Transition | None, expiration: int | None
) -> None:
    attrs = [
        _Attr(
            (*p, "transition"),
            "transition_days",
            transition.days if transition else None,
            _same_number,
            N_("transition days"),
        ),
        _Attr(
            (*p, "transition"),
            "transition_class",
            transition.storage_class if transition else None,
            _same_text,
            N_("transition storage class"),
        ),
        _Attr(
            (*p, "expiration"), "expiration_days", expiration, _same_number, N_("expiration days")
        ),
    ]
    if not any(a.declared is not None for a in attrs):
        return
    if c.unreadable(S.BUCKET):
        c.not_checked(S.BUCKET, p, _("the bucket's lifecycle"))
        return
    buckets = c.bound.all("component", "storage")
    if not buckets:
        how = _tagged(c.bound, "storage")
        if not c.unsure(S.BUCKET, p[:-1], _("the bucket"), how):
            c.found.append(
                Drift(
                    MISSING,
                    p[:-1],
                    _("the bucket is declared but has no live counterpart ({how})").format(how=how),
                    declared="storage",
                )
            )
        return
    c.ambiguous("component", "storage", p[:-1], _("the bucket"))
    for bucket in buckets:
        if "lifecycle" in bucket.unreadable:
            why = bucket.unreadable["lifecycle"]
            c.found.append(
                Drift(
                    UNREADABLE,
                    p,
                    _("the bucket's lifecycle could not be read ({why}); not checked").format(
                        why=why
                    ),
                    bucket.arn,
                    live_attribute(S.BUCKET, "lifecycle"),
                    part=f"{bucket.arn} lifecycle ({why})",
                )
            )
            continue
        rule = bucket.fields.get("lifecycle")
        if not isinstance(rule, dict):
            c.found.append(
                Drift(
                    CHANGED,
                    p,
                    _("the bucket has no whole-bucket lifecycle rule live ({arn})").format(
                        arn=bucket.arn
                    ),
                    bucket.arn,
                    live_attribute(S.BUCKET, "lifecycle"),
                    "lifecycle",
                    None,
                )
            )
            continue
        flat = Resource(bucket.type, bucket.id, bucket.arn, bucket.name, fields=rule)
        c.attrs(flat, attrs, _("the bucket's lifecycle"))


# --- network --------------------------------------------------------------------------


def _cidr(text: Any) -> str:
    try:
        return str(ipaddress.ip_network(str(text).strip(), strict=False))
    except ValueError:
        return str(text).strip()


def _network(c: Comparison, config: ConfigFile) -> None:
    infra = config.infrastructure
    net = infra.network if infra else None
    if net is None:
        return
    base: Path = ("infrastructure", "network")
    vpc = net.vpc
    vpc_ok = True
    if vpc is not None and (vpc.cidr is not None or vpc.subnets is not None):
        vpcs = c.bound.all("vpc", "vpc")
        if c.unreadable(S.VPC):
            c.not_checked(S.VPC, (*base, "vpc"), _("the VPC"))
            vpc_ok = False
        elif not vpcs:
            c.found.append(
                Drift(
                    MISSING,
                    (*base, "vpc"),
                    _("the VPC is declared but has no live counterpart ({how})").format(
                        how=_tagged(c.bound, "network")
                    ),
                    declared=vpc.cidr or "vpc",
                )
            )
            vpc_ok = False
        else:
            c.ambiguous("vpc", "vpc", (*base, "vpc"), _("the VPC"))
        for live in vpcs if vpc.cidr is not None and vpc_ok else []:
            if _cidr(vpc.cidr) != _cidr(live.fields.get("cidr")):
                c.found.append(
                    Drift(
                        CHANGED,
                        (*base, "vpc", "cidr"),
                        _("the VPC CIDR is {live} live, declared {declared} ({arn})").format(
                            live=_show(live.fields.get("cidr")),
                            declared=_show(vpc.cidr),
                            arn=live.arn,
                        ),
                        live.arn,
                        live_attribute(S.VPC, "cidr"),
                        vpc.cidr,
                        live.fields.get("cidr"),
                    )
                )
    if vpc is not None and vpc.subnets is not None and vpc_ok:
        _subnets(c, vpc.subnets.public, N_("public"), (*base, "vpc", "subnets", "public"))
        _subnets(c, vpc.subnets.private, N_("private"), (*base, "vpc", "subnets", "private"))
    groups = net.security.groups if net.security else None
    if groups is not None:
        _groups(c, groups, (*base, "security", "groups"))


def _subnets(c: Comparison, declared: list[Any] | None, tier: str, p: Path) -> None:
    if declared is None:
        return
    if c.unreadable(S.SUBNET):
        c.not_checked(S.SUBNET, p, _("the {tier} subnets").format(tier=_(tier)))
        return
    tagged = c.bound.subnets.get(tier, [])
    live = {_cidr(s.fields.get("cidr")): s for s in tagged}
    seen: set[str] = set()
    tag = f"{c.bound.options.tier_tag}={tier}"
    for i, subnet in enumerate(declared):
        key = _cidr(subnet.cidr)
        match = live.get(key)
        if match is None:
            others = join(sorted(live)) or _("none")
            c.found.append(
                Drift(
                    MISSING,
                    (*p, i),
                    _(
                        "{tier} subnet {cidr} is declared but not live (no subnet {key} tagged "
                        "{tag} in the VPC; {tag} subnets there: {others})"
                    ).format(tier=_(tier), cidr=subnet.cidr, key=key, tag=tag, others=others),
                    declared=subnet.cidr,
                )
            )
            continue
        seen.add(key)
        az = match.fields.get("az")
        if full_az(subnet.az.strip(), c.region) != az:  # '1a' is ap-northeast-1a
            c.found.append(
                Drift(
                    CHANGED,
                    (*p, i, "az"),
                    _("{tier} subnet {cidr} is in {live} live, declared {declared} ({arn})").format(
                        tier=_(tier),
                        cidr=subnet.cidr,
                        live=_show(az),
                        declared=_show(subnet.az),
                        arn=match.arn,
                    ),
                    match.arn,
                    live_attribute(S.SUBNET, "az"),
                    subnet.az,
                    az,
                )
            )
    for key, s in live.items():
        if key not in seen:
            c.found.append(
                Drift(
                    UNMANAGED,
                    p,
                    _("live {tier} subnet {key} in {az} ({id}) is not declared").format(
                        tier=_(tier), key=key, az=s.fields.get("az"), id=s.id
                    ),
                    s.arn,
                    "",
                    None,
                    key,
                )
            )


_PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1", "any": "-1"}
RuleKey = tuple[str, int | None, int | None, str]


def _declared_rule(rule: IngressRule) -> RuleKey:
    protocol = str(rule.protocol or "tcp").strip().lower()
    protocol = _PROTOCOLS.get(protocol, protocol)
    if protocol == "-1":
        return ("-1", None, None, _source(rule.source))
    port = str(rule.port).strip()
    first, _, last = port.partition("-") if not port.startswith("-") else (port, "", "")
    low: int | None
    high: int | None
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        low = high = None
    return (protocol, low, high, _source(rule.source))


def _source(text: str) -> str:
    text = text.strip()
    return _cidr(text) if "/" in text else text


def _live_rules(c: Comparison, group: Resource) -> list[tuple[RuleKey, int]]:
    out: list[tuple[RuleKey, int]] = []
    for n, r in enumerate(group.fields.get("ingress") or []):
        protocol = _PROTOCOLS.get(str(r.get("protocol")).lower(), str(r.get("protocol")).lower())
        source = str(r.get("source"))
        source = (
            c.bound.group_refs.get(source, source) if r.get("kind") == "group" else _source(source)
        )
        if protocol == "-1":
            out.append((("-1", None, None, source), n))
        else:
            out.append(((protocol, r.get("from_port"), r.get("to_port"), source), n))
    return out


def _show_rule(key: RuleKey) -> str:
    protocol, low, high, source = key
    if protocol == "-1":
        return _("all traffic from {source}").format(source=source)
    ports = f"{low}" if low == high else f"{low}-{high}"
    return _("{protocol} {ports} from {source}").format(
        protocol=protocol, ports=ports, source=source
    )


def _pair(
    want: list[tuple[RuleKey, int]], have: list[tuple[RuleKey, int]]
) -> list[tuple[tuple[RuleKey, int], tuple[RuleKey, int]]]:
    """Pair declared and live rules by best match, removing the pairs from both lists:
    exact matches; then the same protocol and ports (the source changed); then the same
    protocol and source (the ports changed). A pair is made only when it is the one
    candidate on both sides: with two live rules that could be the declared one, neither
    is guessed (the declared rule is missing, both live ones unmanaged)."""
    pairs: list[tuple[tuple[RuleKey, int], tuple[RuleKey, int]]] = []
    for pair in list(want):
        hit = next((h for h in have if h[0] == pair[0]), None)
        if hit is not None:
            want.remove(pair)
            have.remove(hit)
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
    return pairs


def _groups(c: Comparison, groups: dict[str, Any], p: Path) -> None:
    if c.unreadable(S.SECURITY_GROUP):
        c.not_checked(S.SECURITY_GROUP, p, _("the security groups"))
        return
    for name, declared in groups.items():
        candidates = c.bound.all("group", name)
        if not candidates:
            c.found.append(
                Drift(
                    MISSING,
                    (*p, name),
                    _(
                        "security group {name} is declared but not live (no group named "
                        "{group} in the VPC)"
                    ).format(name=repr(name), group=c.bound.group_name(name)),
                    declared=c.bound.group_name(name),
                )
            )
            continue
        c.ambiguous("group", name, (*p, name), _("security group {name}").format(name=repr(name)))
        if declared is None or declared.inbound is None:
            continue
        for live in candidates:
            _inbound(c, name, declared.inbound, live, p)
    for name in sorted(c.bound.groups):
        if name in groups:
            continue
        for live in c.bound.all("group", name):
            c.found.append(
                Drift(
                    UNMANAGED,
                    p,
                    _("live security group {name} ({id}) is not declared").format(
                        name=live.fields.get("group_name") or live.id, id=live.id
                    ),
                    live.arn,
                    "",
                    None,
                    live.fields.get("group_name"),
                )
            )


def _inbound(c: Comparison, name: str, inbound: list[IngressRule], live: Resource, p: Path) -> None:
    want = [(_declared_rule(r), i) for i, r in enumerate(inbound)]
    have = _live_rules(c, live)
    for pair, hit in _pair(want, have):
        c.found.append(
            Drift(
                CHANGED,
                (*p, name, "inbound", pair[1]),
                _("{name} inbound rule is {live} live, declared {declared} ({arn})").format(
                    name=name, live=_show_rule(hit[0]), declared=_show_rule(pair[0]), arn=live.arn
                ),
                live.arn,
                ingress(hit[1]),
                _show_rule(pair[0]),
                _show_rule(hit[0]),
            )
        )
    for key, i in want:
        c.found.append(
            Drift(
                MISSING,
                (*p, name, "inbound", i),
                _("{name} inbound rule {rule} is declared but not live ({arn})").format(
                    name=name, rule=_show_rule(key), arn=live.arn
                ),
                live.arn,
                "/ingress",
                _show_rule(key),
                None,
            )
        )
    for key, n in have:
        c.found.append(
            Drift(
                UNMANAGED,
                (*p, name, "inbound"),
                _("live {name} inbound rule {rule} is not declared ({arn})").format(
                    name=name, rule=_show_rule(key), arn=live.arn
                ),
                live.arn,
                ingress(n),
                None,
                _show_rule(key),
            )
        )


# --- monitoring -----------------------------------------------------------------------


def _alarms(c: Comparison, config: ConfigFile) -> None:
    infra = config.infrastructure
    cw = infra.monitoring.cloudwatch if infra and infra.monitoring else None
    if cw is None or cw.alarms is None:
        return
    p: Path = ("infrastructure", "monitoring", "cloudwatch", "alarms")
    if c.unreadable(S.ALARM):
        c.not_checked(S.ALARM, p, _("the alarms"))
        return
    for name, alarm in cw.alarms.items():
        live = c.bound.alarms.get(name)
        if live is None:
            c.found.append(
                Drift(
                    MISSING,
                    (*p, name),
                    _("alarm {name} is declared but not live (no alarm named {alarm})").format(
                        name=repr(name), alarm=c.bound.alarm_name(name)
                    ),
                    declared=c.bound.alarm_name(name),
                )
            )
            continue
        if alarm is None:
            continue
        datapoints_live = live.fields.get("datapoints_to_alarm") or live.fields.get(
            "evaluation_periods"
        )
        fields = dict(live.fields, datapoints_to_alarm=datapoints_live)
        c.attrs(
            Resource(
                live.type, live.id, live.arn, live.name, fields=fields, unreadable=live.unreadable
            ),
            [
                _Attr(
                    (*p, name, "threshold"),
                    "threshold",
                    alarm.threshold,
                    _same_number,
                    N_("threshold"),
                ),
                _Attr((*p, name, "period"), "period", alarm.period, _same_number, N_("period")),
                _Attr(
                    (*p, name, "evaluation_periods"),
                    "evaluation_periods",
                    alarm.evaluation_periods,
                    _same_number,
                    N_("evaluation periods"),
                ),
                _Attr(
                    (*p, name, "datapoints_to_alarm"),
                    "datapoints_to_alarm",
                    alarm.datapoints_to_alarm,
                    _same_number,
                    N_("datapoints to alarm"),
                ),
                _Attr((*p, name, "metric"), "metric", alarm.metric, _same_text, N_("metric")),
            ],
            _("alarm {name}").format(name=repr(name)),
        )
    for name, live in c.bound.alarms.items():
        if name not in cw.alarms:
            c.found.append(
                Drift(
                    UNMANAGED,
                    p,
                    _("live alarm {name} is not declared").format(name=live.name),
                    live.arn,
                    "",
                    None,
                    live.name,
                )
            )


@dataclass(frozen=True)
class _Stream:
    entry: Path  # where the stream itself is declared (its streams entry, else its retention)
    retention: Path  # where its retention is declared (else the entry)
    days: int | None


def _streams(config: ConfigFile) -> dict[str, _Stream]:
    """Declared stream -> where it and its retention are declared, and the days."""
    out: dict[str, _Stream] = {}
    infra = config.infrastructure
    logs = infra.monitoring.logs if infra and infra.monitoring else None
    base: Path = ("infrastructure", "monitoring", "logs")
    if logs is not None:
        retention = logs.retention
        for i, stream in enumerate(logs.streams or []):
            entry: Path = (*base, "streams", i)
            if isinstance(retention, int):
                out[stream] = _Stream(entry, (*base, "retention"), retention)
            elif isinstance(retention, dict) and stream in retention:
                out[stream] = _Stream(entry, (*base, "retention", stream), retention[stream])
            else:
                out[stream] = _Stream(entry, entry, None)
        if isinstance(retention, dict):
            for stream, days in retention.items():
                where: Path = (*base, "retention", stream)
                out.setdefault(stream, _Stream(where, where, days))
    mon = config.monitoring
    retention6 = mon.logs.retention if mon and mon.logs else None
    if retention6 is not None:
        for stream in ("application", "access", "error"):
            days = getattr(retention6, stream)
            if days is not None and (stream not in out or out[stream].days is None):
                where = ("monitoring", "logs", "retention", stream)
                entry = out[stream].entry if stream in out else where
                out[stream] = _Stream(entry, where, days)
    return out


def _logs(c: Comparison, config: ConfigFile) -> None:
    streams = _streams(config)
    if not streams:
        return
    if c.unreadable(S.LOG_GROUP):
        first = next(iter(streams.values())).entry
        c.not_checked(S.LOG_GROUP, first, _("log retention"))
        return
    for stream, declared in streams.items():
        groups = c.bound.all("log-group", stream)
        if not groups:
            how = _("nothing tagged {env_tag}={env}, {stream_tag}={stream}").format(
                env_tag=c.bound.options.environment_tag,
                env=c.env,
                stream_tag=c.bound.options.stream_tag,
                stream=stream,
            )
            what = _("log stream {name}").format(name=repr(stream))
            if not c.unsure(S.LOG_GROUP, declared.entry, what, how):
                c.found.append(
                    Drift(
                        MISSING,
                        declared.entry,
                        _("log stream {name} is declared but has no live log group ({how})").format(
                            name=repr(stream), how=how
                        ),
                        declared=stream,
                    )
                )
            continue
        c.ambiguous(
            "log-group", stream, declared.entry, _("log stream {name}").format(name=repr(stream))
        )
        days = declared.days
        if days is None:
            continue
        for live in groups:
            retention = live.fields.get("retention")
            if retention is None and "retention" not in live.unreadable:
                c.found.append(
                    Drift(
                        CHANGED,
                        declared.retention,
                        _(
                            "log group {name} never expires live, declared {days} days ({arn})"
                        ).format(name=live.name, days=days, arn=live.arn),
                        live.arn,
                        live_attribute(S.LOG_GROUP, "retention"),
                        days,
                        None,
                    )
                )
            else:
                c.attrs(
                    live,
                    [
                        _Attr(
                            declared.retention,
                            "retention",
                            days,
                            _same_number,
                            N_("retention in days"),
                        )
                    ],
                    _("log group {name}").format(name=live.name),
                )
    anchor = next(iter(streams.values())).entry
    logs_path: Path = anchor[:3] if anchor[0] == "infrastructure" else anchor[:2]
    for stream in sorted(c.bound.log_groups):
        if stream in streams:
            continue
        for live in c.bound.all("log-group", stream):
            c.found.append(
                Drift(
                    UNMANAGED,
                    logs_path,
                    _("live log group {name} ({stream_tag}={stream}) is not declared").format(
                        name=live.name, stream_tag=c.bound.options.stream_tag, stream=stream
                    ),
                    live.arn,
                    "",
                    None,
                    live.name,
                )
            )
    for live in c.bound.streamless:
        c.found.append(
            Drift(
                UNMANAGED,
                logs_path,
                _(
                    "live log group {name} is tagged {env_tag}={env} but no {stream_tag} tag: "
                    "no declared stream is it"
                ).format(
                    name=live.name,
                    env_tag=c.bound.options.environment_tag,
                    env=c.env,
                    stream_tag=c.bound.options.stream_tag,
                ),
                live.arn,
                "",
                None,
                live.name,
            )
        )


# --- ignores ----------------------------------------------------------------------------


def ignored(d: Drift, path_text: str, rules: list[DriftIgnore], today: date) -> DriftIgnore | None:
    """The drift.ignore entry that accepts ``d`` (still in force), if any."""
    for entry in rules:
        if entry.until is not None and entry.until < today:
            continue
        if entry.rule and entry.rule.upper() != d.rule:
            continue
        if not fnmatch.fnmatchcase(d.resource or "", entry.resource):
            continue
        if fnmatch.fnmatchcase(path_text, entry.attribute) or fnmatch.fnmatchcase(
            d.attribute, entry.attribute
        ):
            return entry
    return None


def iter_rules() -> Iterator[str]:
    yield from (CHANGED, MISSING, UNMANAGED, UNREADABLE, AMBIGUOUS)
