"""DL410 alert-routing: src/deploylint/rules/monitoring/dl410_alert_routing.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, Lint, Messages, rule_pack

from .shared import rows

ALERTS = """
monitoring:
  alerts:
    channels: {channels}
    severity:
      critical:
        response_time: {crt}
        notification: {cn}
      warning:
        response_time: 1時間以内
        notification: {wn}
"""


GUIDE_CHANNELS = "{email: ops@acme.co.jp, slack: '#alerts-prod', pagerduty: prod-service}"


GUIDE_ALERTS = {
    "channels": GUIDE_CHANNELS,
    "crt": "15分以内",
    "cn": "[slack, pagerduty]",
    "wn": "[slack]",
}


CRT, CN, WN = (6, 24), (7, 23), (10, 23)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"crt": "PT10M", "cn": "[slack, pagerduty]", "wn": "[slack, email]"}, []),
        ({"cn": "[pagerduty]"}, [CN]),  # critical reaches Slack too (guide 6.1)
        ({"crt": "30分以内"}, [CRT]),
        ({"crt": "null"}, [CRT]),
        ({"cn": "[slack, pager]"}, [CN, (7, 31)]),  # pagerduty missing; pager undefined
        ({"wn": "[email]"}, [WN]),
        ({"channels": "{email: ops@acme.co.jp, slack: '#alerts-prod'}"}, [(7, 31)]),
        # no channel at all: one finding, not one per notification (issue 8 §1)
        ({"channels": "null"}, [(3, 15)]),
        ({"channels": "{}"}, [(3, 15)]),
        # one undefined channel notified twice: one finding, at its first use
        ({"channels": "{email: ops@acme.co.jp, pagerduty: p}"}, [(7, 24)]),
    ],
)
def test_dl410_positions(
    lint: Lint, changes: dict[str, str], expected: list[tuple[int, int]]
) -> None:
    files = {"monitoring.yaml": ALERTS.format(**{**GUIDE_ALERTS, **changes})}
    assert lint(files, "--select", "DL410") == rows("monitoring.yaml", "DL410", *expected)


def test_dl410_a_broken_staging_file_is_one_finding(lint_json: Any) -> None:
    # staging/app.yaml defines the channels; when it does not parse, its DL001 is the root
    # cause and DL410 says nothing of what the unread file may hold (issue 8)
    folder = EXAMPLES / "multi-env"
    files = {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")
    }
    parsed = files["staging/app.yaml"]
    files["staging/app.yaml"] = parsed.replace("monitoring:", "monitoring: [")
    _, data = lint_json(files, "--select", "DL001,DL410")
    assert [(f["rule"], os.path.basename(f["file"])) for f in data["findings"]] == [
        ("DL001", "app.yaml")
    ]
    # the same file parsed but without its channels: then they really are missing
    files["staging/app.yaml"] = parsed[: parsed.index("monitoring:")]
    _, data = lint_json(files, "--select", "DL001,DL410")
    found = [(f["rule"], os.path.basename(f["file"]), f["message"]) for f in data["findings"]]
    assert found == [
        (
            "DL410",
            "base.yaml",
            "alerts notify slack, pagerduty, but alerts.channels defines no channel (guide 6.1)",
        )
    ]


def test_dl410_missing_levels(lint: Lint) -> None:
    text = "monitoring:\n  alerts:\n    severity:\n      info: {notification: []}\n"
    # neither critical nor warning defined: both reported at `severity:`
    assert lint({"monitoring.yaml": text}, "--select", "DL410") == rows(
        "monitoring.yaml", "DL410", (3, 5), (3, 5)
    )


def test_dl410_messages(lint_messages: Messages) -> None:
    files = {
        "monitoring.yaml": ALERTS.format(
            **{**GUIDE_ALERTS, "crt": "1時間以内", "cn": "[slack, pagerdty]"}
        )
    }
    assert lint_messages(files, "--select", "DL410") == [
        (
            "DL410",
            "error",
            "critical alert response_time 1 h is longer than 15 min; critical alerts must be "
            "answered within 15 min (guide 6.1)",
        ),
        (
            "DL410",
            "error",
            "critical alerts notify slack, pagerdty, not pagerduty; critical alerts must reach "
            "slack and pagerduty within 15 min (guide 6.1)",
        ),
        (
            "DL410",
            "error",
            "critical alerts notify 'pagerdty', which alerts.channels does not define "
            "(defined: email, slack, pagerduty); did you mean pagerduty? (guide 6.1)",
        ),
    ]


def test_dl410_routes_option(lint: Lint, tmp_path: Path) -> None:
    files = {"monitoring.yaml": ALERTS.format(**{**GUIDE_ALERTS, "crt": "30分以内"})}
    assert lint(files, "--select", "DL410") == rows("monitoring.yaml", "DL410", CRT)
    extra, path = rule_pack(tmp_path, "DL410", "routes: {critical: {max_response_time: 1800}}")
    assert lint({**files, **extra}, "--select", "DL410", "--policy", path) == []
    extra, path = rule_pack(tmp_path, "DL410", "routes: {warning: {channels: [email]}}")
    assert lint({**files, **extra}, "--select", "DL410", "--policy", path) == rows(
        "monitoring.yaml", "DL410", CRT, WN
    )
