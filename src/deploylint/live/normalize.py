"""AWS descriptions -> snapshot resources, shared by the collector and the imports.

Keys are looked up case-insensitively, so the same function reads an API answer
(``CidrBlock``), saved ``aws`` CLI output (the same) and an AWS Config configuration
item (``cidrBlock``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deploylint.live import snapshot as S
from deploylint.live.snapshot import Resource

Arn = Callable[[str, str], str]  # (service, resource part) -> ARN


def get(d: Any, *keys: str) -> Any:
    """``d[key]`` for the first key present, compared case-insensitively; else None."""
    if not isinstance(d, dict):
        return None
    for key in keys:
        if key in d:
            return d[key]
    lowered = {str(k).lower(): v for k, v in d.items()}
    for key in keys:
        if key.lower() in lowered:
            return lowered[key.lower()]
    return None


def text(value: Any) -> str:
    return "" if value is None else str(value)


def tags(items: Any) -> dict[str, str]:
    """[{Key, Value}] / [{key, value}] / {k: v} -> {k: v}."""
    if isinstance(items, dict):
        return {str(k): text(v) for k, v in items.items()}
    if not isinstance(items, list):
        return {}
    out: dict[str, str] = {}
    for t in items:
        key = get(t, "Key")
        if key is not None:
            out[str(key)] = text(get(t, "Value"))
    return out


def vpc(v: Any, arn: Arn) -> Resource:
    vid = text(get(v, "VpcId"))
    t = tags(get(v, "Tags"))
    return Resource(
        S.VPC,
        vid,
        arn("ec2", f"vpc/{vid}"),
        t.get("Name", ""),
        t,
        {"cidr": get(v, "CidrBlock"), "default": bool(get(v, "IsDefault"))},
    )


def subnet(s: Any, arn: Arn) -> Resource:
    sid = text(get(s, "SubnetId"))
    t = tags(get(s, "Tags"))
    return Resource(
        S.SUBNET,
        sid,
        text(get(s, "SubnetArn")) or arn("ec2", f"subnet/{sid}"),
        t.get("Name", ""),
        t,
        {"vpc_id": get(s, "VpcId"), "cidr": get(s, "CidrBlock"), "az": get(s, "AvailabilityZone")},
    )


def security_group(g: Any, arn: Arn) -> Resource:
    gid = text(get(g, "GroupId"))
    name = text(get(g, "GroupName"))
    return Resource(
        S.SECURITY_GROUP,
        gid,
        text(get(g, "SecurityGroupArn")) or arn("ec2", f"security-group/{gid}"),
        name,
        tags(get(g, "Tags")),
        {
            "vpc_id": get(g, "VpcId"),
            "group_name": name,
            "ingress": ingress(get(g, "IpPermissions")),
        },
    )


def _cidr(item: Any, key: str) -> Any:
    return item if isinstance(item, str) else get(item, key)


def ingress(permissions: Any) -> list[dict[str, Any]]:
    """EC2 IpPermissions -> one entry per source: protocol, from/to port, source, kind."""
    out: list[dict[str, Any]] = []
    if not isinstance(permissions, list):
        return out
    for p in permissions:
        if not isinstance(p, dict):
            continue
        base = {
            "protocol": text(get(p, "IpProtocol") or "-1"),
            "from_port": get(p, "FromPort"),
            "to_port": get(p, "ToPort"),
        }
        sources: list[tuple[str, Any]] = []
        for key in ("IpRanges", "Ipv4Ranges"):
            sources += [("cidr", _cidr(r, "CidrIp")) for r in get(p, key) or []]
        sources += [("cidr", _cidr(r, "CidrIpv6")) for r in get(p, "Ipv6Ranges") or []]
        sources += [("group", get(r, "GroupId")) for r in get(p, "UserIdGroupPairs") or []]
        sources += [("prefix-list", get(r, "PrefixListId")) for r in get(p, "PrefixListIds") or []]
        seen: set[tuple[str, str]] = set()
        for kind, source in sources:
            if source and (kind, str(source)) not in seen:  # Config repeats ipRanges as ipv4Ranges
                seen.add((kind, str(source)))
                out.append({**base, "source": str(source), "kind": kind})
    return out


def ecs_service(
    s: Any, cluster: str, cluster_tags: dict[str, str], task: Any, target: Any
) -> Resource:
    arn = text(get(s, "ServiceArn"))
    name = text(get(s, "ServiceName")) or arn.rsplit("/", 1)[-1]
    fields: dict[str, Any] = {
        "cluster": cluster,
        "desired_count": get(s, "DesiredCount"),
        "launch_type": get(s, "LaunchType"),
        "task_definition": get(s, "TaskDefinition"),
    }
    if task is not None:
        fields["cpu"] = get(task, "Cpu")
        fields["memory"] = get(task, "Memory")
        if not fields["launch_type"]:
            fields["launch_type"] = (get(task, "RequiresCompatibilities") or [None])[0]
    if target is not None:
        fields["min"] = get(target, "MinCapacity")
        fields["max"] = get(target, "MaxCapacity")
    return Resource(S.ECS_SERVICE, arn, arn, name, tags(get(s, "Tags")) or cluster_tags, fields)


def db_instance(d: Any, arn: Arn) -> Resource:
    ident = text(get(d, "DBInstanceIdentifier"))
    return Resource(
        S.DB_INSTANCE,
        ident,
        text(get(d, "DBInstanceArn")) or arn("rds", f"db:{ident}"),
        ident,
        tags(get(d, "TagList", "Tags")),
        {
            "engine": get(d, "Engine"),
            "version": get(d, "EngineVersion"),
            "instance_class": get(d, "DBInstanceClass"),
            "multi_az": get(d, "MultiAZ"),
        },
    )


def cache_group(g: Any, arn: Arn, group_tags: dict[str, str], member: Any, why: str) -> Resource:
    """A replication group; its version from a member cluster (``why``: why none was read)."""
    gid = text(get(g, "ReplicationGroupId"))
    fields: dict[str, Any] = {"engine": get(g, "Engine"), "node_type": get(g, "CacheNodeType")}
    unreadable: dict[str, str] = {}
    if member is not None:
        fields["version"] = get(member, "EngineVersion")
        fields["engine"] = fields["engine"] or get(member, "Engine")
        fields["node_type"] = fields["node_type"] or get(member, "CacheNodeType")
    else:
        unreadable["version"] = why
    return Resource(
        S.CACHE_GROUP,
        gid,
        text(get(g, "ARN")) or arn("elasticache", f"replicationgroup:{gid}"),
        gid,
        group_tags,
        fields,
        unreadable,
    )


def search_domain(d: Any, domain_tags: dict[str, str]) -> Resource:
    engine, _, version = text(get(d, "EngineVersion")).partition("_")
    if not version:  # Elasticsearch domains report a bare version
        engine, version = ("Elasticsearch", engine) if engine else ("", "")
    cluster = get(d, "ClusterConfig", "ElasticsearchClusterConfig") or {}
    name = text(get(d, "DomainName"))
    return Resource(
        S.SEARCH_DOMAIN,
        name,
        text(get(d, "ARN", "Arn")),
        name,
        domain_tags,
        {
            "engine": engine or None,
            "version": version or None,
            "instance_type": get(cluster, "InstanceType"),
            "instance_count": get(cluster, "InstanceCount"),
        },
    )


def bucket(
    name: str, bucket_tags: dict[str, str], rules: Any, unreadable: dict[str, str] | None = None
) -> Resource:
    return Resource(
        S.BUCKET,
        name,
        f"arn:aws:s3:::{name}",
        name,
        bucket_tags,
        {"lifecycle": lifecycle(rules)},
        dict(unreadable or {}),
    )


def whole_bucket(rule: Any) -> bool:
    """Whether a lifecycle rule applies to every object: no prefix, tag or size filter
    (API: ``Filter: {}`` or ``{Prefix: ""}`` or the legacy ``Prefix: ""``; AWS Config:
    ``filter.predicate`` a ``LifecyclePrefixPredicate`` with an empty prefix)."""
    if text(get(rule, "Prefix")):
        return False
    scope = get(rule, "Filter")
    if scope is None:
        return True
    if not isinstance(scope, dict):
        return False
    predicate = get(scope, "Predicate")
    if isinstance(predicate, dict):
        kind = text(get(predicate, "Type"))
        return kind == "LifecyclePrefixPredicate" and not text(get(predicate, "Prefix"))
    return all(k.lower() == "prefix" and not text(v) for k, v in scope.items())


def lifecycle(rules: Any) -> dict[str, Any] | None:
    """The enabled S3 lifecycle rule that applies to the whole bucket (no prefix, tag or
    size filter) with a transition or an expiration, in days; scoped rules (``tmp/``)
    are not the bucket's rule."""
    if not isinstance(rules, list):
        return None
    for rule in rules:
        if not isinstance(rule, dict) or text(get(rule, "Status")).lower() != "enabled":
            continue
        if not whole_bucket(rule):
            continue
        transitions = [t for t in get(rule, "Transitions") or [] if isinstance(t, dict)]
        expiration = get(rule, "Expiration")
        days = get(expiration, "Days") if isinstance(expiration, dict) else None
        days = days if days is not None else get(rule, "ExpirationInDays")
        if not transitions and days is None:
            continue
        first = min(transitions, key=lambda t: get(t, "Days") or 0) if transitions else {}
        return {
            "transition_days": get(first, "Days"),
            "transition_class": get(first, "StorageClass"),
            "expiration_days": days,
        }
    return None


def alarm(a: Any, arn: Arn) -> Resource:
    name = text(get(a, "AlarmName"))
    return Resource(
        S.ALARM,
        name,
        text(get(a, "AlarmArn")) or arn("cloudwatch", f"alarm:{name}"),
        name,
        {},
        {
            "metric": get(a, "MetricName"),
            "threshold": get(a, "Threshold"),
            "period": get(a, "Period"),
            "evaluation_periods": get(a, "EvaluationPeriods"),
            "datapoints_to_alarm": get(a, "DatapointsToAlarm"),
        },
    )


def log_group_arn(g: Any, arn: Arn) -> str:
    name = text(get(g, "logGroupName"))
    found = text(get(g, "logGroupArn")) or text(get(g, "arn", "Arn")).removesuffix(":*")
    return found or arn("logs", f"log-group:{name}")


def log_group(g: Any, arn: Arn, group_tags: dict[str, str]) -> Resource:
    name = text(get(g, "logGroupName"))
    return Resource(
        S.LOG_GROUP,
        name,
        log_group_arn(g, arn),
        name,
        group_tags,
        {"retention": get(g, "retentionInDays")},
    )
