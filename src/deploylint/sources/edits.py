"""Text edits from fix intents, at the spans the loader recorded for one document.

A :class:`~deploylint.model.fix.Change` names a document path; here it becomes one or more
:class:`~deploylint.model.fix.Edit` objects on the file's text. Only the characters of the
value (or the lines of a list item) change: comments, quoting, key order, flow or block
style and line endings stay as written; a new value is written in the style of the one it
replaces (its quotes, flow or block), an inserted list item in the indentation of its
neighbours. ``None`` means the change cannot be placed safely (the value is not written in
this document, or is written in a way an edit cannot follow): no fix is offered.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from deploylint.model.fix import (
    Change,
    Edit,
    InsertItem,
    MoveItem,
    QuoteValue,
    SetKey,
    SetValue,
)
from deploylint.model.location import Path

Span = tuple[int, int, int, int]

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # the breaks libyaml counts
# a plain scalar that reads the same in block and flow context: no indicator first, no
# flow indicators, no ": " or " #", no leading or trailing space, printable
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}\x00-\x1f\x7f]*(?<=\S)")


@dataclass
class DocText:
    """One document of one file: its text and the spans of its values."""

    file: str
    text: str
    values: Mapping[Path, Span]
    is_json: bool = False
    keys: Mapping[Path, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        found = _LINE_BREAK.search(self.text)
        self.newline = found.group() if found else "\n"

    def offset(self, line: int, column: int) -> int:
        if line > len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo] + 1

    def edit(self, start: int, end: int, replacement: str) -> Edit:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Edit(self.file, start, end, replacement, line, column, end_line, end_column)

    def line_start(self, offset: int) -> int:
        return self.starts[self.position(offset)[0] - 1]

    def line_end(self, offset: int) -> int:
        """The offset of the line break ending the line of ``offset`` (or the text's end)."""
        found = _LINE_BREAK.search(self.text, offset)
        return found.start() if found else len(self.text)

    def shared(self, path: Path) -> bool:
        """Whether another path has the same span: an anchor used by an alias."""
        span = self.values.get(path)
        n = len(path)
        return any(s == span and p[:n] != path for p, s in self.values.items())

    def extent(self, path: Path) -> tuple[int, int] | None:
        """Offsets of the value at ``path``: for a block collection, to the end of its last
        scalar (the loader's end mark lies at the next token, past comments)."""
        span = self.values.get(path)
        if span is None:
            return None
        start = self.offset(span[0], span[1])
        end = self.offset(span[2], span[3])
        if self.text[start : start + 1] in ("[", "{", "'", '"') or self.is_json:
            return start, end
        n = len(path)
        below = {p: s for p, s in self.values.items() if len(p) > n and p[:n] == path}
        parents = {p[:-1] for p in below}
        inner = [  # scalars and flow collections end at their last character
            self.offset(s[2], s[3])
            for p, s in below.items()
            if p not in parents or self.text[self.offset(s[0], s[1])] in "[{"
        ]
        if inner:
            end = max(inner)
        return start, max(start, end)


def edits_for(change: Change, doc: DocText) -> tuple[Edit, ...] | None:
    if isinstance(change, SetValue):
        return _set(change, doc)
    if isinstance(change, QuoteValue):
        return _quote(change, doc)
    if isinstance(change, InsertItem):
        return _insert(change, doc)
    if isinstance(change, SetKey):
        return _set_key(change, doc)
    return _move(change, doc)


def _set_key(change: SetKey, doc: DocText) -> tuple[Edit, ...] | None:
    """Add ``a: {b: value}`` below the deepest mapping of ``path`` the document writes
    (block style, indented as its keys are), or at the end of the document."""
    path = change.path
    if doc.is_json or not path or not all(isinstance(p, str) for p in path):
        return None
    if path in doc.values:
        return _set(SetValue(path, change.value), doc)
    n = len(path) - 1
    while n > 0 and path[:n] not in doc.values:
        n -= 1
    nl = doc.newline
    if n == 0:
        indent, step = 0, _indent_step(doc)
        at = len(doc.text)
        lead = "" if not doc.text or doc.text.endswith(("\n", "\r")) else nl
    else:
        found = doc.extent(path[:n])
        columns = _key_columns(doc, path[:n])
        if found is None or not columns or doc.text[found[0] : found[0] + 1] in ("[", "{"):
            return None  # not a block mapping: no key can be added below it
        end = found[1]
        indent = min(columns) - 1
        step = _indent_step(doc)
        at = doc.line_end(end)
        lead = nl
    lines = []
    for depth, key in enumerate(path[n:]):
        pad = " " * (indent + depth * step)
        last = depth == len(path) - n - 1
        value = f" {scalar(change.value, '')}" if last else ""
        lines.append(f"{pad}{scalar(key, '')}:{value}")
    text = lead + nl.join(lines) + (nl if n == 0 else "")
    return (doc.edit(at, at, text),)


def _key_columns(doc: DocText, parent: Path) -> list[int]:
    """The column of each key of the block mapping at ``parent``."""
    n = len(parent)
    return [
        s[1] for p, s in doc.keys.items() if len(p) == n + 1 and p[:n] == parent and s[0] == s[2]
    ]


def _indent_step(doc: DocText) -> int:
    """The file's indentation step (the first indented line's indentation), else 2."""
    found = re.search(r"(?m)^( +)[^\s#-]", doc.text)
    return len(found.group(1)) if found else 2


def _set(change: SetValue, doc: DocText) -> tuple[Edit, ...] | None:
    found = doc.extent(change.path)
    if found is None or doc.shared(change.path):
        return None
    start, end = found
    original = doc.text[start:end]
    if original.startswith(("*", "&", "!", "|", ">")):
        return None  # an alias, an anchor, a tag or a block scalar: not rewritten in place
    indent = start - doc.line_start(start)
    text = render(change.value, original, indent, doc)
    if text is None:
        return None
    return (doc.edit(start, end, text),)


def _quote(change: QuoteValue, doc: DocText) -> tuple[Edit, ...] | None:
    found = doc.extent(change.path)
    if found is None or doc.shared(change.path):
        return None
    start, end = found
    original = doc.text[start:end]
    if not original or original[0] in "'\"[{*&!|>" or "\n" in original:
        return None
    quoted = json.dumps(original) if doc.is_json else "'" + original.replace("'", "''") + "'"
    return (doc.edit(start, end, quoted),)


# --- rendering values in the style of the one they replace ---------------------------------


def render(value: Any, original: str, indent: int, doc: DocText) -> str | None:
    if doc.is_json:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if original.startswith("[") or not value:
            return "[" + ", ".join(scalar(v, "") for v in value) + "]"
        if not original.startswith("-"):
            return None
        pad = " " * indent
        return (doc.newline + pad).join("- " + scalar(v, "") for v in value)
    if isinstance(value, dict):
        return None
    return scalar(value, original)


def scalar(value: Any, original: str) -> str:
    """A YAML scalar for ``value``; a string keeps the quote style of ``original``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not _quoted_number(original):
        if isinstance(value, int):
            return str(value)
        return repr(value) if math.isfinite(value) else ".nan"
    text = str(value)  # a number written quoted ('2048') stays quoted
    if original.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    if original.startswith('"'):
        return json.dumps(text, ensure_ascii=False)
    return text if plain_string(text) else "'" + text.replace("'", "''") + "'"


def _quoted_number(original: str) -> bool:
    """``'2048'``: a number the author wrote as a string (the schema reads both)."""
    if len(original) < 3 or original[0] not in "'\"" or original[-1] != original[0]:
        return False
    try:
        float(original[1:-1])
    except ValueError:
        return False
    return True


def plain_string(text: str) -> bool:
    """Whether ``text`` written plain reads back as this same string (YAML 1.2 core)."""
    if not _PLAIN.fullmatch(text) or ": " in text or " #" in text or text.endswith(":"):
        return False
    lowered = text.lower()
    if lowered in ("null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"):
        return False
    try:
        float(text.replace("_", "x"))
    except ValueError:
        pass
    else:
        return False
    return not re.fullmatch(r"[-+]?(0[xo][0-9a-fA-F]+|\.inf|\.nan|[0-9][0-9:._]*)", lowered)


# --- list items: insert and move --------------------------------------------------------------


def _items(doc: DocText, path: Path) -> list[tuple[int, int]] | None:
    """(start of the item's ``-`` line, end of its last line) of each block list item."""
    found = doc.extent(path)
    if found is None or doc.text[found[0] : found[0] + 1] != "-":
        return None
    out = []
    i = 0
    while (*path, i) in doc.values:
        item = doc.extent((*path, i))
        if item is None:
            return None
        dash = doc.text.rfind("-", 0, item[0] + 1)
        line = doc.line_start(dash)
        if dash < 0 or doc.text[line:dash].strip() or doc.text[dash + 1 : item[0]].strip():
            return None  # not one item per line (e.g. `- - a`): not edited
        out.append((line, doc.line_end(item[1])))
        i += 1
    return out


def block(value: Any, indent: int, doc: DocText, nested: int) -> str | None:
    """A block list item ``- value`` at column ``indent`` (a flat mapping, lists inside it
    written as block lists indented ``nested`` columns more than their key)."""
    pad = " " * indent
    if not isinstance(value, dict):
        return f"{pad}- {scalar(value, '')}"
    lines: list[str] = []
    for key, item in value.items():
        lead = f"{pad}- " if not lines else f"{pad}  "
        if isinstance(item, list):
            lines.append(f"{lead}{scalar(key, '')}:")
            inner = " " * (indent + 2 + nested)
            lines.extend(f"{inner}- {scalar(v, '')}" for v in item)
        elif isinstance(item, dict):
            return None
        else:
            lines.append(f"{lead}{scalar(key, '')}: {scalar(item, '')}")
    return doc.newline.join(lines)


def _nested_indent(doc: DocText, items: list[tuple[int, int]]) -> int:
    """How far this file indents a block list under its key (0 or 2, as its lists do)."""
    for found in re.finditer(r"(?m)^( *)[^\s#-][^\n]*:[ \t]*\r?\n( *)- ", doc.text):
        return max(0, len(found.group(2)) - len(found.group(1)))
    return 2


def _insert(change: InsertItem, doc: DocText) -> tuple[Edit, ...] | None:
    items = _items(doc, change.path)
    if items is None or not items:
        return _insert_flow(change, doc)
    first_dash = doc.text.index("-", items[0][0])
    indent = first_dash - items[0][0]
    text = block(change.value, indent, doc, _nested_indent(doc, items))
    if text is None:
        return None
    if change.index < len(items):
        at = items[change.index][0]
        return (doc.edit(at, at, text + doc.newline),)
    at = items[-1][1]
    return (doc.edit(at, at, doc.newline + text),)


def _insert_flow(change: InsertItem, doc: DocText) -> tuple[Edit, ...] | None:
    found = doc.extent(change.path)
    if found is None or isinstance(change.value, dict):
        return None
    start, end = found
    if doc.text[start : start + 1] != "[" or doc.text[end - 1 : end] != "]":
        return None
    item = json.dumps(change.value, ensure_ascii=False) if doc.is_json else scalar(change.value, "")
    count = sum(1 for p in doc.values if len(p) == len(change.path) + 1 and p[:-1] == change.path)
    if count == 0:
        return (doc.edit(start + 1, end - 1, item),)
    if change.index < count:
        before = doc.extent((*change.path, change.index))
        if before is None:
            return None
        return (doc.edit(before[0], before[0], item + ", "),)
    last = doc.extent((*change.path, count - 1))
    if last is None:
        return None
    return (doc.edit(last[1], last[1], ", " + item),)


def _move(change: MoveItem, doc: DocText) -> tuple[Edit, ...] | None:
    """Cut the lines of item ``source`` and put them before item ``before`` of the target
    list (block lists), re-indented to the target's items."""
    items = _items(doc, change.path)
    target = change.target if change.target is not None else change.path
    goal = items if target == change.path else _items(doc, target)
    if items is None or goal is None or not goal or not 0 <= change.source < len(items):
        return None
    same = target == change.path
    if not 0 <= change.before <= len(goal):
        return None
    if same and change.before in (change.source, change.source + 1):
        return None
    if not same and len(items) == 1:
        return None  # the source list would be left empty (null)
    start, end = items[change.source]
    nl = doc.newline
    shift = (doc.text.index("-", goal[0][0]) - goal[0][0]) - (doc.text.index("-", start) - start)
    lines = doc.text[start:end].split(nl)
    if shift > 0:
        lines = [" " * shift + line if line.strip() else line for line in lines]
    elif shift < 0:
        if any(line.strip() and line[:-shift].strip() for line in lines):
            return None
        lines = [line[-shift:] for line in lines]
    moved = nl.join(lines)
    if change.before < len(goal):
        at, insert = goal[change.before][0], moved + nl
    else:
        at, insert = goal[-1][1], nl + moved
    if end + len(nl) <= len(doc.text) and doc.text[end : end + len(nl)] == nl:
        cut = doc.edit(start, end + len(nl), "")
    else:  # the file's last line: take the line break before it instead
        cut = doc.edit(start - len(nl), end, "")
    put = doc.edit(at, at, insert)
    if cut.start < put.start < cut.end:
        return None
    return tuple(sorted((cut, put)))
