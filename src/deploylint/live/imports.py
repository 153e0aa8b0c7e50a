"""Snapshots from files instead of API calls: saved ``aws`` CLI output, AWS Config.

``from_aws_cli(DIR)`` reads every ``*.json`` under DIR and recognizes each by its top
level key (``Vpcs``, ``Subnets``, ``SecurityGroups``, ``services``, ``taskDefinition``,
``ScalableTargets``, ``DBInstances``, ``ReplicationGroups``, ``CacheClusters``,
``DomainStatusList``, ``MetricAlarms``, ``logGroups``, ``Buckets``,
``ResourceTagMappingList``); S3 details live in ``s3/<bucket>/lifecycle.json`` and
``s3/<bucket>/tagging.json``. Tags missing from a describe output come from a saved
``aws resourcegroupstaggingapi get-resources``.

``from_aws_config(FILE)`` reads an AWS Config configuration snapshot
(``{fileVersion, configSnapshotId, configurationItems[]}``) or an aggregator export of
several accounts and regions (select one with ``account``/``region``). A resource type
the file holds no item of is *not recorded*: reported as not checked, never as missing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deploylint.i18n import N_, _
from deploylint.live import normalize as N
from deploylint.live import snapshot as S
from deploylint.live.snapshot import (
    MAX_BYTES,
    Resource,
    Snapshot,
    SnapshotError,
    Unreadable,
    parse_json,
)

MAX_FILES = 10_000


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SnapshotError(
                _("{path}: larger than {mib} MiB").format(path=path, mib=MAX_BYTES // (1024 * 1024))
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SnapshotError(
            _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    return parse_json(raw, str(path), N_("file"))


def _arn_maker(region: str, account: str | None) -> N.Arn:
    def arn(service: str, resource: str) -> str:
        return f"arn:aws:{service}:{region}:{account or ''}:{resource}"

    return arn


def _items(data: Any, key: str) -> list[Any]:
    found = N.get(data, key)
    return [i for i in found if isinstance(i, dict)] if isinstance(found, list) else []


# --- saved aws CLI output -------------------------------------------------------------


def from_aws_cli(folder: str | Path, region: str, account: str | None = None) -> Snapshot:
    root = Path(folder)
    if not root.is_dir():
        raise SnapshotError(_("{path}: not a folder of saved `aws` outputs").format(path=root))
    files = sorted(p for p in root.rglob("*.json") if p.is_file() and not p.is_symlink())
    if len(files) > MAX_FILES:
        raise SnapshotError(_("{path}: more than {count} files").format(path=root, count=MAX_FILES))
    got: dict[str, list[Any]] = {}
    s3: dict[str, dict[str, Any]] = {}
    for path in files:
        data = _read(path)
        rel = path.relative_to(root).parts
        if len(rel) == 3 and rel[0] == "s3":
            s3.setdefault(rel[1], {})[rel[2]] = data
            continue
        if not isinstance(data, dict):
            raise SnapshotError(
                _("{path}: not the JSON output of an `aws` describe command").format(path=path)
            )
        known = False
        for key in (
            "Vpcs",
            "Subnets",
            "SecurityGroups",
            "services",
            "ScalableTargets",
            "DBInstances",
            "ReplicationGroups",
            "CacheClusters",
            "DomainStatusList",
            "MetricAlarms",
            "logGroups",
            "Buckets",
            "ResourceTagMappingList",
        ):
            if key in data:
                got.setdefault(key, []).extend(_items(data, key))
                known = True
        if isinstance(data.get("taskDefinition"), dict):
            got.setdefault("taskDefinition", []).append(data["taskDefinition"])
            known = True
        if isinstance(data.get("DomainStatus"), dict):
            got.setdefault("DomainStatusList", []).append(data["DomainStatus"])
            known = True
        if not known:
            raise SnapshotError(
                _("{path}: not a recognized `aws` describe output (docs/live.md)").format(path=path)
            )
    arn = _arn_maker(region, account)
    tagged = {
        str(N.get(m, "ResourceARN")): N.tags(N.get(m, "Tags"))
        for m in got.get("ResourceTagMappingList", [])
    }
    resources: list[Resource] = []
    resources += [N.vpc(v, arn) for v in got.get("Vpcs", [])]
    resources += [N.subnet(s, arn) for s in got.get("Subnets", [])]
    resources += [N.security_group(g, arn) for g in got.get("SecurityGroups", [])]
    tasks = {N.text(N.get(t, "taskDefinitionArn")): t for t in got.get("taskDefinition", [])}
    targets = {N.text(N.get(t, "ResourceId")): t for t in got.get("ScalableTargets", [])}
    for svc in got.get("services", []):
        cluster = N.text(N.get(svc, "clusterArn")).rsplit("/", 1)[-1]
        name = N.text(N.get(svc, "serviceName"))
        r = N.ecs_service(
            svc,
            cluster,
            tagged.get(N.text(N.get(svc, "clusterArn")), {}),
            tasks.get(N.text(N.get(svc, "taskDefinition"))),
            targets.get(f"service/{cluster}/{name}"),
        )
        if "cpu" not in r.fields:
            r.unreadable.update(cpu=_("no saved describe-task-definition"), memory=_("not saved"))
        if "min" not in r.fields and "ScalableTargets" not in got:
            r.unreadable.update(min=_("no saved describe-scalable-targets"), max=_("not saved"))
        resources.append(r)
    for d in got.get("DBInstances", []):
        r = N.db_instance(d, arn)
        r.tags = r.tags or tagged.get(r.arn, {})
        resources.append(r)
    members = {N.text(N.get(c, "CacheClusterId")): c for c in got.get("CacheClusters", [])}
    for g in got.get("ReplicationGroups", []):
        first = next((m for m in N.get(g, "MemberClusters") or [] if m in members), None)
        group_arn = N.text(N.get(g, "ARN")) or arn(
            "elasticache", f"replicationgroup:{N.get(g, 'ReplicationGroupId')}"
        )
        resources.append(
            N.cache_group(
                g,
                arn,
                tagged.get(group_arn, {}),
                members.get(first) if first else None,
                _("no saved describe-cache-clusters output for its members"),
            )
        )
    for d in got.get("DomainStatusList", []):
        resources.append(N.search_domain(d, tagged.get(N.text(N.get(d, "ARN")), {})))
    resources += [N.alarm(a, arn) for a in got.get("MetricAlarms", [])]
    for g in got.get("logGroups", []):
        group_arn = N.log_group_arn(g, arn)
        resources.append(N.log_group(g, arn, tagged.get(group_arn, {})))
    # `aws s3api list-buckets` prints BucketRegion (since 2024): another region's bucket
    # is not this snapshot's, whatever its tags say
    elsewhere = {
        N.text(N.get(b, "Name"))
        for b in got.get("Buckets", [])
        if N.get(b, "BucketRegion") and N.text(N.get(b, "BucketRegion")) != region
    }
    names = [N.text(N.get(b, "Name")) for b in got.get("Buckets", [])]
    for name in sorted((set(names) | set(s3)) - elsewhere):
        details = s3.get(name, {})
        tagging = details.get("tagging.json")
        rules = N.get(details.get("lifecycle.json"), "Rules")
        bucket_arn = f"arn:aws:s3:::{name}"
        r = N.bucket(name, N.tags(N.get(tagging, "TagSet")) or tagged.get(bucket_arn, {}), rules)
        if "lifecycle.json" not in details:
            r.unreadable["lifecycle"] = _("no saved {file}").format(
                file=f"s3/{name}/lifecycle.json"
            )
        resources.append(r)
    parts = {
        S.VPC: "Vpcs",
        S.SUBNET: "Subnets",
        S.SECURITY_GROUP: "SecurityGroups",
        S.ECS_SERVICE: "services",
        S.DB_INSTANCE: "DBInstances",
        S.CACHE_GROUP: "ReplicationGroups",
        S.SEARCH_DOMAIN: "DomainStatusList",
        S.BUCKET: "Buckets",
        S.ALARM: "MetricAlarms",
        S.LOG_GROUP: "logGroups",
    }
    unreadable = [
        Unreadable(f"aws-cli:{key}", (type_,), _("no saved output"))
        for type_, key in parts.items()
        if key not in got and not (type_ == S.BUCKET and s3)
    ]
    return Snapshot(account, region, _now(), "aws-cli", None, resources, unreadable)


# --- AWS Config ---------------------------------------------------------------------

CONFIG_TYPES = {
    "AWS::EC2::VPC": S.VPC,
    "AWS::EC2::Subnet": S.SUBNET,
    "AWS::EC2::SecurityGroup": S.SECURITY_GROUP,
    "AWS::ECS::Service": S.ECS_SERVICE,
    "AWS::RDS::DBInstance": S.DB_INSTANCE,
    "AWS::ElastiCache::ReplicationGroup": S.CACHE_GROUP,
    "AWS::OpenSearch::Domain": S.SEARCH_DOMAIN,
    "AWS::Elasticsearch::Domain": S.SEARCH_DOMAIN,
    "AWS::S3::Bucket": S.BUCKET,
    "AWS::CloudWatch::Alarm": S.ALARM,
    "AWS::Logs::LogGroup": S.LOG_GROUP,
}
SUPPORT_TYPES = (
    "AWS::ECS::TaskDefinition",
    "AWS::ECS::Cluster",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ApplicationAutoScaling::ScalableTarget",
)


def _configuration(item: dict[str, Any], where: str) -> dict[str, Any]:
    conf = item.get("configuration")
    if isinstance(conf, str):  # some deliveries hold it as JSON text
        conf = parse_json(conf.encode("utf-8"), where, N_("configuration"))
    return conf if isinstance(conf, dict) else {}


def from_aws_config(
    path: str | Path, account: str | None = None, region: str | None = None
) -> Snapshot:
    name = str(path)
    data = _read(Path(path))
    items = data.get("configurationItems") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise SnapshotError(
            _(
                "{name}: not an AWS Config snapshot (no configurationItems list; expected {shape})"
            ).format(name=name, shape="{fileVersion, configSnapshotId, configurationItems[]}")
        )
    items = [i for i in items if isinstance(i, dict)]
    accounts = sorted({str(i.get("awsAccountId")) for i in items if i.get("awsAccountId")})
    if account is None and len(accounts) > 1:
        raise SnapshotError(
            _("{name}: holds {count} accounts ({accounts}); choose one with --account").format(
                name=name, count=len(accounts), accounts=", ".join(accounts[:10])
            )
        )
    account = account or (accounts[0] if accounts else None)
    items = [i for i in items if account is None or str(i.get("awsAccountId")) == account]
    if not items:
        raise SnapshotError(
            _("{name}: no configuration item of account {account}").format(
                name=name, account=account
            )
        )
    regions = sorted({str(i.get("awsRegion")) for i in items if i.get("awsRegion")} - {"global"})
    if region is None:
        if len(regions) != 1:
            raise SnapshotError(
                _("{name}: holds regions {regions}; choose one with --region").format(
                    name=name, regions=", ".join(regions) or _("(none)")
                )
            )
        region = regions[0]
    items = [i for i in items if i.get("awsRegion") in (region, "global", None)]
    arn = _arn_maker(region, account)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for n, item in enumerate(items):
        item = {**item, "configuration": _configuration(item, f"{name}: item {n}")}
        by_type.setdefault(str(item.get("resourceType")), []).append(item)

    def conf(item: dict[str, Any]) -> dict[str, Any]:
        c: dict[str, Any] = item["configuration"]
        return c

    def item_tags(item: dict[str, Any]) -> dict[str, str]:
        return N.tags(item.get("tags")) or N.tags(N.get(conf(item), "Tags", "TagList"))

    resources: list[Resource] = []
    for item in by_type.get("AWS::EC2::VPC", []):
        r = N.vpc({**conf(item), "Tags": item_tags(item)}, arn)
        resources.append(_with_arn(r, item))
    for item in by_type.get("AWS::EC2::Subnet", []):
        resources.append(_with_arn(N.subnet({**conf(item), "Tags": item_tags(item)}, arn), item))
    for item in by_type.get("AWS::EC2::SecurityGroup", []):
        r = N.security_group({**conf(item), "Tags": item_tags(item)}, arn)
        resources.append(_with_arn(r, item))
    tasks = {
        N.text(item.get("ARN")): conf(item) for item in by_type.get("AWS::ECS::TaskDefinition", [])
    }
    targets = {
        N.text(N.get(conf(item), "ResourceId")): conf(item)
        for item in by_type.get("AWS::ApplicationAutoScaling::ScalableTarget", [])
    }
    for item in by_type.get("AWS::ECS::Service", []):
        c = {**conf(item), "ServiceArn": N.get(conf(item), "ServiceArn") or item.get("ARN")}
        cluster = N.text(N.get(c, "Cluster")).rsplit("/", 1)[-1]
        service = N.text(N.get(c, "ServiceName")) or N.text(item.get("resourceName"))
        r = N.ecs_service(
            {**c, "Tags": item_tags(item)},
            cluster,
            {},
            tasks.get(N.text(N.get(c, "TaskDefinition"))),
            targets.get(f"service/{cluster}/{service}"),
        )
        if "cpu" not in r.fields:
            r.unreadable.update(cpu=_("task definition not recorded"), memory=_("not recorded"))
        if "min" not in r.fields:
            r.unreadable.update(min=_("scalable target not recorded"), max=_("not recorded"))
        resources.append(r)
    for item in by_type.get("AWS::RDS::DBInstance", []):
        c = {**conf(item), "DBInstanceArn": item.get("ARN")}
        resources.append(N.db_instance({**c, "TagList": item_tags(item)}, arn))
    members = {
        N.text(N.get(conf(i), "CacheClusterId") or i.get("resourceId")): conf(i)
        for i in by_type.get("AWS::ElastiCache::CacheCluster", [])
    }
    for item in by_type.get("AWS::ElastiCache::ReplicationGroup", []):
        c = {**conf(item), "ARN": item.get("ARN")}
        c.setdefault("ReplicationGroupId", item.get("resourceId"))
        first = next((m for m in N.get(c, "MemberClusters") or [] if m in members), None)
        resources.append(
            N.cache_group(
                c,
                arn,
                item_tags(item),
                members.get(first) if first else None,
                _("member cache clusters not recorded"),
            )
        )
    for t in ("AWS::OpenSearch::Domain", "AWS::Elasticsearch::Domain"):
        for item in by_type.get(t, []):
            c = {**conf(item), "ARN": item.get("ARN")}
            c.setdefault("DomainName", item.get("resourceName"))
            resources.append(N.search_domain(c, item_tags(item)))
    for item in by_type.get("AWS::S3::Bucket", []):
        sup = item.get("supplementaryConfiguration")
        life = N.get(sup, "BucketLifecycleConfiguration")
        if isinstance(life, str):
            life = parse_json(life.encode("utf-8"), name, N_("lifecycle"))
        bucket = N.text(item.get("resourceName") or N.get(conf(item), "name"))
        resources.append(N.bucket(bucket, item_tags(item), N.get(life, "Rules")))
    for item in by_type.get("AWS::CloudWatch::Alarm", []):
        c = {**conf(item), "AlarmArn": item.get("ARN")}
        c.setdefault("AlarmName", item.get("resourceName"))
        resources.append(N.alarm(c, arn))
    for item in by_type.get("AWS::Logs::LogGroup", []):
        c = {**conf(item), "logGroupArn": N.text(item.get("ARN")).removesuffix(":*")}
        c.setdefault("logGroupName", item.get("resourceName"))
        resources.append(N.log_group(c, arn, item_tags(item)))
    missing: dict[str, list[str]] = {}
    for aws_type, type_ in CONFIG_TYPES.items():
        missing.setdefault(type_, [])
        if aws_type not in by_type:
            missing[type_].append(aws_type)
    unreadable = [
        Unreadable(
            f"aws-config:{'/'.join(names)}",
            (type_,),
            _("not recorded: the AWS Config snapshot holds no item of this type"),
        )
        for type_, names in missing.items()
        if len(names) == sum(1 for v in CONFIG_TYPES.values() if v == type_)
    ]
    return Snapshot(account, region, _now(), "aws-config", None, resources, unreadable)


def _with_arn(r: Resource, item: dict[str, Any]) -> Resource:
    if item.get("ARN"):
        r.arn = str(item["ARN"])
    return r
