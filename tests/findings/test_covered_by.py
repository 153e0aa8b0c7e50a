"""Issue 14 §2: a value one rule rejects never makes another rule quiet. A rule that cannot
judge a value another rule rejects says "not checked" (or judges it, DL405); beside the
rejecting rule's finding at the same place that is left out (one mistake, one finding:
``Violation.covered_by``, src/deploylint/findings/engine.py `_uncovered`); with the
rejecting rule ignored or suppressed it is shown. Before, each of these rules returned in
silence ("DL107's finding alone"), so one suppression removed every trace."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

LintJson = Callable[..., tuple[int, dict[str, Any]]]

ARCH = """
architecture:
  environments:
    production:
      scaling: {min: 3, max: 10, desired: 5}
  components:
    database: {engine: PostgreSQL, instance_type: db.c5.large}
config:
  application:
    api: {port: 8000, workers: 4}
  database: {pool_size: 20, max_overflow: 10}
"""

NET = """
architecture:
  environments:
    production: {region: ap-northeast-1}
config:
  application:
    api: {port: 8000}
infrastructure:
  network:
    vpc:
      cidr: 10.0.0.0
      subnets:
        public:
          - {cidr: 10.0.1.0, az: ap-northeast-1a}
          - {cidr: 192.168.0.0/24, az: ap-northeast-1c}
    security:
      groups:
        alb:
          inbound:
            - {port: 443, source: 0.0.0.0/0}
        ecs:
          inbound:
            - {port: 70000, source: alb-sg}
"""

LOGS = """
monitoring:
  logs:
    retention: {application: 29, access: 90, error: 365}
"""

# 3.1's one number is too short for access and error logs (DL405) and differs from 6.1's
LOGS_SHARED = """
infrastructure:
  monitoring:
    logs:
      retention: 30
      streams: [application, access, error]
monitoring:
  logs:
    retention: {application: 30, access: 90, error: 365}
"""

WORKERS = """
architecture:
  environments:
    production:
      scaling: {min: 3, max: 10, desired: 5}
  components:
    database: {engine: PostgreSQL, instance_type: db.r5.large}
    cache: {engine: Redis, instance_type: cache.r5.large}
config:
  application:
    api: {port: 8000, workers: 0}
  database: {pool_size: 20, max_overflow: 10}
  cache: {max_connections: 100}
"""

# (files, the rule that rejects the value, the rule that defers to it, line, severity)
CASES = [
    ({"a.yaml": ARCH}, "DL107", "DL304", 6, "info"),
    ({"a.yaml": NET}, "DL201", "DL202", 10, "info"),
    ({"a.yaml": NET}, "DL202", "DL203", 13, "info"),
    ({"a.yaml": NET}, "DL209", "DL208", 22, "info"),
    ({"a.yaml": LOGS}, "DL404", "DL405", 3, "error"),
    ({"a.yaml": LOGS_SHARED}, "DL405", "DL406", 4, "error"),
    ({"a.yaml": WORKERS}, "DL303", "DL304", 10, "info"),
    ({"a.yaml": WORKERS}, "DL303", "DL305", 10, "info"),
]


def _at(data: dict[str, Any], rule: str) -> list[tuple[int, str]]:
    return [(f["line"], f["severity"]) for f in data["findings"] if f["rule"] == rule]


@pytest.mark.parametrize(("files", "rejects", "defers", "line", "severity"), CASES)
def test_left_out_beside_the_rejecting_rule(
    lint_json: LintJson, files: dict[str, str], rejects: str, defers: str, line: int, severity: str
) -> None:
    _, data = lint_json(files, "--select", f"{rejects},{defers}")
    assert line in [at for at, _ in _at(data, rejects)]
    assert (line, severity) not in _at(data, defers)


@pytest.mark.parametrize(("files", "rejects", "defers", "line", "severity"), CASES)
def test_shown_when_the_rejecting_rule_is_ignored(
    lint_json: LintJson, files: dict[str, str], rejects: str, defers: str, line: int, severity: str
) -> None:
    _, data = lint_json(files, "--select", f"{rejects},{defers}", "--ignore", rejects)
    assert (line, severity) in _at(data, defers)


@pytest.mark.parametrize(("files", "rejects", "defers", "line", "severity"), CASES)
def test_shown_when_the_rejecting_rule_is_suppressed(
    lint_json: LintJson, files: dict[str, str], rejects: str, defers: str, line: int, severity: str
) -> None:
    [(name, text)] = files.items()
    lines = text.lstrip("\n").split("\n")
    lines[line - 1] += f'  # deploylint: disable={rejects} reason="vendor value, INC-5"'
    _, data = lint_json({name: "\n".join(lines)}, "--select", f"{rejects},{defers},DL009")
    assert _at(data, rejects) == [] or line not in [at for at, _ in _at(data, rejects)]
    assert (line, severity) in _at(data, defers)


def test_the_messages_say_what_was_not_checked(lint_json: LintJson) -> None:
    _, data = lint_json({"a.yaml": ARCH}, "--select", "DL304")
    assert [f["message"] for f in data["findings"]] == [
        "not checked: database instance_type 'db.c5.large' is not an RDS class (see DL107), so "
        "the pools' connections are not compared with its max_connections (guide 5.1)"
    ]
    _, data = lint_json({"a.yaml": LOGS}, "--select", "DL405")
    [message] = [f["message"] for f in data["findings"]]
    assert "29 days is below the 30 days application logs must be kept" in message


ZONES = """
architecture:
  environments:
    production:
      region: ap-northeast-1
      availability_zones: ['1a', '1z']
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
"""


def test_a_note_is_covered_at_a_place_it_names(lint_json: LintJson) -> None:
    """DL204 does not judge subnets while DL104 rejects the zone list (1c may be the fix of
    1z): beside DL104's finding, which its note names as related, nothing more; with DL104
    suppressed the two subnets it did not judge are said, on main they passed in silence."""
    _, data = lint_json({"a.yaml": ZONES}, "--select", "DL104,DL204")
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("DL104", 5)]
    suppressed = ZONES.replace(
        "['1a', '1z']", "['1a', '1z']  # deploylint: disable=DL104 reason=\"old account\""
    )
    _, data = lint_json({"a.yaml": suppressed}, "--select", "DL104,DL204,DL009")
    found = [(f["rule"], f["line"], f["severity"]) for f in data["findings"]]
    assert found == [("DL204", 13, "info"), ("DL204", 16, "info")]
    assert data["findings"][0]["message"].startswith(
        "not checked: whether public subnet 10.0.2.0/24 in ap-northeast-1c is in an "
        "availability zone of production: DL104 rejects production's zones"
    )
