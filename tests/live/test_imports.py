"""Snapshots from saved `aws` CLI output and from AWS Config files, and hostile files."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from deploylint.live import snapshot as S
from deploylint.live.collector import Collector, Connection
from deploylint.live.imports import from_aws_cli, from_aws_config
from deploylint.live.snapshot import SnapshotError, load_snapshot

from .stack import REGION, Stack, save_cli_outputs


def _essence(snap: S.Snapshot) -> list[tuple[str, str, str, dict[str, str], dict[str, Any]]]:
    return sorted(
        (
            r.type,
            r.arn,
            r.name,
            r.tags,
            {k: v for k, v in r.fields.items() if k != "task_definition"},
        )
        for r in snap.resources
    )


def test_aws_cli_outputs_give_the_collectors_snapshot(pristine: Stack, tmp_path: Path) -> None:
    save_cli_outputs(pristine.endpoint, tmp_path)
    imported = from_aws_cli(tmp_path, REGION, "123456789012")
    collected = Collector(Connection(endpoint_url=pristine.endpoint), REGION).collect()
    assert imported.unreadable == collected.unreadable == []
    assert _essence(imported) == _essence(collected)
    assert imported.source == "aws-cli"


def test_aws_cli_folder_without_a_part_marks_it_not_read(pristine: Stack, tmp_path: Path) -> None:
    save_cli_outputs(pristine.endpoint, tmp_path)
    (tmp_path / "logs.json").unlink()
    imported = from_aws_cli(tmp_path, REGION)
    assert [(u.part, u.types) for u in imported.unreadable] == [
        ("aws-cli:logGroups", (S.LOG_GROUP,))
    ]


def test_aws_cli_buckets_of_another_region_are_not_bound(pristine: Stack, tmp_path: Path) -> None:
    save_cli_outputs(pristine.endpoint, tmp_path)
    listed = json.loads((tmp_path / "buckets.json").read_text(encoding="utf-8"))
    listed["Buckets"][0]["BucketRegion"] = REGION
    listed["Buckets"].append({"Name": "app-assets-eu", "BucketRegion": "eu-west-1"})
    (tmp_path / "buckets.json").write_text(json.dumps(listed), encoding="utf-8")
    tagging = tmp_path / "s3/app-assets/tagging.json"
    (tmp_path / "s3/app-assets-eu").mkdir()
    (tmp_path / "s3/app-assets-eu/tagging.json").write_text(tagging.read_text(), "utf-8")
    imported = from_aws_cli(tmp_path, REGION)
    assert [b.name for b in imported.of(S.BUCKET)] == ["app-assets"]
    assert [b.name for b in from_aws_cli(tmp_path, "eu-west-1").of(S.BUCKET)] == ["app-assets-eu"]


def test_aws_cli_unknown_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"Something": []}')
    with pytest.raises(SnapshotError, match=r"x\.json: not a recognized `aws` describe output"):
        from_aws_cli(tmp_path, REGION)


CONFIG_ITEMS: list[dict[str, Any]] = [
    {
        "resourceType": "AWS::EC2::VPC",
        "resourceId": "vpc-1",
        "ARN": "arn:aws:ec2:ap-northeast-1:111111111111:vpc/vpc-1",
        "awsAccountId": "111111111111",
        "awsRegion": "ap-northeast-1",
        "configuration": {"cidrBlock": "10.0.0.0/16", "vpcId": "vpc-1", "isDefault": False},
        "tags": {"Environment": "production", "Component": "network"},
    },
    {
        "resourceType": "AWS::EC2::SecurityGroup",
        "resourceId": "sg-1",
        "awsAccountId": "111111111111",
        "awsRegion": "ap-northeast-1",
        "configuration": {
            "groupId": "sg-1",
            "groupName": "alb-sg",
            "vpcId": "vpc-1",
            "ipPermissions": [
                {
                    "ipProtocol": "tcp",
                    "fromPort": 443,
                    "toPort": 443,
                    "ipRanges": ["0.0.0.0/0"],
                    "ipv4Ranges": [{"cidrIp": "0.0.0.0/0"}],
                    "userIdGroupPairs": [],
                }
            ],
        },
        "tags": {"Environment": "production"},
    },
    {
        "resourceType": "AWS::RDS::DBInstance",
        "resourceId": "db-ABC",
        "resourceName": "app-db",
        "ARN": "arn:aws:rds:ap-northeast-1:111111111111:db:app-db",
        "awsAccountId": "111111111111",
        "awsRegion": "ap-northeast-1",
        "configuration": {
            "dBInstanceIdentifier": "app-db",
            "engine": "postgres",
            "engineVersion": "15.4",
            "dBInstanceClass": "db.r5.large",
            "multiAZ": True,
        },
        "tags": {"Environment": "production", "Component": "database"},
    },
    {
        "resourceType": "AWS::RDS::DBInstance",
        "resourceId": "db-OTHER",
        "resourceName": "other-db",
        "ARN": "arn:aws:rds:ap-northeast-1:222222222222:db:other-db",
        "awsAccountId": "222222222222",
        "awsRegion": "ap-northeast-1",
        "configuration": {"dBInstanceIdentifier": "other-db", "engine": "mysql"},
        "tags": {},
    },
]


def _config_file(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "config.json"
    path.write_text(
        json.dumps({"fileVersion": "1.0", "configSnapshotId": "abc", "configurationItems": items})
    )
    return path


def test_aws_config_snapshot_normalizes_camel_case_items(tmp_path: Path) -> None:
    snap = from_aws_config(_config_file(tmp_path, CONFIG_ITEMS), account="111111111111")
    assert (snap.account, snap.region, snap.source) == ("111111111111", REGION, "aws-config")
    (vpc,) = snap.of(S.VPC)
    assert vpc.fields == {"cidr": "10.0.0.0/16", "default": False}
    (group,) = snap.of(S.SECURITY_GROUP)
    assert group.fields["ingress"] == [
        {"protocol": "tcp", "from_port": 443, "to_port": 443, "source": "0.0.0.0/0", "kind": "cidr"}
    ]
    (db,) = snap.of(S.DB_INSTANCE)
    assert db.fields["version"] == "15.4" and db.tags["Component"] == "database"
    # types the file holds no item of are not recorded: not checked, never missing
    not_recorded = {t for u in snap.unreadable for t in u.types}
    assert not_recorded == {
        S.SUBNET,
        S.ECS_SERVICE,
        S.CACHE_GROUP,
        S.SEARCH_DOMAIN,
        S.BUCKET,
        S.ALARM,
        S.LOG_GROUP,
    }
    assert all(u.reason.startswith("not recorded") for u in snap.unreadable)


def test_aws_config_aggregator_needs_an_account(tmp_path: Path) -> None:
    path = _config_file(tmp_path, CONFIG_ITEMS)
    with pytest.raises(SnapshotError, match=r"holds 2 accounts .*choose one with --account"):
        from_aws_config(path)
    other = from_aws_config(path, account="222222222222")
    assert [d.name for d in other.of(S.DB_INSTANCE)] == ["other-db"]


def test_aws_config_configuration_as_json_text(tmp_path: Path) -> None:
    item = dict(CONFIG_ITEMS[0], configuration=json.dumps(CONFIG_ITEMS[0]["configuration"]))
    snap = from_aws_config(_config_file(tmp_path, [item]))
    assert snap.of(S.VPC)[0].fields["cidr"] == "10.0.0.0/16"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "deploylint-snapshot", "version": 1, "region": "ap-no', "not valid JSON"),
        (b'{"format": "deploylint-snapshot", "x": ' + b"[" * 100, "nested deeper than 32 levels"),
        (b'{"format": "deploylint-snapshot", "x": "\xff\xfe"}', "not UTF-8"),
        (b"\xff\xfe", 'does not start with {"format": "deploylint-snapshot"'),
        (b'{"version": 1, "format": "deploylint-snapshot"}', "does not start with"),
        (b'{"format": "terraform-state"}', "format 'terraform-state'"),
        (b'{"format": "deploylint-snapshot", "version": 9}', "version 9"),
        (b'{"format": "deploylint-snapshot", "version": 1}', "not a deploylint snapshot"),
        (b"[]", "not a deploylint snapshot"),
        (
            b'{"format": "deploylint-snapshot", "version": 1, "region": "ap-northeast-1",'
            b' "taken_at": "x", "resources": [{"type": "vpc", "id": 1, "arn": "a", "fields": {}}],'
            b' "unreadable": []}',
            "at resources/0/id",
        ),
    ],
)
def test_hostile_snapshot_files_are_clear_errors(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "snap.json"
    path.write_bytes(content)
    with pytest.raises(SnapshotError, match=message):
        load_snapshot(path)


def test_an_oversized_snapshot_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(S, "MAX_BYTES", 1000)
    path = tmp_path / "snap.json"
    path.write_bytes(b'{"format": "deploylint-snapshot"' + b" " * 1001)
    with pytest.raises(SnapshotError, match="larger than"):
        load_snapshot(path)


def test_a_large_file_that_is_no_snapshot_is_refused_from_its_head(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    row = b'{"type": "vpc", "id": "vpc-1", "arn": "arn:aws:ec2:::vpc/vpc-1", "fields": {}},'
    path.write_bytes(b'{"resources": [' + row * 400_000 + b"{}]}")  # ~32 MB, no "format"
    start = time.monotonic()
    with pytest.raises(SnapshotError, match=r'does not start with \{"format"'):
        load_snapshot(path)
    assert time.monotonic() - start < 0.5


def test_hostile_aws_config_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{"fileVersion": "1.0", "configurationItems": {"a": 1}}')
    with pytest.raises(SnapshotError, match="not an AWS Config snapshot"):
        from_aws_config(path)
