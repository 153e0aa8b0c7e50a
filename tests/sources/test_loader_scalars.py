"""Plain scalars resolve as the YAML 1.2 core schema says (10.3.2), fast paths included.

The composer reads a plain word whose first character no number has without the number
patterns, and ASCII digits without them too; this pins both against the schema's own
table, written here independently.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from deploylint.sources.loader import load_text

_CORE = [
    (re.compile(r"null|Null|NULL|~|"), lambda t: None),
    (re.compile(r"true|True|TRUE"), lambda t: True),
    (re.compile(r"false|False|FALSE"), lambda t: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda t: int(t[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda t: int(t[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)"), lambda t: -math.inf if t[0] == "-" else math.inf),
    (re.compile(r"\.(nan|NaN|NAN)"), lambda t: math.nan),
]


def _core(text: str) -> Any:
    for pattern, value in _CORE:
        if pattern.fullmatch(text):
            return value(text)
    return text


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-.eEoxXaAfFnNtTrRuUlLsSiI_~٣²", min_size=1, max_size=12))
@example("0123")
@example("1²")
@example("٣")
@example("1_000")
@example("null")
@example("nullx")
@example("True")
@example("fALSE")
@example("~x")
@example(".NaN")
@example("-.inf")
@example("0o17")
@example("0x1F")
def test_plain_scalars_resolve_by_the_core_schema(text: str) -> None:
    result = load_text(f"k: {text}\nv: [{text}]\n{text}: 1\n")
    if result.problems:
        return  # not a plain scalar there (a lone '-', an indicator): another test's
    data = result.documents[0].data
    expected = _core(text)
    assert _same(data["k"], expected)
    assert _same(data["v"][0], expected)
    key = "" if expected is None else expected  # a null key reads as ''
    assert any(_same(k, key) for k in data if k not in ("k", "v") or text in ("k", "v"))
