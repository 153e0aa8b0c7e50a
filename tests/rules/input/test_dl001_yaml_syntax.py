"""DL001 yaml-syntax: src/deploylint/rules/input/dl001_yaml_syntax.py (from test_dl0xx.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages

from .shared import DL0


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        ("a: b: c\n", (1, 5), "mapping values are not allowed in this context"),
        ("config:\n\tcache: {}\n", (2, 1), "found character that cannot start any token"),
        (
            "config:\n  cache:\n    timeout: 5\n   retry_on_timeout: true\n",
            (4, 4),
            "did not find expected key",
        ),
        ("config:\n  cache: [1, 2\n", (2, 15), "did not find expected ',' or ']'"),
        ('config: "open\n', (1, 14), "found unexpected end of stream"),
        ("config: *nowhere\n", (1, 9), "alias *nowhere names no anchor"),
    ],
)
def test_dl001_syntax_error_at_the_parsers_position_with_its_reason(
    lint: Lint, lint_messages: Messages, text: str, row: tuple[int, int], reason: str
) -> None:
    assert lint({"app.yaml": text}, *DL0) == [("app.yaml", *row, "DL001")]
    [(rule, severity, message)] = lint_messages({}, *DL0)
    assert (rule, severity) == ("DL001", "error")
    assert reason in message


def test_dl001_invalid_utf8_points_at_the_byte(tmp_path: Path, lint: Lint) -> None:
    (tmp_path / "app.yaml").write_bytes("config:\n  名前: caf".encode() + b"\xe9\n")
    assert lint({}, *DL0) == [("app.yaml", 2, 10, "DL001")]


def test_dl001_one_broken_file_does_not_stop_the_others(lint: Lint) -> None:
    rows = lint(
        {
            "a.yaml": "config: [\n",
            "b.yaml": "config:\n  cache: {timeout: soon}\n",
            "c/d.yaml": "config:\n  cache: {timeout: 1, timeout: 2}\n",
        },
        *DL0,
    )
    assert rows == [
        ("a.yaml", 1, 10, "DL001"),
        ("b.yaml", 2, 20, "DL002"),
        ("c/d.yaml", 2, 23, "DL003"),
    ]
