"""`deploylint drift` against a real moto server: the guide's stack provisioned by tags is
in sync; each change made to it is one exact finding at the exact declared line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploylint.drift import same_version
from tests.helpers import cli

from .conftest import error_response, inject
from .stack import CONFIGS, Stack, client, drift

ARCH = f"{CONFIGS}/architecture.yaml"
INFRA = f"{CONFIGS}/infrastructure.yaml"
ACCOUNT = "123456789012"
REGION = "ap-northeast-1"


def short(doc: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (f["rule"], f["file"], f["line"], f["column"], f["path"], f.get("declared"), f.get("live"))
        for f in doc["findings"]
    ]


def test_the_provisioned_stack_is_in_sync(pristine: Stack) -> None:
    code, doc, err = drift(pristine.endpoint)
    assert (code, doc["findings"], doc["summary"]["incomplete"], err) == (0, [], [], "")


def test_desired_count_changed(stack: Stack) -> None:
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL901", ARCH, 10, 18, "architecture.environments.production.scaling.desired", 5, 8)
    ]
    (finding,) = doc["findings"]
    assert finding["resource"] == f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/app/api"
    assert finding["severity"] == "error" and finding["environment"] == "production"
    assert finding["message"].startswith("the ECS service desired tasks is 8 live, declared 5")


def test_ingress_rule_added_is_unmanaged(stack: Stack) -> None:
    client(stack.endpoint, "ec2").authorize_security_group_ingress(
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
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        (
            "DL903",
            INFRA,
            17,
            13,
            "infrastructure.network.security.groups.alb.inbound",
            None,
            "tcp 22 from 0.0.0.0/0",
        )
    ]
    assert doc["findings"][0]["severity"] == "warning"


def test_ingress_port_changed_is_one_finding_at_the_rule(stack: Stack) -> None:
    ec2 = client(stack.endpoint, "ec2")
    pair = {"UserIdGroupPairs": [{"GroupId": stack.ids["alb"]}], "IpProtocol": "tcp"}
    ec2.revoke_security_group_ingress(
        GroupId=stack.ids["ecs"], IpPermissions=[{**pair, "FromPort": 8000, "ToPort": 8000}]
    )
    ec2.authorize_security_group_ingress(
        GroupId=stack.ids["ecs"], IpPermissions=[{**pair, "FromPort": 8080, "ToPort": 8080}]
    )
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        (
            "DL901",
            INFRA,
            21,
            15,
            "infrastructure.network.security.groups.ecs.inbound[0]",
            "tcp 8000 from alb-sg",
            "tcp 8080 from alb-sg",
        )
    ]
    assert doc["findings"][0]["related"][0]["attribute"] == "/ingress/0"  # the live entry


def test_retention_changed(stack: Stack) -> None:
    client(stack.endpoint, "logs").put_retention_policy(
        logGroupName="/app/production/error", retentionInDays=30
    )
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL901", INFRA, 40, 16, "infrastructure.monitoring.logs.retention.error", 365, 30)
    ]


def test_alarm_deleted_is_missing(stack: Stack) -> None:
    client(stack.endpoint, "cloudwatch").delete_alarms(AlarmNames=["production-high_memory"])
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        (
            "DL902",
            INFRA,
            33,
            11,
            "infrastructure.monitoring.cloudwatch.alarms.high_memory",
            "production-high_memory",
            None,
        )
    ]
    assert "no alarm named production-high_memory" in doc["findings"][0]["message"]


def test_db_class_changed(stack: Stack) -> None:
    client(stack.endpoint, "rds").modify_db_instance(
        DBInstanceIdentifier="app-db", DBInstanceClass="db.r5.xlarge", ApplyImmediately=True
    )
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        (
            "DL901",
            ARCH,
            21,
            22,
            "architecture.components.database.instance_type",
            "db.r5.large",
            "db.r5.xlarge",
        )
    ]
    assert doc["findings"][0]["resource"] == f"arn:aws:rds:{REGION}:{ACCOUNT}:db:app-db"


def test_subnet_added_is_unmanaged(stack: Stack) -> None:
    client(stack.endpoint, "ec2").create_subnet(
        VpcId=stack.ids["vpc"],
        CidrBlock="10.0.5.0/24",
        AvailabilityZone="ap-northeast-1a",
        TagSpecifications=[
            {"ResourceType": "subnet", "Tags": [{"Key": "Tier", "Value": "private"}]}
        ],
    )
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        (
            "DL903",
            INFRA,
            11,
            11,
            "infrastructure.network.vpc.subnets.private",
            None,
            "10.0.5.0/24",
        )
    ]


def test_unmanaged_security_group(stack: Stack) -> None:
    client(stack.endpoint, "ec2").create_security_group(
        GroupName="debug-sg", Description="left over", VpcId=stack.ids["vpc"]
    )
    code, doc, _ = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL903", INFRA, 15, 9, "infrastructure.network.security.groups", None, "debug-sg")
    ]


def test_access_denied_is_dl904_and_an_incomplete_run(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = inject(
        monkeypatch,
        "before-send.ec2.DescribeSecurityGroups",
        lambda n: error_response(403, "UnauthorizedOperation"),
    )
    code, doc, _ = drift(pristine.endpoint)
    assert code == 1 and attempts == [1]
    assert short(doc) == [
        ("DL904", INFRA, 15, 9, "infrastructure.network.security.groups", None, None)
    ]
    assert "UnauthorizedOperation" in doc["findings"][0]["message"]
    assert len(doc["summary"]["incomplete"]) == 1


def test_throttling_after_retries_is_dl904(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch, no_backoff: None
) -> None:
    attempts = inject(
        monkeypatch,
        "before-send.cloudwatch-logs.DescribeLogGroups",
        lambda n: error_response(400, "ThrottlingException", protocol="json"),
    )
    code, doc, _ = drift(pristine.endpoint, "--format", "text")
    del doc
    assert code == 1 and attempts == [1, 2, 3, 4, 5]
    code, doc, _ = drift(pristine.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL904", INFRA, 42, 11, "infrastructure.monitoring.logs.streams[0]", None, None)
    ]
    assert "ThrottlingException (after 5 attempts)" in doc["findings"][0]["message"]


def test_a_declared_cache_version_moto_cannot_read_is_not_checked(
    pristine: Stack, tmp_path: Path
) -> None:
    arch = (
        Path(ARCH)
        .read_text()
        .replace("      engine: Redis\n", "      engine: Redis\n      version: '7.1'\n")
    )
    (tmp_path / "architecture.yaml").write_text(arch)
    (tmp_path / "infrastructure.yaml").write_text(Path(INFRA).read_text())
    code, doc, _ = drift(pristine.endpoint, configs=str(tmp_path))
    assert code == 1
    assert [(f["rule"], f["line"], f["path"]) for f in doc["findings"]] == [
        ("DL904", 25, "architecture.components.cache.version")
    ]
    assert "CacheClusterNotFound" in doc["findings"][0]["message"]


def test_drift_ignore_in_settings_is_reported_like_suppressions(
    stack: Stack, tmp_path: Path
) -> None:
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    settings = tmp_path / "settings.yaml"
    entry = (
        "    - resource: 'arn:aws:ecs:*:service/app/api'\n"
        "      attribute: '*.scaling.desired'\n"
        "      reason: autoscaled\n"
    )

    def run(text: str) -> tuple[int, list[tuple[str, str, str]]]:
        settings.write_text("drift:\n  ignore:\n" + text)
        result = cli(
            [
                "drift",
                CONFIGS,
                "--env",
                "production",
                "--live",
                "--endpoint-url",
                stack.endpoint,
                "--config",
                str(settings),
                "--format",
                "json",
            ],
        )
        assert not result.stderr, result.stderr
        found = json.loads(result.stdout)["findings"]
        return result.exit_code, [(f["rule"], f["severity"], f["message"]) for f in found]

    assert run(entry) == (0, [])
    unused = "    - {resource: 'arn:aws:rds:*', reason: old}\n"
    assert run(entry + unused) == (
        0,
        [("DL009", "warning", "drift.ignore[1] (arn:aws:rds:* *) matched no drift; remove it")],
    )
    code, found = run(entry + "      until: 2020-01-01\n")
    assert code == 1  # an expired entry hides nothing
    by_rule = {rule: (severity, message) for rule, severity, message in found}
    assert sorted(rule for rule, _, _ in found) == ["DL009", "DL901"]  # order: by file path
    assert by_rule["DL009"] == (
        "warning",
        "drift.ignore[0] (arn:aws:ecs:*:service/app/api *.scaling.desired) "
        "expired on 2020-01-01; it hides nothing",
    )
    assert by_rule["DL901"][0] == "error"
    assert by_rule["DL901"][1].startswith("the ECS service desired tasks is 8 live")


def test_export_then_drift_offline_gives_the_same_findings(stack: Stack, tmp_path: Path) -> None:
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    snapshot = tmp_path / "snap.json"
    result = cli(
        [
            "export",
            "--live",
            "--region",
            REGION,
            "--endpoint-url",
            stack.endpoint,
            "--env",
            "production",
            "-o",
            str(snapshot),
            "--no-config",
        ],
    )
    assert result.exit_code == 0, result.output
    live_code, live_doc, _ = drift(stack.endpoint)
    result = cli(
        [
            "drift",
            CONFIGS,
            "--env",
            "production",
            "--snapshot",
            str(snapshot),
            "--format",
            "json",
            "--no-config",
        ],
    )
    assert (result.exit_code, json.loads(result.stdout)["findings"]) == (
        live_code,
        live_doc["findings"],
    )


def test_sarif_annotates_the_declared_line(stack: Stack) -> None:
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    result = cli(
        [
            "drift",
            CONFIGS,
            "--env",
            "production",
            "--live",
            "--endpoint-url",
            stack.endpoint,
            "--format",
            "sarif",
            "--no-config",
        ],
    )
    assert result.exit_code == 1
    (res,) = json.loads(result.stdout)["runs"][0]["results"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (res["ruleId"], region["startLine"]) == ("DL901", 10)


def test_drift_as_a_real_process(stack: Stack) -> None:
    client(stack.endpoint, "rds").modify_db_instance(
        DBInstanceIdentifier="app-db", DBInstanceClass="db.r5.xlarge", ApplyImmediately=True
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "deploylint",
            "drift",
            CONFIGS,
            "--env",
            "production",
            "--live",
            "--endpoint-url",
            stack.endpoint,
            "--format",
            "json",
            "--no-config",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["DL901"]
    assert "testing" not in result.stdout + result.stderr  # credentials never echoed


def test_missing_region_is_one_line_exit_2(fake_aws: None, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("architecture:\n  environments:\n    production: {}\n")
    result = cli(["drift", str(tmp_path), "--env", "production", "--live", "--no-config"])
    assert result.exit_code == 2
    assert result.stderr == (
        "deploylint: no AWS region: pass --region, declare "
        "architecture.environments.<env>.region, or set AWS_REGION\n"
    )


def test_unknown_environment_is_exit_2(fake_aws: None) -> None:
    result = cli(["drift", CONFIGS, "--env", "qa", "--snapshot", "x.json", "--no-config"])
    assert result.exit_code == 2
    assert "environment 'qa' is not declared in the configs (declared: production)" in result.stderr


@pytest.mark.parametrize(
    ("declared", "live", "same"),
    [
        ("15", "15.4", True),
        ("15.4", "15.4", True),
        ("15.4", "15.4.1", True),
        ("15.4", "15.5", False),
        ("15", "16.1", False),
        ("7.x", "7.1", True),
        ("2.11", "2.1", False),
        ("15", None, False),
    ],
)
def test_versions_match_at_the_precision_written(
    declared: str, live: str | None, same: bool
) -> None:
    assert same_version(declared, live) is same


def test_missing_credentials_is_one_line_exit_2(
    fake_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key)
    result = cli(
        [
            "drift",
            CONFIGS,
            "--env",
            "production",
            "--live",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--no-config",
        ],
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "deploylint: no AWS credentials: set AWS_PROFILE (or pass --profile), "
        "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "deploylint-snapshot", "version": 1, "reg', "is not valid JSON"),
        (b'{"format": "deploylint-snapshot", "x": ' + b"[" * 10000, "nested deeper than 32"),
        (b"<html>" + b" " * 100_000, 'does not start with {"format": "deploylint-snapshot"'),
    ],
)
def test_a_hostile_snapshot_is_one_line_exit_2(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "snap.json"
    path.write_bytes(content)
    for command in (
        ["drift", CONFIGS, "--env", "production", "--snapshot", str(path)],
        ["check", "--snapshot", str(path), "--env", "production"],
    ):
        result = cli([*command, "--no-config"])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"deploylint: {path}") and message in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_export_needs_exactly_one_source() -> None:
    result = cli(["export", "--no-config"])
    assert result.exit_code == 2
    assert "choose one of --live, --from-aws-cli DIR or --from-aws-config FILE" in result.stderr
