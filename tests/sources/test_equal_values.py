"""DL007 compares values as the rules read them: a port written ``'443'`` is port 443, and
a list whose order means nothing (inbound rules, zones, subnets, metrics, streams, CORS
lists) is the same list in any order. Deployment steps and their actions run in order:
the same steps in another order are a conflict."""

from __future__ import annotations

import pytest

from tests.helpers import Lint

GROUPS = """\
    infrastructure:
      network:
        security:
          groups:
            alb:
              inbound:
                {rules}
    """
AZS = "architecture:\n  environments:\n    production: {{availability_zones: {zones}}}\n"
CORS = "config:\n  security:\n    cors:\n      allowed_methods: {methods}\n"
STREAMS = "infrastructure:\n  monitoring:\n    logs:\n      streams: {streams}\n"
STEPS = """\
    deployment:
      pre_deployment:
        steps:
          - {{name: backup, actions: {first}}}
          - {{name: check, actions: [verify]}}
    """


def _reversed_steps() -> str:
    lines = STEPS.format(first="[snapshot]").splitlines()
    return "\n".join([*lines[:3], lines[4], lines[3]]) + "\n"


def _conflicts(lint: Lint, a: str, b: str) -> list[str]:
    rows = lint({"a.yaml": a, "b.yaml": b}, "--select", "DL007")
    return [r[3] for r in rows]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            GROUPS.format(rules="- {port: '443', source: 0.0.0.0/0}"),
            GROUPS.format(rules="- {port: 443, source: 0.0.0.0/0}"),
            id="port-quoted",
        ),
        pytest.param(
            GROUPS.format(rules="[{port: 80, source: 0.0.0.0/0}, {port: 443, source: 0.0.0.0/0}]"),
            GROUPS.format(
                rules="[{port: 443, source: 0.0.0.0/0}, {port: '80', source: 0.0.0.0/0}]"
            ),
            id="inbound-reordered",
        ),
        pytest.param(AZS.format(zones="[1a, 1c]"), AZS.format(zones="[1c, 1a]"), id="zones"),
        pytest.param(
            CORS.format(methods="[GET, POST]"), CORS.format(methods="[POST, GET]"), id="cors"
        ),
        pytest.param(
            STREAMS.format(streams="[application, access, error]"),
            STREAMS.format(streams="[error, application, access]"),
            id="streams",
        ),
    ],
)
def test_equal_values_written_differently_are_no_conflict(lint: Lint, a: str, b: str) -> None:
    assert _conflicts(lint, a, b) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param(
            GROUPS.format(rules="- {port: '443', source: 0.0.0.0/0}"),
            GROUPS.format(rules="- {port: 444, source: 0.0.0.0/0}"),
            id="other-port",
        ),
        pytest.param(
            GROUPS.format(rules="- {port: '8000-8010', source: alb-sg}"),
            GROUPS.format(rules="- {port: 8000, source: alb-sg}"),
            id="range-vs-port",
        ),
        pytest.param(
            CORS.format(methods="[GET, POST]"), CORS.format(methods="[GET, POST, PUT]"), id="more"
        ),
        pytest.param(
            CORS.format(methods="[GET, GET, POST]"), CORS.format(methods="[GET, POST]"), id="twice"
        ),
        pytest.param(
            STEPS.format(first="[snapshot, dump]"),
            STEPS.format(first="[dump, snapshot]"),
            id="actions-in-order",
        ),
        pytest.param(STEPS.format(first="[snapshot]"), _reversed_steps(), id="steps-in-order"),
    ],
)
def test_different_values_are_still_a_conflict(lint: Lint, a: str, b: str) -> None:
    assert _conflicts(lint, a, b) == ["DL007"]
