"""DL003 duplicate-key: src/deploylint/rules/input/dl003_duplicate_key.py (from test_dl0xx.py)."""

from __future__ import annotations

from tests.helpers import Lint, Messages

from .shared import DL0


def test_dl003_each_duplicate_at_its_second_key(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "app.yaml": """
            config:
              cache:
                timeout: 5
                timeout: 10
              database: {pool_size: 5, pool_size: 6}
            config:
              search: {}
            """,
        "app.json": '{"config": {"cache": {"timeout": 5}}, "config": {}}\n',  # no conflict
    }
    assert lint(files, *DL0) == [
        ("app.json", 1, 39, "DL003"),
        ("app.yaml", 4, 5, "DL003"),
        ("app.yaml", 5, 28, "DL003"),
        ("app.yaml", 6, 1, "DL003"),
    ]
    messages = [m for r, _, m in lint_messages(files, *DL0)]
    assert "key 'timeout' appears again; first defined at line 3, column 5" in messages[1]


def test_dl003_the_duplicate_is_not_merged_in(lint: Lint) -> None:
    # the second `cache` would add an unknown key; it is dropped, not merged
    files = {"app.yaml": "config:\n  cache: {timeout: 5}\n  cache: {bogus: 1}\n"}
    assert lint(files, *DL0) == [("app.yaml", 3, 3, "DL003")]
