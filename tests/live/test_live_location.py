"""A live source is a second source of the same effective config: rules run on it, and
every reporter renders the resource locations its findings carry."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from deploylint.findings.engine import finish, run_rules
from deploylint.model.effective import DataEffective
from deploylint.model.location import FilePosition, ResourceLocation
from deploylint.model.sections import ConfigFile
from deploylint.model.validate import validate
from deploylint.report import Report
from deploylint.reporters import REGISTRY, get_reporter
from deploylint.rules.policy import load_policy
from deploylint.settings import Settings
from tests.helpers import valid_sarif

SG = "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-0123456789abcdef0"
CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/api"

DATA: dict[str, Any] = {
    "architecture": {
        "environments": {
            "production": {
                "region": "ap-northeast-1",
                "availability_zones": ["ap-northeast-1a", "ap-northeast-1c"],
                "scaling": {"min": 5, "max": 3, "desired": 4},
            }
        },
        "components": {"database": {"engine": "postgresql", "version": "15"}},
    },
    "infrastructure": {
        "network": {
            "security": {
                "groups": {
                    "alb": {"inbound": [{"port": 443, "source": "0.0.0.0/0"}]},
                    "ecs": {"inbound": [{"port": 8000, "source": "alb-sg"}]},
                    "rds": {"inbound": [{"port": 5432, "source": "0.0.0.0/0"}]},
                }
            }
        }
    },
}


def live_findings() -> list[Any]:
    checked = validate(DATA)
    origins = {
        ("infrastructure", "network", "security", "groups", "rds"): ResourceLocation(
            SG, "/ingress", "123456789012", "ap-northeast-1"
        ),
        ("architecture", "environments", "production", "scaling"): ResourceLocation(
            CLUSTER, "/scaling"
        ),
    }
    eff = DataEffective(
        "production", checked.data, ConfigFile.model_validate(checked.data), origins
    )
    settings = Settings()
    policy = load_policy(None)
    return finish(run_rules({"production": eff}, policy, settings), settings, policy)


def test_rules_run_on_a_live_effective_config_and_name_the_resource() -> None:
    findings = live_findings()
    by_rule = {f.rule: f for f in findings}
    assert by_rule["DL205"].location == ResourceLocation(
        SG, "/ingress", "123456789012", "ap-northeast-1"
    )
    assert by_rule["DL205"].severity.label == "critical"
    assert by_rule["DL101"].location.short().startswith(CLUSTER)
    assert not any(isinstance(f.location, FilePosition) for f in findings)


# statistics counts findings per rule: it names no place at all
@pytest.mark.parametrize("name", sorted(n for n in REGISTRY if n != "statistics"))
def test_every_reporter_renders_resource_locations(name: str) -> None:
    report = Report(live_findings(), files=0, sets=0, environments=1)
    out = io.StringIO()
    get_reporter(name).render(report, out)
    text = out.getvalue()
    assert SG in text
    if name == "sarif":
        document = valid_sarif(text)
        [result] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "DL205"]
        logical = result["locations"][0]["logicalLocations"][0]
        assert logical["fullyQualifiedName"] == f"{SG}/ingress"
    if name == "json":
        document = json.loads(text)
        [dl205] = [f for f in document["findings"] if f["rule"] == "DL205"]
        assert (dl205["resource"], dl205["attribute"], dl205["file"]) == (SG, "/ingress", None)
