"""A config that declares part of the stack reads only that part (issue 16 §5), counted
at a real proxy in front of the moto server: no other service is called, and what is
declared is still compared, unmanaged resources of the declared kind included (DL903)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

from .proxy import FaultProxy
from .stack import ENV, Stack, client, spec

ENVIRONMENT = f"architecture:\n  environments:\n    {ENV}:\n      region: ap-northeast-1\n"
LOGS_ONLY = """\
infrastructure:
  monitoring:
    logs:
      retention:
        application: 30
        access: 90
        error: 365
      streams: [application, access, error]
"""
GROUPS_ONLY = """\
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 80, source: 0.0.0.0/0}
            - {port: 443, source: 0.0.0.0/0}
        ecs:
          inbound:
            - {port: 8000, source: alb-sg}
        rds:
          inbound:
            - {port: 5432, source: ecs-sg}
"""
STS = {"GetCallerIdentity"}
ALL_OTHERS = {
    "DescribeSubnets",
    "ListClusters",
    "DescribeScalableTargets",
    "DescribeDBInstances",
    "DescribeReplicationGroups",
    "ListDomainNames",
    "ListBuckets",
    "DescribeAlarms",
}


@pytest.fixture
def proxy(moto_endpoint: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_endpoint).running() as running:
        yield running


def configs(tmp_path: Path, infrastructure: str) -> Path:
    (tmp_path / "architecture.yaml").write_text(ENVIRONMENT, encoding="utf-8")
    (tmp_path / "infrastructure.yaml").write_text(infrastructure, encoding="utf-8")
    return tmp_path


def drift(folder: Path, endpoint: str) -> tuple[int, list[dict[str, Any]], str]:
    result = CliRunner().invoke(
        app,
        [
            *("drift", str(folder), "--env", ENV, "--live", "--endpoint-url", endpoint),
            *("--format", "json", "--no-config"),
        ],
    )
    assert result.stdout.startswith("{"), result.stderr
    return result.exit_code, json.loads(result.stdout)["findings"], result.stderr


def test_a_config_declaring_only_logs_reads_only_cloudwatch_logs(
    pristine: Stack, proxy: FaultProxy, tmp_path: Path
) -> None:
    code, findings, err = drift(configs(tmp_path, LOGS_ONLY), proxy.url)
    assert (code, findings, err) == (0, [], "")
    assert set(proxy.seen) == STS | {"DescribeLogGroups", "ListTagsForResource"}


def test_what_a_logs_only_config_declares_is_still_compared(
    stack: Stack, proxy: FaultProxy, tmp_path: Path
) -> None:
    logs = client(stack.endpoint, "logs")
    logs.put_retention_policy(logGroupName=f"/app/{ENV}/error", retentionInDays=30)
    logs.create_log_group(
        logGroupName=f"/app/{ENV}/audit", tags={"Environment": ENV, "Stream": "audit"}
    )
    code, findings, err = drift(configs(tmp_path, LOGS_ONLY), proxy.url)
    assert code == 1, err
    by_rule = {f["rule"]: f for f in findings}
    assert sorted((f["rule"], f["path"]) for f in findings) == [
        ("DL901", "infrastructure.monitoring.logs.retention.error"),
        ("DL903", "infrastructure.monitoring.logs"),
    ]
    assert (by_rule["DL901"]["declared"], by_rule["DL901"]["live"]) == (365, 30)
    assert f"/app/{ENV}/audit" in by_rule["DL903"]["message"]
    assert not set(proxy.seen) & (ALL_OTHERS | {"DescribeVpcs", "DescribeSecurityGroups"})


def test_a_config_declaring_only_security_groups_reads_only_vpcs_and_groups(
    stack: Stack, proxy: FaultProxy, tmp_path: Path
) -> None:
    folder = configs(tmp_path, GROUPS_ONLY)
    code, findings, err = drift(folder, proxy.url)
    assert (code, findings, err) == (0, [], "")
    assert set(proxy.seen) == STS | {"DescribeVpcs", "DescribeSecurityGroups"}

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
    ec2.create_security_group(
        GroupName="debug-sg",
        Description="debug",
        VpcId=stack.ids["vpc"],
        TagSpecifications=spec("security-group"),
    )
    proxy.seen.clear()
    code, findings, err = drift(folder, proxy.url)
    assert code == 1, err
    assert {f["rule"] for f in findings} == {"DL903"}
    messages = " | ".join(f["message"] for f in findings)
    assert "22" in messages and "debug-sg" in messages
    assert any(f["path"].startswith("infrastructure.network.security.groups.alb") for f in findings)
    assert set(proxy.seen) == STS | {"DescribeVpcs", "DescribeSecurityGroups"}
