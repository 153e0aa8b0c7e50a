"""Binding: which live resources of a snapshot are one environment's, and as what.

By default by tags (``Environment=<env>``; the VPC ``Component=network``, subnets
``Tier=public|private``, the ECS service, RDS instance, ElastiCache group, OpenSearch
domain and S3 bucket ``Component=compute|database|cache|search|storage``, log groups
``Stream=<stream>``) and names (security groups ``<name>-sg``, alarms ``<env>-<alarm>``).
The config's ``architecture.environments.<env>.aws`` block names resources explicitly and
wins over tags. Resources AWS creates for you (default VPC, ``default`` groups,
``TargetTracking-*`` alarms, service-linked resources) are never the environment's.

Binding never guesses. When several live resources match one declared item, every one
is kept (``candidates``; drift compares each and reports the ambiguity as DL905, naming
them all, in a stable order). A resource whose tags could not be read may be the one the
config declares: it is kept in ``unsure``, so a declared item with no other match is
"not checked" (DL904), never "missing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deploylint.i18n import _
from deploylint.live import snapshot as S
from deploylint.live.options import LiveOptions
from deploylint.live.snapshot import Resource, Snapshot, Unreadable
from deploylint.model.sections import AwsBinding, ConfigFile

COMPONENTS = ("compute", "database", "cache", "search", "storage")
TIERS = ("public", "private")
_COMPONENT_TYPES = {
    "compute": S.ECS_SERVICE,
    "database": S.DB_INSTANCE,
    "cache": S.CACHE_GROUP,
    "search": S.SEARCH_DOMAIN,
    "storage": S.BUCKET,
}
_AWS_CREATED = re.compile(r"^(TargetTracking-|AWSServiceRoleFor|aws-|/aws/)", re.IGNORECASE)


@dataclass
class Bound:
    """One environment's live resources, keyed the way the config names them."""

    env: str
    snapshot: Snapshot
    vpc: Resource | None = None
    subnets: dict[str, list[Resource]] = field(default_factory=dict)  # tier -> subnets
    groups: dict[str, Resource] = field(default_factory=dict)  # config name (alb) -> group
    group_refs: dict[str, str] = field(default_factory=dict)  # group id -> "alb-sg"
    components: dict[str, Resource] = field(default_factory=dict)  # compute, database, ...
    alarms: dict[str, Resource] = field(default_factory=dict)  # high_cpu -> alarm
    log_groups: dict[str, Resource] = field(default_factory=dict)  # stream -> log group
    unreadable: dict[str, Unreadable] = field(default_factory=dict)  # resource type -> why
    options: LiveOptions = field(default_factory=LiveOptions)
    # (kind, key) -> every live resource that matched, when more than one did; the maps
    # above hold the first of them (by ARN). kinds: vpc, group, component, log-group.
    candidates: dict[tuple[str, str], list[Resource]] = field(default_factory=dict)
    # resource type -> resources whose tags (or region) could not be read: they may be
    # the environment's, so a declared item without a match is not checked, not missing
    unsure: dict[str, list[Resource]] = field(default_factory=dict)
    # log groups tagged for the environment without a Stream tag: the environment's, and
    # declared by no stream (unmanaged)
    streamless: list[Resource] = field(default_factory=list)
    # (kind, key) -> why its resources are bound to it ("tagged Environment=production,
    # Component=database", "the config's aws.bucket: app-assets"); subnets as ("subnet", tier)
    why: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_arn: dict[str, Resource] | None = field(default=None, repr=False, compare=False)

    def resource(self, arn: str | None) -> Resource | None:
        """The snapshot's resource with this ARN (indexed once)."""
        if arn is None:
            return None
        if self._by_arn is None:
            self._by_arn = {}
            for r in self.snapshot.resources:
                self._by_arn.setdefault(r.arn, r)
        return self._by_arn.get(arn)

    def group_name(self, name: str) -> str:
        return self.options.security_group_name.format(name=name)

    def alarm_name(self, alarm: str) -> str:
        return self.options.alarm_name.format(env=self.env, alarm=alarm)

    def all(self, kind: str, key: str) -> list[Resource]:
        """Every live resource bound to one declared item (one, or the ambiguous many)."""
        if (kind, key) in self.candidates:
            return self.candidates[(kind, key)]
        one = {
            "vpc": self.vpc if key == "vpc" else None,
            "group": self.groups.get(key),
            "component": self.components.get(key),
            "log-group": self.log_groups.get(key),
            "alarm": self.alarms.get(key),
        }.get(kind)
        return [one] if one is not None else []

    def resources(self) -> list[Resource]:
        """Every resource bound to something declared (all candidates included)."""
        seen: dict[str, Resource] = {}
        for r in [
            *([self.vpc] if self.vpc else []),
            *self.components.values(),
            *self.groups.values(),
            *self.alarms.values(),
            *self.log_groups.values(),
            *(r for rs in self.candidates.values() for r in rs),
        ]:
            seen.setdefault(r.arn, r)
        return list(seen.values())


def _template(template: str, **known: str) -> re.Pattern[str]:
    """``{env}-{alarm}`` with env known -> ``^production\\-(?P<alarm>.+)$``."""
    out = ""
    for piece in re.split(r"(\{[a-z]+\})", template):
        key = piece[1:-1] if piece.startswith("{") else None
        if key is None:
            out += re.escape(piece)
        elif key in known:
            out += re.escape(known[key])
        else:
            out += f"(?P<{key}>.+)"
    return re.compile(f"^{out}$")


def bind(
    snap: Snapshot, env: str, options: LiveOptions | None = None, aws: AwsBinding | None = None
) -> Bound:
    opts = options or LiveOptions()
    aws = aws or AwsBinding()
    out = Bound(env, snap, unreadable=snap.unreadable_types(), options=opts)

    def mine(r: Resource) -> bool:
        return r.tags.get(opts.environment_tag) == env

    def component(r: Resource) -> str:
        return r.tags.get(opts.component_tag, "").lower()

    def tagged(*tags: tuple[str, str]) -> str:
        pairs = [(opts.environment_tag, env), *tags]
        return _("tagged {tags}").format(tags=", ".join(f"{k}={v}" for k, v in pairs))

    def given(key: str, value: str) -> str:
        return _("the config's {names}").format(names=f"aws.{key}: {value}")

    def pick(kind: str, key: str, found: list[Resource]) -> Resource | None:
        """The first by ARN; several are all kept as candidates (never a silent choice)."""
        found = sorted({r.arn: r for r in found}.values(), key=lambda r: r.arn)
        if len(found) > 1:
            out.candidates[(kind, key)] = found
        return found[0] if found else None

    for type_ in S.TYPES:
        unsure = [r for r in snap.of(type_) if "tags" in r.unreadable]
        if unsure:
            out.unsure[type_] = sorted(unsure, key=lambda r: r.arn)

    # VPC and subnets
    vpcs = [v for v in snap.of(S.VPC) if not v.fields.get("default") or v.id == aws.vpc_id]
    if aws.vpc_id:
        out.vpc = pick("vpc", "vpc", [v for v in vpcs if v.id == aws.vpc_id])
        out.why[("vpc", "vpc")] = given("vpc_id", aws.vpc_id)
    else:
        out.vpc = pick("vpc", "vpc", [v for v in vpcs if mine(v) and component(v) == "network"])
        out.why[("vpc", "vpc")] = tagged((opts.component_tag, "network"))
        if out.vpc is None:
            out.vpc = pick("vpc", "vpc", [v for v in vpcs if mine(v) and not component(v)])
            out.why[("vpc", "vpc")] = tagged()
    vpc_ids = {v.id for v in out.all("vpc", "vpc")}
    for tier in TIERS:
        out.subnets[tier] = sorted(
            (
                s
                for s in snap.of(S.SUBNET)
                if s.tags.get(opts.tier_tag, "").lower() == tier
                and (s.fields.get("vpc_id") in vpc_ids if vpc_ids else mine(s))
            ),
            key=lambda s: (str(s.fields.get("cidr")), s.arn),
        )
        out.why[("subnet", tier)] = (
            _("in the VPC, tagged {tag}").format(tag=f"{opts.tier_tag}={tier}")
            if vpc_ids
            else tagged((opts.tier_tag, tier))
        )

    # Security groups: the VPC's, or tagged for the environment; never "default".
    names = _template(opts.security_group_name)
    by_name: dict[str, list[Resource]] = {}
    for g in snap.of(S.SECURITY_GROUP):
        if g.fields.get("group_name") == "default":
            continue
        if not (g.fields.get("vpc_id") in vpc_ids if vpc_ids else mine(g)):
            continue
        name = None
        for text in (g.fields.get("group_name", ""), g.tags.get("Name", "")):
            match = names.match(str(text))
            if match:
                name = match.group("name")
                break
        by_name.setdefault(name or str(g.fields.get("group_name") or g.id), []).append(g)
    for key in sorted(by_name):
        chosen = pick("group", key, by_name[key])
        if chosen is not None:
            out.groups[key] = chosen
            group = opts.security_group_name.format(name=key)
            out.why[("group", key)] = _("named {name}").format(name=group)
    for key in out.groups:
        for g in out.all("group", key):
            out.group_refs[g.id] = opts.security_group_name.format(name=key)

    # The components: the aws: block's identifier, else the tags.
    explicit = {
        "database": aws.db_instance,
        "cache": aws.replication_group,
        "search": aws.domain,
        "storage": aws.bucket,
    }

    def matches(name: str, r: Resource) -> bool:
        if name == "compute" and (aws.cluster or aws.service):
            return (not aws.cluster or r.fields.get("cluster") == aws.cluster) and (
                not aws.service or r.name == aws.service
            )
        if explicit.get(name):
            return explicit[name] in (r.id, r.name)
        return mine(r) and component(r) == name

    for name, type_ in _COMPONENT_TYPES.items():
        resources = [r for r in snap.of(type_) if matches(name, r)]
        chosen = pick("component", name, resources)
        if chosen is not None:
            out.components[name] = chosen
            out.why[("component", name)] = _why_component(name, aws, explicit) or tagged(
                (opts.component_tag, name)
            )

    # Alarms by the aws: block or the name template (names are unique), log groups by the
    # aws: block or the Stream tag.
    named_alarms = {v: k for k, v in (aws.alarms or {}).items()}
    for a in sorted(snap.of(S.ALARM), key=lambda a: a.name):
        if a.name in named_alarms:
            out.alarms[named_alarms[a.name]] = a
            out.why[("alarm", named_alarms[a.name])] = given("alarms", a.name)
    alarm_names = _template(opts.alarm_name, env=env)
    for a in sorted(snap.of(S.ALARM), key=lambda a: a.name):
        match = alarm_names.match(a.name)
        if not match or a.name in named_alarms or _AWS_CREATED.match(a.name):
            continue
        if match.group("alarm") not in out.alarms:
            out.alarms[match.group("alarm")] = a
            out.why[("alarm", match.group("alarm"))] = _("named {name}").format(name=a.name)
    named = {v: k for k, v in (aws.log_groups or {}).items()}
    streams: dict[str, list[Resource]] = {}
    for g in snap.of(S.LOG_GROUP):
        if g.name in named:
            streams.setdefault(named[g.name], []).append(g)
            continue
        if not mine(g) or _AWS_CREATED.match(g.name):
            continue
        stream = g.tags.get(opts.stream_tag)
        if stream and stream not in named.values():
            streams.setdefault(stream, []).append(g)
        elif not stream:
            out.streamless.append(g)
    out.streamless.sort(key=lambda g: g.name)
    for stream in sorted(streams):
        chosen = pick("log-group", stream, streams[stream])
        if chosen is not None:
            out.log_groups[stream] = chosen
            out.why[("log-group", stream)] = (
                given("log_groups", chosen.name)
                if chosen.name in named
                else tagged((opts.stream_tag, stream))
            )
    return out


def _why_component(name: str, aws: AwsBinding, explicit: dict[str, str | None]) -> str | None:
    """The aws: block's identifiers that bind a component, if they do."""
    given = (
        [("cluster", aws.cluster), ("service", aws.service)]
        if name == "compute"
        else [(_AWS_KEYS[name], explicit.get(name))]
    )
    shown = [f"aws.{key}: {value}" for key, value in given if value]
    return _("the config's {names}").format(names=", ".join(shown)) if shown else None


_AWS_KEYS = {
    "database": "db_instance",
    "cache": "replication_group",
    "search": "domain",
    "storage": "bucket",
}


def needed_types(config: ConfigFile, env: str) -> set[str]:
    """The resource types drift needs to read for what ``config`` declares of ``env``."""
    out: set[str] = set()
    arch, infra, mon = config.architecture, config.infrastructure, config.monitoring
    declared = (arch.environments or {}).get(env) if arch else None
    comps = arch.components if arch else None
    if (declared and declared.scaling) or (comps and comps.compute):
        out.add(S.ECS_SERVICE)
    for name, type_ in _COMPONENT_TYPES.items():
        if name != "compute" and comps is not None and getattr(comps, name) is not None:
            out.add(type_)
    net = infra.network if infra else None
    if net is not None and net.vpc is not None:
        out.add(S.VPC)
        if net.vpc.subnets is not None:
            out.add(S.SUBNET)
    if net is not None and net.security is not None and net.security.groups is not None:
        out.update((S.VPC, S.SECURITY_GROUP))
    monitoring = infra.monitoring if infra else None
    if monitoring and monitoring.cloudwatch and monitoring.cloudwatch.alarms is not None:
        out.add(S.ALARM)
    if (monitoring and monitoring.logs) or (mon and mon.logs and mon.logs.retention):
        out.add(S.LOG_GROUP)
    return out
