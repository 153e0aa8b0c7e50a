"""Binding never guesses and drift compares what AWS means, against a real moto server:
ambiguous bindings (DL905) name every candidate and each candidate is compared; a whole
component unreadable is DL904, never DL902; values compare the way AWS spells them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli

from .conftest import error_response, inject
from .stack import REGION, Stack, client, spec, tags

CONFIGS = Path(__file__).parent / "configs"


def drift(endpoint: str, configs: Path | str = CONFIGS) -> tuple[int, Any]:
    result = cli(
        [
            *("drift", str(configs), "--env", "production", "--live"),
            *("--endpoint-url", endpoint, "--format", "json", "--no-config"),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def edited(tmp_path: Path, file: str, old: str, new: str) -> Path:
    out = tmp_path / "configs"
    shutil.copytree(CONFIGS, out)
    text = (out / file).read_text(encoding="utf-8")
    assert old in text
    (out / file).write_text(text.replace(old, new), encoding="utf-8")
    return out


def short(doc: Any) -> list[tuple[Any, ...]]:
    return [(f["rule"], f["path"], f.get("declared"), f.get("live")) for f in doc["findings"]]


def test_two_groups_claiming_one_name_are_both_compared_and_named(stack: Stack) -> None:
    ec2 = client(stack.endpoint, "ec2")
    rogue = ec2.create_security_group(
        GroupName="web-public",
        Description="rogue",
        VpcId=stack.ids["vpc"],
        TagSpecifications=spec("security-group", None, Name="alb-sg"),
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=rogue,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
            for p in (22, 80, 443)
        ],
    )
    runs = [drift(stack.endpoint) for _ in range(3)]
    assert all(run == runs[0] for run in runs)  # the same report every run
    code, doc = runs[0]
    assert code == 1
    first, second = sorted([stack.ids["alb"], rogue])
    groups = "infrastructure.network.security.groups"
    assert [(f["rule"], f["path"]) for f in doc["findings"]] == [
        ("DL905", f"{groups}.alb"),
        ("DL903", f"{groups}.alb.inbound"),
    ]
    ambiguous, ssh = doc["findings"]
    assert ambiguous["severity"] == "error"
    assert first in ambiguous["message"] and second in ambiguous["message"]
    assert ambiguous["message"].index(first) < ambiguous["message"].index(second)
    assert ssh["live"] == "tcp 22 from 0.0.0.0/0" and rogue in ssh["resource"]


def test_two_buckets_tagged_storage_are_ambiguous_and_each_compared(stack: Stack) -> None:
    s3 = client(stack.endpoint, "s3")
    s3.create_bucket(
        Bucket="app-assets-copy", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    s3.put_bucket_tagging(Bucket="app-assets-copy", Tagging={"TagSet": tags("storage")})
    code, doc = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        (
            "DL905",
            "architecture.components.storage",
            "storage",
            ["arn:aws:s3:::app-assets", "arn:aws:s3:::app-assets-copy"],
        ),
        ("DL901", "architecture.components.storage.lifecycle", "lifecycle", None),
    ]
    assert "app-assets, app-assets-copy" in doc["findings"][0]["message"]
    assert doc["findings"][1]["resource"] == "arn:aws:s3:::app-assets-copy"


def test_a_log_group_of_the_environment_without_a_stream_tag_is_unmanaged(stack: Stack) -> None:
    client(stack.endpoint, "logs").create_log_group(
        logGroupName="/app/production/debug", tags={"Environment": "production"}
    )
    code, doc = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL903", "infrastructure.monitoring.logs", None, "/app/production/debug")
    ]
    assert "no Stream tag" in doc["findings"][0]["message"]


def test_a_missing_log_stream_points_at_its_entry(stack: Stack) -> None:
    client(stack.endpoint, "logs").delete_log_group(logGroupName="/app/production/access")
    code, doc = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [("DL902", "infrastructure.monitoring.logs.streams[1]", "access", None)]
    assert (doc["findings"][0]["line"], doc["findings"][0]["column"]) == (43, 11)


def test_a_missing_subnet_says_what_is_there(stack: Stack) -> None:
    ec2 = client(stack.endpoint, "ec2")
    ec2.delete_subnet(SubnetId=stack.ids["subnet1"])
    code, doc = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL902", "infrastructure.network.vpc.subnets.public[1]", "10.0.2.0/24", None)
    ]
    message = doc["findings"][0]["message"]
    assert "no subnet 10.0.2.0/24 tagged Tier=public" in message
    assert "Tier=public subnets there: 10.0.1.0/24" in message


def test_a_whole_component_denied_is_unreadable_never_missing(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    inject(
        monkeypatch,
        "before-send.rds.DescribeDBInstances",
        lambda n: error_response(403, "AccessDenied"),
    )
    code, doc = drift(pristine.endpoint)
    assert code == 1
    assert short(doc) == [("DL904", "architecture.components.database", None, None)]
    assert doc["summary"]["incomplete"]


def test_fargate_in_any_case_is_no_drift(pristine: Stack, tmp_path: Path) -> None:
    configs = edited(
        tmp_path, "architecture.yaml", "instance_type: FARGATE", "instance_type: Fargate"
    )
    code, doc = drift(pristine.endpoint, configs)
    assert (code, doc["findings"]) == (0, [])


def test_aws_spelling_of_the_search_version_is_no_drift(pristine: Stack, tmp_path: Path) -> None:
    configs = edited(tmp_path, "architecture.yaml", "version: '2.11'", "version: OpenSearch_2.11")
    code, doc = drift(pristine.endpoint, configs)
    assert (code, doc["findings"]) == (0, [])
    configs = edited(
        tmp_path / "b", "architecture.yaml", "version: '2.11'", "version: Elasticsearch_2.11"
    )
    code, doc = drift(pristine.endpoint, configs)
    assert short(doc) == [
        (
            "DL901",
            "architecture.components.search.version",
            "Elasticsearch_2.11",
            "OpenSearch_2.11",
        )
    ]


def test_type_opensearch_against_a_live_elasticsearch_domain(stack: Stack) -> None:
    search = client(stack.endpoint, "opensearch")
    search.delete_domain(DomainName="app-search")
    search.create_domain(
        DomainName="app-search",
        EngineVersion="Elasticsearch_7.10",
        ClusterConfig={"InstanceType": "r5.large.search", "InstanceCount": 2},
        TagList=tags("search"),
    )
    code, doc = drift(stack.endpoint)
    assert code == 1
    assert short(doc) == [
        ("DL901", "architecture.components.search.type", "OpenSearch", "Elasticsearch"),
        ("DL901", "architecture.components.search.version", "2.11", "Elasticsearch_7.10"),
    ]


def test_inbound_rules_pair_by_best_match_and_never_guess(stack: Stack) -> None:
    ec2 = client(stack.endpoint, "ec2")
    world = {"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    ec2.revoke_security_group_ingress(
        GroupId=stack.ids["alb"], IpPermissions=[{**world, "FromPort": 443, "ToPort": 443}]
    )
    ec2.authorize_security_group_ingress(
        GroupId=stack.ids["alb"],
        IpPermissions=[{**world, "FromPort": p, "ToPort": p} for p in (22, 8443)],
    )
    code, doc = drift(stack.endpoint)
    assert code == 1
    alb = "infrastructure.network.security.groups.alb"
    # 443 could have become 22 or 8443: neither is guessed, the open SSH is named
    assert short(doc) == [
        ("DL903", f"{alb}.inbound", None, "tcp 22 from 0.0.0.0/0"),
        ("DL903", f"{alb}.inbound", None, "tcp 8443 from 0.0.0.0/0"),
        ("DL902", f"{alb}.inbound[1]", "tcp 443 from 0.0.0.0/0", None),
    ]
    # one candidate left: the pair is made (the port changed)
    ec2.revoke_security_group_ingress(
        GroupId=stack.ids["alb"], IpPermissions=[{**world, "FromPort": 22, "ToPort": 22}]
    )
    code, doc = drift(stack.endpoint)
    assert short(doc) == [
        ("DL901", f"{alb}.inbound[1]", "tcp 443 from 0.0.0.0/0", "tcp 8443 from 0.0.0.0/0")
    ]


def test_a_scoped_lifecycle_rule_listed_first_is_not_the_buckets_rule(stack: Stack) -> None:
    client(stack.endpoint, "s3").put_bucket_lifecycle_configuration(
        Bucket="app-assets",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "tmp",
                    "Status": "Enabled",
                    "Filter": {"Prefix": "tmp/"},
                    "Transitions": [{"Days": 1, "StorageClass": "GLACIER"}],
                    "Expiration": {"Days": 7},
                },
                {
                    "ID": "assets",
                    "Status": "Enabled",
                    "Filter": {},
                    "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}],
                    "Expiration": {"Days": 365},
                },
            ]
        },
    )
    code, doc = drift(stack.endpoint)
    assert (code, doc["findings"]) == (0, [])


def test_check_live_names_an_ambiguous_binding_and_is_incomplete(stack: Stack) -> None:
    bucket = "app-assets-copy"
    s3 = client(stack.endpoint, "s3")
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags("storage")})
    result = cli(
        [
            *("check", str(CONFIGS), "--live", "--env", "production"),
            *("--endpoint-url", stack.endpoint, "--format", "json", "--no-config"),
        ],
    )
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    (found,) = [f for f in doc["findings"] if f["rule"] == "DL905"]
    assert found["resource"] == "arn:aws:s3:::app-assets"
    assert "arn:aws:s3:::app-assets, arn:aws:s3:::app-assets-copy" in found["message"]
    assert any("component storage" in i for i in doc["summary"]["incomplete"])
