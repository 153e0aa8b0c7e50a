"""Faults between deploylint and AWS, through a real fault-injecting proxy on 127.0.0.1 in
front of the moto server: what cannot be read is DL904 for what the config declares there
(the run incomplete, exit 1), never "missing", and never the end of the other parts."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import cli

from .proxy import FaultProxy
from .stack import Stack, client

CONFIGS = str(Path(__file__).parent / "configs")


@pytest.fixture
def proxy(moto_endpoint: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_endpoint).running() as running:
        yield running


@pytest.fixture
def fast(tmp_path: Path) -> Path:
    """Settings with short waits, so a hang costs the suite seconds (the budget leaves the
    healthy parts room on a loaded machine)."""
    path = tmp_path / "deploylint.yaml"
    path.write_text(
        "live:\n  connect-timeout: 1\n  read-timeout: 0.5\n  part-budget: 5\n",
        encoding="utf-8",
    )
    return path


def drift(endpoint: str, settings: Path | None = None, *extra: str) -> tuple[int, Any, str]:
    config = ["--config", str(settings)] if settings else ["--no-config"]
    result = cli(
        [
            *("drift", CONFIGS, "--env", "production", "--live", "--endpoint-url", endpoint),
            *("--format", "json", *config, *extra),
        ],
    )
    doc = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, doc, result.stderr


def rules_at(doc: Any) -> list[tuple[str, str]]:
    return [(f["rule"], f["path"]) for f in doc["findings"]]


def test_through_the_proxy_the_stack_is_in_sync(proxy: FaultProxy, pristine: Stack) -> None:
    code, doc, err = drift(proxy.url)
    assert (code, doc["findings"], err) == (0, [], "")
    assert "DescribeSecurityGroups" in proxy.seen and "ListClusters" in proxy.seen


@pytest.mark.parametrize(
    ("operation", "part", "path"),
    [
        ("ListClusters", "ecs", "architecture.components.compute"),
        (
            "DescribeAlarms",
            "cloudwatch:DescribeAlarms",
            "infrastructure.monitoring.cloudwatch.alarms",
        ),
        ("ListDomainNames", "opensearch", "architecture.components.search"),
        (
            "DescribeSecurityGroups",
            "ec2:DescribeSecurityGroups",
            "infrastructure.network.security.groups",
        ),
    ],
)
def test_a_login_page_with_status_200_is_unreadable_not_empty(
    proxy: FaultProxy, pristine: Stack, operation: str, part: str, path: str
) -> None:
    proxy.faults[operation] = "html200"
    code, doc, err = drift(proxy.url)
    assert code == 1, err
    assert rules_at(doc) == [("DL904", path)]
    message = doc["findings"][0]["message"]
    assert message.count("\n") == 0 and "not the service's reply" in message
    (incomplete,) = doc["summary"]["incomplete"]
    assert path in incomplete and part in doc["findings"][0]["message"]


def test_broken_xml_on_one_call_is_that_part_only(proxy: FaultProxy, pristine: Stack) -> None:
    proxy.faults["DescribeSecurityGroups"] = "broken-xml"
    code, doc, err = drift(proxy.url)
    assert (code, err) == (1, "")
    assert rules_at(doc) == [("DL904", "infrastructure.network.security.groups")]
    assert "could not be parsed" in doc["findings"][0]["message"]


def test_an_html_503_page_is_retried_then_that_part_only(
    proxy: FaultProxy, pristine: Stack, no_backoff: None
) -> None:
    proxy.faults["DescribeSubnets"] = "html503"
    code, doc, _ = drift(proxy.url)
    assert code == 1
    assert rules_at(doc) == [
        ("DL904", "infrastructure.network.vpc.subnets.public"),
        ("DL904", "infrastructure.network.vpc.subnets.private"),
    ]
    assert proxy.seen.count("DescribeSubnets") == 5  # standard retries, 5 attempts
    assert all(f["message"].count("\n") == 0 for f in doc["findings"])


def test_an_endpoint_that_never_answers_costs_the_budget_not_minutes(
    proxy: FaultProxy, pristine: Stack, fast: Path
) -> None:
    proxy.faults["DescribeDBInstances"] = "hang"
    start = time.monotonic()
    code, doc, _ = drift(proxy.url, fast)
    took = time.monotonic() - start
    assert code == 1
    assert rules_at(doc) == [("DL904", "architecture.components.database")]
    assert took < 15, took  # 5 attempts x 30 s before the bounds
    message = doc["findings"][0]["message"]
    assert "read timeout" in message or "part budget" in message


def test_a_denied_foreign_bucket_marks_only_that_bucket(proxy: FaultProxy, stack: Stack) -> None:
    s3 = client(stack.endpoint, "s3")
    for name in ("other-team-logs", "other-team-data"):
        s3.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"}
        )
    proxy.faults["GetBucketLocation:other-team-logs"] = "denied"
    proxy.faults["GetBucketTagging:other-team-data"] = "denied"
    code, doc, err = drift(proxy.url)
    assert (code, doc["findings"], doc["summary"]["incomplete"], err) == (0, [], [], "")
    # the declared bucket is still compared: a changed lifecycle is reported
    s3.put_bucket_lifecycle_configuration(
        Bucket="app-assets",
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "assets",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Transitions": [{"Days": 60, "StorageClass": "STANDARD_IA"}],
                    "Expiration": {"Days": 365},
                }
            ]
        },
    )
    code, doc, _ = drift(proxy.url)
    assert code == 1
    assert [(f["rule"], f["path"], f["declared"], f["live"]) for f in doc["findings"]] == [
        ("DL901", "architecture.components.storage.lifecycle.transition", 30, 60)
    ]


def test_a_denied_bucket_may_be_the_declared_one_when_none_binds(
    proxy: FaultProxy, stack: Stack
) -> None:
    client(stack.endpoint, "s3").delete_bucket_tagging(Bucket="app-assets")
    proxy.faults["GetBucketTagging:app-assets"] = "denied"
    code, doc, _ = drift(proxy.url)
    assert code == 1
    assert rules_at(doc) == [("DL904", "architecture.components.storage")]
    assert "app-assets" in doc["findings"][0]["message"]
    assert doc["summary"]["incomplete"]


def _config_without_region(tmp_path: Path) -> str:
    (tmp_path / "a.yaml").write_text(
        "architecture:\n  environments:\n    production:\n      scaling: {min: 1}\n",
        encoding="utf-8",
    )
    return str(tmp_path)


@pytest.mark.parametrize("region", ["us_east_1", "ap northeast 1", "-x-"])
def test_a_bogus_region_is_one_line_usage_error(
    fake_aws: None, tmp_path: Path, region: str
) -> None:
    result = cli(
        [
            *("drift", _config_without_region(tmp_path), "--env", "production", "--live"),
            *("--region", region, "--endpoint-url", "http://127.0.0.1:9", "--no-config"),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"deploylint: {region!r} is not a valid AWS region name (like ap-northeast-1): "
        "check --region or the environment's declared region\n"
    )


def test_a_region_other_than_the_declared_one_is_a_usage_error_naming_both(
    fake_aws: None,
) -> None:
    result = cli(
        [
            *("drift", CONFIGS, "--env", "production", "--live", "--region", "us-west-2"),
            *("--endpoint-url", "http://127.0.0.1:9", "--no-config"),
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--region us-west-2 differs from ap-northeast-1" in result.stderr
    assert "architecture.environments.production.region" in result.stderr


def test_the_declared_region_equal_to_region_is_fine(pristine: Stack) -> None:
    code, doc, err = drift(pristine.endpoint, None, "--region", "ap-northeast-1")
    assert (code, doc["findings"], err) == (0, [], "")


def test_without_the_aws_extra_the_error_says_what_to_install(
    fake_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "botocore.session", None)
    result = cli(["drift", CONFIGS, "--env", "production", "--live", "--no-config"])
    assert result.exit_code == 2
    assert result.stderr == (
        "deploylint: reading AWS needs the aws extra: pip install 'deploylint[aws]'\n"
    )
