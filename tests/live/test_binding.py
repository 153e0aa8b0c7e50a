"""Binding by tags, names and the aws: block; connection options; progress on a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from deploylint.live import snapshot as S
from deploylint.live.binding import bind
from deploylint.live.collector import Connection
from deploylint.live.options import LiveOptions
from deploylint.live.run import LiveSource, read_live
from deploylint.live.snapshot import Resource, Snapshot
from deploylint.model.sections import AwsBinding
from tests.helpers import cli

from .stack import Stack, client, save_cli_outputs

CONFIGS = str(Path(__file__).parent / "configs")
PROD = {"Environment": "production"}


def res(type_: str, id_: str, tags: dict[str, str] | None = None, **fields: object) -> Resource:
    return Resource(type_, id_, f"arn:test:{type_}/{id_}", id_, tags or {}, dict(fields))


def snap(*resources: Resource) -> Snapshot:
    return Snapshot("123456789012", "ap-northeast-1", "t", "aws", None, list(resources))


def test_tags_bind_and_aws_created_resources_never_do() -> None:
    bound = bind(
        snap(
            res(S.VPC, "vpc-default", default=True, cidr="172.31.0.0/16"),
            res(S.VPC, "vpc-1", {**PROD, "Component": "network"}, cidr="10.0.0.0/16"),
            res(S.SECURITY_GROUP, "sg-d", group_name="default", vpc_id="vpc-1"),
            res(S.SECURITY_GROUP, "sg-a", group_name="alb-sg", vpc_id="vpc-1"),
            res(S.SECURITY_GROUP, "sg-x", group_name="x-sg", vpc_id="vpc-other"),
            res(S.ALARM, "production-high_cpu"),
            res(S.ALARM, "staging-high_cpu"),
            res(S.ALARM, "TargetTracking-service/app/api-AlarmHigh-1"),
            res(S.DB_INSTANCE, "db-1", {**PROD, "Component": "database"}),
            res(S.DB_INSTANCE, "db-2", {"Environment": "staging", "Component": "database"}),
        ),
        "production",
    )
    assert bound.vpc is not None and bound.vpc.id == "vpc-1"
    assert sorted(bound.groups) == ["alb"] and bound.group_refs == {"sg-a": "alb-sg"}
    assert sorted(bound.alarms) == ["high_cpu"]
    assert bound.components["database"].id == "db-1"


def test_the_aws_block_wins_over_tags() -> None:
    resources = (
        res(S.DB_INSTANCE, "tagged", {**PROD, "Component": "database"}),
        res(S.DB_INSTANCE, "named"),
        res(S.LOG_GROUP, "/by/tag", {**PROD, "Stream": "error"}),
        res(S.LOG_GROUP, "/by/name"),
        res(S.VPC, "vpc-2", cidr="10.9.0.0/16"),
    )
    aws = AwsBinding(db_instance="named", log_groups={"error": "/by/name"}, vpc_id="vpc-2")
    bound = bind(snap(*resources), "production", aws=aws)
    assert bound.components["database"].id == "named"
    assert bound.log_groups["error"].id == "/by/name"
    assert bound.vpc is not None and bound.vpc.id == "vpc-2"


def test_tag_keys_and_name_templates_are_settings() -> None:
    options = LiveOptions.model_validate(
        {
            "environment-tag": "env",
            "component-tag": "role",
            "security-group-name": "sg-{name}",
            "alarm-name": "{alarm}@{env}",
        }
    )
    bound = bind(
        snap(
            res(S.VPC, "vpc-1", {"env": "production", "role": "network"}),
            res(S.SECURITY_GROUP, "sg-1", group_name="sg-alb", vpc_id="vpc-1"),
            res(S.ALARM, "high_cpu@production"),
            res(S.DB_INSTANCE, "db-1", {"env": "production", "role": "database"}),
        ),
        "production",
        options,
    )
    assert bound.vpc is not None
    assert list(bound.groups) == ["alb"] and list(bound.alarms) == ["high_cpu"]
    assert "database" in bound.components


@pytest.mark.parametrize(
    "settings",
    [{"security-group-name": "{name}-{env}"}, {"alarm-name": "{env}"}, {"unknown": 1}],
)
def test_bad_templates_are_refused(settings: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        LiveOptions.model_validate(settings)


def test_endpoint_from_the_standard_variable(
    pristine: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", pristine.endpoint)
    result = cli(["drift", CONFIGS, "--env", "production", "--live", "--no-config"])
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout


def test_role_arn_is_assumed_and_the_run_stays_read_only(pristine: Stack) -> None:
    result = cli(
        [
            "drift",
            CONFIGS,
            "--env",
            "production",
            "--live",
            "--no-config",
            "--endpoint-url",
            pristine.endpoint,
            "--role-arn",
            "arn:aws:iam::123456789012:role/deploylint-readonly",
        ],
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only(pristine: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    source = LiveSource(connection=Connection(endpoint_url=pristine.endpoint))
    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    read_live(source, "production", "ap-northeast-1")
    last = tty.getvalue().rstrip("\n").rsplit("\r", 1)[-1]
    assert last.startswith("reading AWS: 11/11 parts, ") and last.endswith(", 0 retries")
    quiet = Tty()
    monkeypatch.setattr("sys.stderr", quiet)
    read_live(LiveSource(None, source.connection, progress=False), "production", "ap-northeast-1")
    assert quiet.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    read_live(source, "production", "ap-northeast-1")
    assert piped.getvalue() == ""


def test_export_from_saved_files_and_check_them(stack: Stack, tmp_path: Path) -> None:
    client(stack.endpoint, "ecs").update_service(cluster="app", service="api", desiredCount=8)
    save_cli_outputs(stack.endpoint, tmp_path / "saved")
    out = tmp_path / "snap.json"
    result = cli(
        [
            "export",
            "--from-aws-cli",
            str(tmp_path / "saved"),
            "--region",
            "ap-northeast-1",
            "--env",
            "production",
            "-o",
            str(out),
            "--no-config",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["source"] == "aws-cli"
    result = cli(
        [
            "drift",
            CONFIGS,
            "--env",
            "production",
            "--snapshot",
            str(out),
            "--format",
            "json",
            "--no-config",
        ],
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [
        ("DL901", "architecture.environments.production.scaling.desired")
    ]
