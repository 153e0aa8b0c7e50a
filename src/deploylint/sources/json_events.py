"""Strict JSON (RFC 8259) as the event stream the loader's composer reads.

A ``.json`` file is JSON: a comment, a trailing comma, a single-quoted string, an unquoted
key, ``NaN`` or a second value is a syntax error at its position, not something a YAML
parser would quietly accept. The scanner is iterative (no recursion, however deep the
input) and lazy, so the composer's limits stop a hostile file early; strings are decoded by
the ``json`` module. Scalars come out as YAML 1.2 core-schema scalars: strings quoted,
numbers, ``true``, ``false`` and ``null`` plain, which the composer resolves exactly as JSON
means them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ruamel.yaml import events as ev

from deploylint.i18n import _
from deploylint.sources import events as fast


class JsonSyntaxError(Exception):
    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line  # 0-based, as the marks
        self.column = column


class Mark:
    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*")
_LITERALS = frozenset({"true", "false", "null"})
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_PLAIN = (True, False)
_QUOTED = (False, True)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 0
        self.line_start = 0

    def mark(self, pos: int | None = None) -> Mark:
        return Mark(self.line, (self.pos if pos is None else pos) - self.line_start)

    def fail(self, reason: str, pos: int | None = None) -> JsonSyntaxError:
        return JsonSyntaxError(
            reason, self.line, (self.pos if pos is None else pos) - self.line_start
        )

    def skip(self) -> str:
        """Skip JSON whitespace; the next character, or '' at the end."""
        text, pos = self.text, self.pos
        end = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if end != pos:
            gap = text[pos:end]
            breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
            if breaks:
                self.line += breaks
                self.line_start = pos + max(gap.rfind("\n"), gap.rfind("\r")) + 1
            self.pos = end
        return text[end : end + 1]

    def what(self) -> str:
        """Why the text at the current position is not the JSON it should be."""
        text, pos = self.text, self.pos
        rest = text[pos : pos + 2]
        if not rest:
            return _("unexpected end of file")
        if rest in ("//", "/*") or rest[0] == "#":
            return _("comments are not JSON")
        if rest[0] == "!":
            return _("a YAML tag is not JSON; nothing is constructed from it")
        if rest[0] == "&" or rest[0] == "*":
            return _("YAML anchors and aliases are not JSON")
        if rest[0] == "'":
            return _("single-quoted strings are not JSON; use double quotes")
        if rest[0] == '"':
            return self.bad_string()
        word = _WORD.match(text, pos)
        if word:
            return _("{word} is not a JSON value (strings are double-quoted)").format(
                word=repr(word[0][:40])
            )
        return _("unexpected {char}").format(char=repr(text[pos]))

    def bad_string(self) -> str:
        text, pos = self.text, self.pos + 1
        while pos < len(text):
            c = text[pos]
            if c == '"':
                break
            if c == "\\":
                if not re.match(r'["\\/bfnrt]|u[0-9a-fA-F]{4}', text[pos + 1 : pos + 6]):
                    self.pos = pos
                    return _("invalid escape in a string")
                pos += 2
                continue
            if c < " ":
                self.pos = pos
                return _("a control character (a line break, a tab) in a string must be escaped")
            pos += 1
        self.pos = pos
        return _("unterminated string")

    def string(self) -> tuple[str, Mark, Mark]:
        match = _STRING.match(self.text, self.pos)
        if match is None:
            raise self.fail(self.what())
        token = match[0]
        value: str = json.loads(token) if "\\" in token else token[1:-1]
        if "\\" in token and _SURROGATE.search(token):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise self.fail(
                    _("a string holds an unpaired surrogate (\\uD800-\\uDFFF)")
                ) from None
        start = self.mark()
        self.pos = match.end()
        return value, start, self.mark()

    def scalar(self) -> fast.ScalarEvent:
        c = self.text[self.pos : self.pos + 1]
        if c == '"':
            value, start, end = self.string()
            return fast.ScalarEvent(None, None, _QUOTED, value, start, end, '"')
        match = _NUMBER.match(self.text, self.pos) if c in "-0123456789" and c else None
        if match is None:
            word = _WORD.match(self.text, self.pos)
            if word is None or word[0] not in _LITERALS:
                raise self.fail(self.what())
            match = word
        start = self.mark()
        self.pos = match.end()
        nxt = self.text[self.pos : self.pos + 1]
        if nxt and (nxt.isalnum() or nxt in "._+-"):  # 01, 1.e5, 1.5.2, nullx
            shown = self.text[match.start() : self.pos + 1][:40]
            raise JsonSyntaxError(
                _("{word} is not a JSON value").format(word=repr(shown)), start.line, start.column
            )
        return fast.ScalarEvent(None, None, _PLAIN, match[0], start, self.mark(), None)


def json_events(text: str) -> Iterator[Any]:
    """The events of one JSON document; raises :class:`JsonSyntaxError` where it is not JSON."""
    scan = _Scanner(text)
    origin = Mark(0, 0)
    yield ev.StreamStartEvent(origin, origin)
    if text.startswith("\ufeff"):
        scan.pos = scan.line_start = 1  # a BOM is tolerated (RFC 8259 8.1), not a column
    if not scan.skip():
        raise scan.fail(_("a JSON file holds one value; this one is empty"))
    yield ev.DocumentStartEvent(scan.mark(), scan.mark())
    closers: list[str] = []  # "]" or "}" for each open collection
    value = True  # expecting a value (else: what follows one)
    while True:
        c = scan.skip()
        if value:
            if c == "{" or c == "[":
                start = scan.mark()
                scan.pos += 1
                if c == "{":
                    yield fast.MappingStartEvent(None, None, True, start, scan.mark(), True)
                    closers.append("}")
                    if scan.skip() == "}":
                        yield ev.MappingEndEvent(scan.mark(), scan.mark(1 + scan.pos))
                        scan.pos += 1
                        closers.pop()
                        value = False
                    else:
                        yield from _key(scan)
                else:
                    yield fast.SequenceStartEvent(None, None, True, start, scan.mark(), True)
                    closers.append("]")
                    if scan.skip() == "]":
                        yield ev.SequenceEndEvent(scan.mark(), scan.mark(1 + scan.pos))
                        scan.pos += 1
                        closers.pop()
                        value = False
                continue
            yield scan.scalar()
            value = False
            continue
        if not closers:
            if c:
                raise scan.fail(
                    _("comments are not JSON")
                    if c in "/#"
                    else _("a JSON file holds one value; more text follows it")
                )
            break
        if c == ",":
            comma = scan.mark()
            scan.pos += 1
            nxt = scan.skip()
            if nxt in ("]", "}"):
                raise JsonSyntaxError(_("a trailing comma is not JSON"), comma.line, comma.column)
            if closers[-1] == "}":
                yield from _key(scan)
            value = True
        elif c == closers[-1]:
            start = scan.mark()
            scan.pos += 1
            closers.pop()
            end_event = ev.MappingEndEvent if c == "}" else ev.SequenceEndEvent
            yield end_event(start, scan.mark())
        else:
            expected = "',' or '}'" if closers[-1] == "}" else "',' or ']'"
            reason = scan.what() if c else _("unexpected end of file")
            raise scan.fail(
                _("expected {expected}: {reason}").format(expected=expected, reason=reason)
                if c
                else reason
            )
    end = scan.mark()
    yield ev.DocumentEndEvent(end, end)
    yield ev.StreamEndEvent(end, end)


def _key(scan: _Scanner) -> Iterator[Any]:
    """A mapping's key and its colon."""
    c = scan.skip()
    if c != '"':
        if _WORD.match(scan.text, scan.pos):
            raise scan.fail(_("an unquoted key is not JSON; keys are double-quoted strings"))
        raise scan.fail(scan.what())
    value, start, end = scan.string()
    yield fast.ScalarEvent(None, None, _QUOTED, value, start, end, '"')
    if scan.skip() != ":":
        raise scan.fail(_("expected ':' after a key: {reason}").format(reason=scan.what()))
    scan.pos += 1
