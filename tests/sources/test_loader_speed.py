"""The loader's fast paths (issue 14 §3) decide exactly what the slow ones did.

The text checks are written for speed (anchored at '#', tried only on the lines that can
match); the patterns they replace are the oracles here. The composer builds plain and
quoted scalars inline, without its per-node call; the data, positions and problems must be
those of the per-node path, which the composer still takes where a ``#`` right after a
node needs its check.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from deploylint.sources import files, loader
from deploylint.sources.loader import load_text

# the patterns before the change (main at 091835d)
OLD_TIGHT_COMMENT = re.compile(r"""(?<=[^\s\[{,:])["']#|[\]}]#|,#|[|>][1-9+-]{0,2}#""")
OLD_FLOW_COLON = loader._FLOW_COLON  # searched at every line start before

# the characters both checks turn on, and some others
ALPHABET = st.sampled_from([*"ab1:?#'\"[]{},|>+-\n\t /.", "\r\n", "://", "- "])
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_tight_comment_check_finds_what_the_old_pattern_found(text: str) -> None:
    """The screen may send more texts to the per-node check (only slower), never fewer."""
    if OLD_TIGHT_COMMENT.search(text) is not None:
        assert loader._TIGHT_COMMENT.search(text) is not None


@pytest.mark.parametrize("text", ["top: ':'#\n", 'a: "b:"#c\n', "- ':'#\n"])
def test_a_comment_right_after_a_quote_ending_in_a_colon_is_refused(text: str) -> None:
    # the old screen skipped a quote whose last character is ':' (it read it as an opening
    # quote after 'key:'), so the text was read although YAML 1.2 refuses it
    problems = load_text(text).problems
    assert [p.message for p in problems] == [
        "YAML syntax error: a comment needs white space before '#'"
    ]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_flow_colon_check_is_the_old_search(text: str) -> None:
    assert loader._flow_colon(text) == (OLD_FLOW_COLON.search(text) is not None)


def test_flow_colon_examples() -> None:
    assert loader._flow_colon("a: [https://x.example]\n")
    assert loader._flow_colon("a:\n  b: {k: [c, d:e]}\n")
    assert loader._flow_colon("x: 1\n- [?q]\n")
    assert not loader._flow_colon("a: ['https://x.example']\n")
    assert not loader._flow_colon("url: https://x.example\n")  # not in a flow collection
    assert not loader._flow_colon("a: [b, c]\nurl: https://x.example\n")


def _tight(text: str) -> loader.LoadResult:
    """``text`` composed by the per-node path (as when a tight '#' is present)."""
    original = loader._TIGHT_COMMENT
    loader._TIGHT_COMMENT = re.compile(r"")  # matches every text: the per-node path
    try:
        return load_text(text)
    finally:
        loader._TIGHT_COMMENT = original


def _same(text: str, first_error_may_differ: bool = False) -> None:
    fast, slow = load_text(text), _tight(text)
    assert [(d.data, d.values, d.keys) for d in fast.documents] == [
        (d.data, d.values, d.keys) for d in slow.documents
    ]
    if first_error_may_differ and fast.problems and slow.problems:
        # a text with several syntax errors: each path is refused, and may name another of
        # them first (the per-node path checks tight comments everywhere)
        assert {p.kind for p in fast.problems} == {p.kind for p in slow.problems}
        return
    assert [(p.kind, p.message, p.span) for p in fast.problems] == [
        (p.kind, p.message, p.span) for p in slow.problems
    ]


def test_inline_scalars_compose_as_nodes() -> None:
    _same(
        "a: 1\nb: 'two'\nc: \"th\n  ree\"\nd: |\n  block\ne: ~\nf: [x, 'y', 0x1F, .inf, yes]\n"
        "g:\n  - - 1\n    - &a 2\n  - *a\n  - !!str 3\nh: {k: v, 'q': -}\n? [c]\n: 1\n"
    )
    _same("a: 1\na: 2\nb: [1, 2\n")  # a duplicate key, then a syntax error
    _same("a: " + "[" * 70 + "]" * 70 + "\n")  # too deep
    _same("- " + ", ".join(["[1, 2]"] * 3) + "\n" + "x: 1\n")  # not YAML: a problem
    _same("a: 'b\nc'\n")  # a quoted scalar's line at column 0


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.one_of(
            st.sampled_from(["1", "-2", "0o7", "1e3", "~", "null", "true", "x", "'q'", '"d"']),
            st.text(alphabet="ab:#' -", max_size=6),
        ),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.dictionaries(st.sampled_from(["k", "v", "w"]), inner, max_size=3).map(
                lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
            ),
        ),
        max_leaves=8,
    )
)
@example(flow="'#")  # two errors: an unindented line inside a quote, '#' right after it
def test_inline_scalars_compose_as_nodes_property(flow: str) -> None:
    _same(f"top: {flow}\nblock:\n  - {flow}\n  - key: {flow}\n", first_error_may_differ=True)


def test_a_file_is_read_once(tmp_path: object) -> None:
    """The bytes discovery read for ``extends`` are the loader's; a changed file is read."""
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    config = tmp_path / "c.yaml"
    config.write_text("extends: base.yaml\nconfig: {}\n", encoding="utf-8")
    files.extends_targets(config)
    opened: list[object] = []
    original = files.os.open

    def counting(path: object, *args: object) -> int:
        opened.append(path)
        return original(path, *args)  # type: ignore[arg-type]

    files.os.open = counting  # type: ignore[assignment]
    try:
        assert files.read_regular(config, 1 << 20) == config.read_bytes()
        assert opened == []  # held from discovery
        files.extends_targets(config)
        config.write_text("extends: other.yaml\nconfig: {a: 1}\n", encoding="utf-8")
        assert files.read_regular(config, 1 << 20) == config.read_bytes()  # changed: read
        assert opened[-1] == config
    finally:
        files.os.open = original
        files.release_held()
