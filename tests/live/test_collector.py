"""The collector against a real moto server: what it reads, the read-only guard, retries,
AccessDenied and throttling injected with real botocore hooks."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from deploylint.live import snapshot as S
from deploylint.live.collector import (
    ATTEMPTS,
    SERVICES,
    Collector,
    Connection,
    LiveError,
    ReadOnlyViolation,
    read_only_guard,
)
from deploylint.live.snapshot import Snapshot

from .conftest import error_response, inject
from .stack import REGION, Stack


def collect(endpoint: str) -> Snapshot:
    return Collector(Connection(endpoint_url=endpoint), REGION).collect("production")


def only(snap: Snapshot, type_: str, name: str) -> S.Resource:
    found = [r for r in snap.of(type_) if r.name == name]
    assert len(found) == 1, [r.name for r in snap.of(type_)]
    return found[0]


def test_reads_every_part_of_the_guide_stack(pristine: Stack) -> None:
    snap = collect(pristine.endpoint)
    assert snap.unreadable == []
    assert (snap.account, snap.region, snap.environment) == ("123456789012", REGION, "production")
    vpc = next(v for v in snap.of(S.VPC) if v.id == pristine.ids["vpc"])
    assert vpc.fields == {"cidr": "10.0.0.0/16", "default": False}
    assert vpc.tags == {"Environment": "production", "Component": "network"}
    subnets = sorted(
        (s.fields["cidr"], s.fields["az"], s.tags["Tier"])
        for s in snap.of(S.SUBNET)
        if s.fields["vpc_id"] == pristine.ids["vpc"]
    )
    assert subnets == [
        ("10.0.1.0/24", "ap-northeast-1a", "public"),
        ("10.0.2.0/24", "ap-northeast-1c", "public"),
        ("10.0.3.0/24", "ap-northeast-1a", "private"),
        ("10.0.4.0/24", "ap-northeast-1c", "private"),
    ]
    rds_sg = only(snap, S.SECURITY_GROUP, "rds-sg")
    assert rds_sg.fields["ingress"] == [
        {
            "protocol": "tcp",
            "from_port": 5432,
            "to_port": 5432,
            "source": pristine.ids["ecs"],
            "kind": "group",
        }
    ]
    service = only(snap, S.ECS_SERVICE, "api")
    assert {k: service.fields[k] for k in ("cluster", "desired_count", "launch_type")} == {
        "cluster": "app",
        "desired_count": 5,
        "launch_type": "FARGATE",
    }
    assert (service.fields["cpu"], service.fields["memory"]) == ("2048", "4096")
    assert (service.fields["min"], service.fields["max"]) == (3, 10)
    db = only(snap, S.DB_INSTANCE, "app-db")
    assert db.fields == {
        "engine": "postgres",
        "version": "15.4",
        "instance_class": "db.r5.large",
        "multi_az": True,
    }
    assert db.arn == "arn:aws:rds:ap-northeast-1:123456789012:db:app-db"
    cache = only(snap, S.CACHE_GROUP, "app-cache")
    assert cache.fields == {"engine": "redis", "node_type": "cache.r5.large"}
    # moto cannot describe the member clusters: the version is unreadable, not absent
    assert "CacheClusterNotFound" in cache.unreadable["version"]
    search = only(snap, S.SEARCH_DOMAIN, "app-search")
    assert search.fields == {
        "engine": "OpenSearch",
        "version": "2.11",
        "instance_type": "r5.large.search",
        "instance_count": 2,
    }
    bucket = only(snap, S.BUCKET, "app-assets")
    assert bucket.fields["lifecycle"] == {
        "transition_days": 30,
        "transition_class": "STANDARD_IA",
        "expiration_days": 365,
    }
    alarm = only(snap, S.ALARM, "production-high_cpu")
    assert (alarm.fields["threshold"], alarm.fields["period"]) == (80.0, 300)
    logs = {g.tags["Stream"]: g.fields["retention"] for g in snap.of(S.LOG_GROUP)}
    assert logs == {"application": 30, "access": 90, "error": 365}
    assert snap.calls >= 20 and snap.retries == 0


def test_snapshot_json_round_trips_and_matches_its_schema(pristine: Stack, tmp_path: Any) -> None:
    snap = collect(pristine.endpoint)
    path = tmp_path / "snap.json"
    path.write_text(snap.dumps(), encoding="utf-8")
    again = S.load_snapshot(path)
    assert again.dumps() == snap.dumps()


def test_the_guard_refuses_a_write_before_it_is_sent(stack: Stack) -> None:
    collector = Collector(Connection(endpoint_url=stack.endpoint), REGION)
    with pytest.raises(ReadOnlyViolation, match="ec2:CreateSecurityGroup"):
        collector.clients["ec2"].create_security_group(
            GroupName="evil-sg", Description="x", VpcId=stack.ids["vpc"]
        )
    with pytest.raises(ReadOnlyViolation, match="logs:PutRetentionPolicy"):
        collector.clients["logs"].put_retention_policy(
            logGroupName="/app/production/error", retentionInDays=1
        )
    assert collector.counter.attempts == 0  # nothing reached the wire
    plain = boto3.client("ec2", region_name=REGION, endpoint_url=stack.endpoint)
    names = [g["GroupName"] for g in plain.describe_security_groups()["SecurityGroups"]]
    assert "evil-sg" not in names
    logs = boto3.client("logs", region_name=REGION, endpoint_url=stack.endpoint)
    group = logs.describe_log_groups(logGroupNamePrefix="/app/production/error")["logGroups"]
    assert group[0]["retentionInDays"] == 365


WRITES: dict[str, tuple[str, dict[str, Any]]] = {
    "sts": (
        "assume_role",
        {"RoleArn": "arn:aws:iam::123456789012:role/x", "RoleSessionName": "xx"},
    ),
    "ec2": ("delete_vpc", {"VpcId": "vpc-12345678"}),
    "ecs": ("delete_cluster", {"cluster": "app"}),
    "application-autoscaling": (
        "deregister_scalable_target",
        {
            "ServiceNamespace": "ecs",
            "ResourceId": "service/app/api",
            "ScalableDimension": "ecs:service:DesiredCount",
        },
    ),
    "rds": ("delete_db_instance", {"DBInstanceIdentifier": "app-db", "SkipFinalSnapshot": True}),
    "elasticache": ("delete_replication_group", {"ReplicationGroupId": "app-cache"}),
    "opensearch": ("delete_domain", {"DomainName": "app-search"}),
    "s3": ("delete_bucket", {"Bucket": "app-assets"}),
    "cloudwatch": ("delete_alarms", {"AlarmNames": ["production-high_cpu"]}),
    "logs": ("delete_log_group", {"logGroupName": "/app/production/error"}),
    "resourcegroupstaggingapi": (
        "untag_resources",
        {
            "ResourceARNList": ["arn:aws:logs:ap-northeast-1:123456789012:log-group:x"],
            "TagKeys": ["Stream"],
        },
    ),
}


def test_the_guard_is_on_every_client(stack: Stack) -> None:
    before = collect(stack.endpoint).dumps()
    collector = Collector(Connection(endpoint_url=stack.endpoint), REGION)
    assert sorted(collector.clients) == sorted(WRITES) == sorted(SERVICES)
    for name, (op, params) in WRITES.items():
        with pytest.raises(ReadOnlyViolation, match="deploylint only reads"):
            getattr(collector.clients[name], op)(**params)
    assert collector.counter.attempts == 0
    after = collect(stack.endpoint).dumps()
    assert after.split('"source"')[1] == before.split('"source"')[1]  # all but the time


def test_the_guard_lets_only_reads_through() -> None:
    import botocore.session

    core = botocore.session.get_session()
    for name in SERVICES:
        model = core.get_service_model(name)
        for op in model.operation_names:
            operation = model.operation_model(op)
            if op.startswith(("Describe", "List", "Get")):
                read_only_guard(operation)
            else:
                with pytest.raises(ReadOnlyViolation, match=f"{name}:{op}"):
                    read_only_guard(operation)


def test_access_denied_is_one_unreadable_part_and_the_rest_is_read(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = inject(
        monkeypatch,
        "before-send.ec2.DescribeSecurityGroups",
        lambda n: error_response(403, "UnauthorizedOperation"),
    )
    snap = collect(pristine.endpoint)
    assert [(u.part, u.types) for u in snap.unreadable] == [
        ("ec2:DescribeSecurityGroups", (S.SECURITY_GROUP,))
    ]
    assert snap.unreadable[0].reason.startswith("UnauthorizedOperation")
    assert attempts == [1]  # an access error is not retried
    assert snap.of(S.SECURITY_GROUP) == []
    assert len(snap.of(S.LOG_GROUP)) == 3


def test_moto_style_json_403_is_access_denied(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    inject(
        monkeypatch,
        "before-send.cloudwatch-logs.DescribeLogGroups",
        lambda n: error_response(403, "403", protocol="json"),
    )
    snap = collect(pristine.endpoint)
    assert [(u.part, u.reason.split(":")[0]) for u in snap.unreadable] == [("logs", "AccessDenied")]


def test_throttling_is_retried_to_five_attempts_then_unreadable(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch, no_backoff: None
) -> None:
    attempts = inject(
        monkeypatch,
        "before-send.rds.DescribeDBInstances",
        lambda n: error_response(400, "Throttling"),
    )
    snap = collect(pristine.endpoint)
    assert attempts == [1, 2, 3, 4, 5] and ATTEMPTS == 5
    assert [u.part for u in snap.unreadable] == ["rds:DescribeDBInstances"]
    assert snap.unreadable[0].reason.startswith("Throttling (after 5 attempts)")
    assert snap.retries == 4


def test_throttling_that_clears_is_retried_and_read(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch, no_backoff: None
) -> None:
    attempts = inject(
        monkeypatch,
        "before-send.rds.DescribeDBInstances",
        lambda n: error_response(400, "Throttling") if n <= 2 else None,
    )
    snap = collect(pristine.endpoint)
    assert attempts == [1, 2, 3]
    assert snap.unreadable == []
    assert [d.name for d in snap.of(S.DB_INSTANCE)] == ["app-db"]
    assert snap.retries == 2


def test_no_credentials_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, fake_aws: None) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key)
    with pytest.raises(LiveError, match="no AWS credentials: set AWS_PROFILE"):
        Collector(Connection(endpoint_url="http://127.0.0.1:9"), REGION)


def test_an_unknown_profile_is_one_clear_error(fake_aws: None) -> None:
    with pytest.raises(LiveError, match="AWS profile 'nope' not found"):
        Collector(Connection(profile="nope", endpoint_url="http://127.0.0.1:9"), REGION)


def test_an_unreachable_endpoint_is_one_clear_error(fake_aws: None) -> None:
    collector = Collector(Connection(endpoint_url="http://127.0.0.1:9"), REGION)
    with pytest.raises(LiveError, match="cannot reach AWS"):
        collector.collect()


def test_the_iam_policy_is_every_operation_the_collector_calls(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/live.md's policy is generated from OPERATIONS; full reads of a stack that
    exercises every part call exactly those operations (a new call without its IAM
    action, or a stale action, fails here): one reading each log group's tags, one
    reading them in bulk through the Tagging API (past BULK_TAGS log groups)."""
    import json
    from pathlib import Path

    from deploylint.live import collector as module
    from deploylint.live.collector import OPERATIONS, iam_policy

    called: set[tuple[str, str]] = set()
    for bulk in (module.BULK_TAGS, 0):
        monkeypatch.setattr(module, "BULK_TAGS", bulk)
        collector = Collector(Connection(endpoint_url=pristine.endpoint), REGION)
        snap = collector.collect("production")
        assert snap.unreadable == []
        called |= collector.counter.operations
    assert called == set(OPERATIONS)
    docs = (Path(__file__).parents[2] / "docs" / "live.md").read_text(encoding="utf-8")
    block = docs.split("<!-- iam-policy -->\n```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == iam_policy()
    assert block == json.dumps(iam_policy(), indent=2) + "\n"
    actions = iam_policy()["Statement"][0]["Action"]
    assert "s3:GetLifecycleConfiguration" in actions and "es:DescribeDomains" in actions
    assert all(a.split(":")[1].startswith(("Describe", "List", "Get")) for a in actions)


def test_only_the_clients_the_config_needs_are_made(pristine: Stack) -> None:
    collector = Collector(Connection(endpoint_url=pristine.endpoint), REGION)
    snap = collector.collect("production", {S.LOG_GROUP, S.ALARM})
    assert collector.clients.made == ["cloudwatch", "logs", "sts"]
    assert {r.type for r in snap.resources} == {S.LOG_GROUP, S.ALARM}
    assert snap.unreadable == []
