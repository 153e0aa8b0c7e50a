"""``deploylint test [PACK]`` (issue 15, part 4): policy authors test their rules."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, cli

PACK = """\
name: team
extends: guide
prefix: ORG
rules:
  ORG001:
    name: no-burstable
    severity: error
    summary: No burstable classes
    docs:
      what: w
      why: y
      example: |
        architecture:
          components:
            cache: {{type: ElastiCache, engine: Redis, instance_type: {example}}}
      use_instead: |
        architecture:
          components:
            cache: {{type: ElastiCache, engine: Redis, instance_type: cache.r6g.large}}
    check:
      where: architecture.components.*.instance_type
      expect: {{not: {{matches: '^cache\\.t4g\\.'}}}}
      message: "{{value}} is burstable"
"""


def invoke(*args: str) -> tuple[int, str]:
    result = cli(["test", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def write_pack(tmp_path: Path, example: str = "cache.t4g.medium") -> Path:
    pack = tmp_path / "team.yaml"
    pack.write_text(PACK.format(example=example), encoding="utf-8")
    return pack


def lines(out: str) -> dict[str, str]:
    return {line.split()[1]: line for line in out.splitlines()[:-1]}


def test_the_guide_pack_passes_with_one_line_per_rule() -> None:
    code, out = invoke("--no-config")
    assert code == 0, out
    rows = lines(out)
    assert rows["DL205"] == "PASS DL205 open-ingress (2 cases)"
    assert rows["DL109"].startswith("PASS DL109 environment-parity")  # from its fixtures
    assert rows["DL011"].startswith("SKIP DL011 stale-baseline-entry: not testable this way: ")
    assert all(line.split()[0] in ("PASS", "SKIP") for line in rows.values())
    assert out.splitlines()[-1].endswith(" failed, 7 not testable this way")
    assert " 0 failed" in out.splitlines()[-1]


def test_the_custom_rules_example_passes() -> None:
    pack = EXAMPLES / "custom-rules" / ".policy" / "acme.yaml"
    code, out = invoke("--no-config", str(pack), "--rule", "ORG")
    assert code == 0, out
    assert [line.split()[:2] for line in out.splitlines()[:-1]] == [
        ["PASS", f"ORG00{n}"] for n in range(1, 6)
    ]


def test_a_rule_whose_example_does_not_fire_fails(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, example="cache.r6g.large")
    code, out = invoke("--no-config", str(pack), "--rule", "ORG")
    assert code == 1
    assert out.splitlines() == [
        "FAIL ORG001 no-burstable: example: gives no ORG001 finding (it must)",
        "1 rule: 0 passed, 1 failed, 0 not testable this way",
    ]


def test_fixture_folders_beside_the_pack(tmp_path: Path) -> None:
    pack = write_pack(tmp_path)
    fire = tmp_path / "tests" / "ORG001" / "fire"
    passing = tmp_path / "tests" / "ORG001" / "pass"
    fire.mkdir(parents=True)
    passing.mkdir(parents=True)
    db = "architecture:\n  components:\n    database: {{type: RDS, instance_type: {}}}\n"
    (fire / "cache.yaml").write_text(db.format("cache.t4g.small"), encoding="utf-8")
    (passing / "r6g.yaml").write_text(db.format("db.r6g.large"), encoding="utf-8")
    assert invoke("--no-config", str(pack), "--rule", "ORG001") == (
        0,
        "PASS ORG001 no-burstable (4 cases)\n1 rule: 1 passed, 0 failed, 0 not testable this way\n",
    )
    (passing / "t4g.yaml").write_text(db.format("cache.t4g.large"), encoding="utf-8")
    code, out = invoke("--no-config", str(pack), "--rule", "ORG001")
    assert code == 1
    assert out.splitlines()[0] == (
        "FAIL ORG001 no-burstable: pass/t4g.yaml: gives a ORG001 finding (it must not): "
        "line 3: cache.t4g.large is burstable"
    )
    # check never reads a pack's fixtures, even inside the folder it checks
    (tmp_path / "app.yaml").write_text(db.format("db.r6g.large"), encoding="utf-8")
    result = cli(["check", "--no-config", "--policy", str(pack), "--format", "json", str(tmp_path)])
    data = json.loads(result.stdout)
    assert [f["file"] for f in data["findings"] if f["rule"] == "ORG001"] == []


def test_junit_output(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, example="cache.r6g.large")
    code, out = invoke("--no-config", str(pack), "--rule", "ORG", "--rule", "DL011", "-f", "junit")
    assert code == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["ORG001 no-burstable"].find("failure")
    assert failure is not None
    assert failure.get("message") == "example: gives no ORG001 finding (it must)"
    assert cases["DL011 stale-baseline-entry"].find("skipped") is not None


@pytest.mark.parametrize("fmt", ["xml"])
def test_an_unknown_format_is_a_usage_error(fmt: str) -> None:
    result = cli(["test", "--no-config", "-f", fmt])
    assert result.exit_code == 2
    assert textwrap.dedent(result.stderr).startswith("deploylint: unknown format 'xml'")
