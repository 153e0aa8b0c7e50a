"""Log-group tags in bulk (issue 16 §5): past BULK_TAGS log groups, their tags come from the
Resource Groups Tagging API, 100 a call, through a real proxy in front of the moto server
that sees every request. What that API does not list (an untagged group) or cannot answer
(denied, a login page) is read by each group's own ListTagsForResource: the tags are the
same either way, and nothing becomes unreadable or missing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app
from deploylint.live import snapshot as S
from deploylint.live.collector import BULK_TAGS, Collector, Connection

from .proxy import FaultProxy
from .stack import ENV, REGION, Stack, client

CONFIGS = str(Path(__file__).parent / "configs")
EXTRA = BULK_TAGS + 2  # stream-tagged groups added to the guide's three


@pytest.fixture
def proxy(moto_endpoint: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_endpoint).running() as running:
        yield running


@pytest.fixture
def many(stack: Stack) -> Stack:
    """The guide's stack plus EXTRA log groups of the environment, one untagged group
    (nothing in the Tagging API's index) and one of another environment."""
    logs = client(stack.endpoint, "logs")
    for n in range(EXTRA):
        logs.create_log_group(
            logGroupName=f"/svc/{ENV}/s{n:02d}", tags={"Environment": ENV, "Stream": f"s{n:02d}"}
        )
    logs.create_log_group(logGroupName="/untagged/worker")
    logs.create_log_group(
        logGroupName="/app/staging/application",
        tags={"Environment": "staging", "Stream": "application"},
    )
    return stack


def truth(endpoint: str) -> dict[str, dict[str, str]]:
    """Every log group's tags, each read by its own call with a plain client."""
    logs = client(endpoint, "logs")
    out: dict[str, dict[str, str]] = {}
    for g in logs.describe_log_groups()["logGroups"]:
        arn = g["arn"].removesuffix(":*")
        out[arn] = logs.list_tags_for_resource(resourceArn=arn)["tags"]
    return out


def read_logs(proxy: FaultProxy) -> dict[str, dict[str, str]]:
    snap = Collector(Connection(endpoint_url=proxy.url), REGION).collect(ENV, {S.LOG_GROUP})
    assert snap.unreadable == []
    assert [r.unreadable for r in snap.resources if r.unreadable] == []
    return {r.arn: r.tags for r in snap.of(S.LOG_GROUP)}


def test_many_log_groups_take_their_tags_in_one_call_and_the_untagged_by_their_own(
    many: Stack, proxy: FaultProxy
) -> None:
    expected = truth(many.endpoint)
    assert len(expected) == 3 + EXTRA + 2
    assert read_logs(proxy) == expected
    assert proxy.seen.count("GetResources") == 1
    # only the group the Tagging API does not list (never tagged) costs its own call
    assert proxy.seen.count("ListTagsForResource") == 1
    assert expected[next(a for a in expected if a.endswith(":/untagged/worker"))] == {}


@pytest.mark.parametrize("fault", ["denied", "html200"])
def test_when_the_tagging_api_cannot_answer_each_group_is_read_by_its_own_call(
    many: Stack, proxy: FaultProxy, fault: str
) -> None:
    proxy.faults["GetResources"] = fault
    expected = truth(many.endpoint)
    assert read_logs(proxy) == expected
    assert proxy.seen.count("GetResources") >= 1
    assert proxy.seen.count("ListTagsForResource") == len(expected)


def test_few_log_groups_are_read_one_by_one(pristine: Stack, proxy: FaultProxy) -> None:
    """The guide's three groups: exact per-resource reads, no Tagging API client at all
    (its index can lag a tag change by minutes)."""
    assert read_logs(proxy) == {
        a: t for a, t in truth(pristine.endpoint).items() if ":log-group:/app/" in a
    }
    assert "GetResources" not in proxy.seen
    assert proxy.seen.count("ListTagsForResource") == 3


def test_drift_with_bulk_tags_still_compares_and_finds_the_unmanaged(
    many: Stack, proxy: FaultProxy
) -> None:
    """Through the bulk path drift binds the declared streams (a changed retention is
    DL901 at its line), reports every undeclared stream group of the environment as
    DL903, and leaves the untagged and the other environment's groups alone."""
    client(many.endpoint, "logs").put_retention_policy(
        logGroupName=f"/app/{ENV}/access", retentionInDays=7
    )
    result = CliRunner().invoke(
        app,
        [
            *("drift", CONFIGS, "--env", ENV, "--live", "--endpoint-url", proxy.url),
            *("--format", "json", "--no-config"),
        ],
    )
    assert result.exit_code == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    changed = [f for f in findings if f["rule"] == "DL901"]
    assert [(f["path"], f["declared"], f["live"]) for f in changed] == [
        ("infrastructure.monitoring.logs.retention.access", 90, 7)
    ]
    unmanaged = sorted(f["message"] for f in findings if f["rule"] == "DL903")
    assert len(unmanaged) == EXTRA
    assert all(f"/svc/{ENV}/s" in m for m in unmanaged)
    assert {f["rule"] for f in findings} == {"DL901", "DL903"}
    assert proxy.seen.count("GetResources") == 1
