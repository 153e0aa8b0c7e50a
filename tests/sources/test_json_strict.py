"""A ``.json`` file is JSON (RFC 8259): what a YAML parser would quietly accept is DL001.

Through the real CLI: each construct that is not JSON is one DL001 at its position, the
same text in a ``.yaml`` file is read as YAML, and findings in valid JSON point at the
line to edit. At the loader: strict JSON accepts exactly what Python's ``json`` accepts
(less ``NaN``/``Infinity``) and yields the same data.
"""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.rules.input import LOADER_RULES
from deploylint.sources.loader import Limits, load_bytes, load_json
from tests.helpers import Lint, Messages

API = '{\n  "config": {\n    "application": {\n      "api": {"port": 8000, "workers": 4}\n'


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        ('{\n  // the API\n  "config": {}\n}\n', (2, 3), "comments are not JSON"),
        ('{\n  "config": {} /* note */\n}\n', (2, 16), "comments are not JSON"),
        ('{\n  "config": {}  # note\n}\n', (2, 17), "comments are not JSON"),
        (API + "    },\n  },\n}\n", (5, 6), "a trailing comma is not JSON"),
        ('{"config": {"security": {"cors": {"allowed_methods": ["GET", ]}}}}\n', (1, 60),
         "a trailing comma is not JSON"),
        ("{\n  'config': {}\n}\n", (2, 3), "single-quoted strings are not JSON"),
        ('{"config": {"application": {"api": {"host": \'0.0.0.0\'}}}}\n', (1, 45),
         "single-quoted strings are not JSON"),
        ('{\n  config: {}\n}\n', (2, 3), "an unquoted key is not JSON"),
        ('{"config": {"application": {"api": {port: 8000}}}}\n', (1, 37),
         "an unquoted key is not JSON"),
        ('{"config": {"application": {"api": {"port": 0x1F40}}}}\n', (1, 45),
         "'0x' is not a JSON value"),
        ('{"config": {"application": {"api": {"timeout": NaN}}}}\n', (1, 48),
         "'NaN' is not a JSON value"),
        ('{"config": {"security": {"cors": {"allowed_origins": [https://a.example]}}}}\n',
         (1, 55), "'https' is not a JSON value"),
        ('{"config": {}}\n{"monitoring": {}}\n', (2, 1), "holds one value; more text follows"),
        ('{"config": {"application": {"api": {"host": "a\tb"}}}}\n', (1, 47),
         "control character"),
        ("config:\n  application: {}\n", (1, 1), "'config' is not a JSON value"),
    ],
)  # fmt: skip
def test_what_is_not_json_is_dl001_at_its_position(
    lint_messages: Messages,
    lint: Lint,
    tmp_path: Path,
    text: str,
    row: tuple[int, int],
    reason: str,
) -> None:
    assert lint({"app.json": text}, "--select", "DL0") == [("app.json", *row, "DL001")]
    [(rule, severity, message)] = lint_messages({}, "--select", "DL0")
    assert (rule, severity) == ("DL001", "error")
    assert message.startswith("JSON syntax error: ")
    assert reason in message


def test_the_same_text_in_a_yaml_file_is_yaml(lint: Lint) -> None:
    text = '{\n  "config": {"application": {"api": {"port": 8000,}}},  # YAML allows both\n}\n'
    assert lint({"app.yaml": text}, "--select", "DL0") == []


def test_findings_in_a_json_file_point_at_the_line_to_edit(lint: Lint) -> None:
    text = textwrap.dedent(
        """
        {
          "infrastructure": {
            "network": {
              "security": {
                "groups": {
                  "rds": {"inbound": [{"port": 5432, "source": "0.0.0.0/0"}]}
                }
              }
            }
          },
          "config": {"application": {"api": {"port": "eight", "workers": 4}}},
          "monitoring": {"logs": {"retention": {"error": 365}}, "logs": {}}
        }
        """
    )
    rows = lint({"app.json": text}, "--select", "DL002,DL003,DL205")
    assert rows == [
        ("app.json", 6, 56, "DL205"),  # the source of the open rule
        ("app.json", 11, 46, "DL002"),  # the value "eight"
        ("app.json", 12, 57, "DL003"),  # the second "logs"
    ]


def test_a_valid_json_config_set_has_no_input_findings(lint: Lint) -> None:
    files = {
        "base.json": '{"config": {"application": {"api": {"port": 8000, "timeout": 60}}}}\n',
        "production/app.json": (
            '{"environment": "production", "extends": "../base.json",\n'
            ' "config": {"application": {"api": {"workers": 4}}}}\n'
        ),
    }
    assert lint(files, "--select", "DL001,DL002,DL003,DL005,DL006") == []


# --- the loader: exactly JSON --------------------------------------------------------


def test_positions_of_keys_and_values_in_json() -> None:
    result = load_json('{\n  "a": {"b": [1,\n   "x"]}\n}\n')
    [doc] = result.documents
    assert result.problems == []
    assert doc.keys[("a",)] == (2, 3, 2, 6)
    assert doc.keys[("a", "b")] == (2, 9, 2, 12)
    assert doc.values[("a", "b", 0)] == (2, 15, 2, 16)
    assert doc.values[("a", "b", 1)] == (3, 4, 3, 7)
    assert doc.values[("a", "b")] == (2, 14, 3, 8)


def test_json_scalars_mean_what_json_means() -> None:
    text = '[0, -0, 12, -1.5, 1e3, 2E-2, true, false, null, "yes", "1_000", "", "\\u00e9\\n"]'
    [doc] = load_json(text).documents
    assert doc.data == [0, 0, 12, -1.5, 1000.0, 0.02, True, False, None, "yes", "1_000", "", "é\n"]
    assert [type(v) for v in doc.data[:6]] == [int, int, int, float, float, float]


def test_limits_hold_for_json() -> None:
    deep = load_json("[" * 100_000 + "]" * 100_000)
    assert [(LOADER_RULES[p.kind], p.span[:2]) for p in deep.problems] == [("DL006", (1, 65))]
    wide = load_json("[" + ", ".join(["1"] * 60) + "]", Limits(max_nodes=50))
    assert [LOADER_RULES[p.kind] for p in wide.problems] == ["DL006"]
    long = load_json('{"n": ' + "9" * 70 + "}")
    assert [LOADER_RULES[p.kind] for p in long.problems] == ["DL006"]
    big = load_bytes(b'{"a": "' + b"x" * 2_000_000 + b'"}', json=True)
    assert [LOADER_RULES[p.kind] for p in big.problems] == ["DL006"]


def test_a_bom_and_an_unpaired_surrogate() -> None:
    assert load_bytes(b'\xef\xbb\xbf{"a": 1}', json=True).documents[0].data == {"a": 1}
    result = load_json('{"a": "\\ud800"}')
    assert [LOADER_RULES[p.kind] for p in result.problems] == ["DL001"]
    assert "surrogate" in result.problems[0].message


def python_json(text: str) -> Any:
    """What Python's json module reads, or a marker when it refuses (or reads NaN/Infinity,
    which RFC 8259 does not allow)."""

    def refuse(name: str) -> Any:
        raise ValueError(name)

    try:
        return json.loads(text, parse_constant=refuse)
    except (ValueError, RecursionError):
        return REFUSED


REFUSED = object()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([None, 0, 2, "\t"]), st.booleans())
def test_valid_json_loads_to_what_python_reads(value: Any, indent: Any, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    result = load_json(text)
    assert result.problems == []
    [doc] = result.documents
    assert doc.data == json.loads(text)


_PIECES = [
    "{", "}", "[", "]", ",", ":", " ", "\n", "\t", '"a"', '"b"', '""', '"\\n"', '"\\x"', "'a'",
    "1", "-0", "01", "1.5", "1.", ".5", "1e5", "-", "+1", "true", "false", "null", "True",
    "NaN", "a", "//", "/*", "*/", "#", '"\\ud83d\\ude00"',
]  # fmt: skip


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_strict_json_accepts_exactly_what_json_accepts(text: str) -> None:
    expected = python_json(text)
    result = load_json(text)
    rules = [LOADER_RULES[p.kind] for p in result.problems]
    if expected is REFUSED:
        assert rules == ["DL001"], text
        assert result.documents == []
    elif "DL003" in rules:  # a duplicate key: reported, the first value kept
        assert rules == ["DL003"] * len(rules)
    else:
        assert rules == [], text
        [doc] = result.documents
        assert doc.data == expected or (
            isinstance(expected, float) and math.isnan(expected)  # pragma: no cover
        )
