"""The read-only collector: one AWS region read with boto3, normalized into a Snapshot.

Every client is created from one botocore session on which :func:`read_only_guard` is
registered for ``before-call``: an operation whose name does not start with ``Describe``,
``List`` or ``Get`` is refused before anything is signed or sent. Retries use botocore's
``standard`` mode with 5 attempts in total. Parts run in parallel threads; a part that
cannot be read is recorded as :class:`~deploylint.live.snapshot.Unreadable` and the others
go on: AccessDenied, throttled after retries, an unavailable or unimplemented service, a
reply botocore cannot parse, a 200 reply without the key its operation always returns (a
proxy's login page is not an empty account), or no answer within the part's budget.

:data:`OPERATIONS` lists every operation the collector calls, with its IAM action and the
key its reply always holds; the read-only IAM policy (:func:`iam_policy`) is made from it.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from stat import S_ISREG
from typing import Any, TypeVar

from deploylint import i18n
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
    "resourcegroupstaggingapi",
)
# More log groups than this: their tags come from the Resource Groups Tagging API, 100 a
# call, instead of one logs:ListTagsForResource each (see Collector._bulk_tags).
BULK_TAGS = 10

# (botocore service, operation) -> (IAM action or None when none is needed, the key every
# reply of the operation holds, or None when the reply may legitimately be empty).
OPERATIONS: dict[tuple[str, str], tuple[str | None, str | None]] = {
    ("sts", "GetCallerIdentity"): (None, "Account"),
    ("ec2", "DescribeVpcs"): ("ec2:DescribeVpcs", "Vpcs"),
    ("ec2", "DescribeSubnets"): ("ec2:DescribeSubnets", "Subnets"),
    ("ec2", "DescribeSecurityGroups"): ("ec2:DescribeSecurityGroups", "SecurityGroups"),
    ("ecs", "ListClusters"): ("ecs:ListClusters", "clusterArns"),
    ("ecs", "DescribeClusters"): ("ecs:DescribeClusters", "clusters"),
    ("ecs", "ListServices"): ("ecs:ListServices", "serviceArns"),
    ("ecs", "DescribeServices"): ("ecs:DescribeServices", "services"),
    ("ecs", "DescribeTaskDefinition"): ("ecs:DescribeTaskDefinition", "taskDefinition"),
    ("application-autoscaling", "DescribeScalableTargets"): (
        "application-autoscaling:DescribeScalableTargets",
        "ScalableTargets",
    ),
    ("rds", "DescribeDBInstances"): ("rds:DescribeDBInstances", "DBInstances"),
    ("elasticache", "DescribeReplicationGroups"): (
        "elasticache:DescribeReplicationGroups",
        "ReplicationGroups",
    ),
    ("elasticache", "DescribeCacheClusters"): (
        "elasticache:DescribeCacheClusters",
        "CacheClusters",
    ),
    ("elasticache", "ListTagsForResource"): ("elasticache:ListTagsForResource", "TagList"),
    ("opensearch", "ListDomainNames"): ("es:ListDomainNames", "DomainNames"),
    ("opensearch", "DescribeDomains"): ("es:DescribeDomains", "DomainStatusList"),
    ("opensearch", "ListTags"): ("es:ListTags", "TagList"),
    ("s3", "ListBuckets"): ("s3:ListAllMyBuckets", "Buckets"),
    ("s3", "GetBucketLocation"): ("s3:GetBucketLocation", None),
    ("s3", "GetBucketTagging"): ("s3:GetBucketTagging", "TagSet"),
    ("s3", "GetBucketLifecycleConfiguration"): ("s3:GetLifecycleConfiguration", "Rules"),
    ("cloudwatch", "DescribeAlarms"): ("cloudwatch:DescribeAlarms", "MetricAlarms"),
    ("logs", "DescribeLogGroups"): ("logs:DescribeLogGroups", "logGroups"),
    ("logs", "ListTagsForResource"): ("logs:ListTagsForResource", "tags"),
    ("resourcegroupstaggingapi", "GetResources"): ("tag:GetResources", "ResourceTagMappingList"),
}

# The parts of a run: name, the resource types it holds, the services it calls.
PARTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("ec2:DescribeVpcs", (S.VPC,), ("ec2",)),
    ("ec2:DescribeSubnets", (S.SUBNET,), ("ec2",)),
    ("ec2:DescribeSecurityGroups", (S.SECURITY_GROUP,), ("ec2",)),
    ("ecs", (S.ECS_SERVICE,), ("ecs", "application-autoscaling")),
    ("rds:DescribeDBInstances", (S.DB_INSTANCE,), ("rds",)),
    ("elasticache", (S.CACHE_GROUP,), ("elasticache",)),
    ("opensearch", (S.SEARCH_DOMAIN,), ("opensearch",)),
    ("s3", (S.BUCKET,), ("s3",)),
    ("cloudwatch:DescribeAlarms", (S.ALARM,), ("cloudwatch",)),
    ("logs", (S.LOG_GROUP,), ("logs",)),  # + resourcegroupstaggingapi past BULK_TAGS groups
)

# The order the parts start in (their results keep PARTS' order): the longest chains of
# dependent calls first (ECS: clusters, services, task definitions; S3: each bucket's
# region, then its tags and lifecycle; OpenSearch: names, domains, tags), so that they are
# in flight while the next clients are made; EC2's single calls last, since its client
# costs the most CPU to make and its replies come back while nothing else is left to do.
START = (
    "ecs",
    "s3",
    "opensearch",
    "elasticache",
    "logs",
    "rds:DescribeDBInstances",
    "cloudwatch:DescribeAlarms",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
)


def iam_policy() -> dict[str, Any]:
    """The IAM policy a read-only auditor needs: every action the collector calls."""
    actions = sorted({a for a, _ in OPERATIONS.values() if a is not None})
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "DeploylintReadOnly", "Effect": "Allow", "Action": actions, "Resource": "*"}
        ],
    }


T = TypeVar("T")
R = TypeVar("R")


class LiveError(Exception):
    """The live state cannot be read at all (no credentials, no region, no endpoint)."""


class ReadOnlyViolation(Exception):
    """An operation that is not a read was about to be sent; deploylint never sends one."""


class UnreadableReply(Exception):
    """A reply that is not the service's answer (no key its operation always returns)."""


class OverBudget(Exception):
    """The part's time budget ran out before this attempt was sent."""


def check_reply(parsed: Any, model: Any, **_: Any) -> None:
    """botocore ``after-call`` handler: a 200 reply must hold its operation's key."""
    service = str(model.service_model.service_name)
    entry = OPERATIONS.get((service, str(model.name)))
    if entry is None or entry[1] is None or not isinstance(parsed, dict):
        return
    if "Error" in parsed:  # an error reply: botocore raises it next
        return
    if entry[1] not in parsed:
        raise UnreadableReply(
            i18n._(
                "{operation} answered without {key}: "
                "not the service's reply (a proxy or captive portal?)"
            ).format(operation=f"{service}:{model.name}", key=repr(entry[1]))
        )


def read_only_guard(model: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: refuse anything but Describe*/List*/Get*."""
    name = str(model.name)
    if not name.startswith(READ_PREFIXES):
        service = model.service_model.service_name
        raise ReadOnlyViolation(
            i18n._("refused {operation}: deploylint only reads from AWS").format(
                operation=f"{service}:{name}"
            )
        )


@dataclass(frozen=True)
class Connection:
    """How to reach AWS; every field optional (boto3's usual chain fills the rest)."""

    region: str | None = None
    profile: str | None = None
    role_arn: str | None = None
    endpoint_url: str | None = None
    workers: int = 16
    connect_timeout: float = 5.0  # seconds to open a connection
    read_timeout: float = 20.0  # seconds to wait for bytes of a reply
    part_budget: float = 120.0  # seconds for one part, retries included; past it, DL904


class Counter:
    """API calls and HTTP attempts, counted by botocore event handlers (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = 0
        self.attempts = 0
        self.operations: set[tuple[str, str]] = set()  # (service, operation) called

    def on_call(self, model: Any = None, **_: Any) -> None:
        with self._lock:
            self.calls += 1
            if model is not None:
                self.operations.add((str(model.service_model.service_name), str(model.name)))

    def on_send(self, **_: Any) -> None:
        with self._lock:
            self.attempts += 1

    @property
    def retries(self) -> int:
        return max(0, self.attempts - self.calls)


Progress = Callable[[int, int, Counter], None]  # parts done, parts in all, counter


_LOADER: list[Any] = []


def _loader() -> Any:
    """botocore's model loader for the collector's services, reading its JSON files into
    plain dicts.

    botocore parses every model file with ``object_pairs_hook=OrderedDict``: a Python call
    per JSON object, for ordering that plain dicts keep anyway (botocore's model code only
    iterates them). On the ten service models the collector uses, plain dicts parse in a
    third of the time (0.04 s instead of 0.12 s of CPU, bench/README.md). A file in a
    format this loader does not know is left to botocore's own.

    A parsed file is kept in the user's model cache (:mod:`deploylint.live.modelcache`:
    signed entries, loaded with :mod:`marshal` in half the time of the parse) and taken from
    it when its entry is valid for the file as it is now; so are the method names botocore
    gives a service model's operations."""
    import botocore.loaders

    from deploylint.live.modelcache import ModelCache, seed_method_names

    cache = ModelCache.default()

    class PlainJSONFileLoader(botocore.loaders.JSONFileLoader):  # type: ignore[misc]
        def load_file(self, file_path: str) -> Any:
            for suffix, opener in ((".json.gz", gzip.open), (".json", open)):
                path = file_path + suffix
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                if not S_ISREG(stat.st_mode):
                    continue
                parsed = cache.load(path, stat) if cache is not None else None
                if parsed is None:
                    with opener(path, "rb") as fp:
                        parsed = json.loads(fp.read())
                    if cache is not None and isinstance(parsed, dict):
                        cache.store(path, stat, parsed)
                if cache is not None and os.path.basename(file_path) == "service-2":
                    seed_method_names(cache, path, stat, parsed)
                return parsed
            return super().load_file(file_path)

    class ModelLoader(botocore.loaders.Loader):  # type: ignore[misc]
        def list_available_services(self, type_name: str) -> list[str]:
            """The collector's services that have ``type_name`` data. botocore lists
            every service it knows (400 folders, 3,000 ``stat`` calls, 0.05 s) only to
            check that a requested name is one of them."""
            from botocore.exceptions import DataNotFoundError

            known = []
            for name in SERVICES:
                try:
                    self.list_api_versions(name, type_name)
                except DataNotFoundError:
                    continue
                known.append(name)
            return known

    return ModelLoader(file_loader=PlainJSONFileLoader())


def _core(profile: str | None = None) -> Any:
    """A botocore session sharing one model loader: service models are parsed once."""
    import botocore.session

    if not _LOADER:
        _LOADER.append(_loader())
    core = botocore.session.Session(profile=profile)
    core.register_component("data_loader", _LOADER[0])
    return core


def _session(conn: Connection, region: str) -> Any:
    """A botocore session with credentials (the role's, with --role-arn). botocore alone:
    boto3 would add its S3 transfer machinery to every start-up for nothing."""
    from botocore.exceptions import BotoCoreError, ClientError, ProfileNotFound

    try:
        core = _core(conn.profile)
        core.set_config_variable("region", region)
        credentials = core.get_credentials()
    except ProfileNotFound:
        raise LiveError(
            i18n._("AWS profile {profile} not found: check --profile or AWS_PROFILE").format(
                profile=repr(conn.profile)
            )
        ) from None
    if credentials is None:
        raise LiveError(
            i18n._(
                "no AWS credentials: set AWS_PROFILE (or pass --profile), or "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            )
        )
    if conn.role_arn:
        # The one call that is not a read: it obtains the read-only role's credentials on
        # a separate client; the collecting session below carries the guard.
        sts = core.create_client("sts", region_name=region, endpoint_url=conn.endpoint_url)
        try:
            creds = sts.assume_role(RoleArn=conn.role_arn, RoleSessionName="deploylint")[
                "Credentials"
            ]
        except (ClientError, BotoCoreError) as exc:
            raise LiveError(
                i18n._("cannot assume role {role}: {reason}").format(
                    role=conn.role_arn, reason=_reason(exc)
                )
            ) from None
        core = _core()
        core.set_config_variable("region", region)
        core.set_credentials(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    return core


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _reason(exc: BaseException) -> str:
    """Why a call failed, on one line (a reply body is never pasted whole)."""
    from botocore.exceptions import ClientError, ReadTimeoutError
    from botocore.parsers import ResponseParserError

    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "error")
        if code == "403":
            code = "AccessDenied"
        attempts = exc.response.get("ResponseMetadata", {}).get("RetryAttempts")
        text = code
        if attempts:
            text += i18n._(" (after {count} attempts)").format(count=int(attempts) + 1)
        message = str(error.get("Message") or "")
        if message.lstrip().startswith("<"):
            message = ""  # an unparsed body (moto's XML): the code says it
        if message and message != code:
            text += f": {message}"
        return _one_line(text)
    if isinstance(exc, ResponseParserError):
        return i18n._("the reply could not be parsed (not the service's answer)")
    if isinstance(exc, ReadTimeoutError):
        return _one_line(i18n._("no answer within the read timeout ({detail})").format(detail=exc))
    if isinstance(exc, UnreadableReply | OverBudget):
        return _one_line(str(exc))
    return _one_line(f"{type(exc).__name__}: {exc}")


_GC_LOCK = threading.Lock()
_GC_PAUSES = [0, False]  # clients being made, and whether the collector was enabled before


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No garbage collection while a client is made: its service model is tens of thousands
    of fresh dicts and lists (EC2's alone over 100,000) without a single reference cycle,
    and the collections their allocation triggers would walk them all for nothing (a full
    one among them: 0.02-0.03 s of CPU for the ten clients). Nested and concurrent pauses
    (two environments read at once) share one; the state before the first is restored."""
    with _GC_LOCK:
        if _GC_PAUSES[0] == 0:
            _GC_PAUSES[1] = gc.isenabled()
            gc.disable()
        _GC_PAUSES[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_PAUSES[0] -= 1
            if _GC_PAUSES[0] == 0 and _GC_PAUSES[1]:
                gc.enable()


class _Clients(Mapping[str, Any]):
    """The collector's clients, each made on first use (under a lock: client creation is
    not thread-safe): a config that declares no alarm never loads CloudWatch's model."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        self._make = make
        self._made: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> Any:
        made = self._made.get(name)
        if made is not None:  # no lock once made: a part's thread never waits on another
            return made  # client being made
        if name not in SERVICES:
            raise KeyError(name)
        with self._lock, _collection_paused():
            if name not in self._made:
                self._made[name] = self._make(name)
            return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(SERVICES)

    def __len__(self) -> int:
        return len(SERVICES)

    @property
    def made(self) -> list[str]:
        return sorted(self._made)


class Collector:
    """Reads one region; ``collect()`` returns a Snapshot (parts that failed recorded)."""

    def __init__(self, conn: Connection, region: str, progress: Progress | None = None) -> None:
        from botocore.config import Config

        self.conn = conn
        self.region = region
        self.counter = Counter()
        self.progress = progress
        self.deadline = float("inf")  # monotonic; set when a run starts
        core = _session(conn, region)
        core.register("before-call", read_only_guard)
        core.register("before-call", self.counter.on_call)
        core.register("before-send", self._budget)
        core.register("before-send", self.counter.on_send)
        core.register("after-call", check_reply)
        config = Config(
            region_name=region,
            retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
            max_pool_connections=conn.workers * 2,
            connect_timeout=conn.connect_timeout,
            read_timeout=conn.read_timeout,
        )

        def make(name: str) -> Any:
            return core.create_client(
                name, region_name=region, config=config, endpoint_url=conn.endpoint_url
            )

        self.clients = _Clients(make)
        self.clients["sts"]  # a bad region or endpoint fails here, before any thread starts
        self.account: str | None = None
        self._lock = threading.Lock()
        self._done = 0
        self._total = 0

    def _budget(self, **_: Any) -> None:
        if time.monotonic() > self.deadline:
            raise OverBudget(
                i18n._("not read within the part budget ({seconds} s)").format(
                    seconds=f"{self.conn.part_budget:g}"
                )
            )

    # -- helpers ---------------------------------------------------------------------

    def _paginate(self, service: str, op: str, key: str, **params: Any) -> Iterator[Any]:
        paginator = self.clients[service].get_paginator(op)
        for page in paginator.paginate(**params):
            yield from page[key]  # check_reply made sure every page holds it

    def _arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.region}:{self.account or ''}:{resource}"

    def _map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        items = list(items)
        if len(items) <= 1:
            return [fn(i) for i in items]
        with ThreadPoolExecutor(min(self.conn.workers, len(items))) as pool:
            return list(pool.map(fn, items))

    # -- the run ---------------------------------------------------------------------

    def collect(
        self, environment: str | None = None, types: Iterable[str] | None = None
    ) -> Snapshot:
        """Read the region; with ``types``, only the parts that hold those resource types
        (the others are neither read nor reported unreadable: nothing asked for them)."""
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
            raise LiveError(i18n._("cannot reach AWS: {error}").format(error=exc)) from None
        except ClientError as exc:
            if _reason(exc).startswith(("InvalidClientTokenId", "ExpiredToken", "Signature")):
                raise LiveError(
                    i18n._("AWS refused the credentials: {reason}").format(reason=_reason(exc))
                ) from None
            self.account = None  # not fatal: ARNs are built without it
        except Exception:  # an unparsable or partial reply: ARNs without it
            self.account = None
        wanted = None if types is None else set(types)
        fns: dict[str, Callable[[], list[Resource]]] = {
            "ec2:DescribeVpcs": self._vpcs,
            "ec2:DescribeSubnets": self._subnets,
            "ec2:DescribeSecurityGroups": self._security_groups,
            "ecs": self._ecs,
            "rds:DescribeDBInstances": self._rds,
            "elasticache": self._elasticache,
            "opensearch": self._opensearch,
            "s3": self._s3,
            "cloudwatch:DescribeAlarms": self._alarms,
            "logs": self._logs,
        }
        parts = [
            (name, kinds, fns[name])
            for name, kinds, _ in PARTS
            if wanted is None or wanted.intersection(kinds)
        ]
        services = {name: needs for name, _, needs in PARTS}
        reading_ecs = any(p[0] == "ecs" for p in parts)
        self._total = len(parts) + (1 if reading_ecs else 0)
        resources: list[Resource] = []
        unreadable: list[Unreadable] = []
        self.deadline = time.monotonic() + self.conn.part_budget
        pool = ThreadPoolExecutor(self._total or 1)
        try:
            futures: dict[str, Future[list[Resource] | str]] = {}
            scaling: Future[dict[str, dict[str, Any]] | str] | None = None
            for name, _, fn in sorted(parts, key=lambda part: START.index(part[0])):
                # A part starts as soon as its clients are made: its calls are in flight
                # while the next clients load (the models cost CPU here, the replies wait
                # on the network).
                for service in services[name]:
                    self.clients[service]
                futures[name] = pool.submit(self._part, fn)
                if name == "ecs":  # the scaling targets complete the ECS services
                    scaling = pool.submit(self._part, self._scaling_targets)
            for name, types_, _ in parts:  # the snapshot lists the parts in PARTS order
                found = self._wait(futures[name])
                if isinstance(found, str):
                    unreadable.append(Unreadable(name, types_, found))
                else:
                    resources.extend(found)
            targets = self._wait(scaling) if scaling is not None else {}
        finally:
            # A part past its budget is abandoned: its thread sends no further attempt.
            pool.shutdown(wait=False, cancel_futures=True)
        for ecs_service in [r for r in resources if r.type == S.ECS_SERVICE]:
            if isinstance(targets, str):
                ecs_service.unreadable.update(min=targets, max=targets)
            else:
                target = targets.get(f"service/{ecs_service.fields['cluster']}/{ecs_service.name}")
                if target is not None:
                    ecs_service.fields.update(target)
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

    def _wait(self, future: Future[T | str]) -> T | str:
        left = self.deadline - time.monotonic()
        try:
            return future.result(timeout=max(0.0, left) + 0.05)
        except FutureTimeout:
            return i18n._("not read within the part budget ({seconds} s)").format(
                seconds=f"{self.conn.part_budget:g}"
            )

    def _part(self, fn: Callable[[], T]) -> T | str:
        try:
            return fn()
        except ReadOnlyViolation:
            raise
        except Exception as exc:  # any failure of one part is that part's DL904
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
        name = service.fields.get("task_definition")
        if not name:
            return
        try:
            task = self.clients["ecs"].describe_task_definition(taskDefinition=name)
        except ReadOnlyViolation:
            raise
        except Exception as exc:  # this service's cpu/memory unreadable
            why = f"ecs:DescribeTaskDefinition {_reason(exc)}"
            service.unreadable.update(cpu=why, memory=why)
            if not service.fields.get("launch_type"):
                service.unreadable["launch_type"] = why
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
        client = self.clients["elasticache"]
        arn = g.get("ARN") or self._arn(
            "elasticache", f"replicationgroup:{g['ReplicationGroupId']}"
        )
        g = {**g, "ARN": arn}
        tags, tags_why = _tags(
            "elasticache:ListTagsForResource",
            lambda: client.list_tags_for_resource(ResourceName=arn)["TagList"],
        )
        members = g.get("MemberClusters") or []
        # A replication group carries no engine version; its member clusters do.
        member: Any = None
        why = i18n._("the replication group lists no member clusters")
        if members:
            try:
                answer = client.describe_cache_clusters(CacheClusterId=members[0])
                member = (answer["CacheClusters"] or [None])[0]
            except ReadOnlyViolation:
                raise
            except Exception as exc:  # the version is unreadable
                why = f"elasticache:DescribeCacheClusters {_reason(exc)}"
        found = N.cache_group(g, self._arn, tags, member, why)
        if tags_why:
            found.unreadable["tags"] = tags_why
        return found

    def _opensearch(self) -> list[Resource]:
        client = self.clients["opensearch"]
        names = [d["DomainName"] for d in client.list_domain_names()["DomainNames"]]
        statuses: list[dict[str, Any]] = []
        for batch in _batches(names, 5):
            statuses.extend(client.describe_domains(DomainNames=batch)["DomainStatusList"])

        def one(d: dict[str, Any]) -> Resource:
            tags, why = _tags("es:ListTags", lambda: client.list_tags(ARN=d["ARN"])["TagList"])
            found = N.search_domain(d, tags)
            if why:
                found.unreadable["tags"] = why
            return found

        return self._map(one, statuses)

    def _s3(self) -> list[Resource]:
        buckets = self.clients["s3"].list_buckets()["Buckets"]
        found = self._map(self._bucket, buckets)
        return [b for b in found if b is not None]

    def _bucket(self, listed: dict[str, Any]) -> Resource | None:
        """One bucket of the region, or None for another region's. A bucket whose region,
        tags or lifecycle cannot be read is that bucket's problem (its ``unreadable``),
        never all of S3's: a foreign bucket denied to the auditor is common."""
        s3 = self.clients["s3"]
        name = str(listed["Name"])
        where = listed.get("BucketRegion")  # ListBuckets carries it since 2024
        if not where:
            try:
                where = s3.get_bucket_location(Bucket=name).get("LocationConstraint")
            except ReadOnlyViolation:
                raise
            except Exception as exc:  # this bucket, unreadable
                denied = f"s3:GetBucketLocation {_reason(exc)}"
                return N.bucket(
                    name, {}, None, {"region": denied, "tags": denied, "lifecycle": denied}
                )
            where = where or "us-east-1"
        if where == "EU":
            where = "eu-west-1"
        if where != self.region:
            return None
        unreadable: dict[str, str] = {}
        tags, why = _tags(
            "s3:GetBucketTagging", lambda: s3.get_bucket_tagging(Bucket=name)["TagSet"]
        )
        if why:
            unreadable["tags"] = why
        rules: Any = []
        try:
            rules = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
        except ReadOnlyViolation:
            raise
        except Exception as exc:
            if _code(exc) != "NoSuchLifecycleConfiguration":
                unreadable["lifecycle"] = f"s3:GetBucketLifecycleConfiguration {_reason(exc)}"
            rules = None if _code(exc) != "NoSuchLifecycleConfiguration" else []
        return N.bucket(name, tags, rules, unreadable)

    # -- tags in bulk ----------------------------------------------------------------

    def _bulk_tags(self, service: str, kind: str) -> dict[str, dict[str, str]]:
        """The tags of the region's resources of ``service`` whose ARN holds ``kind``, by
        ARN, from ``tag:GetResources`` (100 resources a call), or {} when they cannot be
        read that way (denied, throttled, an unreadable reply): the caller then reads each
        resource's own tags, as it does for a resource this answer does not list.

        The Tagging API lists resources that are or were tagged; one it omits may be
        untagged or tagged too recently for its index, so only what it lists is taken
        from it (its index can lag a tag change by a few minutes: docs/live.md)."""
        try:
            return {
                str(m["ResourceARN"]): N.tags(m.get("Tags"))
                for m in self._paginate(
                    "resourcegroupstaggingapi",
                    "get_resources",
                    "ResourceTagMappingList",
                    ResourceTypeFilters=[service],
                    ResourcesPerPage=100,
                )
                if kind in str(m.get("ResourceARN"))
            }
        except ReadOnlyViolation:
            raise
        except Exception:  # each resource's own call reads its tags (and says if it can't)
            return {}

    # -- CloudWatch ------------------------------------------------------------------

    def _alarms(self) -> list[Resource]:
        return [
            N.alarm(a, self._arn)
            for a in self._paginate("cloudwatch", "describe_alarms", "MetricAlarms")
        ]

    def _logs(self) -> list[Resource]:
        groups = list(self._paginate("logs", "describe_log_groups", "logGroups"))
        client = self.clients["logs"]
        bulk = self._bulk_tags("logs", ":log-group:") if len(groups) > BULK_TAGS else {}

        def one(g: dict[str, Any]) -> Resource:
            arn = N.log_group_arn(g, self._arn)
            if arn in bulk:
                tags, why = bulk[arn], None
            else:
                tags, why = _tags(
                    "logs:ListTagsForResource",
                    lambda: client.list_tags_for_resource(resourceArn=arn)["tags"],
                )
            found = N.log_group(g, self._arn, tags)
            if why:
                found.unreadable["tags"] = why
            return found

        return self._map(one, groups)


def _code(exc: BaseException) -> str:
    from botocore.exceptions import ClientError

    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "")
    return ""


def _tags(action: str, read: Callable[[], Any]) -> tuple[dict[str, str], str | None]:
    """One resource's tags, or why they could not be read (that resource's problem only:
    binding then cannot tell whose it is and says so)."""
    try:
        return N.tags(read()), None
    except ReadOnlyViolation:
        raise
    except Exception as exc:
        if _code(exc) in ("NoSuchTagSet",):
            return {}, None
        return {}, f"{action} {_reason(exc)}"


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
