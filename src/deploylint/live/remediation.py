"""Drift remediation: the AWS CLI command that brings a live resource back to what is declared.

deploylint prints it and never runs it (the collector stays read-only). Each command is a
:class:`Command` (service, API operation, parameters in the API's own names) so tests can
validate the parameters against botocore's model of the operation; :meth:`Command.cli`
renders it as the AWS CLI spells it. Where no single call does it (a new task definition
revision, an engine major upgrade, a resource to create), the remediation is one sentence
and the AWS documentation page.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from deploylint.drift import CHANGED, MISSING, UNMANAGED, Drift
from deploylint.live import snapshot as S
from deploylint.live.binding import Bound
from deploylint.live.fields import field_of
from deploylint.live.snapshot import Resource
from deploylint.model.effective import Effective, lookup
from deploylint.model.fix import Fix, Safety, SetKey, SetValue
from deploylint.model.location import Path
from deploylint.model.versions import numbers, split_version
from deploylint.sources.configset import SourceDoc, ancestors
from deploylint.sources.edits import DocText, edits_for
from deploylint.sources.loader import is_json

_KEBAB = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

DOCS = {
    "task": "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/update-task-definition-console-v2.html",
    "rds-major": "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.PostgreSQL.MajorVersion.html",
    "cache-major": "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.html",
    "search": "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/version-migration.html",
    "alarm": "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ConsoleAlarms.html",
    "lifecycle": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-set-lifecycle-configuration-intro.html",
    "create": "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks.html",
    "subnet": "https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html",
}


def kebab(name: str) -> str:
    """``DBInstanceIdentifier`` -> ``db-instance-identifier``, as the AWS CLI spells it."""
    return _KEBAB.sub("-", name).lower()


@dataclass(frozen=True)
class Command:
    """One AWS API call: ``service`` as the CLI names it, ``operation`` as the API does."""

    service: str
    operation: str
    params: dict[str, Any] = field(default_factory=dict)
    region: str | None = None
    model_service: str = ""  # botocore's service name when it differs (application-autoscaling)

    def cli(self) -> str:
        parts = ["aws", self.service, kebab(self.operation)]
        for name, value in self.params.items():
            flag = "--" + kebab(name)
            if value is True:
                parts.append(flag)
            elif isinstance(value, (list, dict)):
                parts += [flag, shlex.quote(json.dumps(value, separators=(",", ":")))]
            else:
                parts += [flag, shlex.quote(str(value))]
        if self.region:
            parts += ["--region", self.region]
        return " ".join(parts)


@dataclass(frozen=True)
class Remediation:
    """Commands to run in order, or a sentence and a documentation link."""

    commands: tuple[Command, ...] = ()
    advice: str = ""
    link: str = ""

    def text(self) -> str:
        if self.commands:
            return " && ".join(c.cli() for c in self.commands)
        return f"{self.advice} ({self.link})" if self.link else self.advice


def _region(arn: str) -> str | None:
    parts = arn.split(":")
    return parts[3] or None if len(parts) > 3 else None


def _resource(bound: Bound, arn: str | None) -> Resource | None:
    return bound.resource(arn)  # an index built once per binding, not a scan per drift


def remediation(d: Drift, bound: Bound) -> Remediation | None:
    """How to bring the live side of ``d`` back to what is declared (DL901-DL903)."""
    if d.rule not in (CHANGED, MISSING, UNMANAGED):
        return None
    resource = _resource(bound, d.resource)
    if d.rule == MISSING and (resource is None or resource.type != S.SECURITY_GROUP):
        return Remediation(
            advice="Create it from the infrastructure code that declares it (terraform apply, "
            "a CloudFormation stack update) rather than by hand, so it carries its tags",
            link=DOCS["create"],
        )
    if resource is None:
        return None
    region = _region(resource.arn) or bound.snapshot.region
    attribute = field_of(resource.type, d.attribute) if d.attribute else ""
    build = _BY_TYPE.get(resource.type)
    found = build(d, resource, attribute, region) if build else None
    return found or Remediation(
        advice=f"Change {resource.name or resource.id} {attribute or ''} back to the declared "
        "value with the infrastructure code that manages it".replace("  ", " "),
        link=DOCS["create"],
    )


def _ecs(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    _, _, rest = r.arn.partition(":service/")
    cluster, _, service = rest.rpartition("/")
    cluster = cluster or str(r.fields.get("cluster") or "")
    if attribute == "desired_count" and isinstance(d.declared, int):
        update = {"cluster": cluster, "service": service, "desiredCount": d.declared}
        return Remediation((Command("ecs", "UpdateService", update, region),))
    if attribute in ("min", "max") and isinstance(d.declared, int):
        low = d.declared if attribute == "min" else r.fields.get("min")
        high = d.declared if attribute == "max" else r.fields.get("max")
        params: dict[str, Any] = {
            "ServiceNamespace": "ecs",
            "ResourceId": f"service/{cluster}/{service}",
            "ScalableDimension": "ecs:service:DesiredCount",
        }
        if isinstance(low, int):
            params["MinCapacity"] = low
        if isinstance(high, int):
            params["MaxCapacity"] = high
        command = Command(
            "application-autoscaling",
            "RegisterScalableTarget",
            params,
            region,
            "application-autoscaling",
        )
        return Remediation((command,))
    return Remediation(
        advice=f"Register a task definition revision with the declared {attribute.replace('_', ' ')} "
        f"and update service {service} in cluster {cluster} to use it",
        link=DOCS["task"],
    )


def _same_major(declared: Any, live: Any) -> bool:
    """An in-place minor upgrade: the same major, declared newer than live."""
    a, b = numbers(str(declared)), numbers(str(live))
    return a is not None and b is not None and a[:1] == b[:1] and a > b


def _no_inplace(d: Drift, r: Resource, service: str, upgrade: str, doc: str) -> Remediation:
    """A version change no single call makes: a downgrade, or a major upgrade."""
    return Remediation(
        advice=f"{r.id} runs {d.live}: {service} cannot downgrade in place, and a major "
        f"upgrade to {d.declared} {upgrade}; declare the live version or plan the upgrade",
        link=DOCS[doc],
    )


def _rds(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    ident = {"DBInstanceIdentifier": r.id}
    if attribute == "version":
        if not _same_major(d.declared, d.live):
            return _no_inplace(
                d,
                r,
                "RDS",
                "takes a snapshot, a compatible parameter group and a tested upgrade path",
                "rds-major",
            )
        params = {**ident, "EngineVersion": str(d.declared), "ApplyImmediately": True}
        return Remediation((Command("rds", "ModifyDBInstance", params, region),))
    if attribute == "instance_class":
        params = {**ident, "DBInstanceClass": str(d.declared), "ApplyImmediately": True}
        return Remediation((Command("rds", "ModifyDBInstance", params, region),))
    if attribute == "multi_az" and isinstance(d.declared, bool):
        params = {**ident, "MultiAZ": d.declared, "ApplyImmediately": True}
        return Remediation((Command("rds", "ModifyDBInstance", params, region),))
    return None


def _cache(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    ident = {"ReplicationGroupId": r.id}
    if attribute == "version":
        if not _same_major(d.declared, d.live):
            return _no_inplace(
                d, r, "ElastiCache", "follows its supported upgrade paths", "cache-major"
            )
        params = {**ident, "EngineVersion": str(d.declared), "ApplyImmediately": True}
        return Remediation((Command("elasticache", "ModifyReplicationGroup", params, region),))
    if attribute == "node_type":
        params = {**ident, "CacheNodeType": str(d.declared), "ApplyImmediately": True}
        return Remediation((Command("elasticache", "ModifyReplicationGroup", params, region),))
    return None


def _search(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    if attribute == "version":
        engine = str(r.fields.get("engine") or "OpenSearch")
        if numbers(str(d.declared)) is None or (numbers(str(d.live)) or ()) > (
            numbers(str(d.declared)) or ()
        ):
            return Remediation(
                advice=f"OpenSearch cannot downgrade {r.id} in place ({d.live} live); restore "
                f"a snapshot into a new {d.declared} domain",
                link=DOCS["search"],
            )
        params = {"DomainName": r.id, "TargetVersion": f"{engine}_{d.declared}"}
        return Remediation((Command("opensearch", "UpgradeDomain", params, region),))
    if attribute == "instance_type":
        size: dict[str, Any] = {
            "DomainName": r.id,
            "ClusterConfig": {"InstanceType": str(d.declared)},
        }
        return Remediation((Command("opensearch", "UpdateDomainConfig", size, region),))
    if attribute == "instance_count" and isinstance(d.declared, int):
        count: dict[str, Any] = {
            "DomainName": r.id,
            "ClusterConfig": {"InstanceCount": d.declared},
        }
        return Remediation((Command("opensearch", "UpdateDomainConfig", count, region),))
    return None


def _logs(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    name = r.name or r.id
    if d.rule == UNMANAGED:
        command = Command("logs", "DeleteLogGroup", {"logGroupName": name}, region)
        return Remediation((command,))
    if attribute == "retention" and isinstance(d.declared, int):
        params = {"logGroupName": name, "retentionInDays": d.declared}
        return Remediation((Command("logs", "PutRetentionPolicy", params, region),))
    return None


def _alarm(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    del region
    return Remediation(
        advice=f"put-metric-alarm replaces the whole alarm {r.name or r.id}: set its "
        f"{attribute.replace('_', ' ')} to {d.declared} with the code that defines it, "
        "keeping its actions and dimensions",
        link=DOCS["alarm"],
    )


def _bucket(d: Drift, r: Resource, attribute: str, region: str | None) -> Remediation | None:
    del region
    return Remediation(
        advice=f"put-bucket-lifecycle-configuration replaces every rule of {r.id}: change the "
        f"{attribute.replace('_', ' ')} to {d.declared} in the code that defines it",
        link=DOCS["lifecycle"],
    )


_RULE = re.compile(r"^(?P<protocol>\S+) (?P<ports>\S+) from (?P<source>\S+)$")
_ALL = re.compile(r"^all traffic from (?P<source>\S+)$")


def _permission(shown: Any, bound: Bound) -> dict[str, Any] | None:
    """An IpPermissions entry from the drift's rule text (``tcp 443 from 0.0.0.0/0``)."""
    if not isinstance(shown, str):
        return None
    every = _ALL.match(shown)
    match = every or _RULE.match(shown)
    if match is None:
        return None
    source = match.group("source")
    if every:
        out: dict[str, Any] = {"IpProtocol": "-1"}
    else:
        low, _, high = match.group("ports").partition("-")
        try:
            out = {
                "IpProtocol": match.group("protocol"),
                "FromPort": int(low),
                "ToPort": int(high or low),
            }
        except ValueError:
            return None
    if "/" in source:
        key = "Ipv6Ranges" if ":" in source else "IpRanges"
        out[key] = [{"CidrIpv6" if ":" in source else "CidrIp": source}]
    else:
        group = bound.groups.get(source) or next(
            (
                g
                for name, g in bound.groups.items()
                if source in (g.id, g.name, g.fields.get("group_name"), bound.group_name(name))
            ),
            None,
        )
        found = group.id if group is not None else (source if source.startswith("sg-") else None)
        if found is None:
            return None
        out["UserIdGroupPairs"] = [{"GroupId": found}]
    return out


def security_group(d: Drift, r: Resource, bound: Bound, region: str | None) -> Remediation | None:
    if d.rule == UNMANAGED and not d.attribute:
        command = Command("ec2", "DeleteSecurityGroup", {"GroupId": r.id}, region)
        return Remediation((command,))
    revoke = _permission(d.live, bound)
    grant = _permission(d.declared, bound)
    commands: list[Command] = []
    if d.rule in (UNMANAGED, CHANGED):
        if revoke is None:
            return None
        params = {"GroupId": r.id, "IpPermissions": [revoke]}
        commands.append(Command("ec2", "RevokeSecurityGroupIngress", params, region))
    if d.rule in (MISSING, CHANGED):
        if grant is None:
            return None
        params = {"GroupId": r.id, "IpPermissions": [grant]}
        commands.append(Command("ec2", "AuthorizeSecurityGroupIngress", params, region))
    return Remediation(tuple(commands)) if commands else None


_BY_TYPE = {
    S.ECS_SERVICE: _ecs,
    S.DB_INSTANCE: _rds,
    S.CACHE_GROUP: _cache,
    S.SEARCH_DOMAIN: _search,
    S.LOG_GROUP: _logs,
    S.ALARM: _alarm,
    S.BUCKET: _bucket,
}


def remediation_for(d: Drift, bound: Bound) -> Remediation | None:
    """:func:`remediation`, with security groups (whose rules name other groups) first."""
    resource = _resource(bound, d.resource)
    if resource is not None and resource.type == S.SECURITY_GROUP:
        region = _region(resource.arn) or bound.snapshot.region
        return security_group(d, resource, bound, region) or remediation(d, bound)
    return remediation(d, bound)


# --- drift --fix: adopt the live value into the config ------------------------------------


def adopt(d: Drift, declared: Effective, env: str) -> Fix | None:
    """A fix that writes the live value of a DL901 on a scalar written in one file.

    In a file only this environment reads (scoped to it, or the environment's own entry of
    ``architecture.environments``), the value is edited in place. In a file others read
    too, the value goes into this environment's own file when one extends it; else the
    declaring line is edited, which changes every environment (unsafe).
    """
    owners: dict[Path, tuple[SourceDoc, ...]] | None = getattr(declared, "owners", None)
    if d.rule != CHANGED or owners is None or not d.path:
        return None
    current = lookup(declared.data, d.path)
    if not _scalar(current) or not _scalar(d.live) or d.live is None:
        return None
    writers = owners.get(d.path, ())
    if len(writers) != 1 or d.path not in writers[0].values:
        return None  # inherited, or written in more than one file
    doc = writers[0]
    value = _like(current, d.live)
    change: SetValue | SetKey = SetValue(d.path, value)
    target, safety, note = doc, Safety.SAFE, ""
    if doc.environment != env and d.path[:3] != ("architecture", "environments", env):
        docs: list[SourceDoc] = list(getattr(declared, "docs", []))
        own = next((x for x in docs if x.environment == env and id(doc) in ancestors(x)), None)
        if own is not None:
            change, target = SetKey(d.path, value), own
            note = f" in {own.file}, which extends {doc.file}"
        else:
            safety = Safety.UNSAFE
            note = f" in {doc.file}, which every environment reads"
    edits = edits_for(
        change, DocText(target.file, target.text, target.values, is_json(target.real), target.keys)
    )
    if not edits:
        return None
    return Fix(f"adopt the live value {value!r}{note}", safety, edits)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _like(declared: Any, live: Any) -> Any:
    """The live value in the declared value's type and spelling ('15.4' stays a string,
    6.0 -> 6; a version written bare stays bare: live 'OpenSearch_2.11' is adopted as
    '2.11')."""
    if isinstance(declared, str) and isinstance(live, str):
        written, found = split_version(declared), split_version(live)
        if written.engine is None and found.engine is not None:
            return found.version
    if isinstance(declared, str) and not isinstance(live, str):
        return str(live)
    if isinstance(declared, int) and isinstance(live, float) and live.is_integer():
        return int(live)
    return live
