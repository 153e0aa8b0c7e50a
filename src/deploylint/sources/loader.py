"""A safe YAML/JSON loader that keeps every key's and value's position.

The parse path is libyaml's event parser (through ``ruamel.yaml.clib``), composed here in
Python straight into plain data plus a position map, with YAML 1.2 core-schema scalars
(``yes``/``no`` stay strings). Nothing is ever constructed from a tag: a tag outside the
YAML core schema is reported (an unsafe-tag problem) and its value dropped. Size, nesting
depth, node count (with alias expansion) and number length are bounded while the events
stream in, so a hostile file ends in a resource-limit problem before anything large is
built. Problems carry a :class:`Kind`; which rule reports a kind is decided elsewhere.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Any

from _ruamel_yaml import CParser
from ruamel.yaml import events as ev

from deploylint.i18n import N_, msg
from deploylint.model.location import Path
from deploylint.model.problems import Kind as Kind  # re-exported (the old import path)
from deploylint.sources import events as fast_events

Span = tuple[int, int, int, int]  # 1-based line, column, end line, end column (exclusive)


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 100_000
    max_number_digits: int = 64


@dataclass(slots=True)
class Problem:
    """A loader-level finding, before the engine turns it into a Finding."""

    kind: Kind
    message: str
    span: Span


@dataclass(slots=True)
class Document:
    """One YAML document: plain data, and where each path's value and key sit."""

    data: Any
    values: dict[Path, Span] = field(default_factory=dict)
    keys: dict[Path, Span] = field(default_factory=dict)
    index: int = 0


@dataclass(slots=True)
class LoadResult:
    documents: list[Document]
    problems: list[Problem]
    text: str = ""


class _Parser(CParser):  # type: ignore[misc]
    """libyaml's event parser; resolution is done here, not by ruamel's resolver."""

    def descend_resolver(self, *args: object) -> None:  # pragma: no cover - unused hook
        return None

    def ascend_resolver(self, *args: object) -> None:  # pragma: no cover - unused hook
        return None

    def resolve(self, *args: object) -> None:  # pragma: no cover - unused hook
        return None


_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
_intern = sys.intern
_MAYBE_NOT_STR = frozenset("0123456789+-.~nNtTfF")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_WORD_HEADS = frozenset("nNtTfF~")  # of _MAYBE_NOT_STR, the first characters of no number
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
# Tags that only say what the core schema would say anyway; their value is kept as data.
_PLAIN_TAGS = frozenset(
    _CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
)


_Scalar = fast_events.ScalarEvent
_Alias = ev.AliasEvent
_SequenceStart = fast_events.SequenceStartEvent
_SequenceEnd = ev.SequenceEndEvent
_MappingEnd = ev.MappingEndEvent


class _Abort(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _span(event: Any, end: Any = None) -> Span:
    s = event.start_mark
    e = (end or event).end_mark
    return (s.line + 1, s.column + 1, e.line + 1, e.column + 1)


class _Composer:
    """Builds data and positions from the event stream, enforcing the limits as it goes."""

    def __init__(
        self,
        text: str,
        limits: Limits,
        positions: bool = True,
        pure: bool = False,
        restore: dict[int, str] | None = None,
        events: Iterator[Any] | None = None,
    ) -> None:
        self.positions = positions
        self.limits = limits
        self.problems: list[Problem] = []
        self.nodes = 0
        self.depth = 0
        self.anchors: dict[str, tuple[Any, dict[Path, Span], dict[Path, Span], int]] = {}
        self.doc: Document = Document(None)
        self.text = text
        self.flow = 0  # 1 inside a flow collection
        # YAML 1.2 wants white space before a comment; libyaml does not check. Only texts
        # where a node may end right before a '#' pay for the check.
        self.tight = events is None and _TIGHT_COMMENT.search(text) is not None
        if events is not None:  # another source of events: strict JSON
            self.next = events.__next__
        elif pure:  # ruamel's YAML 1.2 parser in Python: slower, used only where libyaml fails
            from ruamel.yaml import YAML

            self.next = fast_events.ours(iter(YAML(typ="safe", pure=True).parse(text)).__next__)
        else:
            self.next = _Parser(text).get_event
            if not fast_events.INSTALLED:
                self.next = fast_events.ours(self.next)
        if restore is not None:  # the text was mended: give the scalars their characters back
            self.next = _restoring(self.next, restore)

    def documents(self) -> list[Document]:
        docs: list[Document] = []
        ended = True  # the previous document ended with '...'
        event = self.next()  # StreamStart
        while True:
            event = self.next()
            if event is None or isinstance(event, ev.StreamEndEvent):
                return docs
            if isinstance(event, ev.DocumentStartEvent):
                if getattr(event, "version", None) or getattr(event, "tags", None):
                    self.directives(event, bool(docs) and not ended)
                self.doc = Document(None, index=len(docs))
                self.anchors = {}
                self.doc.data = self.node((), self.next())
                ended = bool(getattr(self.next(), "explicit", False))  # DocumentEnd
                docs.append(self.doc)

    def directives(self, event: Any, open_before: bool) -> None:
        """What libyaml lets pass around directives and YAML 1.2 does not."""
        if open_before:
            self.syntax(msg("a directive must follow a document end marker ('...')"), event)
        if _DIRECTIVE_COMMENT.search(self.text):
            self.syntax(msg("a comment needs white space before '#'"), event)

    def syntax(self, reason: str, event: Any, at: Any = None) -> None:
        mark = at or event.start_mark
        span = (mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)
        raise _Abort(Problem(Kind.SYNTAX, msg("YAML syntax error: {reason}", reason=reason), span))

    def indented(self, event: Any, end: Any) -> None:
        """A flow collection or quoted scalar inside a block node continues on lines
        indented more than none (YAML 1.2, 7.1); libyaml also takes column 0."""
        start, stop = event.start_mark.index, end.end_mark.index
        if event.start_mark.line != end.end_mark.line:
            found = _UNINDENTED.search(self.text, start, stop)
            if found is not None:
                line, _col = _position(self.text, found.start())  # the break's own line
                span = (line + 1, 1, line + 1, 2)
                reason = msg("a line inside a flow collection or quoted scalar must be indented")
                raise _Abort(
                    Problem(Kind.SYNTAX, msg("YAML syntax error: {reason}", reason=reason), span)
                )

    def tight_comment(self, event: Any, mark: Any) -> None:
        """A '#' right after a node (``"a"#``, ``]#``, ``a,#``, ``>#``) is not a comment."""
        text, i = self.text, mark.index
        if type(event) is _Scalar and event.style in ("|", ">"):
            header = _BLOCK_HEADER.match(text, event.start_mark.index)
            i = header.end() if header else i
        elif text[i : i + 1] == ",":
            i += 1
        if text[i : i + 1] == "#":
            line, column = _position(text, i)  # only for this rare error
            span = (line, column, line, column + 1)
            raise _Abort(
                Problem(
                    Kind.SYNTAX,
                    msg("YAML syntax error: a comment needs white space before '#'"),
                    span,
                )
            )

    def count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > self.limits.max_nodes:
            raise _Abort(
                Problem(
                    Kind.RESOURCE_LIMIT,
                    msg(
                        "document expands to more than {max_nodes} nodes (aliases included); refusing to build it",
                        max_nodes=self.limits.max_nodes,
                    ),
                    _span(event),
                )
            )

    def node(self, path: Path, event: Any) -> Any:
        cls = type(event)
        if cls is _Alias:
            return self.alias(path, event)
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.count(0, event)  # raises
        start = self.nodes
        anchor = event.anchor
        values = self.doc.values
        marks = (len(values), len(self.doc.keys)) if anchor is not None else (0, 0)
        if cls is _Scalar:
            text = event.value
            if event.tag is not None:
                value = self.scalar(event)
            elif event.style:  # quoted or block scalar without a tag: a string
                value = text
            elif text and text[0] not in _MAYBE_NOT_STR:
                value = _intern(text) if len(text) < 40 else text  # the common case: a word
            else:
                value = self.plain(text, event)
            if self.positions:
                s, e = event.start_mark, event.end_mark
                values[path] = (s.line + 1, s.column + 1, e.line + 1, e.column + 1)
            if self.tight:
                self.tight_comment(event, event.end_mark)
            if event.style in _QUOTES and path and not self.flow:
                self.indented(event, event)
        else:
            self.depth += 1
            if self.depth > self.limits.max_depth:
                raise _Abort(
                    Problem(
                        Kind.RESOURCE_LIMIT,
                        msg(
                            "nesting deeper than {max_depth} levels",
                            max_depth=self.limits.max_depth,
                        ),
                        _span(event),
                    )
                )
            outermost_flow = event.flow_style and not self.flow
            self.flow += outermost_flow
            if cls is _SequenceStart:
                value, end = self.sequence(path)
            else:
                value, end = self.mapping(path)
            self.flow -= outermost_flow
            if outermost_flow and path:
                self.indented(event, end)
            self.depth -= 1
            if self.positions:
                values[path] = _span(event, end)
            if self.tight:
                self.tight_comment(end, end.end_mark)
            if event.tag is not None and not self.known_tag(event):
                value = None
        if anchor is not None:
            self.remember(anchor, path, value, self.nodes - start + 1, marks)
        return value

    def remember(
        self, anchor: str, path: Path, value: Any, size: int, marks: tuple[int, int]
    ) -> None:
        """Keep an anchored node with its spans relative to it (read off in insertion order)."""
        n = len(path)
        vals = {p[n:]: s for p, s in islice(self.doc.values.items(), marks[0], None)}
        keys = {p[n:]: s for p, s in islice(self.doc.keys.items(), marks[1], None)}
        self.anchors[anchor] = (value, vals, keys, size)

    def alias(self, path: Path, event: Any) -> Any:
        found = self.anchors.get(event.anchor)
        if found is None:  # libyaml reports undefined aliases itself; be safe anyway
            self.problems.append(
                Problem(
                    Kind.SYNTAX,
                    msg("alias *{anchor} names no anchor", anchor=event.anchor),
                    _span(event),
                )
            )
            return None
        value, vals, keys, size = found
        self.count(size, event)
        if not self.positions:  # no position maps: an alias must not start one
            return value
        for rel, s in vals.items():
            self.doc.values[path + rel] = s
        for rel, s in keys.items():
            self.doc.keys[path + rel] = s
        self.doc.values[path] = vals.get(()) or _span(event)
        return value

    def known_tag(self, event: Any, collection: bool = False) -> bool:
        tag = event.tag
        if tag is None or tag == "!" or tag in _PLAIN_TAGS:
            return True
        short = tag[len(_CORE) :] if tag.startswith(_CORE) else tag if tag[0] == "!" else ""
        if _BAD_TAG.search(short):  # libyaml lets '!!str,' pass
            self.syntax(
                msg("a tag cannot hold ',', '[', ']', '{{' or '}}': {tag}", tag=tag[:80]), event
            )
        shown = tag.replace(_CORE, "!!")
        kind = msg("builds objects") if "python/" in tag else msg("is not a YAML core-schema tag")
        self.problems.append(
            Problem(
                Kind.UNSAFE_TAG,
                msg(
                    "tag {shown} {kind}; the value was not constructed and is ignored",
                    shown=shown[:80],
                    kind=kind,
                ),
                _span(event),
            )
        )
        return False

    def scalar(self, event: Any) -> Any:
        text: str = event.value
        if not self.known_tag(event):
            return None
        tag = event.tag
        if tag is None:
            if event.style:  # quoted or block scalar without a tag: a string
                return text
            return self.plain(text, event)
        if tag == "!" or tag in (_CORE + "str", _CORE + "timestamp", _CORE + "binary"):
            return text
        return self.plain(text, event, forced=tag[len(_CORE) :])

    def plain(self, text: str, event: Any, forced: str | None = None) -> Any:
        if forced is None and text and text[0] not in _MAYBE_NOT_STR:
            return text  # the common case: a plain word
        if forced is None and text[:1] in _WORD_HEADS:  # no number starts with these
            if text in _NULLS:
                return None
            return True if text in _TRUE else False if text in _FALSE else text
        if text == "-" and forced is None and self.text[event.end_mark.index :][:1] != ":":
            self.syntax(msg("a lone '-' in a flow collection is not a value; quote it"), event)
        if forced in (None, "null") and text in _NULLS:
            return None
        if forced in (None, "bool"):
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        if forced in (None, "int", "float"):
            number = self.number(text, event, forced)
            if number is not _BAD:
                return number
        if forced not in (None, "str"):
            self.problems.append(
                Problem(
                    Kind.TYPE,
                    msg("{text} is not a valid !!{forced}", text=repr(text[:40]), forced=forced),
                    _span(event),
                )
            )
            return None
        return text

    def number(self, text: str, event: Any, forced: str | None) -> Any:
        if (
            forced != "float"
            and text.isascii()
            and text.isdigit()
            and len(text) <= self.limits.max_number_digits
        ):  # the common case, ASCII digits: what _FLOAT and _INT match below, without them
            return int(text)
        if len(text) > self.limits.max_number_digits and (
            _FLOAT.match(text) or (forced != "float" and (_OCT.match(text) or _HEX.match(text)))
        ):  # hex and octal too: rules print numbers, and Python refuses > 4300 digits
            self.problems.append(
                Problem(
                    Kind.RESOURCE_LIMIT,
                    msg(
                        "number with {count:,} characters is longer than the {max_number_digits}-character limit; ignored",
                        count=len(text),
                        max_number_digits=self.limits.max_number_digits,
                    ),
                    _span(event),
                )
            )
            return None
        if _FLOAT.match(text):
            if forced != "float" and _INT.match(text):
                return int(text)
            return float(text)
        if forced != "float":
            if _OCT.match(text):
                return int(text[2:], 8)
            if _HEX.match(text):
                return int(text[2:], 16)
        if _INF.match(text):
            return -math.inf if text.startswith("-") else math.inf
        if _NAN.match(text):
            return math.nan
        return _BAD

    def sequence(self, path: Path) -> tuple[list[Any], Any]:
        items: list[Any] = []
        next_event = self.next
        values = self.doc.values
        positions, fast = self.positions, not self.tight
        while True:
            event = next_event()
            cls = type(event)
            if cls is _SequenceEnd:
                return items, event
            if cls is _Scalar and fast and event.ctag is None and event.anchor is None:
                # what node() does for an untagged scalar, without a call per item
                self.nodes += 1
                if self.nodes > self.limits.max_nodes:
                    self.count(0, event)  # raises
                text, style = event.value, event.style
                s, e = event.start_mark, event.end_mark
                if style:  # quoted or block scalar: a string
                    value = text
                    if style in _QUOTES and not self.flow and s.line != e.line:
                        self.indented(event, event)
                elif text and text[0] not in _MAYBE_NOT_STR:
                    value = _intern(text) if len(text) < 40 else text
                else:
                    value = self.plain(text, event)
                if positions:
                    values[(*path, len(items))] = (
                        s.line + 1,
                        s.column + 1,
                        e.line + 1,
                        e.column + 1,
                    )
                items.append(value)
                continue
            items.append(self.node((*path, len(items)), event))

    def mapping(self, path: Path) -> tuple[dict[Any, Any], Any]:
        result: dict[Any, Any] = {}
        merges: list[tuple[Any, Document, Any]] = []
        keys, values = self.doc.keys, self.doc.values
        next_event = self.next
        positions, fast = self.positions, not self.tight
        while True:
            event = next_event()
            cls = type(event)
            if cls is _MappingEnd:
                break
            if cls is _Scalar and event.ctag is None and not event.style and event.anchor is None:
                key = _intern(event.value)  # keys repeat in every file: share them
                if key == "<<":
                    merges.append(self.merge_source(next_event()))
                    continue
                if not key or key[0] in _MAYBE_NOT_STR:
                    key = self.plain(key, event)
                    key = "" if key is None else key
            else:
                key = self.key(path, event)
                if key is _BAD:
                    self.node((*path, _DUPLICATE), next_event())
                    continue
            child = (*path, key)
            if key in result:
                key_span = _span(event)
                first = keys.get(child, (0, 0))
                self.problems.append(
                    Problem(
                        Kind.DUPLICATE_KEY,
                        msg(
                            "key {show} appears again; first defined at line {first}, column {first2} (YAML loaders silently keep only one)",
                            show=_show(key),
                            first=first[0],
                            first2=first[1],
                        ),
                        key_span,
                    )
                )
                self.node((*path, _DUPLICATE), next_event())
                continue
            if positions:
                s, e = event.start_mark, event.end_mark
                keys[child] = (s.line + 1, s.column + 1, e.line + 1, e.column + 1)
            event = next_event()
            if type(event) is _Scalar and fast and event.ctag is None and event.anchor is None:
                # what node() does for an untagged scalar, without a call per value
                self.nodes += 1
                if self.nodes > self.limits.max_nodes:
                    self.count(0, event)  # raises
                text, style = event.value, event.style
                s, e = event.start_mark, event.end_mark
                if style:  # quoted or block scalar: a string
                    value = text
                    if style in _QUOTES and not self.flow and s.line != e.line:
                        self.indented(event, event)
                elif text and text[0] not in _MAYBE_NOT_STR:
                    value = _intern(text) if len(text) < 40 else text
                else:
                    value = self.plain(text, event)
                if positions:
                    values[child] = (s.line + 1, s.column + 1, e.line + 1, e.column + 1)
                result[key] = value
            else:
                result[key] = self.node(child, event)
        for merged, spans, merge_event in merges:
            self.merge(path, result, merged, spans, merge_event)
        return result, event

    def merge_source(self, event: Any) -> tuple[Any, Document, Any]:
        """Build a ``<<`` value with its spans kept apart, relative to the value itself."""
        outer, self.doc = self.doc, Document(None)
        try:
            return self.node((), event), self.doc, event
        finally:
            self.doc = outer

    def merge(
        self, path: Path, target: dict[Any, Any], merged: Any, spans: Document, event: Any
    ) -> None:
        listed = isinstance(merged, list)
        for i, source in enumerate(merged if listed else [merged]):
            if not isinstance(source, dict):
                self.problems.append(
                    Problem(
                        Kind.TYPE,
                        msg("a merge key (<<) takes a mapping or a list of mappings"),
                        _span(event),
                    )
                )
                return
            prefix: Path = (i,) if listed else ()
            added = {k for k in source if k not in target}  # explicit keys win
            for key in added:
                target[key] = source[key]
            n = len(prefix)
            for src, dst in ((spans.values, self.doc.values), (spans.keys, self.doc.keys)):
                for p, s in src.items():
                    if len(p) > n and p[:n] == prefix and p[n] in added:
                        dst[path + p[n:]] = s

    def key(self, path: Path, event: Any) -> Any:
        if type(event) is _Scalar:
            value = (
                self.scalar(event) if event.tag or event.style else self.plain(event.value, event)
            )
            if event.anchor is not None:  # a key's anchor: an alias may name it (as a key too)
                self.anchors[event.anchor] = (value, {}, {}, 1)
            if value is None or isinstance(value, (str, int, float, bool)):
                return "" if value is None else value
        if type(event) is _Alias and event.anchor in self.anchors:
            value = self.anchors[event.anchor][0]
            if value is None or isinstance(value, (str, int, float, bool)):
                self.count(1, event)
                return "" if value is None else value
        # A complex (mapping or sequence) key: build it to keep the stream in step, then drop.
        self.node((*path, "?"), event)
        self.problems.append(
            Problem(Kind.TYPE, msg("a mapping key must be a plain scalar"), _span(event))
        )
        return _BAD


_BAD = object()
_QUOTES = ("'", '"')
_UNINDENTED = re.compile(r"\n\t*[^ \t\r\n]")
# '#' right after a quote (after a node's character), ']', '}', ',' or a block header:
# anchored at the '#' (lookbehinds), so a text costs one scan for '#', not a try of four
# alternatives at every character (100x faster on a 6 KB config)
_TIGHT_COMMENT = re.compile(
    r"""#(?:(?<=[^\s\[{,]["']#)|(?<=[\]},|>]#)|(?<=[|>][1-9+-]#)|(?<=[|>][1-9+-]{2}#))"""
)
_DIRECTIVE_COMMENT = re.compile(r"(?m)^%[^\n#]*[^\s#]#")
_BLOCK_HEADER = re.compile(r"[|>][1-9+-]{0,2}")
_BAD_TAG = re.compile(r"[,\[\]{}]")
_DUPLICATE = "\x00duplicate"


# the breaks libyaml counts (compiled by re on first use: positions of rare problems only)
_LINE_BREAK = r"\r\n|[\r\n\x85\u2028\u2029]"


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting lines as libyaml does."""
    line, start = 1, 0
    for found in re.compile(_LINE_BREAK).finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def _show(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else repr(value[:60])


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """Bytes to text: UTF-8 (with or without BOM), or UTF-16/32 with a BOM."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError as exc:
                return None, _decode_problem(raw, exc, codec)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, _decode_problem(raw, exc, "utf-8")


def _decode_problem(raw: bytes, exc: UnicodeDecodeError, codec: str) -> Problem:
    data = bytes(exc.object)  # what the codec saw: without the BOM for utf-8-sig
    offset = exc.start + len(raw) - len(data)
    # line and column in characters, as an editor counts them, from the part that decodes
    before = data[: exc.start].decode(codec, errors="replace").lstrip("\ufeff")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return Problem(
        Kind.SYNTAX,
        msg(
            "file is not valid {replace} (byte 0x{data:02x} at offset {offset}); save it as UTF-8",
            replace=codec.upper().replace("-SIG", ""),
            data=data[exc.start],
            offset=offset,
        ),
        (line, column, line, column + 1),
    )


def load_bytes(
    raw: bytes, limits: Limits = Limits(), positions: bool = True, *, json: bool = False
) -> LoadResult:
    """Parse a file's bytes (``json``: as strict JSON, for a ``.json`` file). Never raises
    for any input; problems come back as data."""
    if len(raw) > limits.max_bytes:
        return LoadResult(
            [],
            [
                Problem(
                    Kind.RESOURCE_LIMIT,
                    msg(
                        "file is {count:,} bytes, over the {max_bytes:,}-byte limit; not parsed",
                        count=len(raw),
                        max_bytes=limits.max_bytes,
                    ),
                    (1, 1, 1, 1),
                )
            ],
        )
    text, problem = decode(raw)
    if text is None:
        return LoadResult([], [problem] if problem else [])
    return load_text(text, limits, positions, json=json)


def load_json(text: str, limits: Limits = Limits(), positions: bool = True) -> LoadResult:
    """Parse text as strict JSON (RFC 8259) into the same data, positions and problems as
    YAML: a comment, a trailing comma, single quotes or an unquoted key is a syntax problem
    at its position; duplicate keys, depth, node and number limits are the composer's."""
    result = _load_json(text, limits, positions)
    if not positions and _duplicate(result.problems):
        return _load_json(text, limits, True)
    return result


def _load_json(text: str, limits: Limits, positions: bool) -> LoadResult:
    from deploylint.sources.json_events import JsonSyntaxError, json_events  # JSON files only

    composer = _Composer(text, limits, positions, events=json_events(text))
    try:
        docs = composer.documents()
    except _Abort as abort:
        return LoadResult([], _inside(text, [*composer.problems, abort.problem]), text)
    except JsonSyntaxError as exc:
        line, column = exc.line + 1, exc.column + 1
        problem = Problem(
            Kind.SYNTAX,
            msg("JSON syntax error: {reason}", reason=exc.reason),
            (line, column, line, column + 1),
        )
        return LoadResult([], _inside(text, [*composer.problems, problem]), text)
    return LoadResult(docs, _inside(text, composer.problems), text)


def is_json(path: str | os.PathLike[str]) -> bool:
    """A ``.json`` file is read as strict JSON, anything else as YAML."""
    return os.fspath(path).lower().endswith(".json")


def load_text(
    text: str,
    limits: Limits = Limits(),
    positions: bool = True,
    pure: bool = False,
    *,
    json: bool = False,
) -> LoadResult:
    """Parse text (``json``: as strict JSON, see :func:`load_json`). ``positions=False``
    skips the position maps (about a third faster); problems still carry their positions.

    libyaml implements YAML 1.1 syntax, which refuses some YAML 1.2 text. Where it reports
    a syntax error, the text is first mended (see :func:`mend`: same length, same lines, so
    every position holds) and parsed by libyaml again: that is how a URL in a flow sequence
    (``[https://a.example]``) is read at C speed. If that fails too, ruamel's pure-Python
    YAML 1.2 parser gets a last look (unless the text has NEL, LS or PS characters, which
    the two parsers count as line breaks differently); when that fails as well, libyaml's
    first error stands.
    """
    if json:
        return load_json(text, limits, positions)
    mended = None if pure or not _flow_colon(text) else mend(text)
    if mended is not None:  # likely needed: skip the parse that would fail
        again = _attempt(text, mended[0], limits, positions, restore=mended[1])
        if isinstance(again, LoadResult):
            return again
    first = _attempt(text, text, limits, positions, pure)
    if isinstance(first, LoadResult) or pure:
        return first if isinstance(first, LoadResult) else _failed(text, first)
    current, restore, failure = text, None, first
    if mended is None and (mended := mend(text)) is not None:
        again = _attempt(text, mended[0], limits, positions, restore=mended[1])
        if isinstance(again, LoadResult):
            return again
    if mended is not None and isinstance(again, tuple):
        current, restore, failure = mended[0], mended[1], again
    for _ in range(_MAX_FIXES):  # one same-width fix at each libyaml error, while they help
        fixed = _fix_at(current, failure[1])
        if fixed is None:
            break
        current = fixed
        again = _attempt(text, current, limits, positions, restore=restore)
        if isinstance(again, LoadResult):
            return again
        failure = again
    if not _ODD_BREAKS.search(text):  # the two count lines differently
        second = load_text(text, limits, positions, pure=True)
        if not any(p.kind is Kind.SYNTAX for p in second.problems):
            return second
    return _failed(text, first)


def _failed(text: str, failure: tuple[list[Problem], Exception]) -> LoadResult:
    problems, exc = failure
    return LoadResult([], _inside(text, [*problems, _syntax_problem(exc)]), text)


_MAX_FIXES = 8
_YAML_DIRECTIVE = re.compile(r"%YAML[ \t]+1\.([0-9]+)")


def _fix_at(text: str, exc: Exception) -> str | None:
    """``text`` with one same-width change where libyaml stopped at something YAML 1.2
    allows, or None: a tab used as separation (after content or an indicator, on a blank
    line, before a top-level flow collection) becomes a space; a document end marker with
    no document before it becomes a comment; ``%YAML 1.3`` is read as 1.2 (YAML 1.2,
    6.8.1: a higher minor version is processed with a warning)."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or not 0 <= mark.index <= len(text):
        return None
    i = mark.index
    start = max(text.rfind("\n", 0, i), text.rfind("\r", 0, i)) + 1
    stop = len(text) if (n := _LINE_END.search(text, i)) is None else n.start()
    before, after = text[start:i], text[i:stop]
    problem = str(getattr(exc, "problem", ""))
    if after.startswith("\t"):
        rest = after.lstrip(" \t")
        blank = not rest or rest.startswith("#")
        first_flow = not before and rest[:1] in ("[", "{") and _NO_CONTENT.fullmatch(text[:start])
        after_indicator = before.rstrip(" \t")[-1:] in ("-", "?", ":")
        if "block scalar" in str(getattr(exc, "context", "")):
            pass  # a tab in a block scalar's indentation is never white space
        elif after_indicator and _BLOCK_START.match(rest):
            pass  # a tab cannot indent a block collection (YAML 1.2, 6.1)
        elif before.strip(" \t") or blank or first_flow:
            return text[:i] + " " + text[i + 1 :]
    if "incompatible YAML document" in problem:
        version = _YAML_DIRECTIVE.match(after)
        if version and len(version[1]) == 1 and version[1] > "2":
            return text[: i + version.start(1)] + "2" + text[i + version.end(1) :]
    if "flow mapping" in str(getattr(exc, "context", "")) and after[:1] == ":":
        key_end = _key_end(text, start)  # a flow key, then its ':' on a later line
        if key_end is not None and not before.strip(" \t"):
            if text[key_end : key_end + 2] in ("  ", " \t", "\t ", "\t\t"):
                # the colon and a blank after the key trade places: no column moves
                return text[:key_end] + ":" + text[key_end + 1 : i] + " " + text[i + 1 :]
            # the colon moves up behind the key: the text between shifts one column
            return text[:key_end] + ":" + text[key_end:i] + text[i + 1 :]
    if "expected node content" in problem and not before and _DOC_END.match(after):
        return text[:i] + "#" + text[i + 1 :]  # '...' -> '#..': YAML 1.2 allows repeating it
    return None


def _key_end(text: str, line_start: int) -> int | None:
    """Where the last token before ``line_start`` ends, skipping blank and comment lines
    and a comment after it; None when there is none."""
    head = text[:line_start]
    for line in reversed(head.splitlines(keepends=True)):
        head = head[: len(head) - len(line)]
        body = _TRAILING_COMMENT.sub("", line.rstrip("\r\n"))
        if body.strip(" \t"):
            end = len(head) + len(body.rstrip(" \t"))
            return end if text[end - 1] not in ",[{" else None
    return None


_TRAILING_COMMENT = re.compile(r"(?:^|[ \t])#.*\Z")
_LINE_END = re.compile("[\r\n]")
_BLOCK_START = re.compile(r"[-?:](?:[ \t]|$)|[^#]*?:(?:[ \t]|$)")
_NO_CONTENT = re.compile(r"(?:[ \t]*(?:#[^\n]*)?(?:\r\n|\n|\r))*")
_DOC_END = re.compile(r"\.\.\.(?:[ \t]|$)")


def _attempt(
    text: str,
    parsed: str,
    limits: Limits,
    positions: bool,
    pure: bool = False,
    restore: dict[int, str] | None = None,
) -> LoadResult | tuple[list[Problem], Exception]:
    """One parse of ``parsed`` (``text`` itself or its mended form): a result, or the
    problems found before a syntax error and the error. A parse without position maps that
    met a duplicate key is made again with them (:func:`_duplicate`)."""
    outcome = _parse_once(text, parsed, limits, positions, pure, restore)
    problems = outcome.problems if isinstance(outcome, LoadResult) else outcome[0]
    if not positions and _duplicate(problems):
        return _parse_once(text, parsed, limits, True, pure, restore)
    return outcome


def _parse_once(
    text: str,
    parsed: str,
    limits: Limits,
    positions: bool,
    pure: bool,
    restore: dict[int, str] | None,
) -> LoadResult | tuple[list[Problem], Exception]:
    composer = _Composer(parsed, limits, positions, pure, restore)
    try:
        with fast_events.installed():
            docs = composer.documents()
    except _Abort as abort:
        return LoadResult([], _inside(text, [*composer.problems, abort.problem]), text)
    except Exception as exc:  # the scanner's and parser's errors (MarkedYAMLError)
        return composer.problems, exc
    problems = _inside(text, composer.problems)
    if docs and docs[-1].values:
        _clamp_document(docs[-1], _text_end(text))
    return LoadResult(docs, problems, text)


def _duplicate(problems: list[Problem]) -> bool:
    """A duplicate key's message names where the first one is: a parse without position
    maps cannot say, so the file is parsed again with them (it is rare, and an error)."""
    return any(p.kind is Kind.DUPLICATE_KEY for p in problems)


# A colon or question mark that YAML 1.2 reads as part of a plain scalar and libyaml, in a
# flow collection, as an indicator: after a character that ends no node, and for a colon
# before one that is "plain safe" in a flow collection. Tags and directive lines are left
# alone (a colon there is theirs).
_MENDABLE = re.compile(
    r"(?m)^%[^\n]*|[!&*][^\s,\[\]{}]*"  # directives, tags, anchors, aliases: left alone
    r"|(?<=[^\s\"'\]}:?])(?::(?=[^\s,\[\]{}:])|\?)"  # inside a plain scalar
    r"|\?(?=[^\s,\[\]{}])"  # '?foo' is a plain scalar, not an explicit key
)
# A line where a flow collection opens before such a colon or '?': mend before the first
# parse (libyaml would fail, or read '[?x]' as a key). Anchored at the line's first bracket,
# so a 100,000-bracket line costs one scan, not 100,000.
_FLOW_COLON = re.compile(
    r"(?m)^[^\n\[{]*[\[{](?:[^\n#]*?(?:[\[{,]|:[ \t]))?[ \t]*"  # in a flow collection, a node
    r"(?:[^\s\"'\[\]{},#]*?[^\s\"'\]}:]:[^\s,\[\]{}:]"  # unquoted, with a colon
    r"|\?[^\s,\[\]{}])"  # or starts with '?'
)
# What every _FLOW_COLON match ends with: a colon or '?' before a character that is neither
# white space nor a flow indicator.
_COLON_BEFORE_CONTENT = re.compile(r"[:?][^\s,\[\]{}]")


def _flow_colon(text: str) -> bool:
    """``_FLOW_COLON.search(text) is not None``, tried only on the lines that hold what a
    match ends with (a match never spans lines): a URL-free config costs one scan, not a
    try of the pattern at every line (4x faster on a 6 KB config)."""
    match, tried = _FLOW_COLON.match, -1
    for found in _COLON_BEFORE_CONTENT.finditer(text):
        start = text.rfind("\n", 0, found.start()) + 1
        if start != tried:
            tried = start
            if match(text, start):
                return True
    return False


_STAND_INS = [chr(c) for c in range(0xE000, 0xE100)]  # private use: never in the output


def mend(text: str) -> tuple[str, dict[int, str]] | None:
    """``text`` with each colon and question mark YAML 1.2 reads inside a plain scalar
    (``https://a.example/?q`` in ``[https://a.example/?q]``) replaced by a private-use
    stand-in that libyaml reads as a plain character, and the table back (for
    ``str.translate``); None if nothing would change.

    One character for one character: lines and columns are those of ``text``. The composer
    puts the characters back into every scalar (quoted ones and keys too), so a character
    mended where libyaml would not have minded changes nothing.
    """
    if ":" not in text and "?" not in text:
        return None
    free = (c for c in _STAND_INS if c not in text)
    colon, question = next(free, None), next(free, None)
    if colon is None or question is None:
        return None
    stand_in = {":": colon, "?": question}
    mended = _MENDABLE.sub(lambda m: stand_in.get(m[0], m[0]), text)
    if mended == text:
        return None
    return mended, {ord(colon): ":", ord(question): "?"}


def _restoring(next_event: Any, table: dict[int, str]) -> Any:
    a, b = (chr(c) for c in table)

    def restored() -> Any:
        event = next_event()
        if type(event) is _Scalar and (a in event.value or b in event.value):
            event.value = event.value.translate(table)
        return event

    return restored


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
_BREAKS = ("\r\n", "\n", "\r", "\x85", "\u2028", "\u2029")  # libyaml's line breaks


def _text_end(text: str) -> tuple[int, int]:
    """(last line, column just after its last character), counting lines as libyaml does."""
    lines = sum(text.count(b) for b in _BREAKS[1:]) - text.count("\r\n")
    body = text
    for b in _BREAKS:
        if body.endswith(b):  # a final line break does not start another line
            body = body[: -len(b)]
            break
    else:
        lines += 1
    start = max(body.rfind(b) for b in _BREAKS[1:]) + 1
    return max(lines, 1), len(body) - start + 1


def _clamp(span: Span, end: tuple[int, int]) -> Span:
    """libyaml puts the stream's end on a line after the last one: keep spans inside."""
    start, stop = min(span[:2], end), min(span[2:], end)
    return (*start, *stop)


def _inside(text: str, problems: list[Problem]) -> list[Problem]:
    end = None
    for p in problems:
        if p.span[2] > 1 or p.span[3] > 1:  # (1, 1, 1, 1) is always inside
            end = end or _text_end(text)
            p.span = _clamp(p.span, end)
    return problems


def _clamp_document(doc: Document, end: tuple[int, int]) -> None:
    """Spans of the last document may reach past the text's end (its root, empty values)."""
    last = end[0]
    for spans in (doc.values, doc.keys):
        late = [path for path, span in spans.items() if span[2] >= last and span[2:] > end]
        for path in late:  # few: the ends on the last line
            spans[path] = _clamp(spans[path], end)


# The parsers' fixed problem and context texts (libyaml's, and the same words of ruamel's
# pure-Python parser): shown in the language of the run. Each is the parser's own text
# written as a format string (a brace doubled), so the English message is the parser's.
# A text not listed here is shown as the parser wrote it.
_YAML_TEXTS = {
    text.format(): text
    for text in (
        N_("block sequence entries are not allowed in this context"),
        N_("control characters are not allowed"),
        N_("could not find expected ':'"),
        N_("could not find expected directive name"),
        N_("did not find URI escaped octet"),
        N_("did not find expected '!'"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}}'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected <document start>"),
        N_("did not find expected alphabetic or numeric character"),
        N_("did not find expected comment or line break"),
        N_("did not find expected digit or '.' character"),
        N_("did not find expected hexdecimal number"),
        N_("did not find expected key"),
        N_("did not find expected node content"),
        N_("did not find expected tag URI"),
        N_("did not find expected version number"),
        N_("did not find expected whitespace"),
        N_("did not find expected whitespace or line break"),
        N_("did not find the expected '>'"),
        N_("expected a single document in the stream"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("found an indentation indicator equal to 0"),
        N_("found character that cannot start any token"),
        N_("found duplicate %TAG directive"),
        N_("found duplicate %YAML directive"),
        N_("found extremely long version number"),
        N_("found incompatible YAML document"),
        N_("found invalid Unicode character escape code"),
        N_("found undefined alias"),
        N_("found undefined tag handle"),
        N_("found unexpected ':'"),
        N_("found unexpected document indicator"),
        N_("found unexpected end of stream"),
        N_("found unexpected non-alphabetical character"),
        N_("found unknown directive name"),
        N_("found unknown escape character"),
        N_("mapping keys are not allowed in this context"),
        N_("mapping values are not allowed in this context"),
        N_("mapping keys are not allowed here"),
        N_("mapping values are not allowed here"),
        N_("sequence entries are not allowed here"),
        N_("while parsing a %TAG directive"),
        N_("while parsing a block collection"),
        N_("while parsing a block mapping"),
        N_("while parsing a block node"),
        N_("while parsing a flow mapping"),
        N_("while parsing a flow node"),
        N_("while parsing a flow sequence"),
        N_("while parsing a node"),
        N_("while parsing a quoted scalar"),
        N_("while parsing a tag"),
        N_("while parsing a tag directive"),
        N_("while scanning a %TAG directive"),
        N_("while scanning a %YAML directive"),
        N_("while scanning a block scalar"),
        N_("while scanning a directive"),
        N_("while scanning a double-quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a simple key"),
        N_("while scanning a tag"),
        N_("while scanning a tag directive"),
        N_("while scanning an alias"),
        N_("while scanning an anchor"),
        N_("while scanning for the next token"),
    )
}
# ...and the pure-Python parser's texts that name what it found (compiled on the first
# problem: a file that parses never needs them)
_YAML_FOUND_TEXTS = (
    (
        r"expected <block end>, but found (?P<found>.+)",
        N_("expected <block end>, but found {found}"),
    ),
    (
        r"expected the node content, but found (?P<found>.+)",
        N_("expected the node content, but found {found}"),
    ),
    (
        r"expected ',' or '\]', but got (?P<found>.+)",
        N_("expected ',' or ']', but got {found}"),
    ),
    (
        r"expected ',' or '\}', but got (?P<found>.+)",
        N_("expected ',' or '}}', but got {found}"),
    ),
    (
        r"expected '<document start>', but found (?P<found>.+)",
        N_("expected '<document start>', but found {found}"),
    ),
    (
        r"found character (?P<found>.+) that cannot start any token",
        N_("found character {found} that cannot start any token"),
    ),
    (r"found undefined alias (?P<found>.+)", N_("found undefined alias {found}")),
    (r"found undefined tag handle (?P<found>.+)", N_("found undefined tag handle {found}")),
    (
        r"found unknown escape character (?P<found>.+)",
        N_("found unknown escape character {found}"),
    ),
)


@cache
def _yaml_found() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern), text) for pattern, text in _YAML_FOUND_TEXTS]


def yaml_reason(text: str) -> str:
    """A parser's problem or context text in the language of the run: known texts are
    translated, anything else stays as the parser wrote it."""
    known = _YAML_TEXTS.get(text)
    if known is not None:
        return msg(known)
    for pattern, message in _yaml_found():
        found = pattern.fullmatch(text)
        if found is not None:
            return msg(message, found=found["found"])
    return text


def _syntax_problem(exc: Exception) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = yaml_reason(str(getattr(exc, "problem", None) or str(exc).splitlines()[0]))
    context = getattr(exc, "context", None)
    reason = (
        msg("{problem} ({context})", problem=problem, context=yaml_reason(str(context)))
        if context
        else problem
    )
    if mark is None:
        return Problem(Kind.SYNTAX, msg("YAML syntax error: {reason}", reason=reason), (1, 1, 1, 1))
    line, column = mark.line + 1, mark.column + 1
    return Problem(
        Kind.SYNTAX,
        msg("YAML syntax error: {reason}", reason=reason),
        (line, column, line, column + 1),
    )
