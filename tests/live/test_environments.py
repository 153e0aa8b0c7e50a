"""`--env all`: every declared environment, each from its own region (and role), in one
report; drift over time with a baseline. Against a real moto server over HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.helpers import cli

from .stack import Stack, client

STAGING_REGION = "us-west-2"
CONFIG = """\
architecture:
  environments:
    production:
      region: ap-northeast-1
      scaling: {min: 3, max: 10, desired: 5}
    staging:
      region: us-west-2
      scaling: {min: 1, max: 2, desired: 1}
  components:
    database:
      type: RDS
      engine: PostgreSQL
      version: '15'
      instance_type: db.r5.large
"""


def staging_client(endpoint: str, service: str) -> Any:
    return boto3.client(service, region_name=STAGING_REGION, endpoint_url=endpoint)


def provision_staging(endpoint: str) -> None:
    tags = [{"Key": "Environment", "Value": "staging"}]
    ecs = staging_client(endpoint, "ecs")
    ecs.create_cluster(clusterName="app-staging")
    task = ecs.register_task_definition(
        family="app",
        cpu="512",
        memory="1024",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        containerDefinitions=[{"name": "app", "image": "app:1", "essential": True}],
    )
    ecs.create_service(
        cluster="app-staging",
        serviceName="api",
        taskDefinition=task["taskDefinition"]["taskDefinitionArn"],
        desiredCount=1,
        launchType="FARGATE",
        tags=[{"key": "Environment", "value": "staging"}, {"key": "Component", "value": "compute"}],
    )
    staging_client(endpoint, "application-autoscaling").register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId="service/app-staging/api",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=1,
        MaxCapacity=2,
    )
    staging_client(endpoint, "rds").create_db_instance(
        DBInstanceIdentifier="app-db-staging",
        Engine="postgres",
        EngineVersion="15.4",
        DBInstanceClass="db.r5.large",
        AllocatedStorage=20,
        MasterUsername="app",
        MasterUserPassword="not-a-secret-1",
        Tags=[*tags, {"Key": "Component", "Value": "database"}],
    )


@pytest.fixture
def two(stack: Stack, tmp_path: Path) -> tuple[Stack, Path]:
    provision_staging(stack.endpoint)
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "architecture.yaml").write_text(CONFIG, encoding="utf-8")
    return stack, tmp_path / "configs"


def run(*args: str) -> tuple[int, Any, str]:
    result = cli([*args, "--format", "json", "--no-config"])
    doc = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, doc, result.stderr


def test_env_all_reads_each_environment_in_its_own_region(two: tuple[Stack, Path]) -> None:
    stack, configs = two
    code, doc, err = run(
        "drift", str(configs), "--env", "all", "--live", "--endpoint-url", stack.endpoint
    )
    assert (code, doc["findings"], err) == (0, [], "")
    assert doc["summary"]["environments"] == 2
    staging_client(stack.endpoint, "ecs").update_service(
        cluster="app-staging", service="api", desiredCount=2
    )
    client(stack.endpoint, "rds").modify_db_instance(
        DBInstanceIdentifier="app-db", DBInstanceClass="db.r5.xlarge", ApplyImmediately=True
    )
    code, doc, _ = run(
        "drift", str(configs), "--env", "all", "--live", "--endpoint-url", stack.endpoint
    )
    assert code == 1
    assert [(f["environment"], f["rule"], f["path"], f["live"]) for f in doc["findings"]] == [
        ("staging", "DL901", "architecture.environments.staging.scaling.desired", 2),
        ("production", "DL901", "architecture.components.database.instance_type", "db.r5.xlarge"),
    ]


def test_check_live_env_all_runs_the_rules_on_every_environment(two: tuple[Stack, Path]) -> None:
    stack, configs = two
    code, doc, err = run(
        "check", str(configs), "--live", "--env", "all", "--endpoint-url", stack.endpoint
    )
    assert code in (0, 1), err
    assert doc["summary"]["environments"] == 2
    assert doc["summary"]["incomplete"] == [] or all(
        i.startswith(("[production]", "[staging]")) for i in doc["summary"]["incomplete"]
    )


def test_a_role_per_environment_from_the_command_line(two: tuple[Stack, Path]) -> None:
    stack, configs = two
    code, doc, err = run(
        *("drift", str(configs), "--env", "all", "--live", "--endpoint-url", stack.endpoint),
        *("--role-arn", "staging=arn:aws:iam::123456789012:role/deploylint-staging"),
        *("--role-arn", "production=arn:aws:iam::123456789012:role/deploylint-production"),
    )
    assert (code, doc["findings"], err) == (0, [], "")
    code, _, err = run(
        *("drift", str(configs), "--env", "all", "--live", "--endpoint-url", stack.endpoint),
        *("--role-arn", "staging"),
    )
    assert code == 2
    assert err == "deploylint: --role-arn 'staging': expected ARN or ENV=ARN\n"


def test_drift_over_time_reports_only_new_drift(stack: Stack, tmp_path: Path) -> None:
    configs = str(Path(__file__).parent / "configs")
    base = tmp_path / "drift-baseline.json"
    live = ("drift", configs, "--env", "production", "--live", "--endpoint-url", stack.endpoint)
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    code, doc, _ = run(*live, "--write-baseline", str(base))
    assert (code, doc["findings"]) == (0, [])
    assert "DL901" in base.read_text(encoding="utf-8")
    code, doc, _ = run(*live, "--baseline", str(base))
    assert (code, doc["findings"]) == (0, [])
    client(stack.endpoint, "logs").put_retention_policy(
        logGroupName="/app/production/error", retentionInDays=30
    )
    code, doc, _ = run(*live, "--baseline", str(base))
    assert code == 1
    assert [(f["rule"], f["path"]) for f in doc["findings"]] == [
        ("DL901", "infrastructure.monitoring.logs.retention.error")
    ]
    # the recorded drift went away: its entry is reported stale (info), not a failure
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=5)
    code, doc, _ = run(*live, "--baseline", str(base))
    # findings sort by file, and the baseline (DL011) and the config (DL901) sit in different
    # folders whose order depends on where the clone lives: compare them as a sorted list
    assert sorted(f["rule"] for f in doc["findings"]) == ["DL011", "DL901"]
