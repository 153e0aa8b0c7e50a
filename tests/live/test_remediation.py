"""Drift remediation against a real moto server: every DL901/DL902/DL903 says how to get
back in sync, each AWS CLI command's parameters are valid for botocore's model of its
operation (validated, never sent), and drift itself sends no write."""

from __future__ import annotations

from typing import Any

import botocore.client
import botocore.session
import pytest
from botocore import xform_name
from botocore.validate import ParamValidator

from deploylint.live import remediation as remediation_module
from deploylint.live.remediation import Command, Remediation

from .stack import Stack, client, drift

READ = ("Describe", "List", "Get")


def _drift_the_stack(stack: Stack) -> None:
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    ec2 = client(stack.endpoint, "ec2")
    ec2.authorize_security_group_ingress(
        GroupId=stack.ids["alb"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    pair = {"UserIdGroupPairs": [{"GroupId": stack.ids["alb"]}], "IpProtocol": "tcp"}
    ec2.revoke_security_group_ingress(
        GroupId=stack.ids["ecs"], IpPermissions=[{**pair, "FromPort": 8000, "ToPort": 8000}]
    )
    ec2.authorize_security_group_ingress(
        GroupId=stack.ids["ecs"], IpPermissions=[{**pair, "FromPort": 8080, "ToPort": 8080}]
    )
    logs = client(stack.endpoint, "logs")
    group = logs.describe_log_groups()["logGroups"][0]["logGroupName"]
    logs.put_retention_policy(logGroupName=group, retentionInDays=1)


def test_every_drift_has_a_valid_remediation_and_no_write_is_sent(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drift_the_stack(stack)
    made: list[Remediation] = []
    original = remediation_module.remediation_for

    def record(*args: Any) -> Remediation | None:
        found = original(*args)
        if found is not None:
            made.append(found)
        return found

    monkeypatch.setattr(remediation_module, "remediation_for", record)
    calls: list[str] = []
    send = botocore.client.BaseClient._make_api_call

    def spy(self: Any, operation: str, params: Any) -> Any:
        calls.append(operation)
        return send(self, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", spy)
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert calls and all(op.startswith(READ) for op in calls), calls  # read-only
    found = {f["rule"]: f for f in doc["findings"]}
    assert set(found) >= {"DL901", "DL903"}
    for f in doc["findings"]:
        if f["rule"] in ("DL901", "DL902", "DL903"):
            assert f.get("remediation"), f
    texts = {f["path"]: f["remediation"] for f in doc["findings"]}
    desired = texts["architecture.environments.production.scaling.desired"]
    assert desired == (
        "aws ecs update-service --cluster app --service api --desired-count 5 "
        "--region ap-northeast-1"
    )
    ssh = texts["infrastructure.network.security.groups.alb.inbound"]
    assert ssh.startswith(f"aws ec2 revoke-security-group-ingress --group-id {stack.ids['alb']} ")
    assert '"FromPort":22' in ssh
    changed = [
        t for p, t in texts.items() if p.startswith("infrastructure.network.security.groups.ecs")
    ]
    assert changed and "revoke-security-group-ingress" in changed[0]
    assert "authorize-security-group-ingress" in changed[0]
    assert any(
        t.startswith("aws logs put-retention-policy --log-group-name ") for t in texts.values()
    )
    commands = [c for r in made for c in r.commands]
    assert len(commands) >= 5
    session = botocore.session.get_session()
    for command in commands:
        assert_valid(session, command)


def assert_valid(session: Any, command: Command) -> None:
    model = session.get_service_model(command.model_service or command.service)
    operation = model.operation_model(command.operation)
    report = ParamValidator().validate(command.params, operation.input_shape)
    assert not report.has_errors(), (command, report.generate_report())
    text = command.cli()
    assert text.startswith(f"aws {command.service} {xform_name(command.operation, '-')} ")
    for name in command.params:
        assert f"--{xform_name(name, '-')}" in text


def test_the_other_commands_are_valid_for_botocore() -> None:
    """Commands the moto scenario does not reach (RDS, ElastiCache, OpenSearch, scaling)."""
    session = botocore.session.get_session()
    samples = [
        Command(
            "rds",
            "ModifyDBInstance",
            {"DBInstanceIdentifier": "app-db", "EngineVersion": "15.7", "ApplyImmediately": True},
            "ap-northeast-1",
        ),
        Command(
            "elasticache",
            "ModifyReplicationGroup",
            {
                "ReplicationGroupId": "app-cache",
                "CacheNodeType": "cache.r6g.large",
                "ApplyImmediately": True,
            },
        ),
        Command(
            "opensearch",
            "UpgradeDomain",
            {"DomainName": "app-search", "TargetVersion": "OpenSearch_2.13"},
        ),
        Command(
            "opensearch",
            "UpdateDomainConfig",
            {"DomainName": "app-search", "ClusterConfig": {"InstanceCount": 3}},
        ),
        Command(
            "application-autoscaling",
            "RegisterScalableTarget",
            {
                "ServiceNamespace": "ecs",
                "ResourceId": "service/app/api",
                "ScalableDimension": "ecs:service:DesiredCount",
                "MinCapacity": 3,
                "MaxCapacity": 10,
            },
            None,
            "application-autoscaling",
        ),
        Command("logs", "DeleteLogGroup", {"logGroupName": "/app/production/debug"}),
        Command("ec2", "DeleteSecurityGroup", {"GroupId": "sg-0b9c11e1d49898faf"}),
    ]
    for command in samples:
        assert_valid(session, command)


@pytest.mark.parametrize(
    ("type_", "field"),
    [
        ("ecs-service", "desired_count"),
        ("db-instance", "version"),
        ("db-instance", "engine"),
        ("search-domain", "version"),  # /EngineVersion holds engine, version and engine_version
        ("log-group", "retention"),
        ("bucket", "unmapped_field"),
    ],
)
def test_a_live_attribute_names_the_field_remediation_reads(type_: str, field: str) -> None:
    """Remediation reads normalized fields back from the live attribute (/desiredCount)."""
    from deploylint.live.fields import attribute, field_of

    assert field_of(type_, attribute(type_, field)) == field
