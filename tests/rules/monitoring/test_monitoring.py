"""DL401-DL411: monitoring and logs (guide 3.1 and 6.1).

The tests naming no single rule of the section (from test_dl4xx_monitoring.py).
"""

from __future__ import annotations

import os

import pytest

from tests.helpers import EXAMPLES, Lint, Messages, run_json

from .shared import ENVS

# --- the guide and the clean example ------------------------------------------------------


def test_guide_reports_exactly_its_retention_contradiction_and_shared_channels() -> None:
    folder = EXAMPLES / "guide"
    _, data = run_json(["check", "--no-config", "--select", "DL4", str(folder)])
    found = sorted(
        (os.path.relpath(f["file"], folder), f["line"], f["column"], f["rule"], f["severity"])
        for f in data["findings"]
    )
    at_retention = ("infrastructure.yaml", 43, 18)
    # and one set of alert channels for both environments: staging pages production
    assert found == sorted(
        # one mistake, one finding: the single 30 is too short for access and error logs
        [
            (*at_retention, "DL405", "error"),
            ("monitoring.yaml", 52, 14, "DL411", "warning"),
            ("monitoring.yaml", 53, 18, "DL411", "warning"),
        ]
    )
    messages = " | ".join(f["message"] for f in data["findings"])
    assert "below the days logs must be kept (access 90, error 365)" in messages


def test_multi_environment_example_is_clean() -> None:
    _, data = run_json(["check", "--no-config", "--select", "DL4", str(EXAMPLES / "multi-env")])
    assert data["findings"] == []


def test_empty_and_partial_sections_never_crash(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "a.yaml": """
        infrastructure:
          monitoring:
            cloudwatch: {metrics: [], alarms: {x: {}}}
            logs: {retention: {}, streams: []}
        monitoring:
          metrics: {system: {cpu: {}}, application: {}}
          logs: {retention: {}, format: {}, filters: {exclude: [], include: []}}
          alerts: {channels: {}, severity: {critical: {}, warning: {notification: []}}}
        """,
    }
    found = lint_messages(files, "--select", "DL4")
    assert found
    assert not [m for _, _, m in found if "internal error" in m]


@pytest.mark.parametrize("value", ["1.5d", "36h"])
def test_dl002_retention_is_a_whole_number_of_days(lint_messages: Messages, value: str) -> None:
    text = f"monitoring:\n  logs:\n    retention:\n      application: {value}\n"
    assert lint_messages({"monitoring.yaml": text}, "--select", "DL002,DL404") == [
        (
            "DL002",
            "error",
            f"monitoring.logs.retention.application: {value!r} is not a whole number of days",
        )
    ]


def _multi_env(base: str) -> dict[str, str]:
    """examples/multi-env with ``base`` as its base.yaml."""
    return {
        "base.yaml": base,
        "production/app.yaml": (EXAMPLES / "multi-env/production/app.yaml").read_text("utf-8"),
        "staging/app.yaml": (EXAMPLES / "multi-env/staging/app.yaml").read_text("utf-8"),
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "region: ap-northeast-1\n      availability_zones: ['1a', '1c']",
            "region: us-east-1\n      availability_zones: ['1a', '1c']",
        ),
        (
            "region: ap-northeast-1\n      availability_zones: ['1a']",
            "region: eu-west-1\n      availability_zones: ['1a']",
        ),
    ],
)
def test_region_the_pack_rejects_is_one_dl104(lint: Lint, old: str, new: str) -> None:
    base = (EXAMPLES / "multi-env/base.yaml").read_text("utf-8")
    assert old in base
    assert [r for *_, r in lint(_multi_env(base.replace(old, new)))] == ["DL104"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 0\n      streams",
            ["DL404"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: {application: 0, access: 90, error: 365}\n      streams",
            ["DL404"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n    format",
            "retention: {application: 0, access: 90, error: 365}\n    format",
            ["DL404"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 7\n      streams",
            ["DL405"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 60\n      streams",
            ["DL405"],
        ),
        (
            "retention: {application: 30, access: 90, error: 365}\n      streams",
            "retention: 3653\n      streams",
            ["DL406"],
        ),
    ],
)
def test_one_retention_mistake_is_one_finding(
    lint: Lint, old: str, new: str, expected: list[str]
) -> None:
    base = (EXAMPLES / "multi-env/base.yaml").read_text("utf-8")
    assert old in base
    assert [r for *_, r in lint(_multi_env(base.replace(old, new)))] == expected
