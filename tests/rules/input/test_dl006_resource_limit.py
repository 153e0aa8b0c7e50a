"""DL006 resource-limit: src/deploylint/rules/input/dl006_resource_limit.py (from test_dl0xx.py)."""

from __future__ import annotations

from tests.helpers import Lint

from .shared import DL0

# --- DL006 resource-limit (small cases; the big ones are in tests/cli/test_hostile.py) ----------


def test_dl006_nesting_too_deep(lint: Lint) -> None:
    files = {"app.yaml": "config:\n  cache: " + "[" * 70 + "]" * 70 + "\n"}
    assert lint(files, *DL0) == [("app.yaml", 2, 72, "DL006")]


def test_dl006_number_too_long_the_rest_still_checked(lint: Lint) -> None:
    files = {
        "app.yaml": "config:\n  cache:\n    max_connections: " + "1" * 70 + "\n    timeout: x\n"
    }
    assert lint(files, *DL0) == [("app.yaml", 3, 22, "DL006"), ("app.yaml", 4, 14, "DL002")]
