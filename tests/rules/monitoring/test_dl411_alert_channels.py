"""DL411 alert-channels: src/deploylint/rules/monitoring/dl411_alert_channels.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ENVS, STAGING_ONLY, rows

CHANNELS = """
monitoring:
  alerts:
    channels:
      email: {email}
      slack: {slack}
      pagerduty: oncall-service
"""


EMAIL, SLACK = (4, 14), (5, 14)


# production alone: the channels below are shared by every environment, and a staging
# environment alerting '#alerts-prod' is a finding of its own (test_dl411_staging_*)
PRODUCTION_ONLY = ENVS.replace("    staging:\n      region: ap-northeast-1\n", "")


@pytest.mark.parametrize(
    ("envs", "email", "slack", "expected"),
    [
        (PRODUCTION_ONLY, "ops@acme.co.jp", "'#alerts-prod'", []),
        (PRODUCTION_ONLY, "ops@example.com", "'#PROD-alerts'", []),
        (PRODUCTION_ONLY, "first.last+oncall@mail.acme.co.jp", "'#production'", []),
        (PRODUCTION_ONLY, "ops-at-acme.co.jp", "'#alerts-prod'", [EMAIL]),
        (PRODUCTION_ONLY, "ops@localhost", "'#alerts-prod'", [EMAIL]),
        (PRODUCTION_ONLY, "'ops @acme.co.jp'", "'#alerts-prod'", [EMAIL]),
        (PRODUCTION_ONLY, "ops@acme.co.jp", "alerts-prod", [SLACK]),
        (PRODUCTION_ONLY, "ops@acme.co.jp", "'#alerts-staging'", [SLACK]),  # production
        (STAGING_ONLY, "ops@acme.co.jp", "'#alerts-staging'", []),
    ],
)
def test_dl411_positions(
    lint: Lint, envs: str, email: str, slack: str, expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": envs, "monitoring.yaml": CHANNELS.format(email=email, slack=slack)}
    assert lint(files, "--select", "DL411") == rows("monitoring.yaml", "DL411", *expected)


def test_dl411_messages(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": PRODUCTION_ONLY,
        "monitoring.yaml": CHANNELS.format(email="ops-at-acme.co.jp", slack="'#alerts-staging'"),
    }
    assert lint_messages(files, "--select", "DL411") == [
        (
            "DL411",
            "warning",
            "alert channel email 'ops-at-acme.co.jp' is not a valid e-mail address; expected "
            "name@domain, e.g. ops@acme.co.jp (guide 6.1)",
        ),
        (
            "DL411",
            "warning",
            "production alerts go to slack '#alerts-staging', which names another environment "
            "('staging' in its name): production's alarms would page nobody on production's "
            "call; expected production's own, e.g. '#alerts-prod' (guide 6.1)",
        ),
    ]


def test_dl411_options(lint: Lint, tmp_path: Path) -> None:
    files = {
        "arch.yaml": STAGING_ONLY,
        "monitoring.yaml": CHANNELS.format(email="ops@acme.co.jp", slack="'#alerts-staging'"),
    }
    assert lint(files, "--select", "DL411") == []
    extra, path = rule_pack(tmp_path, "DL411", "production_environments: [staging]")
    assert lint({**files, **extra}, "--select", "DL411", "--policy", path) == rows(
        "monitoring.yaml", "DL411", SLACK
    )
    extra, path = rule_pack(
        tmp_path, "DL411", "production_environments: [staging]\nproduction_markers: [staging]"
    )
    assert lint({**files, **extra}, "--select", "DL411", "--policy", path) == []


MULTI_ENV = {
    "base.yaml": ENVS,
    "staging.yaml": """
environment: staging
monitoring:
  alerts:
    channels:
      slack: {slack}
      pagerduty: {pagerduty}
""",
}


@pytest.mark.parametrize(
    ("slack", "pagerduty", "expected"),
    [
        ("'#alerts-staging'", "staging-service", []),
        ("'#alerts-prod'", "staging-service", ["slack '#alerts-prod'"]),
        ("'#alerts-stg'", "prod-service", ["pagerduty 'prod-service'"]),
        ("'#本番アラート'", "prd-oncall", ["slack '#本番アラート'", "pagerduty 'prd-oncall'"]),
        ("'#product-alerts'", "staging-service", []),  # prod inside a word is not prod
    ],
)
def test_dl411_staging_alerting_production(
    lint_messages: Messages, slack: str, pagerduty: str, expected: list[str]
) -> None:
    files = dict(MULTI_ENV)
    files["staging.yaml"] = files["staging.yaml"].format(slack=slack, pagerduty=pagerduty)
    found = lint_messages(files, "--select", "DL411")
    assert [m for _, _, m in found] == [
        f"staging alerts go to {what}, a production channel: staging alarms would page "
        "production's on-call; give this environment its own channel, e.g. "
        "'#alerts-staging' (guide 6.1)"
        for what in expected
    ]


def test_dl411_inherited_production_channels(lint: Lint) -> None:
    # a shared file's production channels reach staging too: staging pages production
    base = ENVS + "monitoring:\n  alerts:\n    channels: {slack: '#alerts-prod'}\n"
    assert lint({"base.yaml": base}, "--select", "DL411") == [("base.yaml", 9, 23, "DL411")]


# --- issue 17 §5: alert routing, periods, one mistake one finding -------------------------

PROD_CHANNELS = """
environment: production
monitoring:
  alerts:
    channels:
      slack: {slack}
      pagerduty: {pagerduty}
"""


@pytest.mark.parametrize(
    ("slack", "pagerduty", "expected"),
    [
        ("'#alerts-prod'", "prod-service", []),
        ("'#alerts-prod'", "PXYZ123", []),  # a service id names no environment
        ("'#alerts-non-prod'", "prod-service", ["slack '#alerts-non-prod'"]),
        ("'#alerts-pre-prod'", "prod-service", ["slack '#alerts-pre-prod'"]),
        ("'#alerts-nonprod'", "prod-service", ["'#alerts-nonprod', which is not a production"]),
        ("'#alerts-prod'", "staging-service", ["pagerduty 'staging-service'"]),
        ("'#alerts-prod'", "pd-stg-oncall", ["pagerduty 'pd-stg-oncall'"]),
        ("'#本番アラート'", "検証サービス", ["pagerduty '検証サービス'"]),
    ],
)
def test_dl411_production_routed_to_another_environment(
    lint_messages: Messages, slack: str, pagerduty: str, expected: list[str]
) -> None:
    files = {
        "base.yaml": ENVS,
        "production.yaml": PROD_CHANNELS.format(slack=slack, pagerduty=pagerduty),
    }
    found = lint_messages(files, "--select", "DL411")
    assert len(found) == len(expected), found
    for (rule, _, message), words in zip(found, expected, strict=True):
        assert rule == "DL411" and words in message
        assert message.startswith("production alerts go to ")


@pytest.mark.parametrize("slack", ["'#alerts-non-prod'", "'#alerts-pre-prod'", "'#nonprod'"])
def test_dl411_non_prod_channel_in_staging_is_not_production(lint: Lint, slack: str) -> None:
    """The marker is part of a word that names another environment: not production's."""
    files = dict(MULTI_ENV)
    files["staging.yaml"] = files["staging.yaml"].format(slack=slack, pagerduty="stg-service")
    assert lint(files, "--select", "DL411") == []
