"""The one mapping between config paths, a snapshot resource's normalized fields and the
AWS attributes they come from.

:data:`PLACES` says at which document path each live field is written: ``live.source``
builds from it both the live effective config the rules read (``check --live``) and the
live candidates ``drift`` compares (``model.compare``); :func:`attribute` names the AWS
attribute, so the live side of a finding (``ResourceLocation.attribute``) is spelled the
same by both."""

from __future__ import annotations

from deploylint.live import snapshot as S
from deploylint.model.location import Path

_COMP = ("architecture", "components")
_ALARM = ("infrastructure", "monitoring", "cloudwatch", "alarms", "{key}")

# resource type -> (document path, normalized field), in document order. "{env}" is the
# environment, "{key}" the declared item (alarm, log stream, security group), a subnet's
# paths are below its own entry. Fields not in a snapshot are derived (live.source):
# a search domain's engine_version (OpenSearch_2.11), an alarm's datapoints_to_alarm
# (EvaluationPeriods when unset), a bucket's whole-bucket lifecycle rule, a group's inbound
# rules (sources named as the config names groups).
PLACES: dict[str, tuple[tuple[Path, str], ...]] = {
    S.ECS_SERVICE: (
        ((*_COMP, "compute", "instance_type"), "launch_type"),
        ((*_COMP, "compute", "cpu"), "cpu"),
        ((*_COMP, "compute", "memory"), "memory"),
        (("architecture", "environments", "{env}", "scaling", "min"), "min"),
        (("architecture", "environments", "{env}", "scaling", "max"), "max"),
        (("architecture", "environments", "{env}", "scaling", "desired"), "desired_count"),
    ),
    S.DB_INSTANCE: (
        ((*_COMP, "database", "engine"), "engine"),
        ((*_COMP, "database", "version"), "version"),
        ((*_COMP, "database", "instance_type"), "instance_class"),
    ),
    S.CACHE_GROUP: (
        ((*_COMP, "cache", "engine"), "engine"),
        ((*_COMP, "cache", "version"), "version"),
        ((*_COMP, "cache", "instance_type"), "node_type"),
    ),
    S.SEARCH_DOMAIN: (
        ((*_COMP, "search", "engine"), "engine"),
        ((*_COMP, "search", "version"), "engine_version"),
        ((*_COMP, "search", "instance_type"), "instance_type"),
        ((*_COMP, "search", "instance_count"), "instance_count"),
    ),
    S.BUCKET: (
        ((*_COMP, "storage", "lifecycle"), "lifecycle"),
        ((*_COMP, "storage", "lifecycle", "transition", "days"), "transition_days"),
        ((*_COMP, "storage", "lifecycle", "transition", "storage_class"), "transition_class"),
        ((*_COMP, "storage", "lifecycle", "expiration"), "expiration_days"),
    ),
    S.VPC: ((("infrastructure", "network", "vpc", "cidr"), "cidr"),),
    S.SUBNET: ((("cidr",), "cidr"), (("az",), "az")),
    S.SECURITY_GROUP: (
        (("infrastructure", "network", "security", "groups", "{key}", "inbound"), "ingress"),
    ),
    S.ALARM: (
        ((*_ALARM, "threshold"), "threshold"),
        ((*_ALARM, "period"), "period"),
        ((*_ALARM, "evaluation_periods"), "evaluation_periods"),
        ((*_ALARM, "datapoints_to_alarm"), "datapoints_to_alarm"),
        ((*_ALARM, "metric"), "metric"),
    ),
    S.LOG_GROUP: ((("infrastructure", "monitoring", "logs", "retention", "{key}"), "retention"),),
}
# derived fields -> the snapshot fields they are read from (unreadable when one is)
SOURCES = {"engine_version": ("engine", "version")}


def place(path: Path, env: str, key: str) -> Path:
    """A :data:`PLACES` path with its ``{env}`` and ``{key}`` filled in."""
    fill = {"{env}": env, "{key}": key}
    return tuple(fill.get(part, part) if isinstance(part, str) else part for part in path)


_COMMON = {
    "desired_count": "/desiredCount",
    "launch_type": "/launchType",
    "cpu": "/taskDefinition/cpu",
    "memory": "/taskDefinition/memory",
    "min": "/scalableTarget/minCapacity",
    "max": "/scalableTarget/maxCapacity",
    "threshold": "/Threshold",
    "period": "/Period",
    "evaluation_periods": "/EvaluationPeriods",
    "datapoints_to_alarm": "/DatapointsToAlarm",
    "metric": "/MetricName",
    "retention": "/retentionInDays",
    "cidr": "/CidrBlock",
    "az": "/AvailabilityZone",
    "lifecycle": "/LifecycleConfiguration/Rules",
    "transition_days": "/LifecycleConfiguration/Rules/Transitions/Days",
    "transition_class": "/LifecycleConfiguration/Rules/Transitions/StorageClass",
    "expiration_days": "/LifecycleConfiguration/Rules/Expiration/Days",
    "tags": "/Tags",
}
_BY_TYPE = {
    (S.DB_INSTANCE, "engine"): "/Engine",
    (S.DB_INSTANCE, "version"): "/EngineVersion",
    (S.DB_INSTANCE, "instance_class"): "/DBInstanceClass",
    (S.CACHE_GROUP, "engine"): "/Engine",
    (S.CACHE_GROUP, "version"): "/EngineVersion",
    (S.CACHE_GROUP, "node_type"): "/CacheNodeType",
    (S.SEARCH_DOMAIN, "engine"): "/EngineVersion",
    (S.SEARCH_DOMAIN, "version"): "/EngineVersion",
    (S.SEARCH_DOMAIN, "engine_version"): "/EngineVersion",
    (S.SEARCH_DOMAIN, "instance_type"): "/ClusterConfig/InstanceType",
    (S.SEARCH_DOMAIN, "instance_count"): "/ClusterConfig/InstanceCount",
}


def attribute(type_: str, field: str) -> str:
    """The AWS attribute a normalized field comes from: ``/Threshold``, ``/desiredCount``."""
    return _BY_TYPE.get((type_, field)) or _COMMON.get(field) or f"/{field}"


def ingress(n: int) -> str:
    """A security group's n-th live inbound entry (one per source)."""
    return f"/ingress/{n}"


def field_of(type_: str, attr: str) -> str:
    """The normalized field an AWS attribute holds (the inverse of :func:`attribute`):
    ``/desiredCount`` -> ``desired_count``; a search domain's ``/EngineVersion`` is its
    ``version``."""
    named = [f for (t, f), a in _BY_TYPE.items() if t == type_ and a == attr]
    if named:
        return "version" if "version" in named else named[0]
    common = [f for f, a in _COMMON.items() if a == attr]
    return common[0] if common else attr.lstrip("/")
