"""Binding: which live resources of a snapshot are one environment's, and as what.

By default by tags (``Environment=<env>``; the VPC ``Component=network``, subnets
``Tier=public|private``, the ECS service, RDS instance, ElastiCache group, OpenSearch
domain and S3 bucket ``Component=compute|database|cache|search|storage``, log groups
``Stream=<stream>``) and names (security groups ``<name>-sg``, alarms ``<env>-<alarm>``).
The config's ``architecture.environments.<env>.aws`` block names resources explicitly and
wins over tags. Resources AWS creates for you (default VPC, ``default`` groups,
``TargetTracking-*`` alarms, service-linked resources) are never the environment's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from deploylint.live import snapshot as S
from deploylint.live.options import LiveOptions
from deploylint.live.snapshot import Resource, Snapshot, Unreadable
from deploylint.model.sections import AwsBinding

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

    def group_name(self, name: str) -> str:
        return self.options.security_group_name.format(name=name)

    def alarm_name(self, alarm: str) -> str:
        return self.options.alarm_name.format(env=self.env, alarm=alarm)


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

    def pick(candidates: list[Resource]) -> Resource | None:
        return min(candidates, key=lambda r: r.arn) if candidates else None

    # VPC and subnets
    vpcs = [v for v in snap.of(S.VPC) if not v.fields.get("default") or v.id == aws.vpc_id]
    if aws.vpc_id:
        out.vpc = pick([v for v in vpcs if v.id == aws.vpc_id])
    else:
        out.vpc = pick([v for v in vpcs if mine(v) and component(v) == "network"]) or pick(
            [v for v in vpcs if mine(v) and not component(v)]
        )
    vpc_id = out.vpc.id if out.vpc else None
    for tier in TIERS:
        out.subnets[tier] = sorted(
            (
                s
                for s in snap.of(S.SUBNET)
                if s.tags.get(opts.tier_tag, "").lower() == tier
                and (s.fields.get("vpc_id") == vpc_id if vpc_id else mine(s))
            ),
            key=lambda s: str(s.fields.get("cidr")),
        )

    # Security groups: the VPC's, or tagged for the environment; never "default".
    names = _template(opts.security_group_name)
    candidates = [
        g
        for g in snap.of(S.SECURITY_GROUP)
        if g.fields.get("group_name") != "default"
        and (g.fields.get("vpc_id") == vpc_id if vpc_id else mine(g))
    ]
    for g in sorted(candidates, key=lambda g: (not mine(g), g.arn)):
        name = None
        for text in (g.fields.get("group_name", ""), g.tags.get("Name", "")):
            match = names.match(str(text))
            if match:
                name = match.group("name")
                break
        key = name or str(g.fields.get("group_name") or g.id)
        out.groups.setdefault(key, g)
    for key, g in out.groups.items():
        out.group_refs[g.id] = opts.security_group_name.format(name=key)

    # The components: the aws: block's identifier, else the tags.
    explicit = {
        "database": aws.db_instance,
        "cache": aws.replication_group,
        "search": aws.domain,
        "storage": aws.bucket,
    }
    for name, type_ in _COMPONENT_TYPES.items():
        resources = snap.of(type_)
        chosen: Resource | None
        if name == "compute" and (aws.cluster or aws.service):
            chosen = pick(
                [
                    r
                    for r in resources
                    if (not aws.cluster or r.fields.get("cluster") == aws.cluster)
                    and (not aws.service or r.name == aws.service)
                ]
            )
        elif explicit.get(name):
            chosen = pick([r for r in resources if explicit[name] in (r.id, r.name)])
        else:
            chosen = pick([r for r in resources if mine(r) and component(r) == name])
        if chosen is not None:
            out.components[name] = chosen

    # Alarms by the aws: block or the name template, log groups by the aws: block or the
    # Stream tag.
    named_alarms = {v: k for k, v in (aws.alarms or {}).items()}
    for a in sorted(snap.of(S.ALARM), key=lambda a: a.name):
        if a.name in named_alarms:
            out.alarms[named_alarms[a.name]] = a
    alarm_names = _template(opts.alarm_name, env=env)
    for a in sorted(snap.of(S.ALARM), key=lambda a: a.name):
        match = alarm_names.match(a.name)
        if match and a.name not in named_alarms and not _AWS_CREATED.match(a.name):
            out.alarms.setdefault(match.group("alarm"), a)
    named = {v: k for k, v in (aws.log_groups or {}).items()}
    for g in sorted(snap.of(S.LOG_GROUP), key=lambda g: g.name):
        if g.name in named:
            out.log_groups[named[g.name]] = g
    for g in sorted(snap.of(S.LOG_GROUP), key=lambda g: g.name):
        stream = g.tags.get(opts.stream_tag)
        if mine(g) and stream and g.name not in named and not _AWS_CREATED.match(g.name):
            out.log_groups.setdefault(stream, g)
    return out
