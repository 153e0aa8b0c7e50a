"""The live source: an environment's bound resources as an effective config.

The data has the shape of a config file (the guide's sections), built from what the
resources report; every value's origin is a :class:`ResourceLocation` (ARN + attribute).
The rules read it like any other effective config (``check --live/--snapshot``).
Resource types that could not be read are listed in ``unreadable``; their sections are
absent from the data, so no rule speaks about them.
"""

from __future__ import annotations

from typing import Any

from deploylint.live import snapshot as S
from deploylint.live.binding import Bound
from deploylint.live.fields import attribute as A
from deploylint.live.fields import ingress
from deploylint.live.snapshot import Resource
from deploylint.model.effective import DataEffective
from deploylint.model.location import Location, Path, ResourceLocation
from deploylint.model.sections import ConfigFile
from deploylint.model.validate import validate

_ENGINES = {
    "postgres": "PostgreSQL",
    "mysql": "MySQL",
    "mariadb": "MariaDB",
    "aurora-postgresql": "Aurora PostgreSQL",
    "aurora-mysql": "Aurora MySQL",
    "redis": "Redis",
    "valkey": "Valkey",
}
_TYPES = {
    "compute": "ECS Fargate",
    "database": "RDS",
    "cache": "ElastiCache",
    "search": "OpenSearch",
    "storage": "S3",
}


class _Builder:
    def __init__(self, bound: Bound) -> None:
        self.bound = bound
        self.data: dict[str, Any] = {}
        self.origins: dict[Path, Location] = {}
        snap = bound.snapshot
        self.account, self.region = snap.account, snap.region

    def loc(self, r: Resource, attribute: str = "") -> ResourceLocation:
        return ResourceLocation(r.arn, attribute, self.account, self.region)

    def put(self, path: Path, value: Any, r: Resource | None = None, attribute: str = "") -> None:
        if value is None:
            return
        node: dict[Any, Any] = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
        if r is not None:
            self.origins[path] = self.loc(r, attribute)

    def place(self, path: Path, r: Resource, attribute: str = "") -> None:
        self.origins[path] = self.loc(r, attribute)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def live_config(bound: Bound) -> tuple[dict[str, Any], dict[Path, Location]]:
    """The bound resources as config-shaped data, and each value's live origin."""
    b = _Builder(bound)
    env = bound.env
    e: Path = ("architecture", "environments", env)
    b.put((*e, "region"), bound.snapshot.region)
    zones = sorted(
        {
            str(s.fields.get("az"))
            for tier in bound.subnets.values()
            for s in tier
            if s.fields.get("az")
        }
    )
    if zones:
        b.put((*e, "availability_zones"), zones, bound.vpc, "/subnets")
    comps: Path = ("architecture", "components")
    service = bound.components.get("compute")
    if service is not None:
        f = service.fields
        b.put((*e, "scaling", "min"), _int(f.get("min")), service, A(S.ECS_SERVICE, "min"))
        b.put((*e, "scaling", "max"), _int(f.get("max")), service, A(S.ECS_SERVICE, "max"))
        b.put(
            (*e, "scaling", "desired"),
            _int(f.get("desired_count")),
            service,
            A(S.ECS_SERVICE, "desired_count"),
        )
        b.put((*comps, "compute", "type"), _TYPES["compute"], service)
        b.put(
            (*comps, "compute", "instance_type"),
            f.get("launch_type"),
            service,
            A(S.ECS_SERVICE, "launch_type"),
        )
        b.put((*comps, "compute", "cpu"), _int(f.get("cpu")), service, A(S.ECS_SERVICE, "cpu"))
        b.put(
            (*comps, "compute", "memory"),
            _int(f.get("memory")),
            service,
            A(S.ECS_SERVICE, "memory"),
        )
    for name, attrs in (
        (
            "database",
            (("engine", "engine"), ("version", "version"), ("instance_type", "instance_class")),
        ),
        ("cache", (("engine", "engine"), ("version", "version"), ("instance_type", "node_type"))),
        (
            "search",
            (
                ("engine", "engine"),
                ("version", "version"),
                ("instance_type", "instance_type"),
                ("instance_count", "instance_count"),
            ),
        ),
    ):
        r = bound.components.get(name)
        if r is None:
            continue
        b.put((*comps, name, "type"), _TYPES[name], r)
        b.place((*comps, name), r)
        for key, field in attrs:
            value = r.fields.get(field)
            if key == "engine" and isinstance(value, str):
                value = _ENGINES.get(value.lower(), value)
            if key == "instance_count":
                value = _int(value)
            elif value is not None:
                value = str(value)
                if name == "cache" and key == "version" and not value.startswith(("3", "4", "5")):
                    value = ".".join(value.split(".")[:2])  # 6+ is written 7.1, not 7.1.0
            b.put((*comps, name, key), value, r, A(r.type, field))
    bucket = bound.components.get("storage")
    if bucket is not None:
        b.put((*comps, "storage", "type"), _TYPES["storage"], bucket)
        rule = bucket.fields.get("lifecycle")
        if isinstance(rule, dict):
            lc: Path = (*comps, "storage", "lifecycle")
            days, klass = _int(rule.get("transition_days")), rule.get("transition_class")
            if days is not None and klass:
                b.put(
                    (*lc, "transition"),
                    {"days": days, "storage_class": str(klass)},
                    bucket,
                    A(S.BUCKET, "lifecycle"),
                )
            b.put(
                (*lc, "expiration"),
                _int(rule.get("expiration_days")),
                bucket,
                A(S.BUCKET, "lifecycle"),
            )

    net: Path = ("infrastructure", "network")
    if bound.vpc is not None:
        b.put((*net, "vpc", "cidr"), bound.vpc.fields.get("cidr"), bound.vpc, A(S.VPC, "cidr"))
        for tier, subnets in bound.subnets.items():
            items = [
                {"cidr": str(s.fields.get("cidr")), "az": str(s.fields.get("az"))}
                for s in subnets
                if s.fields.get("cidr") and s.fields.get("az")
            ]
            if items:
                b.put((*net, "vpc", "subnets", tier), items)
                for i, s in enumerate(subnets):
                    b.place((*net, "vpc", "subnets", tier, i), s)
    groups: dict[str, Any] = {}
    for name, g in sorted(bound.groups.items()):
        inbound: list[dict[str, Any]] = []
        for n, rule in enumerate(g.fields.get("ingress") or []):
            source = str(rule.get("source"))
            if rule.get("kind") == "group":
                source = bound.group_refs.get(source, source)
            protocol = str(rule.get("protocol"))
            low, high = rule.get("from_port"), rule.get("to_port")
            if protocol == "-1" or low is None:
                port: Any = "0-65535"
            else:
                port = int(low) if low == high else f"{low}-{high}"
            item: dict[str, Any] = {"port": port, "source": source}
            if protocol != "tcp":
                item["protocol"] = protocol
            b.place((*net, "security", "groups", name, "inbound", len(inbound)), g, ingress(n))
            inbound.append(item)
        groups[name] = {"inbound": inbound}
        b.place((*net, "security", "groups", name), g)
    if groups:
        b.put((*net, "security", "groups"), groups)

    mon: Path = ("infrastructure", "monitoring")
    for name, a in sorted(bound.alarms.items()):
        p = (*mon, "cloudwatch", "alarms", name)
        b.place(p, a)
        b.put((*p, "threshold"), a.fields.get("threshold"), a, A(S.ALARM, "threshold"))
        b.put((*p, "period"), _int(a.fields.get("period")), a, A(S.ALARM, "period"))
        b.put(
            (*p, "evaluation_periods"),
            _int(a.fields.get("evaluation_periods")),
            a,
            A(S.ALARM, "evaluation_periods"),
        )
        b.put(
            (*p, "datapoints_to_alarm"),
            _int(a.fields.get("datapoints_to_alarm")),
            a,
            A(S.ALARM, "datapoints_to_alarm"),
        )
        b.put((*p, "metric"), a.fields.get("metric"), a, A(S.ALARM, "metric"))
    if bound.log_groups:
        streams = sorted(bound.log_groups)
        b.put((*mon, "logs", "streams"), streams)
        for stream in streams:
            g = bound.log_groups[stream]
            b.put(
                (*mon, "logs", "retention", stream),
                _int(g.fields.get("retention")),
                g,
                A(S.LOG_GROUP, "retention"),
            )
    return b.data, b.origins


def live_effective(bound: Bound) -> DataEffective:
    data, origins = live_config(bound)
    checked = validate(data)
    model = ConfigFile.model_validate(checked.data)
    snap = bound.snapshot
    default = ResourceLocation(
        f"arn:aws:::{snap.account or ''}:region/{snap.region}", "", snap.account, snap.region
    )
    return DataEffective(bound.env, checked.data, model, origins, default)
