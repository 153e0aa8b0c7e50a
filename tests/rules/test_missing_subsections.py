"""What the guide requires to exist is a finding when a declared section lacks it, at any
depth (issue 14 §2, fail closed): ``infrastructure:`` with ``monitoring:`` but no
``network:`` leaves no VPC, no subnets and no security groups, and that is reported, at the
nearest key present. A set that does not declare the top-level section at all still gets
no finding about it; a source that did not load, a value the schema rejected and live state
(which shows only what it binds) never make a part "missing"."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLES, Lint, Messages, run_json, write_files

GUIDE = EXAMPLES / "guide"
NAMES = ("architecture", "config", "deployment", "infrastructure", "monitoring")


def guide_files(**replace: str) -> dict[str, str]:
    """The guide transcribed, with whole files replaced (``infrastructure="..."``)."""
    files = {f"{n}.yaml": (GUIDE / f"{n}.yaml").read_text(encoding="utf-8") for n in NAMES}
    for name, text in replace.items():
        files[f"{name}.yaml"] = text
    return files


def new_rows(lint: Lint, files: dict[str, str], *args: str) -> Counter[tuple[str, int, str]]:
    """(file, line, rule) of the findings the guide itself does not have."""
    base = Counter((f, line, rule) for f, line, _c, rule in lint(guide_files(), *args))
    found = Counter((f, line, rule) for f, line, _c, rule in lint(files, *args))
    return found - base


NETWORK = """\
infrastructure:
  network:
    vpc:
      cidr: 10.0.0.0/16
      subnets:
        public:
          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}
          - {cidr: 10.0.2.0/24, az: ap-northeast-1c}
        private:
          - {cidr: 10.0.3.0/24, az: ap-northeast-1a}
          - {cidr: 10.0.4.0/24, az: ap-northeast-1c}
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
MONITORING = """\
  monitoring:
    cloudwatch:
      metrics: [CPUUtilization, MemoryUtilization, RequestCount, Latency]
      alarms:
        high_cpu: {threshold: 80, period: 300, evaluation_periods: 2}
        high_memory: {threshold: 85, period: 300, evaluation_periods: 2}
    logs:
      retention: {application: 30, access: 90, error: 365}
      streams: [application, access, error]
"""
VPC_ONLY = NETWORK.split("    security:\n")[0]
SUBNETS_PER_AZ = {"DL204": 4}  # public and private in 1a and 1c (staging's 1a shared)
CHAIN = {"DL207": 3}  # alb, ecs, rds


@pytest.mark.parametrize(
    ("infrastructure", "line", "expected"),
    [
        pytest.param(
            "infrastructure:\n" + MONITORING,
            1,
            {"DL201": 1, **SUBNETS_PER_AZ, **CHAIN},
            id="no-network",
        ),
        pytest.param(VPC_ONLY + "    security: {}\n" + MONITORING, 12, CHAIN, id="security-empty"),
        pytest.param(
            VPC_ONLY + "    security: {groups: {}}\n" + MONITORING,
            12,
            CHAIN,
            id="groups-empty",
        ),
        pytest.param(
            VPC_ONLY + "    security:\n      groups:\n" + MONITORING,
            13,
            CHAIN,
            id="groups-written-without-value",
        ),
        pytest.param(
            "infrastructure:\n  network:\n"
            + NETWORK.split("      groups:\n")[1].join(("    security:\n      groups:\n", ""))
            + MONITORING,
            2,
            {"DL201": 1, **SUBNETS_PER_AZ},
            id="no-vpc",
        ),
        pytest.param(
            NETWORK.replace("      cidr: 10.0.0.0/16\n", "") + MONITORING,
            3,
            {"DL201": 1},
            id="no-vpc-cidr",
        ),
        pytest.param(
            NETWORK.replace(
                NETWORK.split("      subnets:\n")[1].split("    security:")[0], ""
            ).replace("      subnets:\n", "")
            + MONITORING,
            3,
            SUBNETS_PER_AZ,
            id="no-subnets",
        ),
        pytest.param(NETWORK, 1, {"DL403": 3, "DL407": 1}, id="no-monitoring"),
        pytest.param(
            NETWORK + "  monitoring: null\n", 24, {"DL403": 3, "DL407": 1}, id="monitoring-null"
        ),
        pytest.param(
            NETWORK + "  monitoring:\n    logs: {streams: [application, access, error]}\n",
            24,
            {"DL403": 3},
            id="no-cloudwatch",
        ),
    ],
)
def test_a_missing_subsection_is_reported_at_the_nearest_key(
    lint: Lint, infrastructure: str, line: int, expected: dict[str, int]
) -> None:
    rows = new_rows(lint, guide_files(infrastructure=infrastructure))
    at = Counter({rule: n for (f, ln, rule), n in rows.items() if f == "infrastructure.yaml"})
    assert at == Counter(expected), rows
    assert {ln for (f, ln, _r) in rows if f == "infrastructure.yaml"} == {line}


def test_the_messages_name_what_is_missing_and_the_guide(lint_messages: Messages) -> None:
    found = lint_messages(guide_files(infrastructure="infrastructure:\n" + MONITORING))
    text = {m for rule, _s, m in found if rule in ("DL201", "DL204", "DL207")}
    assert (
        "infrastructure declares no VPC CIDR (infrastructure.network.vpc.cidr); expected a "
        "private block of /16 to /28 such as 10.0.0.0/16 (guide 3.1)"
    ) in text
    assert (
        "no security group 'alb'; the guide's chain is internet -> alb -> ecs -> rds "
        "(defined: none) (guide 3.1)"
    ) in text
    assert any(m.startswith("no public subnet in availability zone ap-northeast-1c") for m in text)
    assert all(severity == "error" for rule, severity, _m in found if rule.startswith("DL2"))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "monitoring",
            "monitoring:\n"
            + (GUIDE / "monitoring.yaml")
            .read_text(encoding="utf-8")
            .split("\n  logs:\n")[1]
            .join(("  logs:\n", "")),
            {("monitoring.yaml", 1, "DL403"): 6},
            id="6.1-without-metrics",
        ),
        pytest.param(
            "config",
            "config:\n  application:\n    api: {port: 8000}\n",
            {("config.yaml", 1, "DL308"): 1},
            id="config-without-security",
        ),
        pytest.param(
            "architecture",
            (GUIDE / "architecture.yaml")
            .read_text(encoding="utf-8")
            .replace("      availability_zones: ['1a', '1c']\n", ""),
            {("architecture.yaml", 5, "DL103"): 1},
            id="production-without-zones",
        ),
        pytest.param(
            "architecture",
            (GUIDE / "architecture.yaml")
            .read_text(encoding="utf-8")
            .replace("      scaling:\n        min: 2\n        max: 5\n", "      scaling:\n"),
            {("architecture.yaml", 15, "DL102"): 2},
            id="staging-scaling-without-bounds",
        ),
    ],
)
def test_other_sections_report_what_they_lack(
    lint: Lint, name: str, text: str, expected: dict[tuple[str, int, str], int]
) -> None:
    rows = new_rows(lint, guide_files(**{name: text}))
    # (a line less moves the guide's own findings below it; a zone less leaves the 1c
    # subnets of production in no zone of it: DL204's finding)
    rules = {rule for _f, _l, rule in expected}
    assert Counter({k: n for k, n in rows.items() if k[2] in rules}) == Counter(expected)


def test_zones_and_scaling_missing_say_the_policy(lint_messages: Messages) -> None:
    text = (
        "architecture:\n  environments:\n    production: {region: ap-northeast-1}\n"
        "    staging: {region: ap-northeast-1}\n"
    )
    found = {m for r, _s, m in lint_messages({"a.yaml": text}) if r in ("DL102", "DL103")}
    assert found == {
        "production declares no availability_zones; expected at least 2 for production, so "
        "that one zone's outage leaves tasks, database and cache serving (guide 2.1)",
        "staging declares no availability_zones; expected at least 1 for staging, so that one "
        "zone's outage leaves tasks, database and cache serving (guide 2.1)",
        "production declares no scaling.min; the policy requires min >= 3 tasks for "
        "production (guide 2.1)",
        "production declares no scaling.max; the policy requires max <= 10 tasks for "
        "production (guide 2.1)",
        "staging declares no scaling.min; the policy requires min >= 2 tasks for staging "
        "(guide 2.1)",
        "staging declares no scaling.max; the policy requires max <= 5 tasks for staging "
        "(guide 2.1)",
    }


def test_an_alarm_without_threshold_period_or_evaluation_periods(lint_messages: Messages) -> None:
    """CloudWatch needs a period and evaluation_periods; a cpu alarm without a threshold
    is no alarm the policy can judge (3.1 and 6.1 alike)."""
    infra = (GUIDE / "infrastructure.yaml").read_text(encoding="utf-8")
    infra = infra.replace(
        "          threshold: 80\n          period: 300\n          evaluation_periods: 2\n", "", 1
    ).replace("        high_cpu:\n", "        high_cpu: {metric: CPUUtilization}\n", 1)
    monitoring = (GUIDE / "monitoring.yaml").read_text(encoding="utf-8")
    monitoring = monitoring.replace("      cpu:\n        threshold: 80\n", "      cpu:\n", 1)
    found = {
        m
        for rule, severity, m in lint_messages(
            guide_files(infrastructure=infra, monitoring=monitoring)
        )
        if rule in ("DL401", "DL402") and severity == "error"
    }
    assert found == {
        "alarm high_cpu has no period; expected 10, 20, 30 or a multiple of 60 seconds, e.g. "
        "300 (guide 3.1)",
        "alarm high_cpu has no evaluation_periods; expected 1 or more, e.g. 2 (guide 3.1)",
        "alarm high_cpu has no threshold; expected one at or below the policy's 80% for cpu "
        "(guide 3.1)",
        "metric system.cpu has no threshold; expected one at or below the policy's 80% for cpu "
        "(guide 6.1)",
    }


@pytest.mark.parametrize(
    ("old", "new", "rules"),
    [
        pytest.param("  network:\n", "  netwrok:\n", {"DL201", "DL204", "DL207"}, id="section"),
        pytest.param("    security:\n", "    securty:\n", {"DL207"}, id="security"),
        pytest.param(
            "          evaluation_periods: 2\n        high_memory",
            "          evaluation_period: 2\n        high_memory",
            {"DL401"},
            id="alarm-field",
        ),
    ],
)
def test_a_misspelt_key_is_one_finding_until_dl004_is_off(
    lint: Lint, old: str, new: str, rules: set[str]
) -> None:
    """The misspelling (DL004, an error) is the one finding; what it leaves missing is
    covered by it, and said when DL004 is ignored or suppressed: never a silent pass."""
    infra = (GUIDE / "infrastructure.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    files = guide_files(infrastructure=infra)
    found = {r for _f, _l, _c, r in lint(files)}
    assert "DL004" in found and not found & rules
    assert rules <= {r for _f, _l, _c, r in lint(files, "--ignore", "DL004")}
    suppressed = '# deploylint: disable-file=DL004 reason="vendor key"\n' + infra
    assert rules <= {r for _f, _l, _c, r in lint(guide_files(infrastructure=suppressed))}


# --- what is not "missing" ----------------------------------------------------------------


def test_a_set_without_the_section_gets_nothing_about_it(lint: Lint) -> None:
    files = guide_files()
    del files["infrastructure.yaml"], files["monitoring.yaml"], files["config.yaml"]
    rules = {row[3] for row in lint(files)}
    assert not rules & {"DL201", "DL204", "DL207", "DL403", "DL407", "DL308"}


def test_a_section_split_over_files_is_judged_merged(lint: Lint) -> None:
    files = guide_files(infrastructure=NETWORK)
    files["cloudwatch.yaml"] = "infrastructure:\n" + MONITORING
    rules = {rule for (_f, _l, rule) in new_rows(lint, files)}
    assert not rules & {"DL201", "DL204", "DL207", "DL403", "DL407"}


def test_a_file_that_did_not_load_may_hold_the_part(lint: Lint) -> None:
    files = guide_files(infrastructure="infrastructure:\n" + MONITORING)
    files["network.yaml"] = NETWORK + "    broken: [\n"
    rules = {row[3] for row in lint(files)}
    assert "DL001" in rules
    assert not rules & {"DL201", "DL204", "DL207"}


@pytest.mark.parametrize("value", ["5", "[a, b]", "text"])
def test_a_rejected_value_is_not_missing(lint: Lint, value: str) -> None:
    rows = lint(guide_files(infrastructure=f"infrastructure:\n  network: {value}\n" + MONITORING))
    rules = {row[3] for row in rows}
    assert "DL002" in rules
    assert not rules & {"DL201", "DL204", "DL207"}


def _snapshot(tmp_path: Path, keep: Any) -> str:
    data = json.loads((EXAMPLES / "live" / "production.json").read_text(encoding="utf-8"))
    data["resources"] = [r for r in data["resources"] if keep(r)]
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "dropped",
    [
        pytest.param({"vpc", "subnet", "security-group"}, id="no-network"),
        pytest.param({"log-group", "alarm"}, id="no-monitoring"),
        pytest.param({"log-group"}, id="no-log-groups"),
        pytest.param({"ecs-service", "vpc", "subnet"}, id="no-zones-or-scaling"),
    ],
)
def test_live_state_is_never_missing_a_part(tmp_path: Path, dropped: set[str]) -> None:
    """The live side holds only what it binds: a part it shows no resource for is not
    'missing' (check --snapshot reports what it sees, drift what differs)."""
    snap = _snapshot(tmp_path, lambda r: r["type"] not in dropped)
    _, data = run_json(["check", "--no-config", "--snapshot", snap, "--env", "production"])
    rules = {f["rule"] for f in data["findings"]}
    assert not rules & {"DL102", "DL103", "DL201", "DL204", "DL207", "DL308", "DL407"}


# --- property: no required subsection goes missing without a word ----------------------

# A required subsection of the guide's configs and the rules that require what it holds.
REQUIRED: dict[tuple[str, ...], set[str]] = {
    ("infrastructure", "network"): {"DL201", "DL204", "DL207"},
    ("infrastructure", "network", "vpc"): {"DL201", "DL204"},
    ("infrastructure", "network", "vpc", "cidr"): {"DL201"},
    ("infrastructure", "network", "vpc", "subnets"): {"DL204"},
    ("infrastructure", "network", "vpc", "subnets", "public"): {"DL204"},
    ("infrastructure", "network", "vpc", "subnets", "private"): {"DL204"},
    ("infrastructure", "network", "security"): {"DL207"},
    ("infrastructure", "network", "security", "groups"): {"DL207"},
    ("infrastructure", "monitoring"): {"DL403", "DL407"},
    ("infrastructure", "monitoring", "cloudwatch"): {"DL403"},
    ("infrastructure", "monitoring", "cloudwatch", "metrics"): {"DL403"},
    ("infrastructure", "monitoring", "cloudwatch", "alarms"): {"DL403"},
    ("infrastructure", "monitoring", "cloudwatch", "alarms", "high_cpu", "threshold"): {"DL402"},
    ("infrastructure", "monitoring", "cloudwatch", "alarms", "high_cpu", "period"): {"DL401"},
    ("infrastructure", "monitoring", "cloudwatch", "alarms", "high_memory", "evaluation_periods"): {
        "DL401"
    },
    ("monitoring", "metrics", "system", "cpu", "threshold"): {"DL402"},
    ("infrastructure", "monitoring", "logs"): {"DL407"},
    ("infrastructure", "monitoring", "logs", "streams"): {"DL407"},
    ("monitoring", "metrics"): {"DL403"},
    ("monitoring", "metrics", "system"): {"DL403"},
    ("monitoring", "metrics", "application"): {"DL403"},
    ("monitoring", "logs"): {"DL408"},
    ("monitoring", "logs", "format"): {"DL408"},
    ("monitoring", "alerts"): {"DL410"},
    ("monitoring", "alerts", "severity"): {"DL410"},
    ("architecture", "environments", "production", "availability_zones"): {"DL103"},
    ("architecture", "environments", "staging", "availability_zones"): {"DL103"},
    ("architecture", "environments", "production", "scaling"): {"DL102"},
    ("architecture", "environments", "staging", "scaling"): {"DL102"},
    ("architecture", "environments", "production", "region"): {"DL104"},
    ("architecture", "components", "storage", "lifecycle"): {"DL108"},
    ("config", "security"): {"DL308"},
    ("config", "security", "rate_limit"): {"DL308"},
    ("deployment", "pre_deployment"): {"DL501", "DL503"},
    ("deployment", "post_deployment"): {"DL504"},
}
REMOVALS = ("delete", "null", "empty")
WARNINGS = {"DL503", "DL504"}  # rules whose default severity is warning


@settings(
    max_examples=24,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(path=st.sampled_from(sorted(REQUIRED)), how=st.sampled_from(REMOVALS))
def test_removing_a_required_subsection_is_never_silent(
    tmp_path_factory: pytest.TempPathFactory, path: tuple[str, ...], how: str
) -> None:
    """Deleting any one required subsection of the guide, writing it `null` or `{}`, leaves at
    least one error-or-worse finding of a rule that requires what it held."""
    import ruamel.yaml

    root = tmp_path_factory.mktemp("guide")
    files = guide_files()
    name = f"{path[0]}.yaml"
    yaml = ruamel.yaml.YAML()
    data = yaml.load(files[name])
    node = data
    for key in path[:-1]:
        node = node[key]
    if how == "delete":
        del node[path[-1]]
    elif how == "empty" and not isinstance(node[path[-1]], dict | list):
        assume(False)  # a scalar written `{}` is a rejected value (DL002), not a missing one
    elif how == "null":
        node[path[-1]] = None
    else:  # written empty, as the type it has
        node[path[-1]] = [] if isinstance(node[path[-1]], list) else {}
    files[name] = json.dumps(data)  # JSON is YAML: the file stays one of the set
    write_files(root, files)
    _, out = run_json(["check", "--no-config", str(root)])
    # at the rule's own severity: error, or warning for DL503/DL504 (the spec's defaults)
    rules = {f["rule"] for f in out["findings"] if f["severity"] in ("error", "critical")}
    rules |= {f["rule"] for f in out["findings"] if f["rule"] in WARNINGS}
    assert rules & REQUIRED[path], (path, how, sorted(rules))
