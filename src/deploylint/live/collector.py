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

from deploylint.live import normalize as N
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


_LOADER: list[Any] = []


def _core(profile: str | None = None) -> Any:
    """A botocore session sharing one model loader: service models are parsed once."""
    import botocore.loaders
    import botocore.session

    if not _LOADER:
        _LOADER.append(botocore.loaders.create_loader())
    core = botocore.session.Session(profile=profile)
    core.register_component("data_loader", _LOADER[0])
    return core


def _session(conn: Connection, region: str) -> Any:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound

    try:
        core = _core(conn.profile)
        session = boto3.Session(botocore_session=core, region_name=region)
        credentials = session.get_credentials()
    except ProfileNotFound:
        raise LiveError(
            f"AWS profile {conn.profile!r} not found: check --profile or AWS_PROFILE"
        ) from None
    if credentials is None:
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
        core = _core()
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
        return [N.vpc(v, self._arn) for v in self._paginate("ec2", "describe_vpcs", "Vpcs")]

    def _subnets(self) -> list[Resource]:
        return [
            N.subnet(s, self._arn) for s in self._paginate("ec2", "describe_subnets", "Subnets")
        ]

    def _security_groups(self) -> list[Resource]:
        return [
            N.security_group(g, self._arn)
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
                    found.append(
                        N.ecs_service(
                            s, cluster["clusterName"], N.tags(cluster.get("tags")), None, None
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
            N.db_instance(d, self._arn)
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
        g = {**g, "ARN": arn}
        tags = N.tags(client.list_tags_for_resource(ResourceName=arn).get("TagList"))
        members = g.get("MemberClusters") or []
        # A replication group carries no engine version; its member clusters do.
        member: Any = None
        why = "the replication group lists no member clusters"
        if members:
            try:
                answer = client.describe_cache_clusters(CacheClusterId=members[0])
                member = (answer.get("CacheClusters") or [None])[0]
            except (ClientError, BotoCoreError) as exc:
                why = f"elasticache:DescribeCacheClusters {_reason(exc)}"
        return N.cache_group(g, self._arn, tags, member, why)

    def _opensearch(self) -> list[Resource]:
        client = self.clients["opensearch"]
        names = [d["DomainName"] for d in client.list_domain_names().get("DomainNames", [])]
        statuses: list[dict[str, Any]] = []
        for batch in _batches(names, 5):
            statuses.extend(client.describe_domains(DomainNames=batch)["DomainStatusList"])

        def one(d: dict[str, Any]) -> Resource:
            return N.search_domain(d, N.tags(client.list_tags(ARN=d["ARN"]).get("TagList")))

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
            tags = N.tags(s3.get_bucket_tagging(Bucket=name).get("TagSet"))
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
        return N.bucket(name, tags, rules)

    # -- CloudWatch ------------------------------------------------------------------

    def _alarms(self) -> list[Resource]:
        return [
            N.alarm(a, self._arn)
            for a in self._paginate("cloudwatch", "describe_alarms", "MetricAlarms")
        ]

    def _logs(self) -> list[Resource]:
        groups = list(self._paginate("logs", "describe_log_groups", "logGroups"))
        client = self.clients["logs"]

        def one(g: dict[str, Any]) -> Resource:
            arn = N.log_group_arn(g, self._arn)
            tags = client.list_tags_for_resource(resourceArn=arn).get("tags", {})
            return N.log_group(g, self._arn, N.tags(tags))

        return self._map(one, groups)


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
