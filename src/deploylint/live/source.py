"""The live source: an environment's bound resources as live candidates and as an
effective config.

:func:`live_state` turns every bound resource into a :class:`Candidate` of the declared
item it binds to (all of them when several bind: drift compares each): its values at
their document paths by the one mapping (``live.fields.PLACES``), the attributes it could
not read, and the binding's provenance. :func:`live_effective` is the same values, as a
config writes them, for the rules (``check --live``): the first candidate of each item.

The data has the shape of a config file (the guide's sections), built from what the
resources report; every value's origin is a :class:`ResourceLocation` (ARN + attribute).
The rules read it like any other effective config (``check --live/--snapshot``).
Resource types that could not be read are listed in ``unreadable``; their sections are
absent from the data, so no rule speaks about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deploylint.live import snapshot as S
from deploylint.live.binding import Bound
from deploylint.live.fields import PLACES, SOURCES, ingress, place
from deploylint.live.fields import attribute as A
from deploylint.live.snapshot import Resource
from deploylint.model import versions
from deploylint.model.compare import Candidate, Unread
from deploylint.model.effective import DataEffective
from deploylint.model.location import Location, Path, ResourceLocation
from deploylint.model.sections import ConfigFile
from deploylint.model.validate import validate

_TYPES = {
    "compute": "ECS Fargate",
    "database": "RDS",
    "cache": "ElastiCache",
    "search": "OpenSearch",
    "storage": "S3",
}


# --- the live candidates drift compares -----------------------------------------------


def _lifecycle(rule: Any) -> Any:
    """The whole-bucket rule at the config's lifecycle path: transition days and class at
    one path (``transition``), expiration in days."""
    if not isinstance(rule, dict):
        return None
    transition = {
        "days": rule.get("transition_days"),
        "storage_class": rule.get("transition_class"),
    }
    return {"transition": transition, "expiration": rule.get("expiration_days")}


def _inbound(bound: Bound, group: Resource) -> list[dict[str, Any]]:
    """A group's live inbound rules as a config writes them (another group as its
    ``<name>-sg``; port ``443``, ``8000-8010``; protocol only when not tcp)."""
    out: list[dict[str, Any]] = []
    for rule in group.fields.get("ingress") or []:
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
        out.append(item)
    return out


def _value(bound: Bound, r: Resource, field: str) -> Any:
    f = r.fields
    if field == "engine_version":  # AWS's spelling: OpenSearch_2.11
        engine, version = f.get("engine"), f.get("version")
        if version is None:
            return None
        return f"{engine}_{version}" if engine else version
    if field == "datapoints_to_alarm":  # unset: every evaluated period
        return f.get("datapoints_to_alarm") or f.get("evaluation_periods")
    if field == "lifecycle":
        return _lifecycle(f.get("lifecycle"))
    if field == "ingress":
        return _inbound(bound, r)
    return f.get(field)


def _put(data: dict[str, Any], path: Path, value: Any) -> None:
    node: dict[Any, Any] = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def candidate(bound: Bound, r: Resource, key: str, at: Path, bound_by: str) -> Candidate:
    """One bound resource as config-shaped values at its document paths (fields.PLACES)."""
    data: dict[str, Any] = {}
    attributes: dict[Path, str] = {}
    unread: dict[Path, Unread] = {}
    for where, name in PLACES[r.type]:
        path = place(where, bound.env, key) if r.type != S.SUBNET else (*at, *where)
        attributes[path] = A(r.type, name)
        why = next((f for f in SOURCES.get(name, (name,)) if f in r.unreadable), None)
        if why is not None:
            unread[path] = Unread(why, r.unreadable[why])
            continue
        value = _value(bound, r, name)  # None below a bucket's lifecycle: it holds them
        if value is not None:
            _put(data, path, value)
    if r.type == S.SECURITY_GROUP:
        for n in range(len(r.fields.get("ingress") or [])):
            attributes[(*at, "inbound", n)] = ingress(n)
    return Candidate(
        r.arn, r.id, r.name, bound_by, at=at, data=data, attributes=attributes, unread=unread
    )


@dataclass
class LiveState:
    """One environment's live side for drift: per declared item (kind, key) every
    candidate bound to it (one, or the ambiguous many), with its values, unread
    attributes and provenance; the binding (``bound``) for what binding alone knows."""

    bound: Bound
    items: dict[tuple[str, str], list[Candidate]] = field(default_factory=dict)
    subnets: dict[str, list[Candidate]] = field(default_factory=dict)  # tier -> subnets

    def of(self, kind: str, key: str) -> list[Candidate]:
        return self.items.get((kind, key), [])


_NET = ("infrastructure", "network")
_COMPONENTS = ("architecture", "components")


def live_state(bound: Bound) -> LiveState:
    """Every bound resource as a candidate of the declared item it binds to."""
    out = LiveState(bound)
    for (kind, key), at in _items(bound):
        found = [
            candidate(bound, r, key, at, bound.why.get((kind, key), ""))
            for r in bound.all(kind, key)
        ]
        if found:
            out.items[(kind, key)] = found
    for tier, subnets in bound.subnets.items():
        base: Path = (*_NET, "vpc", "subnets", tier)
        why = bound.why.get(("subnet", tier), "")
        out.subnets[tier] = [
            candidate(bound, s, tier, (*base, n), why) for n, s in enumerate(subnets)
        ]
    return out


def _items(bound: Bound) -> list[tuple[tuple[str, str], Path]]:
    """Every declared item binding found live, and its document path."""
    out: list[tuple[tuple[str, str], Path]] = [(("vpc", "vpc"), (*_NET, "vpc"))]
    out += [(("component", n), (*_COMPONENTS, n)) for n in bound.components]
    out += [(("group", n), (*_NET, "security", "groups", n)) for n in bound.groups]
    alarms: Path = ("infrastructure", "monitoring", "cloudwatch", "alarms")
    out += [(("alarm", n), (*alarms, n)) for n in bound.alarms]
    retention: Path = ("infrastructure", "monitoring", "logs", "retention")
    out += [(("log-group", n), (*retention, n)) for n in bound.log_groups]
    return out


# --- the live effective config the rules read ------------------------------------------


class _Builder:
    def __init__(self, bound: Bound) -> None:
        self.bound = bound
        self.data: dict[str, Any] = {}
        self.origins: dict[Path, Location] = {}
        snap = bound.snapshot
        self.account, self.region = snap.account, snap.region

    def loc(self, r: Resource | Candidate, attribute: str = "") -> ResourceLocation:
        return ResourceLocation(r.arn, attribute, self.account, self.region)

    def put(
        self, path: Path, value: Any, r: Resource | Candidate | None = None, attribute: str = ""
    ) -> None:
        if value is None:
            return
        node: dict[Any, Any] = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
        if r is not None:
            self.origins[path] = self.loc(r, attribute)

    def place(self, path: Path, r: Resource | Candidate, attribute: str = "") -> None:
        self.origins[path] = self.loc(r, attribute)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


_INTS = {"cpu", "memory", "min", "max", "desired", "instance_count", "period"}
_INTS |= {"evaluation_periods", "datapoints_to_alarm", "expiration", "days"}


def _as_written(path: Path, value: Any) -> Any:
    """A live value as a config writes it, for the rules: engines by their names, versions
    through model/versions.py (the rules' normalisation), counts as integers."""
    key = path[-1] if path else ""
    if key == "engine" and isinstance(value, str):
        return versions.engine_name(value)
    if key == "version" and value is not None:
        return versions.as_written(str(path[-2]) if len(path) > 1 else "", str(value))
    if key in _INTS or (len(path) > 1 and path[-2] == "retention"):
        return _int(value)
    if key in ("instance_type",) and value is not None:
        return str(value)
    return value


def _first(state: LiveState, kind: str, key: str) -> Candidate | None:
    found = state.of(kind, key)
    return found[0] if found else None  # the first by ARN; DL905 names the others


def live_config(bound: Bound) -> tuple[dict[str, Any], dict[Path, Location]]:
    """The bound resources as config-shaped data, and each value's live origin: the
    first candidate of every declared item, its values as a config writes them."""
    state = live_state(bound)
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

    def copy(c: Candidate, paths: list[Path]) -> None:
        for path in paths:
            value = c.value(path)
            if isinstance(value, dict | list):
                continue
            b.put(path, _as_written(path, value), c, c.attribute(path))

    for name in _TYPES:
        c = _first(state, "component", name)
        if c is None:
            continue
        b.put((*_COMPONENTS, name, "type"), _TYPES[name], c)
        b.place((*_COMPONENTS, name), c)
        if name == "storage":
            continue
        r = bound.components[name]
        copy(c, [place(p, env, name) for p, _f in PLACES[r.type]])
    bucket = _first(state, "component", "storage")
    if bucket is not None:
        lc: Path = (*_COMPONENTS, "storage", "lifecycle")
        rule = bucket.value(lc)
        if isinstance(rule, dict):
            days = _int(bucket.value((*lc, "transition", "days")))
            klass = bucket.value((*lc, "transition", "storage_class"))
            if days is not None and klass:
                transition = {"days": days, "storage_class": str(klass)}
                b.put((*lc, "transition"), transition, bucket, bucket.attribute(lc))
            expiration = _int(bucket.value((*lc, "expiration")))
            b.put((*lc, "expiration"), expiration, bucket, bucket.attribute(lc))

    vpc = _first(state, "vpc", "vpc")
    if vpc is not None:
        copy(vpc, [(*_NET, "vpc", "cidr")])
    for tier, subnets in state.subnets.items():
        items: list[dict[str, str]] = []
        for s in subnets:
            cidr, az = s.value((*s.at, "cidr")), s.value((*s.at, "az"))
            if cidr and az:
                b.place((*_NET, "vpc", "subnets", tier, len(items)), s)
                items.append({"cidr": str(cidr), "az": str(az)})
        if items:
            b.put((*_NET, "vpc", "subnets", tier), items)
    groups: dict[str, Any] = {}
    for name in sorted(bound.groups):
        g = _first(state, "group", name)
        if g is None:
            continue
        inbound = g.value((*g.at, "inbound")) or []
        for n in range(len(inbound)):
            b.place((*g.at, "inbound", n), g, ingress(n))
        groups[name] = {"inbound": inbound}
        b.place(g.at, g)
    if groups:
        b.put((*_NET, "security", "groups"), groups)

    for name in sorted(bound.alarms):
        a = _first(state, "alarm", name)
        if a is None:
            continue
        b.place(a.at, a)
        copy(a, [place(p, env, name) for p, _f in PLACES[S.ALARM]])
    if bound.log_groups:
        streams = sorted(bound.log_groups)
        b.put(("infrastructure", "monitoring", "logs", "streams"), streams)
        for stream in streams:
            g = _first(state, "log-group", stream)
            if g is not None:
                copy(g, [g.at])
    return b.data, b.origins


def live_effective(bound: Bound) -> DataEffective:
    data, origins = live_config(bound)
    checked = validate(data)
    model = ConfigFile.model_validate(checked.data)
    snap = bound.snapshot
    default = ResourceLocation(
        f"arn:aws:::{snap.account or ''}:region/{snap.region}", "", snap.account, snap.region
    )
    # live state shows what it binds, not what a config lacks: no "missing part" findings
    return DataEffective(bound.env, checked.data, model, origins, default, absence_known=False)
