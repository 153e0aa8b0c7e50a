"""deploylint.sources.loader on its own: core-schema scalars, positions, tags, merges, limits.

The loader's promise is that it never raises: every input, however broken or hostile,
comes back as data plus problems (DL001/DL002/DL003/DL005/DL006) with positions inside
the text. The hypothesis tests at the end hold it to that on arbitrary bytes and text.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.rules.input import LOADER_RULES as RULE
from deploylint.sources.loader import Document, Limits, LoadResult, Span, load_bytes, load_text


def load(text: str, **limits: int) -> LoadResult:
    return load_text(textwrap.dedent(text).lstrip("\n"), Limits(**limits))


def only(result: LoadResult) -> Document:
    assert len(result.documents) == 1, result
    return result.documents[0]


def rows(result: LoadResult) -> list[tuple[str, int, int]]:
    """(rule, line, column) of each problem, through the one kind -> rule table."""
    return [(RULE[p.kind], p.span[0], p.span[1]) for p in result.problems]


# --- scalars: YAML 1.2 core schema --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", "yes"),  # YAML 1.1 booleans stay strings
        ("No", "No"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
        ("010", 10),  # no YAML 1.1 octal
        ("0o17", 15),
        ("0x1F", 31),
        ("+12", 12),
        ("-0", 0),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("1_000", "1_000"),  # no YAML 1.1 underscores
        ("0b101", "0b101"),
        ("12:30", "12:30"),  # no sexagesimal numbers
        ("2024-01-01", "2024-01-01"),  # timestamps stay text
        ("'12'", "12"),
        ('"true"', "true"),
        ("!!str 12", "12"),
        ("!!int '12'", 12),
        ("!!float 1", 1.0),
        ("! 12", "12"),  # the non-specific tag: a string
        ("!!binary aGk=", "aGk="),
        ("!!timestamp 2024-01-01", "2024-01-01"),
    ],
)
def test_scalars_follow_the_core_schema(text: str, expected: Any) -> None:
    result = load_text(f"value: {text}\n")
    assert result.problems == []
    value = only(result).data["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_nan_is_a_float() -> None:
    value = only(load_text("value: .nan\n")).data["value"]
    assert isinstance(value, float)
    assert math.isnan(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("!!int abc", "'abc' is not a valid !!int"),
        ("!!bool yes", "'yes' is not a valid !!bool"),
        ("!!float x1", "'x1' is not a valid !!float"),
    ],
)
def test_a_core_tag_that_does_not_fit_its_value_is_a_schema_problem(
    text: str, message: str
) -> None:
    result = load_text(f"a: 1\nvalue: {text}\n")
    assert only(result).data == {"a": 1, "value": None}
    assert rows(result) == [("DL002", 2, 8)]
    assert result.problems[0].message == message


# --- positions -----------------------------------------------------------------------


def test_every_key_and_value_has_its_span() -> None:
    doc = only(
        load(
            """
            config:
              application:
                api: {port: 8000, host: "0.0.0.0"}
              hosts:
                - a
                - bb
            """
        )
    )
    assert doc.keys == {
        ("config",): (1, 1, 1, 7),
        ("config", "application"): (2, 3, 2, 14),
        ("config", "application", "api"): (3, 5, 3, 8),
        ("config", "application", "api", "port"): (3, 11, 3, 15),
        ("config", "application", "api", "host"): (3, 23, 3, 27),
        ("config", "hosts"): (4, 3, 4, 8),
    }
    values = doc.values
    assert values[("config", "application", "api", "port")] == (3, 17, 3, 21)
    assert values[("config", "application", "api", "host")] == (3, 29, 3, 38)  # quotes too
    assert values[("config", "application", "api")] == (3, 10, 3, 39)
    assert values[("config", "hosts", 0)] == (5, 7, 5, 8)
    assert values[("config", "hosts", 1)] == (6, 7, 6, 9)
    assert values[("config", "hosts")][:2] == (5, 5)


def test_columns_count_characters_not_bytes() -> None:
    doc = only(load_text("名前: 値\nb: 1\n"))
    assert doc.keys[("名前",)] == (1, 1, 1, 3)
    assert doc.values[("名前",)] == (1, 5, 1, 6)


def test_positions_false_gives_the_same_data_and_problems() -> None:
    text = textwrap.dedent(
        """
        a: &x {p: 1}
        b: *x
        c: &y [*x, *x]
        d: *y
        e: !foo 1
        f: {<<: *x, q: 2}
        """
    )
    full, fast = load_text(text), load_text(text, positions=False)
    assert fast.problems == full.problems
    assert [d.data for d in fast.documents] == [d.data for d in full.documents]
    assert only(full).data["d"] == [{"p": 1}, {"p": 1}]
    assert only(fast).values == {}
    assert only(fast).keys == {}


def test_a_duplicate_key_without_positions_still_names_the_first_one() -> None:
    result = load_text("a: 1\nb: 2\na: 3\n", positions=False)
    assert rows(result) == [("DL003", 3, 1)]
    assert "first defined at line 1, column 1" in result.problems[0].message


# --- duplicate keys -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("timeout: 5\nretry: true\ntimeout: 10\n", ("DL003", 3, 1)),
        ("cache: {timeout: 5, timeout: 10}\n", ("DL003", 1, 21)),
        ('{"timeout": 5, "timeout": 10}\n', ("DL003", 1, 16)),  # JSON too
        ("timeout: 5\n'timeout': 10\n", ("DL003", 2, 1)),  # quoting makes no difference
    ],
)
def test_a_duplicate_key_is_reported_at_its_second_occurrence(
    text: str, row: tuple[str, int, int]
) -> None:
    result = load_text(text)
    assert rows(result) == [row]
    assert "'timeout' appears again" in result.problems[0].message


def test_a_duplicate_keeps_the_first_value_and_its_position() -> None:
    result = load_text("a:\n  x: 1\na:\n  y: 2\n")
    doc = only(result)
    assert doc.data == {"a": {"x": 1}}
    assert doc.keys[("a",)] == (1, 1, 1, 2)
    assert ("a", "y") not in doc.values  # nothing of the duplicate leaks into the map
    assert rows(result) == [("DL003", 3, 1)]


# --- tags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("!!python/object/apply:os.system ['true']", "builds objects"),
        ("!!python/name:os.system", "builds objects"),
        ("!!python/module:os", "builds objects"),
        ("!!python/object/new:str ['x']", "builds objects"),
        ("!foo 1", "is not a YAML core-schema tag"),
        ("!foo {a: 1}", "is not a YAML core-schema tag"),
        ("!foo [1]", "is not a YAML core-schema tag"),
        ("!!set {a}", "is not a YAML core-schema tag"),
        ("!<tag:example.com,2024:x> 1", "is not a YAML core-schema tag"),
    ],
)
def test_a_non_core_tag_is_reported_and_its_value_dropped(value: str, kind: str) -> None:
    result = load_text(f"keep: 1\nvalue: {value}\n")
    assert only(result).data == {"keep": 1, "value": None}
    assert rows(result) == [("DL005", 2, 8)]
    assert kind in result.problems[0].message
    assert "not constructed" in result.problems[0].message


def test_a_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        f"a: !!python/object/apply:os.system ['touch {marker}']\n"
        f"b: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n"
        f"c: !!python/object/new:pathlib.Path ['{marker}']\n"
    )
    result = load_text(text)
    assert not marker.exists()
    assert only(result).data == {"a": None, "b": None, "c": None}
    assert [RULE[p.kind] for p in result.problems] == ["DL005"] * 3


# --- merge keys and anchors -----------------------------------------------------------


def test_a_merge_key_copies_missing_keys_with_the_anchors_positions() -> None:
    doc = only(
        load(
            """
            defaults: &d
              period: 300
              threshold: 80
            cpu:
              <<: *d
              threshold: 90
            """
        )
    )
    assert doc.data["cpu"] == {"threshold": 90, "period": 300}  # explicit keys win
    assert doc.values[("cpu", "period")] == (2, 11, 2, 14)  # the anchor's line
    assert doc.keys[("cpu", "period")] == (2, 3, 2, 9)
    assert doc.values[("cpu", "threshold")] == (6, 14, 6, 16)  # its own line


def test_a_merge_key_takes_a_list_of_anchors_the_first_wins() -> None:
    doc = only(
        load(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              w: 0
            """
        )
    )
    assert doc.data["c"] == {"w": 0, "x": 1, "y": 1, "z": 2}
    assert doc.values[("c", "x")][:2] == (1, 11)
    assert doc.values[("c", "y")][:2] == (1, 17)  # from *a, listed first
    assert doc.values[("c", "z")][:2] == (2, 17)


def test_a_merge_of_a_scalar_is_a_schema_problem() -> None:
    result = load_text("a: &a 1\nb:\n  <<: *a\n  c: 2\n")
    assert only(result).data["b"] == {"c": 2}
    assert rows(result) == [("DL002", 3, 7)]


def test_an_alias_carries_the_anchors_positions() -> None:
    doc = only(load_text("a: &x\n  p: 1\nb: *x\n"))
    assert doc.data["b"] == {"p": 1}
    assert doc.values[("b", "p")] == doc.values[("a", "p")] == (2, 6, 2, 7)


def test_an_undefined_alias_is_a_syntax_problem() -> None:
    result = load_text("a: 1\nb: *nope\n")
    assert rows(result) == [("DL001", 2, 4)]
    assert "*nope" in result.problems[0].message


# --- documents ------------------------------------------------------------------------


def test_each_document_of_a_stream_keeps_its_own_positions() -> None:
    result = load(
        """
        a: 1
        ---
        # the second
        b: 2
        ...
        ---
        c: [3]
        """
    )
    assert [d.data for d in result.documents] == [{"a": 1}, {"b": 2}, {"c": [3]}]
    assert [d.index for d in result.documents] == [0, 1, 2]
    assert result.documents[1].values[("b",)] == (4, 4, 4, 5)
    assert result.documents[2].values[("c", 0)] == (7, 5, 7, 6)


def test_anchors_do_not_cross_documents() -> None:
    result = load_text("a: &x 1\n---\nb: *x\n")
    assert rows(result) == [("DL001", 3, 4)]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "--- # c\n...\n"])
def test_empty_and_comment_only_text_has_no_data_and_no_problem(text: str) -> None:
    result = load_text(text)
    assert result.problems == []
    assert [d.data for d in result.documents] in ([], [None])


@pytest.mark.parametrize(("text", "data"), [("42\n", 42), ("- a\n- b\n", ["a", "b"])])
def test_a_scalar_or_a_list_at_the_top_loads_as_is(text: str, data: Any) -> None:
    result = load_text(text)
    assert result.problems == []
    assert only(result).data == data
    assert only(result).values[()][:2] == (1, 1)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("{[a]: 1, b: 2}\n", (1, 2)),
        ("? {a: 1}\n: 1\nb: 2\n", (1, 3)),
    ],
)
def test_a_complex_key_is_a_schema_problem(text: str, span: tuple[int, int]) -> None:
    result = load_text(text)
    assert only(result).data == {"b": 2}
    assert rows(result) == [("DL002", *span)]


# --- YAML 1.2 flow text at C speed: the mended parse ------------------------------------
#
# libyaml (YAML 1.1) refuses `[https://a.example]`; the loader replaces each colon YAML 1.2
# reads inside a plain scalar by a stand-in of the same length and lets libyaml parse again.
# The semantic tests below run on such text and fail if ruamel's pure-Python parser is used.

URLS = "origins: [https://a.example, 'https://b.example', https://c.example:8443/x?y=1#z]\n"
URL_DATA = ["https://a.example", "https://b.example", "https://c.example:8443/x?y=1#z"]


@pytest.fixture
def c_speed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every use of ruamel's pure-Python parser (the test asserts there is none)."""
    from ruamel.yaml import YAML

    used: list[str] = []
    original = YAML.parse

    def parse(self: Any, stream: Any) -> Any:
        used.append(stream)
        return original(self, stream)

    monkeypatch.setattr(YAML, "parse", parse)
    return used


def test_flow_urls_are_read_by_libyaml_with_their_positions(c_speed: list[str]) -> None:
    result = load_text(URLS)
    assert result.problems == []
    assert only(result).data == {"origins": URL_DATA}
    assert only(result).values[("origins", 0)] == (1, 11, 1, 28)
    assert only(result).values[("origins", 2)] == (1, 51, 1, 81)
    assert result.text == URLS  # suppressions read the text as written
    assert c_speed == []


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (  # YAML 1.2 core schema, in the same flow sequence as a URL
            "v: [https://a, yes, No, on, true, 010, 0o17, 0x1F, 1_000, 1e3, -.inf, ~, null, 12:30]\n",
            {"v": ["https://a", "yes", "No", "on", True, 10, 15, 31, "1_000", 1000.0, -math.inf,
                   None, None, "12:30"]},
        ),
        (  # a colon inside a plain scalar is the scalar's, also in keys and in block context
            "{a:b: c, https://x.example: 1, 'k:1': \"v:2\", t: 10:20:30}\n",
            {"a:b": "c", "https://x.example": 1, "k:1": "v:2", "t": "10:20:30"},
        ),
        (  # a JSON-like key keeps its adjacent value; quoted and block scalars are kept
            'm: {"a":1, b: [https://x]}\nc: |\n  keep: https://y\nd: "[https://z]"\n',
            {"m": {"a": 1, "b": ["https://x"]}, "c": "keep: https://y\n", "d": "[https://z]"},
        ),
        (  # merge keys: explicit keys win; the merged URL lists come along
            "base: &b {url: [https://x.example], n: 1}\nchild: {<<: *b, n: 2}\n",
            {"base": {"url": ["https://x.example"], "n": 1},
             "child": {"n": 2, "url": ["https://x.example"]}},
        ),
    ],
)  # fmt: skip
def test_the_mended_parse_keeps_yaml_1_2_semantics(
    c_speed: list[str], text: str, data: object
) -> None:
    result = load_text(text)
    assert result.problems == []
    assert only(result).data == data
    assert c_speed == []


@pytest.mark.parametrize(
    ("text", "limits", "expected"),
    [
        (URLS + "origins: [https://d.example]\n", {}, [("DL003", 2, 1)]),
        ("a: {x: [https://a], x: 1}\n", {}, [("DL003", 1, 21)]),
        (URLS + "t: !foo [https://x]\n", {}, [("DL005", 2, 4)]),
        (URLS + "t: !!python/object/apply:os.system [https://x]\n", {}, [("DL005", 2, 4)]),
        (URLS + "t: [https://x, !!int 'https://y']\n", {}, [("DL002", 2, 16)]),
        (URLS + "t: [[[https://x]]]\n", {"max_depth": 3}, [("DL006", 2, 6)]),
        (URLS + "t: [https://x, " + "9" * 70 + "]\n", {}, [("DL006", 2, 16)]),
    ],
)
def test_the_mended_parse_reports_what_the_plain_one_would(
    c_speed: list[str], text: str, limits: dict[str, int], expected: list[tuple[str, int, int]]
) -> None:
    result = load_text(text, Limits(**limits))
    assert rows(result) == expected
    for problem in result.problems:
        assert "\ue000" not in problem.message
    if expected[0][0] == "DL005":
        assert "python/object/apply:os.system" in result.problems[0].message or (
            "!foo" in result.problems[0].message
        )
    assert c_speed == []


def test_alias_expansion_is_bounded_in_the_mended_parse(c_speed: list[str]) -> None:
    lines = ["a: &a [https://x, https://x, https://x, https://x, https://x, https://x]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    result = load_text("\n".join(lines) + "\n")
    assert result.documents == []
    assert [RULE[p.kind] for p in result.problems] == ["DL006"]
    assert c_speed == []


def test_a_text_holding_the_stand_in_gets_another_one(c_speed: list[str]) -> None:
    result = load_text("k: \ue000\nv: [https://a]\n")
    assert only(result).data == {"k": "\ue000", "v": ["https://a"]}
    assert c_speed == []


# --- YAML 1.2 where libyaml (YAML 1.1) differs: same-width fixes and extra checks ------


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("- foo:\t bar\n-\tbaz\n", [{"foo": "bar"}, "baz"]),  # a tab separates
        ("a: 1\n\t\nb: 2\n", {"a": 1, "b": 2}),  # a tab on a blank line
        ("\t[a]\n", ["a"]),  # a tab before a top-level flow collection
        ("%YAML 1.3\n---\na: 1\n", {"a": 1}),  # a higher minor version: read as 1.2
        ("# c\n...\na: 1\n", {"a": 1}),  # a document end marker with no document
        ("a: {\n  k # c\n  : v, x: [https://a]}\n", {"a": {"k": "v", "x": ["https://a"]}}),
        ("&a a: &b b\n*b : *a\n", {"a": "b", "b": "a"}),  # anchored and aliased keys
        ("v: [?x, a?b]\n", {"v": ["?x", "a?b"]}),  # '?x' is a plain scalar
        ("k: {-: 1}\n", {"k": {"-": 1}}),
    ],
)
def test_yaml_1_2_text_libyaml_refuses_or_misreads_is_read(text: str, data: Any) -> None:
    result = load_text(text)
    assert result.problems == []
    assert only(result).data == data


def test_a_flow_keys_colon_on_the_next_line_keeps_positions() -> None:
    doc = only(load_text("a: {\n  k  # c\n  : v, x: [https://a]}\n"))
    assert doc.keys[("a", "k")] == (2, 3, 2, 4)
    assert doc.values[("a", "k")] == (3, 5, 3, 6)
    assert doc.keys[("a", "x")] == (3, 8, 3, 9)


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        ('key: "value"# no\n', (1, 13), "a comment needs white space before '#'"),
        ("a: [b, c]#x\n", (1, 10), "a comment needs white space before '#'"),
        ("a: [b,#x\n  ]\n", (1, 7), "a comment needs white space before '#'"),
        ("a: >#x\n  t\n", (1, 5), "a comment needs white space before '#'"),
        ("a: 1\n%YAML 1.2\n---\nb: 2\n", (2, 1), "must follow a document end marker"),
        ("a: [-]\n", (1, 5), "a lone '-' in a flow collection"),
        ("- !!str, x\n", (1, 3), "a tag cannot hold ','"),
        ("a: [b,\nc]\n", (2, 1), "must be indented"),
        ('a: "b\nc"\n', (2, 1), "must be indented"),
        ("-\t- x\n", (1, 2), "cannot start any token"),  # a tab cannot indent a block
    ],
)
def test_yaml_1_2_errors_libyaml_lets_pass_are_syntax_problems(
    text: str, row: tuple[int, int], reason: str
) -> None:
    result = load_text(text)
    assert result.documents == []
    assert rows(result) == [("DL001", *row)]
    assert reason in result.problems[0].message


# --- syntax errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "span"),
    [
        # YAML 1.2 allows ':' inside a plain scalar in a flow collection; libyaml (YAML 1.1)
        # refuses it, so the pure-Python YAML 1.2 parser reads these
        (
            "origins: [https://a.example, https://b.example:8443]\n",
            ["https://a.example", "https://b.example:8443"],
            (1, 30, 1, 52),
        ),
        ("origins: {first: https://a.example}\n", {"first": "https://a.example"}, None),
        # an unknown directive is ignored (YAML 1.2, 6.8)
        ("%FOO bar\n---\norigins: 1\n", 1, (3, 10, 3, 11)),
    ],
)
def test_yaml_1_2_text_that_libyaml_refuses_is_read(
    text: str, data: object, span: tuple[int, int, int, int] | None
) -> None:
    result = load_text(text)
    assert result.problems == []
    assert only(result).data == {"origins": data}
    if span is not None:
        last = ("origins", 1) if isinstance(data, list) else ("origins",)
        assert only(result).values[last] == span


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        ("a: b: c\n", (1, 5), "mapping values are not allowed in this context"),
        ("config:\n\tcache: 1\n", (2, 1), "found character that cannot start any token"),
        ("a:\n  - 1\n b: 2\n", (3, 2), "did not find expected key"),
        ("a: @x\n", (1, 4), "found character that cannot start any token"),
        # at the end of the stream: the end of the last line, not a line past it
        ("config:\n  cache: [1, 2\n", (2, 15), "did not find expected ',' or ']'"),
        ('a: "abc', (1, 8), "found unexpected end of stream"),
        ("{a: 1", (1, 6), "did not find expected ',' or '}'"),
    ],
)
def test_a_syntax_error_carries_the_parsers_position_and_reason(
    text: str, row: tuple[int, int], reason: str
) -> None:
    result = load_text(text)
    assert result.documents == []
    assert rows(result) == [("DL001", *row)]
    assert result.problems[0].message.startswith("YAML syntax error: ")
    assert reason in result.problems[0].message


# --- limits ---------------------------------------------------------------------------


def test_nesting_deeper_than_the_limit_stops_the_parse() -> None:
    text = "a: " + "[" * 10 + "]" * 10 + "\n"
    assert load_text(text, Limits(max_depth=11)).problems == []
    result = load_text(text, Limits(max_depth=10))
    assert result.documents == []
    assert rows(result) == [("DL006", 1, 13)]  # the bracket that goes one level too deep
    assert "nesting deeper than 10 levels" in result.problems[0].message


def test_alias_expansion_counts_against_the_node_limit() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    text = "\n".join(lines) + "\n"  # 10**9 strings once expanded
    for positions in (True, False):
        result = load_text(text, positions=positions)
        assert result.documents == []
        assert [RULE[p.kind] for p in result.problems] == ["DL006"]
        assert "more than 100000 nodes" in result.problems[0].message
        assert result.problems[0].span[0] == 5  # the first alias over the limit


@pytest.mark.parametrize(
    "number", ["9" * 65, "-" + "9" * 64, "0x" + "f" * 63, "0o" + "7" * 63, "1." + "5" * 63]
)
def test_a_number_longer_than_the_limit_is_dropped(number: str) -> None:
    result = load_text(f"a: 1\nb: {number}\n")
    assert only(result).data == {"a": 1, "b": None}
    assert rows(result) == [("DL006", 2, 4)]
    assert f"number with {len(number)} characters" in result.problems[0].message


def test_a_number_at_the_limit_is_kept() -> None:
    assert only(load_text("b: " + "9" * 64 + "\n")).data == {"b": int("9" * 64)}


def test_a_long_quoted_number_stays_a_string() -> None:
    text = "b: '" + "9" * 6000 + "'\n"
    assert only(load_text(text)).data == {"b": "9" * 6000}


def test_bytes_over_the_limit_are_not_parsed() -> None:
    result = load_bytes(b"a: 1\n" * 30, Limits(max_bytes=100))
    assert result.documents == []
    assert rows(result) == [("DL006", 1, 1)]
    assert "150 bytes, over the 100-byte limit" in result.problems[0].message


# --- decoding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "a: 値\n".encode(),
        b"\xef\xbb\xbf" + "a: 値\n".encode(),
        "a: 値\n".encode("utf-16"),  # with its BOM
        b"\xfe\xff" + "a: 値\n".encode("utf-16-be"),
        b"\xff\xfe" + "a: 値\n".encode("utf-16-le"),
        "a: 値\n".encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-16-le", "utf-32"],
)
def test_unicode_encodings_with_a_bom_load_normally(raw: bytes) -> None:
    result = load_bytes(raw)
    assert result.problems == []
    assert only(result).data == {"a": "値"}
    assert only(result).values[("a",)] == (1, 4, 1, 5)
    assert result.text.lstrip("\ufeff") == "a: 値\n"


@pytest.mark.parametrize(
    ("raw", "row", "detail"),
    [
        (b"a: 1\nb: \xff\xfe\n", (2, 4), "byte 0xff at offset 8"),
        (b"a: caf\xe9\n", (1, 7), "not valid UTF-8"),
        ("名前: 値\nb: ".encode() + b"\xe9", (2, 4), "byte 0xe9 at offset 15"),  # characters
        (b"\xef\xbb\xbfa: caf\xe9\n", (1, 7), "byte 0xe9 at offset 9"),  # after a BOM
        (b"\xff\xfea\x00:\x00 \x00\x00\xd8\n\x00", (1, 4), "not valid UTF-16"),  # lone surrogate
    ],
)
def test_undecodable_bytes_are_a_syntax_problem_at_the_byte(
    raw: bytes, row: tuple[int, int], detail: str
) -> None:
    result = load_bytes(raw)
    assert result.documents == []
    assert rows(result) == [("DL001", *row)]
    assert detail in result.problems[0].message


# --- never raises; positions stay inside the text -------------------------------------

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # libyaml's line breaks


def assert_inside(text: str, span: Span) -> None:
    lines = _BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final line break does not start another line
    line, column, end_line, end_column = span
    assert 1 <= line <= max(len(lines), 1), (span, len(lines))
    width = len(lines[line - 1]) if lines else 0
    assert 1 <= column <= width + 1, (span, lines[line - 1 : line])
    assert (end_line, end_column) >= (line, column), span
    assert end_line <= max(len(lines), 1), (span, len(lines))


def assert_well_formed(result: LoadResult) -> None:
    for problem in result.problems:
        assert problem.kind in RULE
        assert problem.message
        assert_inside(result.text, problem.span)
    for doc in result.documents:
        for spans in (doc.values, doc.keys):
            for span in spans.values():
                assert_inside(result.text, span)


# pieces of YAML, joined at random ("|"-separated: a list literal would run to 50 lines)
_PIECES = (
    "a|b|key|:|: | |  |\n|\r\n|\r|\t|-|- |[|]|{|}|,|&x|*x|&y |*y|<<: |!foo |!!str |!!int "
    "|!!python/name:os.system |#|'|\"|>|?|? |---\n|...\n|%YAML 1.2\n|1|0x1F|.inf"
    "|\ufeff|\x85|\u2028|é|値|😀|\x00|\x07|~|@|`|https://a.example|a:b|:8443|\ue000"
)
TOKENS = [*_PIECES.split("|"), "|"]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_load_bytes_never_raises(raw: bytes) -> None:
    result = load_bytes(raw)
    if result.text or not result.problems:
        assert_well_formed(result)
    else:  # not decodable: one problem, inside the raw bytes' lines
        assert rows(result)[0][0] == "DL001"
        assert "not valid" in result.problems[0].message
        lines = raw.split(b"\n")
        line, column = result.problems[0].span[:2]
        assert 1 <= line <= len(lines)
        assert 1 <= column <= len(lines[line - 1]) + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), yamlish))
def test_load_text_never_raises_and_positions_lie_inside_the_text(text: str) -> None:
    result = load_text(text)
    assert_well_formed(result)
    if "\ue000" not in text:  # the stand-in for a mended colon never reaches the data
        assert "\ue000" not in repr([d.data for d in result.documents])
    fast = load_text(text, positions=False)
    assert fast.problems == result.problems
    assert len(fast.documents) == len(result.documents)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish, st.integers(min_value=1, max_value=8), st.integers(min_value=1, max_value=50))
def test_any_limit_ends_in_data_or_a_problem(text: str, depth: int, nodes: int) -> None:
    result = load_text(text, Limits(max_depth=depth, max_nodes=nodes, max_number_digits=2))
    assert_well_formed(result)
    if any(RULE[p.kind] == "DL006" and "levels" in p.message for p in result.problems):
        assert result.documents == []


def test_no_second_look_where_the_parsers_count_lines_differently() -> None:
    # libyaml counts NEL, LS and PS as line breaks, ruamel's YAML 1.2 parser does not: its
    # positions would not match the lines deploylint shows, so libyaml's error stands
    result = load_text(":\x85a")
    assert result.documents == []
    assert [RULE[p.kind] for p in result.problems] == ["DL001"]


def test_a_mended_text_keeps_libyamls_line_model() -> None:
    # mending changes no line break: the flow URLs are read, lines counted as libyaml does
    result = load_text("a: [https://x.example]\u2028b: [https://y.example]\n")
    assert result.problems == []
    assert only(result).data == {"a": ["https://x.example"], "b": ["https://y.example"]}
    assert only(result).values[("b", 0)] == (2, 5, 2, 22)


def test_the_loader_names_kinds_and_one_table_maps_every_kind_to_a_rule() -> None:
    from deploylint.rules import all_rules
    from deploylint.sources.loader import Kind

    assert set(RULE) == set(Kind)
    assert all(rule in all_rules() for rule in RULE.values())
    source = (Path(__file__).parents[2] / "src/deploylint/sources/loader.py").read_text()
    assert re.search(r"\bDL0\d\d\b", source.split('"""', 2)[2]) is None  # no rule IDs


def test_a_syntax_error_after_a_nel_line_break_is_on_the_line_libyaml_counts() -> None:
    # found by the property above: '\x85' is a line break to libyaml, so '>#' is line 2
    result = load_text("\x85>#")
    assert [(p.span[0], p.span[1]) for p in result.problems] == [(2, 2)]
    assert_well_formed(result)
