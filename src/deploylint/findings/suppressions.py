"""Suppression comments, applied by the engine after the rules have run.

``# deploylint: disable=DL205[,DL207] reason="..." [until=YYYY-MM-DD]``
  trailing a line: that line; on a line of its own: the YAML node that starts on the next
  line, with its whole subtree.
``# deploylint: disable-file=ID[,ID] reason="..." [until=...]``
  anywhere: the whole file.

A suppression needs a reason. One without, past its date, naming an unknown rule, aimed
at a mandatory rule, or that hid nothing is itself reported (DL009) and hides nothing; one
expiring within 14 days is reported as info (and still hides).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from deploylint.findings.baseline import digest
from deploylint.findings.finding import Finding, Severity, make_finding
from deploylint.i18n import _, msg, ngettext
from deploylint.model.location import FilePosition
from deploylint.rules.policy import Mandatory, Policy
from deploylint.sources.configset import SourceDoc
from deploylint.sources.loader import Span, is_json

_COMMENT = re.compile(
    r"(?:^|\s)#\s*deploylint:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<rest>.*)$"
)
# rule IDs (DL205) or names (open-ingress), as everywhere else; never the key of an
# argument (`disable= reason="..."` names no rule)
_IDS = re.compile(
    r"\s*([A-Za-z][A-Za-z0-9-]*(?:\s*,\s*[A-Za-z][A-Za-z0-9-]*)*)(?![A-Za-z0-9-]|\s*=)"
)
_ARG = re.compile(
    r"\s*(?P<key>reason|until)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>\S+))"
)
EXPIRY_WARNING = timedelta(days=14)


@dataclass
class Suppression:
    file: str
    line: int
    column: int
    end_column: int
    rules: tuple[str, ...]
    first: int  # lines covered, inclusive
    last: int
    reason: str | None
    until: date | None
    problem: str | None = None  # malformed: why
    used: set[str] = field(default_factory=set)
    # the pack's mandatory entries that kept a finding this comment aims at
    mandatory: list[Mandatory] = field(default_factory=list)


def parse(
    file: str, text: str, blocks: dict[int, int], scalars: list[Span] | None = None
) -> list[Suppression]:
    """Every suppression comment of a file, with the lines it covers.

    ``scalars``: the spans of the file's scalars (keys and values) as the YAML parser read
    them; a ``#`` inside one (a ``|`` block, a quoted string) is text, not a comment.
    """
    found: list[Suppression] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if "deploylint:" not in line:
            continue
        match = _COMMENT.search(line)
        if not match or not _outside_quotes(line[: match.start()]):
            continue
        column = line.index("#", match.start()) + 1
        if scalars is not None and _inside(scalars, number, column):
            continue
        ids_match = _IDS.match(match["rest"])
        problem = None
        rules: tuple[str, ...] = ()
        rest = match["rest"]
        if ids_match:
            rules = tuple(r.strip() for r in ids_match.group(1).split(","))
            rest = rest[ids_match.end() :]
        else:
            problem = _("names no rule")
        args: dict[str, str] = {}
        for arg in _ARG.finditer(rest):
            args[arg["key"]] = arg["dq"] if arg["dq"] is not None else (arg["sq"] or arg["bare"])
        until = None
        if "until" in args:
            try:
                until = date.fromisoformat(args["until"])
            except ValueError:
                problem = _("until={value} is not a date (YYYY-MM-DD)").format(
                    value=repr(args["until"][:20])
                )
        if match["kind"] == "disable-file":
            first, last = 1, max(len(lines), 1)
        elif line[: column - 1].strip():
            first = last = number  # trailing: this line
        else:
            first = _next_content_line(lines, number)
            last = max(first, blocks.get(first, first))
            if last > first and _indent(lines[last - 1]) <= _indent(lines[first - 1]):
                last -= 1  # the node ended where its next sibling (`- {...}`) starts
            item = lines[first - 1].strip() if first <= len(lines) else ""
            if item == "-" or item.startswith("- "):
                # a list item (a lone `- ` opens a mapping on the next line): all of it
                last = _item_end(lines, first)
        reason = args.get("reason", "").strip() or None
        found.append(
            Suppression(
                file, number, column, len(line) + 1, rules, first, last, reason, until, problem
            )
        )
    return found


def _inside(spans: list[Span], line: int, column: int) -> bool:
    return any((a, b) <= (line, column) < (c, d) for a, b, c, d in spans)


def scalar_spans(docs: Iterable[SourceDoc]) -> dict[str, list[Span]]:
    """Per file: the spans of every key and every scalar value (not of mappings or lists,
    whose spans hold comments)."""
    found: dict[str, list[Span]] = {}
    for doc in docs:
        spans = found.setdefault(doc.file, [])
        values = doc.values
        parents = {path[:-1] for path in values}
        spans.extend(span for path, span in values.items() if path not in parents)
        spans.extend(doc.keys.values())
    return found


def _outside_quotes(before: str) -> bool:
    return before.count('"') % 2 == 0 and before.count("'") % 2 == 0


def _next_content_line(lines: list[str], number: int) -> int:
    for n in range(number, len(lines)):
        stripped = lines[n].strip()
        if stripped and not stripped.startswith("#"):
            return n + 1
    return number


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _item_end(lines: list[str], dash: int) -> int:
    """The last line of the list item whose ``-`` is on line ``dash``: every following
    line indented deeper than the dash (blank lines and comments between)."""
    indent = _indent(lines[dash - 1])
    last = dash
    for n in range(dash, len(lines)):
        stripped = lines[n].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _indent(lines[n]) <= indent:
            break
        last = n + 1
    return last


def node_blocks(docs: Iterable[SourceDoc]) -> dict[str, dict[int, int]]:
    """Per file: first line of each node (mapping entry or list item) -> its last line."""
    blocks: dict[str, dict[int, int]] = {}
    for doc in docs:
        per = blocks.setdefault(doc.file, {})
        for path, key_span in doc.keys.items():
            value = doc.values.get(path)
            end = value[2] if value else key_span[2]
            if value and value[3] == 1 and end > key_span[0]:
                end -= 1  # a block value ends at column 1 of the line after it
            per[key_span[0]] = max(per.get(key_span[0], 0), end)
        for path, span in doc.values.items():
            if path and isinstance(path[-1], int):
                end = span[2] - 1 if span[3] == 1 and span[2] > span[0] else span[2]
                per[span[0]] = max(per.get(span[0], 0), end)
    return blocks


def apply(
    findings: list[Finding],
    texts: dict[str, str],
    docs: Iterable[SourceDoc],
    policy: Policy,
    today: date,
    selected: Callable[[str, str], bool],
) -> list[Finding]:
    """Drop suppressed findings; add DL009 for suppressions that are wrong or unused."""
    docs = list(docs)
    json_files = {d.file for d in docs if is_json(d.real)}
    # JSON has no comments; a file the parser could not read (a syntax error, a limit) has
    # none it saw: its `# deploylint:` text may sit in a block scalar, and it hides nothing
    read = {d.file for d in docs}
    candidates = [
        f
        for f in texts
        if "deploylint:" in texts[f]
        and f in read
        and f not in json_files
        and not f.lower().endswith(".json")
    ]
    if not candidates:
        return findings
    parsed = [d for d in docs if d.file in candidates]
    blocks = node_blocks(parsed)
    scalars = scalar_spans(parsed)
    by_file = {f: parse(f, texts[f], blocks.get(f, {}), scalars.get(f, [])) for f in candidates}
    known = policy.registry()
    by_name = {rule.name: rule_id for rule_id, rule in known.items()}
    for sups in by_file.values():
        for s in sups:
            s.rules = tuple(_rule_id(r, known, by_name) for r in s.rules)
    kept: list[Finding] = []
    for finding in findings:
        if finding.rule == "DL009":
            kept.append(finding)
            continue
        left = _unsuppressed(finding, by_file.get(finding.file, []), policy, today)
        if left is not None:
            kept.append(left)
    for sups in by_file.values():
        for s in sups:
            kept.extend(_problems(s, known, policy, today, selected))
    return kept


def _rule_id(token: str, known: Mapping[str, object], by_name: Mapping[str, str]) -> str:
    """A rule's ID from its ID (any case) or its name; an unknown token as written."""
    if token.upper() in known:
        return token.upper()
    return by_name.get(token.lower(), token)


def _active(s: Suppression, today: date) -> bool:
    return s.problem is None and s.reason is not None and (s.until is None or s.until >= today)


def _unsuppressed(
    f: Finding, sups: list[Suppression], policy: Policy, today: date
) -> Finding | None:
    """The finding as it stays reported: None when an active suppression hides it, or
    narrowed to the environments where its rule is mandatory (no comment hides it there)."""
    envs = f.environment.split(",") if f.environment else [None]
    for s in sups:
        if not (s.first <= f.line <= s.last and f.rule in s.rules):
            continue
        entries = [policy.mandatory_entry(f.rule, env, f.severity) for env in envs]
        mandatory = [env for env, entry in zip(envs, entries, strict=True) if entry]
        if mandatory:
            s.used.add(f"mandatory:{f.rule}")
            s.mandatory.extend(e for e in entries if e and e not in s.mandatory)
        if len(mandatory) < len(envs):
            s.used.add(f.rule)
        if not _active(s, today):
            continue
        if not mandatory:
            return None
        if len(mandatory) < len(envs):
            return replace(f, environment=",".join(e for e in mandatory if e))
    return f


def _problems(
    s: Suppression,
    known: Mapping[str, object],
    policy: Policy,
    today: date,
    selected: Callable[[str, str], bool],
) -> Iterable[Finding]:
    from deploylint.rules import all_rules

    dl009 = all_rules()["DL009"]

    def finding(kind: str, message: str, severity: Severity = Severity.WARNING) -> Finding:
        # the baseline keys it by problem kind and the rules named, never by the message
        where = FilePosition(s.file, s.line, s.column, s.line, s.end_column)
        return make_finding(
            dl009, where, message, severity=severity, value_hash=digest([kind, *s.rules])
        )

    if s.problem:
        yield finding(
            "malformed", msg("suppression {problem}; it hides nothing", problem=s.problem)
        )
        return
    unknown = [r for r in s.rules if r not in known]
    if unknown:
        yield finding(
            "unknown",
            msg("suppression names unknown rule {join}; it hides nothing", join=", ".join(unknown)),
        )
    if s.reason is None:
        yield finding(
            "no-reason",
            msg(
                'suppression of {join} has no reason; add reason="..." (it hides nothing until then)',
                join=", ".join(s.rules),
            ),
        )
    if s.until is not None and s.until < today:
        yield finding(
            "expired",
            msg(
                "suppression of {join} expired on {isoformat}; fix the finding or renew the date (it hides nothing)",
                join=", ".join(s.rules),
                isoformat=s.until.isoformat(),
            ),
        )
    elif s.until is not None and s.until - today <= EXPIRY_WARNING and s.reason:
        yield finding(
            "expiring",
            ngettext(
                "suppression of {join} expires on {isoformat} (in {days} day)",
                "suppression of {join} expires on {isoformat} (in {days} days)",
                (s.until - today).days,
            ).format(
                join=", ".join(s.rules),
                isoformat=s.until.isoformat(),
                days=(s.until - today).days,
            ),
            Severity.INFO,
        )
    for rule in s.rules:
        if f"mandatory:{rule}" in s.used:
            yield finding(f"mandatory:{rule}", _mandatory_message(rule, policy, s.mandatory))
        elif rule in known and rule not in s.used and selected(rule, s.file):
            yield finding(
                f"unused:{rule}",
                msg("suppression of {rule} suppressed nothing; remove it", rule=rule),
            )


def _mandatory_message(rule: str, policy: Policy, matched: list[Mandatory]) -> str:
    """Why the comment hides nothing, from the entries that kept its findings only: the
    reason of a narrowed entry (DL205's critical case) is never put on another case."""
    entries = [e for e in matched if e.rule == rule]
    scope = (
        _("every environment")
        if any(e.environments is None for e in entries)
        else ", ".join(sorted({env for e in entries for env in e.environments or ()}))
    )
    levels = [Severity.parse(e.severity) for e in entries if e.severity is not None]
    case = ""
    if levels and len(levels) == len(entries):
        low = min(levels)
        case = (
            _(" for {severity} findings").format(severity=low.label)
            if low is Severity.CRITICAL
            else _(" for {severity} findings and above").format(severity=low.label)
        )
    reasons = "; ".join(dict.fromkeys(e.reason for e in entries if e.reason))
    why = f": {reasons}" if reasons else ""
    return msg(
        "{rule} is mandatory{case} in {scope} under policy '{policy}'{why}; no comment can "
        "suppress it there",
        rule=rule,
        case=case,
        scope=scope,
        policy=policy.name,
        why=why,
    )
