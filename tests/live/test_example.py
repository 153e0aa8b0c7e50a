"""The offline example (examples/live/) and the rules on live state (check --live/--snapshot)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import cli

from .stack import Stack, client

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SNAPSHOT = str(EXAMPLES / "live" / "production.json")
GUIDE = str(EXAMPLES / "guide")


def run(*args: str) -> tuple[int, dict[str, object]]:
    result = cli([*args, "--format", "json", "--no-config"])
    assert not result.stderr, result.stderr
    return result.exit_code, json.loads(result.stdout)


def test_offline_drift_of_the_guide_shows_real_drift() -> None:
    code, doc = run("drift", GUIDE, "--env", "production", "--snapshot", SNAPSHOT)
    found = [
        (Path(f["file"]).name, f["line"], f["rule"], f["declared"], f["live"])
        for f in doc["findings"]  # type: ignore[attr-defined]
    ]
    assert code == 1
    assert found == [  # line 1 of each file: the $schema modeline
        ("architecture.yaml", 11, "DL901", 5, 6),
        ("architecture.yaml", 28, "DL901", "15.0", "15.4"),
        ("architecture.yaml", 33, "DL901", "7.0", "7.1"),
        ("architecture.yaml", 37, "DL901", "8.0", "OpenSearch_2.11"),
        ("infrastructure.yaml", 18, "DL903", None, "tcp 22 from 0.0.0.0/0"),
        ("infrastructure.yaml", 35, "DL901", 80, 90.0),
        ("infrastructure.yaml", 43, "DL901", 30, 90),
        ("infrastructure.yaml", 43, "DL901", 30, 365),
    ]


def test_the_staging_environment_binds_nothing_and_says_so() -> None:
    code, doc = run("drift", GUIDE, "--env", "staging", "--snapshot", SNAPSHOT)
    rules = {f["rule"] for f in doc["findings"]}  # type: ignore[attr-defined]
    assert code == 1 and rules == {"DL902"}


def test_check_snapshot_runs_the_rules_on_live_state() -> None:
    code, doc = run("check", "--snapshot", SNAPSHOT, "--env", "production")
    found = [
        (f["rule"], f["resource"], f["attribute"])
        for f in doc["findings"]  # type: ignore[attr-defined]
    ]
    assert code == 1
    # and the live database runs 15.4, which RDS lists as deprecated (issue 17 §3)
    assert [(r, a) for r, _, a in found] == [
        ("DL402", "/Threshold"),
        ("DL205", "/ingress/2"),
        ("DL106", "/EngineVersion"),
    ]
    assert found[0][1].endswith(":alarm:production-high_cpu")


def test_check_live_against_moto(stack: Stack) -> None:
    ec2 = client(stack.endpoint, "ec2")
    ec2.authorize_security_group_ingress(
        GroupId=stack.ids["rds"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    code, doc = run(
        "check",
        "--live",
        "--env",
        "production",
        "--region",
        "ap-northeast-1",
        "--endpoint-url",
        stack.endpoint,
    )
    found = [(f["rule"], f["severity"], f["attribute"]) for f in doc["findings"]]  # type: ignore[attr-defined]
    assert code == 1
    # and the live database runs 15.4, which RDS lists as deprecated (issue 17 §3)
    assert found == [("DL205", "critical", "/ingress/0"), ("DL106", "warning", "/EngineVersion")]
    assert doc["findings"][0]["resource"].endswith(stack.ids["rds"])  # type: ignore[index]


def test_a_suffix_zone_is_the_same_zone_as_its_full_name(tmp_path: Path) -> None:
    """The config format lets a subnet say `az: 1a` (completed from the region): drift
    compares the completed name, so writing it short is not drift."""
    for path in Path(GUIDE).iterdir():
        text = path.read_text(encoding="utf-8")
        if path.name == "infrastructure.yaml":
            text = text.replace("az: ap-northeast-1a}", "az: '1a'}").replace(
                "az: ap-northeast-1c}", "az: '1c'}"
            )
            assert "az: '1a'" in text
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    _, short = run("drift", str(tmp_path), "--env", "production", "--snapshot", SNAPSHOT)
    _, full = run("drift", GUIDE, "--env", "production", "--snapshot", SNAPSHOT)

    def rules(doc: dict[str, object]) -> list[tuple[str, str]]:
        return sorted((f["rule"], f["path"]) for f in doc["findings"])  # type: ignore[attr-defined, index]

    assert rules(short) == rules(full)
    assert not [r for r in rules(short) if r[1].endswith(".az")]


def test_the_aws_block_names_an_alarm_the_template_would_not_find(tmp_path: Path) -> None:
    """An alarm whose name does not follow `<env>-<alarm>` binds through the `aws:` block
    (`alarms: {high_cpu: prod-cpu-alarm}`); without it, it is missing and unmanaged."""
    snapshot = json.loads(Path(SNAPSHOT).read_text(encoding="utf-8"))
    for resource in snapshot["resources"]:
        if resource.get("name") == "production-high_cpu":
            resource["name"] = resource["id"] = "prod-cpu-alarm"
            resource["arn"] = resource["arn"].replace("production-high_cpu", "prod-cpu-alarm")
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(snapshot), encoding="utf-8")
    configs = tmp_path / "configs"
    configs.mkdir()
    for path in Path(GUIDE).iterdir():
        (configs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")

    def drifts() -> list[tuple[str, str]]:
        _, doc = run("drift", str(configs), "--env", "production", "--snapshot", str(renamed))
        return sorted((f["rule"], f["path"]) for f in doc["findings"])  # type: ignore[attr-defined, index]

    unbound = drifts()
    assert ("DL902", "infrastructure.monitoring.cloudwatch.alarms.high_cpu") in unbound
    assert any(rule == "DL903" for rule, _ in unbound)
    (configs / "aws.yaml").write_text(
        "architecture:\n  environments:\n    production:\n"
        "      aws: {alarms: {high_cpu: prod-cpu-alarm}}\n",
        encoding="utf-8",
    )
    _, original = run("drift", GUIDE, "--env", "production", "--snapshot", SNAPSHOT)
    assert drifts() == sorted(
        (f["rule"], f["path"])
        for f in original["findings"]  # type: ignore[attr-defined, index]
    )
