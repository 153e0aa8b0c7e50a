"""DL301-DL310: application config (guide 5.1).

The tests naming no single rule of the section (from test_dl3xx_config.py).
"""

from __future__ import annotations

from tests.helpers import EXAMPLES, Messages

# --- the guide ------------------------------------------------------------------------


def test_guide_config_findings(lint_messages: Messages) -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in (EXAMPLES / "guide").glob("*.yaml")}
    found = lint_messages(files, "--select", "DL3")
    assert sorted((r, s) for r, s, _ in found) == [
        ("DL301", "warning"),
        ("DL301", "warning"),
        ("DL302", "error"),
        ("DL302", "warning"),
        ("DL307", "warning"),
    ]
