"""The one mapping between a snapshot resource's normalized fields and the AWS attributes
they come from: the live side of a finding (``ResourceLocation.attribute``) is spelled the
same by ``check --live`` (``live.source``) and by ``drift``."""

from __future__ import annotations

from deploylint.live import snapshot as S

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
