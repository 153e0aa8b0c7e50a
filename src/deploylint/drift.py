"""Drift: the declared config of one environment against its live resources.

Attribute by attribute, only what the config declares: DL901 a value differs, DL902 a
declared resource (or list item) has no live counterpart, DL903 a live resource or
security-group rule of the environment that the config does not declare, DL904 a part
that could not be read (its attributes are not checked: never "missing", never "in
sync"), DL905 several live resources bound to one declared item (each is compared).
Versions match at the precision written: ``'15'`` matches any 15.x.

Two value trees are compared: the declared config (its typed model) and, per declared
item, every live candidate bound to it (``live.source.live_state``: values at their
document paths by the one mapping ``live.fields.PLACES``, unread attributes, provenance).
How two values compare is ``model.compare`` (comparators by path pattern, model-only);
this module walks the declaration, asks it, and words what it answers together with what
binding alone knows (missing, unmanaged, ambiguous, unreadable parts). Each drift names a
declared document path; ``live.run`` locates it at the declared file:line and attaches
the live resource (ARN and attribute).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deploylint.i18n import N_, _, join
from deploylint.live import snapshot as S
from deploylint.live.binding import Bound
from deploylint.live.fields import attribute as live_attribute
from deploylint.live.options import DriftIgnore
from deploylint.live.snapshot import Resource
from deploylint.live.source import LiveState, live_state
from deploylint.model import compare as M
from deploylint.model import versions
from deploylint.model.compare import Candidate, Difference
from deploylint.model.effective import lookup
from deploylint.model.sections import ConfigFile

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


def same_version(declared: str, live: Any) -> bool:
    """``'15'`` matches 15.x, ``'15.4'`` 15.4 and 15.4.x, ``'7.x'`` any 7; ``2.11`` is
    ``OpenSearch_2.11`` (model/versions.py: the rules' normalisation)."""
    return versions.same_version(declared, live)


@dataclass
class Comparison:
    """The declared tree of one environment against its live candidates (``live``); what
    binding alone knows (unreadable types, ambiguity, unmanaged resources) from ``bound``."""

    env: str
    bound: Bound
    live: LiveState
    declared: dict[str, Any]  # the declared effective config, typed (model_dump)
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

    def report(self, d: Difference, what: str) -> None:
        """One difference the comparison found, in words."""
        arn = d.candidate.arn
        if d.unread is not None:
            self.found.append(
                Drift(
                    UNREADABLE,
                    d.path,
                    _("{what} {label} could not be read ({reason}); not checked").format(
                        what=what, label=_(d.label), reason=d.unread.reason
                    ),
                    arn,
                    d.attribute,
                    part=f"{arn} {d.unread.field}",
                )
            )
            return
        self.found.append(
            Drift(
                CHANGED,
                d.path,
                _("{what} {label} is {live} live, declared {declared} ({arn})").format(
                    what=what,
                    label=_(d.label),
                    live=_show(d.live),
                    declared=_show(d.declared),
                    arn=arn,
                ),
                arn,
                d.attribute,
                d.declared,
                d.live,
            )
        )

    def attrs(self, candidate: Candidate, roots: list[Path], what: str) -> None:
        for d in M.compare_item(self.declared, roots, candidate, self.region):
            self.report(d, what)

    def ambiguous(self, kind: str, key: str, path: Path, what: str) -> None:
        """DL905 when several live resources bind to one declared item: named, sorted."""
        found = self.live.of(kind, key)
        if len(found) < 2:
            return
        names = join([c.label for c in found])
        self.found.append(
            Drift(
                AMBIGUOUS,
                path,
                _(
                    "{what} binds to {count} live resources: {names} (all {why}); each is "
                    "compared, none is chosen"
                ).format(what=what, count=len(found), names=names, why=found[0].bound_by),
                found[0].arn,
                "",
                key,
                [c.arn for c in found],
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
        roots: list[Path],
        what: str,
        how: str,
    ) -> None:
        declared = M.declares(self.declared, roots)
        if not declared:
            return
        if self.unreadable(type_):
            names = join([_(label) for label in declared])
            self.not_checked(type_, anchor, f"{what} ({names})")
            return
        candidates = self.live.of("component", key)
        if not candidates:
            if not self.unsure(type_, anchor, what, how):
                self.found.append(
                    Drift(
                        MISSING,
                        anchor,
                        _("{what} is declared but has no live counterpart ({how})").format(
                            what=what, how=how
                        ),
                        declared=key,
                    )
                )
            return
        self.ambiguous("component", key, anchor, what)
        for candidate in candidates:
            self.attrs(candidate, roots, what)


def _label(r: Resource) -> str:
    name = r.name or r.id
    return name if name == r.id else f"{name} ({r.id})"


def compare(config: ConfigFile, bound: Bound) -> list[Drift]:
    """Every drift between the declared ``config`` and ``bound``, in document order."""
    envs = config.architecture.environments if config.architecture else None
    declared_env = (envs or {}).get(bound.env)
    region = declared_env.region.strip() if declared_env and declared_env.region else None
    declared = config.model_dump(exclude_none=True)
    c = Comparison(bound.env, bound, live_state(bound), declared, region=region)
    _architecture(c, config)
    _network(c, config)
    _alarms(c, config)
    _logs(c, config)
    return c.found


def _tagged(bound: Bound, component: str) -> str:
    return _("nothing tagged Environment={env}, Component={component}").format(
        env=bound.env, component=component
    )


_COMPONENTS = {
    "database": (S.DB_INSTANCE, N_("the database")),
    "cache": (S.CACHE_GROUP, N_("the cache")),
    "search": (S.SEARCH_DOMAIN, N_("the search domain")),
}


def _architecture(c: Comparison, config: ConfigFile) -> None:
    arch = config.architecture
    if arch is None:
        return
    comps = arch.components
    base: Path = ("architecture", "components")
    scale_path: Path = ("architecture", "environments", c.env, "scaling")
    compute: Path = (*base, "compute")
    anchor = compute if comps is not None and comps.compute is not None else scale_path
    c.component(
        "compute",
        S.ECS_SERVICE,
        anchor,
        [compute, scale_path],
        _("the ECS service"),
        _tagged(c.bound, "compute"),
    )
    if comps is None:
        return
    for name, (type_, what) in _COMPONENTS.items():
        if getattr(comps, name) is not None:
            p = (*base, name)
            c.component(name, type_, p, [p], _(what), _tagged(c.bound, name))
    storage = comps.storage
    if storage is not None and storage.lifecycle is not None:
        _lifecycle(c, (*base, "storage", "lifecycle"))


def _lifecycle(c: Comparison, p: Path) -> None:
    if not M.declares(c.declared, [p]):
        return
    if c.unreadable(S.BUCKET):
        c.not_checked(S.BUCKET, p, _("the bucket's lifecycle"))
        return
    buckets = c.live.of("component", "storage")
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
        rule = M.lifecycle_rule(bucket, p)
        if isinstance(rule, M.Unread):
            c.found.append(
                Drift(
                    UNREADABLE,
                    p,
                    _("the bucket's lifecycle could not be read ({why}); not checked").format(
                        why=rule.reason
                    ),
                    bucket.arn,
                    bucket.attribute(p),
                    part=f"{bucket.arn} lifecycle ({rule.reason})",
                )
            )
        elif not rule:
            c.found.append(
                Drift(
                    CHANGED,
                    p,
                    _("the bucket has no whole-bucket lifecycle rule live ({arn})").format(
                        arn=bucket.arn
                    ),
                    bucket.arn,
                    bucket.attribute(p),
                    "lifecycle",
                    None,
                )
            )
        else:
            c.attrs(bucket, [p], _("the bucket's lifecycle"))


# --- network --------------------------------------------------------------------------


def _network(c: Comparison, config: ConfigFile) -> None:
    infra = config.infrastructure
    net = infra.network if infra else None
    if net is None:
        return
    base: Path = ("infrastructure", "network")
    vpc = net.vpc
    vpc_ok = True
    if vpc is not None and (vpc.cidr is not None or vpc.subnets is not None):
        vpcs = c.live.of("vpc", "vpc")
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
            c.attrs(live, [(*base, "vpc", "cidr")], _("the VPC"))
    if vpc is not None and vpc.subnets is not None and vpc_ok:
        for tier in (N_("public"), N_("private")):
            _subnets(c, tier, (*base, "vpc", "subnets", tier))
    groups = net.security.groups if net.security else None
    if groups is not None:
        _groups(c, groups, (*base, "security", "groups"))


def _subnets(c: Comparison, tier: str, p: Path) -> None:
    declared = lookup(c.declared, p)
    if not isinstance(declared, list):
        return
    if c.unreadable(S.SUBNET):
        c.not_checked(S.SUBNET, p, _("the {tier} subnets").format(tier=_(tier)))
        return
    live = c.live.subnets.get(tier, [])
    pairs, missing, unmanaged = M.match_subnets(declared, live)
    tag = f"{c.bound.options.tier_tag}={tier}"
    others = join(sorted({M.cidr(s.value((*s.at, "cidr"))) for s in live})) or _("none")
    for i in missing:
        subnet = declared[i]
        c.found.append(
            Drift(
                MISSING,
                (*p, i),
                _(
                    "{tier} subnet {cidr} is declared but not live (no subnet {key} tagged "
                    "{tag} in the VPC; {tag} subnets there: {others})"
                ).format(
                    tier=_(tier),
                    cidr=subnet["cidr"],
                    key=M.cidr(subnet["cidr"]),
                    tag=tag,
                    others=others,
                ),
                declared=subnet["cidr"],
            )
        )
    ctx = M.Context(c.region)
    for i, match in pairs:
        subnet = declared[i]
        d = M.compare_value((*p, i, "az"), subnet["az"], match, ctx, (*match.at, "az"))
        if d is None:
            continue
        if d.unread is not None:
            c.report(d, _("{tier} subnet {cidr}").format(tier=_(tier), cidr=subnet["cidr"]))
            continue
        c.found.append(
            Drift(
                CHANGED,
                d.path,
                _("{tier} subnet {cidr} is in {live} live, declared {declared} ({arn})").format(
                    tier=_(tier),
                    cidr=subnet["cidr"],
                    live=_show(d.live),
                    declared=_show(d.declared),
                    arn=match.arn,
                ),
                match.arn,
                d.attribute,
                d.declared,
                d.live,
            )
        )
    for s in unmanaged:
        key = M.cidr(s.value((*s.at, "cidr")))
        c.found.append(
            Drift(
                UNMANAGED,
                p,
                _("live {tier} subnet {key} in {az} ({id}) is not declared").format(
                    tier=_(tier), key=key, az=s.value((*s.at, "az")), id=s.id
                ),
                s.arn,
                "",
                None,
                key,
            )
        )


def _show_rule(key: M.RuleKey) -> str:
    protocol, low, high, source = key
    if protocol == "-1":
        return _("all traffic from {source}").format(source=source)
    ports = f"{low}" if low == high else f"{low}-{high}"
    return _("{protocol} {ports} from {source}").format(
        protocol=protocol, ports=ports, source=source
    )


def _groups(c: Comparison, groups: dict[str, Any], p: Path) -> None:
    if c.unreadable(S.SECURITY_GROUP):
        c.not_checked(S.SECURITY_GROUP, p, _("the security groups"))
        return
    for name in groups:
        candidates = c.live.of("group", name)
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
        inbound = lookup(c.declared, (*p, name, "inbound"))
        if not isinstance(inbound, list):
            continue
        for live in candidates:
            _inbound(c, name, inbound, live, p)
    for name in sorted(c.bound.groups):
        if name in groups:
            continue
        for group in c.bound.all("group", name):
            c.found.append(
                Drift(
                    UNMANAGED,
                    p,
                    _("live security group {name} ({id}) is not declared").format(
                        name=group.fields.get("group_name") or group.id, id=group.id
                    ),
                    group.arn,
                    "",
                    None,
                    group.fields.get("group_name"),
                )
            )


def _inbound(c: Comparison, name: str, inbound: list[Any], live: Candidate, p: Path) -> None:
    rules = M.compare_rules(inbound, live.value((*live.at, "inbound")) or [])

    def where(n: int) -> str:
        return live.attribute((*live.at, "inbound", n))

    for (want, i), (have, n) in rules.pairs:
        c.found.append(
            Drift(
                CHANGED,
                (*p, name, "inbound", i),
                _("{name} inbound rule is {live} live, declared {declared} ({arn})").format(
                    name=name, live=_show_rule(have), declared=_show_rule(want), arn=live.arn
                ),
                live.arn,
                where(n),
                _show_rule(want),
                _show_rule(have),
            )
        )
    for key, i in rules.missing:
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
    for key, n in rules.unmanaged:
        c.found.append(
            Drift(
                UNMANAGED,
                (*p, name, "inbound"),
                _("live {name} inbound rule {rule} is not declared ({arn})").format(
                    name=name, rule=_show_rule(key), arn=live.arn
                ),
                live.arn,
                where(n),
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
    for name in cw.alarms:
        candidates = c.live.of("alarm", name)
        if not candidates:
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
        for live in candidates:
            c.attrs(live, [(*p, name)], _("alarm {name}").format(name=repr(name)))
    for name, alarm in c.bound.alarms.items():
        if name not in cw.alarms:
            c.found.append(
                Drift(
                    UNMANAGED,
                    p,
                    _("live alarm {name} is not declared").format(name=alarm.name),
                    alarm.arn,
                    "",
                    None,
                    alarm.name,
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
        groups = c.live.of("log-group", stream)
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
        if declared.days is None:
            continue
        ctx = M.Context(c.region)
        for live in groups:
            d = M.compare_value(live.at, declared.days, live, ctx, report_at=declared.retention)
            if d is None:
                continue
            if d.unread is None and d.live is None:
                c.found.append(
                    Drift(
                        CHANGED,
                        declared.retention,
                        _(
                            "log group {name} never expires live, declared {days} days ({arn})"
                        ).format(name=live.name, days=declared.days, arn=live.arn),
                        live.arn,
                        d.attribute,
                        declared.days,
                        None,
                    )
                )
            else:
                c.report(d, _("log group {name}").format(name=live.name))
    anchor = next(iter(streams.values())).entry
    logs_path: Path = anchor[:3] if anchor[0] == "infrastructure" else anchor[:2]
    for stream in sorted(c.bound.log_groups):
        if stream in streams:
            continue
        for group in c.bound.all("log-group", stream):
            c.found.append(
                Drift(
                    UNMANAGED,
                    logs_path,
                    _("live log group {name} ({stream_tag}={stream}) is not declared").format(
                        name=group.name, stream_tag=c.bound.options.stream_tag, stream=stream
                    ),
                    group.arn,
                    "",
                    None,
                    group.name,
                )
            )
    for group in c.bound.streamless:
        c.found.append(
            Drift(
                UNMANAGED,
                logs_path,
                _(
                    "live log group {name} is tagged {env_tag}={env} but no {stream_tag} tag: "
                    "no declared stream is it"
                ).format(
                    name=group.name,
                    env_tag=c.bound.options.environment_tag,
                    env=c.env,
                    stream_tag=c.bound.options.stream_tag,
                ),
                group.arn,
                "",
                None,
                group.name,
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
