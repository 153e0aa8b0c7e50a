"""DL004 unknown-key: src/deploylint/rules/input/dl004_unknown_key.py (from test_dl0xx.py)."""

from __future__ import annotations

from tests.helpers import Lint, Messages

from .shared import DL0


def test_dl004_at_the_key_with_a_suggestion(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "app.yaml": """
            infrastructure:
              monitoring:
                cloudwatch:
                  alarms:
                    high_cpu:
                      threshold: 80
                      evaluation_period: 2
            configs: {}
            """
    }
    assert lint(files, *DL0) == [("app.yaml", 7, 11, "DL004"), ("app.yaml", 8, 1, "DL004")]
    messages = sorted(m for _, _, m in lint_messages(files, *DL0))
    assert messages == [
        "unknown key 'configs' in the top level; did you mean 'config'?",
        "unknown key 'evaluation_period' in "
        "infrastructure.monitoring.cloudwatch.alarms.high_cpu; did you mean 'evaluation_periods'?",
    ]
