"""The read-only collector: one AWS region read with boto3, normalized into a Snapshot.

Every client is created from one botocore session on which :func:`read_only_guard` is
registered for ``before-call``: an operation whose name does not start with ``Describe``,
``List`` or ``Get`` is refused before anything is signed or sent. Retries use botocore's
``standard`` mode with 5 attempts in total. Parts run in parallel threads; a part that
cannot be read (AccessDenied, throttled after retries, an unavailable or unimplemented
service) is recorded as :class:`~deploylint.live.snapshot.Unreadable` and the others go on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from deploylint.live import snapshot as S
from deploylint.live.snapshot import Resource, Snapshot, Unreadable

READ_PREFIXES = ("Describe", "List", "Get")
ATTEMPTS = 5
SERVICES = (
    "sts",
    "ec2",
    "ecs",
    "application-autoscaling",
    "rds",
    "elasticache",
    "opensearch",
    "s3",
    "cloudwatch",
    "logs",
)

T = TypeVar("T")
R = TypeVar("R")


class LiveError(Exception):
    """The live state cannot be read at all (no credentials, no region, no endpoint)."""


class ReadOnlyViolation(Exception):
    """An operation that is not a read was about to be sent; deploylint never sends one."""


def read_only_guard(model: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: refuse anything but Describe*/List*/Get*."""
    name = str(model.name)
    if not name.startswith(READ_PREFIXES):
        service = model.service_model.service_name
        raise ReadOnlyViolation(f"refused {service}:{name}: deploylint only reads from AWS")


@dataclass(frozen=True)
class Connection:
    """How to reach AWS; every field optional (boto3's usual chain fills the rest)."""

    region: str | None = None
    profile: str | None = None
    role_arn: str | None = None
    endpoint_url: str | None = None
    workers: int = 16


class Counter:
    """API calls and HTTP attempts, counted by botocore event handlers (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = 0
        self.attempts = 0

    def on_call(self, **_: Any) -> None:
        with self._lock:
            self.calls += 1

    def on_send(self, **_: Any) -> None:
        with self._lock:
            self.attempts += 1

    @property
    def retries(self) -> int:
        return max(0, self.attempts - self.calls)


Progress = Callable[[int, int, Counter], None]  # parts done, parts in all, counter


def _session(conn: Connection, region: str) -> Any:
    import boto3
    import botocore.session
    from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound

    try:
        core = botocore.session.Session(profile=conn.profile)
        session = boto3.Session(botocore_session=core, region_name=region)
    except ProfileNotFound:
        raise LiveError(
            f"AWS profile {conn.profile!r} not found: check --profile or AWS_PROFILE"
        ) from None
    if session.get_credentials() is None:
        raise LiveError(
            "no AWS credentials: set AWS_PROFILE (or pass --profile), or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    if conn.role_arn:
        # The one call that is not a read: it obtains the read-only role's credentials on
        # a separate client; the collecting session below carries the guard.
        sts = session.client("sts", endpoint_url=conn.endpoint_url)
        try:
            creds = sts.assume_role(RoleArn=conn.role_arn, RoleSessionName="deploylint")[
                "Credentials"
            ]
        except (ClientError, BotoCoreError) as exc:
            raise LiveError(f"cannot assume role {conn.role_arn}: {_reason(exc)}") from None
        core = botocore.session.Session()
        core.set_credentials(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        session = boto3.Session(botocore_session=core, region_name=region)
    return session


def _reason(exc: BaseException) -> str:
    from botocore.exceptions import ClientError

    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "error")
        if code == "403":
            code = "AccessDenied"
        attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts")
        text = code
        if attempts:
            text += f" (after {int(attempts) + 1} attempts)"
        message = str(error.get("Message") or "")
        if message and message != code:
            text += f": {message[:200]}"
        return text
    return f"{type(exc).__name__}: {str(exc)[:200]}"


class Collector:
    """Reads one region; ``collect()`` returns a Snapshot (parts that failed recorded)."""

    def __init__(self, conn: Connection, region: str, progress: Progress | None = None) -> None:
        from botocore.config import Config

        self.conn = conn
        self.region = region
        self.counter = Counter()
        self.progress = progress
        session = _session(conn, region)
        core = session._session
        core.register("before-call", read_only_guard)
        core.register("before-call", self.counter.on_call)
        core.register("before-send", self.counter.on_send)
        config = Config(
            region_name=region,
            retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
            max_pool_connections=conn.workers * 2,
            connect_timeout=5,
            read_timeout=30,
        )
        # Clients are created here, in one thread: boto3 client creation is not thread-safe.
        self.clients = {
            name: session.client(name, config=config, endpoint_url=conn.endpoint_url)
            for name in SERVICES
        }
        self.account: str | None = None
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0

    # -- helpers ---------------------------------------------------------------------

    def _paginate(self, service: str, op: str, key: str, **params: Any) -> Iterator[Any]:
        paginator = self.clients[service].get_paginator(op)
        for page in paginator.paginate(**params):
            yield from page.get(key, [])

    def _arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account or ''}:{resource}"

    def _map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        items = list(items)
        if len(items) <= 1:
            return [fn(i) for i in items]
        with ThreadPoolExecutor(min(self.conn.workers, len(items))) as pool:
            return list(pool.map(fn, items))

    # -- the run ---------------------------------------------------------------------

    def collect(self, environment: str | None = None) -> Snapshot:
        from botocore.exceptions import (
            ClientError,
            EndpointConnectionError,
            NoCredentialsError,
            NoRegionError,
        )

        try:
            self.account = self.clients["sts"].get_caller_identity()["Account"]
        except (NoCredentialsError, NoRegionError) as exc:
            raise LiveError(str(exc)) from None
        except EndpointConnectionError as exc:
            raise LiveError(f"cannot reach AWS: {exc}") from None
        except ClientError as exc:
            if _reason(exc).startswith(("InvalidClientTokenId", "ExpiredToken", "Signature")):
                raise LiveError(f"AWS refused the credentials: {_reason(exc)}") from None
            self.account = None  # not fatal: ARNs are built without it
        parts: list[tuple[str, tuple[str, ...], Callable[[], list[Resource]]]] = [
            ("ec2:DescribeVpcs", (S.VPC,), self._vpcs),
            ("ec2:DescribeSubnets", (S.SUBNET,), self._subnets),
            ("ec2:DescribeSecurityGroups", (S.SECURITY_GROUP,), self._security_groups),
            ("ecs", (S.ECS_SERVICE,), self._ecs),
            ("rds:DescribeDBInstances", (S.DB_INSTANCE,), self._rds),
            ("elasticache", (S.CACHE_GROUP,), self._elasticache),
            ("opensearch", (S.SEARCH_DOMAIN,), self._opensearch),
            ("s3", (S.BUCKET,), self._s3),
            ("cloudwatch:DescribeAlarms", (S.ALARM,), self._alarms),
            ("logs", (S.LOG_GROUP,), self._logs),
        ]
        self._total = len(parts) + 1
        resources: list[Resource] = []
        unreadable: list[Unreadable] = []
        with ThreadPoolExecutor(len(parts)) as pool:
            futures = [(name, types, pool.submit(self._part, fn)) for name, types, fn in parts]
            # Scaling targets are read while the ECS part runs; they complete its services.
            targets = self._part(self._scaling_targets)
            for name, types, future in futures:
                found = future.result()
                if isinstance(found, str):
                    unreadable.append(Unreadable(name, types, found))
                else:
                    resources.extend(found)
        services = [r for r in resources if r.type == S.ECS_SERVICE]
        for service in services:
            if isinstance(targets, str):
                service.unreadable.update(min=targets, max=targets)
            else:
                target = targets.get(f"service/{service.fields['cluster']}/{service.name}")
                if target is not None:
                    service.fields.update(target)
        return Snapshot(
            account=self.account,
            region=self.region,
            taken_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            source="aws",
            environment=environment,
            resources=resources,
            unreadable=unreadable,
            calls=self.counter.calls,
            retries=self.counter.retries,
        )

    def _part(self, fn: Callable[[], T]) -> T | str:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn()
        except (ClientError, BotoCoreError) as exc:
            return _reason(exc)
        finally:
            with self._lock:
                self._done += 1
                done = self._done
            if self.progress is not None:
                self.progress(done, self._total, self.counter)

    # -- EC2 -------------------------------------------------------------------------

    def _vpcs(self) -> list[Resource]:
        return [
            Resource(
                S.VPC,
                v["VpcId"],
                self._arn("ec2", f"vpc/{v['VpcId']}"),
                _tags(v.get("Tags")).get("Name", ""),
                _tags(v.get("Tags")),
                {"cidr": v.get("CidrBlock"), "default": bool(v.get("IsDefault"))},
            )
            for v in self._paginate("ec2", "describe_vpcs", "Vpcs")
        ]

    def _subnets(self) -> list[Resource]:
        return [
            Resource(
                S.SUBNET,
                s["SubnetId"],
                s.get("SubnetArn") or self._arn("ec2", f"subnet/{s['SubnetId']}"),
                _tags(s.get("Tags")).get("Name", ""),
                _tags(s.get("Tags")),
                {
                    "vpc_id": s.get("VpcId"),
                    "cidr": s.get("CidrBlock"),
                    "az": s.get("AvailabilityZone"),
                },
            )
            for s in self._paginate("ec2", "describe_subnets", "Subnets")
        ]

    def _security_groups(self) -> list[Resource]:
        return [
            Resource(
                S.SECURITY_GROUP,
                g["GroupId"],
                g.get("SecurityGroupArn") or self._arn("ec2", f"security-group/{g['GroupId']}"),
                g.get("GroupName", ""),
                _tags(g.get("Tags")),
                {
                    "vpc_id": g.get("VpcId"),
                    "group_name": g.get("GroupName", ""),
                    "ingress": normalize_ingress(g.get("IpPermissions", [])),
                },
            )
            for g in self._paginate("ec2", "describe_security_groups", "SecurityGroups")
        ]

    # -- ECS + Application Auto Scaling ----------------------------------------------

    def _ecs(self) -> list[Resource]:
        ecs = self.clients["ecs"]
        cluster_arns = list(self._paginate("ecs", "list_clusters", "clusterArns"))
        clusters: dict[str, dict[str, Any]] = {}
        for batch in _batches(cluster_arns, 100):
            for c in ecs.describe_clusters(clusters=batch, include=["TAGS"])["clusters"]:
                clusters[c["clusterArn"]] = c
        found: list[Resource] = []
        for arn, cluster in clusters.items():
            service_arns = list(self._paginate("ecs", "list_services", "serviceArns", cluster=arn))
            for batch in _batches(service_arns, 10):
                answer = ecs.describe_services(cluster=arn, services=batch, include=["TAGS"])
                for s in answer["services"]:
                    tags = _tags(s.get("tags"), "key", "value") or _tags(
                        cluster.get("tags"), "key", "value"
                    )
                    found.append(
                        Resource(
                            S.ECS_SERVICE,
                            s["serviceArn"],
                            s["serviceArn"],
                            s["serviceName"],
                            tags,
                            {
                                "cluster": cluster["clusterName"],
                                "desired_count": s.get("desiredCount"),
                                "launch_type": s.get("launchType"),
                                "task_definition": s.get("taskDefinition"),
                            },
                        )
                    )
        self._map(self._task_definition, found)
        return found

    def _task_definition(self, service: Resource) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        name = service.fields.get("task_definition")
        if not name:
            return
        try:
            task = self.clients["ecs"].describe_task_definition(taskDefinition=name)
        except (ClientError, BotoCoreError) as exc:
            service.unreadable.update(cpu=_reason(exc), memory=_reason(exc))
            return
        definition = task["taskDefinition"]
        service.fields["cpu"] = definition.get("cpu")
        service.fields["memory"] = definition.get("memory")
        if not service.fields.get("launch_type"):
            service.fields["launch_type"] = (definition.get("requiresCompatibilities") or [None])[0]

    def _scaling_targets(self) -> dict[str, dict[str, Any]]:
        return {
            t["ResourceId"]: {"min": t.get("MinCapacity"), "max": t.get("MaxCapacity")}
            for t in self._paginate(
                "application-autoscaling",
                "describe_scalable_targets",
                "ScalableTargets",
                ServiceNamespace="ecs",
            )
            if t.get("ScalableDimension") == "ecs:service:DesiredCount"
        }

    # -- data stores -----------------------------------------------------------------

    def _rds(self) -> list[Resource]:
        return [
            Resource(
                S.DB_INSTANCE,
                d["DBInstanceIdentifier"],
                d.get("DBInstanceArn") or self._arn("rds", f"db:{d['DBInstanceIdentifier']}"),
                d["DBInstanceIdentifier"],
                _tags(d.get("TagList")),
                {
                    "engine": d.get("Engine"),
                    "version": d.get("EngineVersion"),
                    "instance_class": d.get("DBInstanceClass"),
                    "multi_az": d.get("MultiAZ"),
                },
            )
            for d in self._paginate("rds", "describe_db_instances", "DBInstances")
        ]

    def _elasticache(self) -> list[Resource]:
        groups = list(
            self._paginate("elasticache", "describe_replication_groups", "ReplicationGroups")
        )
        return self._map(self._cache_group, groups)

    def _cache_group(self, g: dict[str, Any]) -> Resource:
        from botocore.exceptions import BotoCoreError, ClientError

        client = self.clients["elasticache"]
        arn = g.get("ARN") or self._arn(
            "elasticache", f"replicationgroup:{g['ReplicationGroupId']}"
        )
        tags = _tags(client.list_tags_for_resource(ResourceName=arn).get("TagList"))
        fields: dict[str, Any] = {"engine": g.get("Engine"), "node_type": g.get("CacheNodeType")}
        unreadable: dict[str, str] = {}
        members = g.get("MemberClusters") or []
        # A replication group carries no engine version; its member clusters do.
        try:
            if not members:
                raise LookupError("the replication group lists no member clusters")
            cluster = client.describe_cache_clusters(CacheClusterId=members[0])["CacheClusters"][0]
            fields["version"] = cluster.get("EngineVersion")
            fields["engine"] = fields["engine"] or cluster.get("Engine")
            fields["node_type"] = fields["node_type"] or cluster.get("CacheNodeType")
        except (ClientError, BotoCoreError) as exc:
            unreadable["version"] = f"elasticache:DescribeCacheClusters {_reason(exc)}"
        except (LookupError, KeyError) as exc:
            unreadable["version"] = str(exc)
        return Resource(
            S.CACHE_GROUP,
            g["ReplicationGroupId"],
            arn,
            g["ReplicationGroupId"],
            tags,
            fields,
            unreadable,
        )

    def _opensearch(self) -> list[Resource]:
        client = self.clients["opensearch"]
        names = [d["DomainName"] for d in client.list_domain_names().get("DomainNames", [])]
        statuses: list[dict[str, Any]] = []
        for batch in _batches(names, 5):
            statuses.extend(client.describe_domains(DomainNames=batch)["DomainStatusList"])

        def one(d: dict[str, Any]) -> Resource:
            tags = _tags(client.list_tags(ARN=d["ARN"]).get("TagList"))
            engine, _, version = str(d.get("EngineVersion") or "").partition("_")
            cluster = d.get("ClusterConfig") or {}
            return Resource(
                S.SEARCH_DOMAIN,
                d["DomainName"],
                d["ARN"],
                d["DomainName"],
                tags,
                {
                    "engine": engine or None,
                    "version": version or None,
                    "instance_type": cluster.get("InstanceType"),
                    "instance_count": cluster.get("InstanceCount"),
                },
            )

        return self._map(one, statuses)

    def _s3(self) -> list[Resource]:
        buckets = self.clients["s3"].list_buckets().get("Buckets", [])
        found = self._map(self._bucket, [b["Name"] for b in buckets])
        return [b for b in found if b is not None]

    def _bucket(self, name: str) -> Resource | None:
        from botocore.exceptions import ClientError

        s3 = self.clients["s3"]
        where = s3.get_bucket_location(Bucket=name).get("LocationConstraint") or "us-east-1"
        if where == "EU":
            where = "eu-west-1"
        if where != self.region:
            return None
        try:
            tags = _tags(s3.get_bucket_tagging(Bucket=name).get("TagSet"))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NoSuchTagSet":
                raise
            tags = {}
        try:
            rules = s3.get_bucket_lifecycle_configuration(Bucket=name).get("Rules", [])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NoSuchLifecycleConfiguration":
                raise
            rules = []
        return Resource(
            S.BUCKET, name, f"arn:aws:s3:::{name}", name, tags, {"lifecycle": lifecycle(rules)}
        )

    # -- CloudWatch ------------------------------------------------------------------

    def _alarms(self) -> list[Resource]:
        return [
            Resource(
                S.ALARM,
                a["AlarmName"],
                a.get("AlarmArn") or self._arn("cloudwatch", f"alarm:{a['AlarmName']}"),
                a["AlarmName"],
                {},
                {
                    "metric": a.get("MetricName"),
                    "threshold": a.get("Threshold"),
                    "period": a.get("Period"),
                    "evaluation_periods": a.get("EvaluationPeriods"),
                    "datapoints_to_alarm": a.get("DatapointsToAlarm"),
                },
            )
            for a in self._paginate("cloudwatch", "describe_alarms", "MetricAlarms")
        ]

    def _logs(self) -> list[Resource]:
        groups = list(self._paginate("logs", "describe_log_groups", "logGroups"))
        client = self.clients["logs"]

        def one(g: dict[str, Any]) -> Resource:
            name = g["logGroupName"]
            arn = g.get("logGroupArn") or str(g.get("arn", "")).removesuffix(":*")
            arn = arn or self._arn("logs", f"log-group:{name}")
            tags = client.list_tags_for_resource(resourceArn=arn).get("tags", {})
            return Resource(
                S.LOG_GROUP, name, arn, name, dict(tags), {"retention": g.get("retentionInDays")}
            )

        return self._map(one, groups)


# -- normalization shared with the imports ---------------------------------------------


def _tags(items: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    if not isinstance(items, list):
        return {}
    return {
        str(t[key]): str(t.get(value, ""))
        for t in items
        if isinstance(t, dict) and t.get(key) is not None
    }


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def normalize_ingress(permissions: Any) -> list[dict[str, Any]]:
    """EC2 IpPermissions -> one entry per source: protocol, from/to port, source, kind."""
    out: list[dict[str, Any]] = []
    if not isinstance(permissions, list):
        return out
    for p in permissions:
        if not isinstance(p, dict):
            continue
        base = {
            "protocol": str(p.get("IpProtocol", "-1")),
            "from_port": p.get("FromPort"),
            "to_port": p.get("ToPort"),
        }
        sources: list[tuple[str, Any]] = []
        sources += [("cidr", r.get("CidrIp")) for r in p.get("IpRanges") or []]
        sources += [("cidr", r.get("CidrIpv6")) for r in p.get("Ipv6Ranges") or []]
        sources += [("group", r.get("GroupId")) for r in p.get("UserIdGroupPairs") or []]
        sources += [("prefix-list", r.get("PrefixListId")) for r in p.get("PrefixListIds") or []]
        for kind, source in sources:
            if source:
                out.append({**base, "source": str(source), "kind": kind})
    return out


def lifecycle(rules: Any) -> dict[str, Any] | None:
    """The first enabled S3 lifecycle rule with a transition or an expiration, in days."""
    if not isinstance(rules, list):
        return None
    for rule in rules:
        if not isinstance(rule, dict) or rule.get("Status") != "Enabled":
            continue
        transitions = [t for t in rule.get("Transitions") or [] if isinstance(t, dict)]
        expiration = rule.get("Expiration")
        if not isinstance(expiration, dict):
            expiration = {}
        if not transitions and not expiration:
            continue
        first = min(transitions, key=lambda t: t.get("Days") or 0) if transitions else {}
        return {
            "transition_days": first.get("Days"),
            "transition_class": first.get("StorageClass"),
            "expiration_days": expiration.get("Days"),
        }
    return None
