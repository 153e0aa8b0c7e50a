"""What the people-facing reports (markdown, html) share: verdict, counts, rows, fixes.

Nothing here escapes: each reporter escapes for its own syntax. Fixes and remediations are
read with ``getattr`` (optional attributes of a finding: ``fix`` with a description, a
safety and text edits; ``remediation``, a command for drift).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from deploylint.findings.finding import Finding, Severity
from deploylint.i18n import _, ngettext
from deploylint.report import Report
from deploylint.reporters.text import source_line
from deploylint.rules import all_rules

DOCS_URL = "https://github.com/deploylint/deploylint/blob/main/docs/rules.md"
SEVERITIES = tuple(reversed(Severity))  # critical first


def verdict(report: Report) -> tuple[str, str]:
    """(a short state: failed, warnings, clean or incomplete; a one-line headline).

    "failed" is what the exit code says: findings at or above the run's --fail-on, drift
    at any severity, a part not read, or a note (--max-warnings).
    """
    total = len(report.findings)
    threshold = report.fail_on
    severe = sum(1 for f in report.findings if threshold is not None and f.severity >= threshold)
    drift = any(f.rule.startswith("DL9") for f in report.findings)
    findings = ngettext("{count} finding", "{count} findings", total).format(count=total)
    at = (
        _("at {severity} or above").format(severity=threshold.label)
        if threshold is not None
        else _("failing the run")
    )
    if severe or drift:
        state = "failed"
        text = _("{findings}, {count} {at}").format(findings=findings, count=severe, at=at)
    elif total:
        state, text = "warnings", _("{findings}, none {at}").format(findings=findings, at=at)
    else:
        state, text = "clean", _("no findings")
    if report.incomplete:
        state = "failed" if state == "failed" else "incomplete"
        text += ngettext(
            "; incomplete: {count} part not checked",
            "; incomplete: {count} parts not checked",
            len(report.incomplete),
        ).format(count=len(report.incomplete))
    if report.notes:  # the run failed for a reason no finding gives (--max-warnings)
        state = "failed"
    return state, text


def counts(report: Report) -> list[tuple[Severity, int]]:
    return [(s, report.count(s)) for s in SEVERITIES]


def sources(report: Report) -> list[tuple[int, str]]:
    """What was read: files and config sets; none for a run on live state alone."""
    if not report.files and not report.sets:
        return []
    return [(report.files, "file"), (report.sets, "config set")]


def counted(count: int, noun: str) -> str:
    """``3 files``, ``1 config set`` ... in the language of the run."""
    forms = {
        "file": ("{count} file", "{count} files"),
        "config set": ("{count} config set", "{count} config sets"),
        "finding": ("{count} finding", "{count} findings"),
        "more finding": ("{count} more finding", "{count} more findings"),
        "more file": ("{count} more file", "{count} more files"),
    }
    one, many = forms[noun]
    return ngettext(one, many, count).format(count=count)


# the nouns of ``counted``, for extraction
_NOUNS = (
    ngettext("{count} file", "{count} files", 1),
    ngettext("{count} config set", "{count} config sets", 1),
    ngettext("{count} more finding", "{count} more findings", 1),
    ngettext("{count} more file", "{count} more files", 1),
)


def environments(report: Report) -> list[str]:
    """The run's environments: the report's names, else those its findings name."""
    names = set(report.environment_names)
    for f in report.findings:
        names.update(e for e in (f.environment or "").split(",") if e)
    return sorted(names)


@dataclass(frozen=True)
class RuleRow:
    rule: str
    name: str
    severity: Severity  # the most severe of its findings
    count: int
    url: str  # "" for a rule with no page in docs/rules.md (a plugin's, a pack's)


def rule_rows(report: Report) -> list[RuleRow]:
    """One row per rule with findings: most severe first, then by ID."""
    found = Counter(f.rule for f in report.findings)
    worst: dict[str, Severity] = {}
    names: dict[str, str] = {}
    for f in report.findings:
        worst[f.rule] = max(worst.get(f.rule, f.severity), f.severity)
        names.setdefault(f.rule, f.name)
    registry = report.rules or all_rules()  # a live run's report may not carry its rules
    rows = []
    for rule_id, count in found.items():
        rule = registry.get(rule_id)
        builtin = rule is not None and not rule.origin
        name = names[rule_id] or (rule.name if rule is not None else "")
        url = f"{DOCS_URL}#{rule_id.lower()}-{name}" if builtin and name else ""
        rows.append(RuleRow(rule_id, name, worst[rule_id], count, url))
    return sorted(rows, key=lambda r: (-r.severity, r.rule))


def by_file(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by file (or resource), in the report's (sorted) order."""
    ordered = sorted(findings)
    return [(file, list(group)) for file, group in groupby(ordered, key=lambda f: f.file)]


def envs_of(f: Finding) -> list[str]:
    return [e for e in (f.environment or "").split(",") if e]


@dataclass(frozen=True)
class FixView:
    description: str
    safety: str
    removed: list[str]  # the lines as they are
    added: list[str]  # the lines after the edits


def fix_view(report: Report, f: Finding) -> FixView | None:
    """A finding's fix as before/after lines (edits in the finding's own file)."""
    fix: Any = getattr(f, "fix", None)
    if fix is None:
        return None
    safety = getattr(fix, "safety", "")
    safety_text = str(getattr(safety, "value", safety) or "")
    view = FixView(str(getattr(fix, "description", "") or ""), safety_text, [], [])
    text = report.texts.get(f.file)
    lines = text.splitlines() if text is not None else []
    for edit in getattr(fix, "edits", ()) or ():
        file = getattr(edit, "file", f.file)
        line, end_line = int(getattr(edit, "line", 0)), int(getattr(edit, "end_line", 0))
        column, end_column = int(getattr(edit, "column", 1)), int(getattr(edit, "end_column", 1))
        replacement = str(getattr(edit, "replacement", ""))
        if file != f.file or not 1 <= line <= end_line <= len(lines):
            view.added.extend(replacement.splitlines() or [""])
            continue
        before = lines[line - 1 : end_line]
        after = (before[0][: column - 1] + replacement + before[-1][end_column - 1 :]).split("\n")
        view.removed.extend(before)
        view.added.extend(after)
    return view


def remediation(f: Finding) -> str:
    return str(getattr(f, "remediation", None) or "")


def excerpt(report: Report, f: Finding) -> str | None:
    """The finding's source line (tabs expanded, long lines cut), or None."""
    return source_line(report, f)


@dataclass(frozen=True)
class DriftRow:
    resource: str
    path: str  # the declared document path
    attribute: str  # the live attribute (``/desired_count``), "" when unknown
    declared: str
    where: str  # file:line of the declared value
    live: str
    remediation: str
    finding: Finding


def _shown(value: object) -> str:
    return _("(absent)") if value is None else str(value)


def drift_rows(report: Report) -> list[DriftRow]:
    """One row per drift finding (a finding with a live resource), by resource."""
    rows = []
    for f in report.findings:
        if f.resource is None:
            continue
        attribute = next(
            (getattr(r.location, "attribute", "") for r in f.related if r.location), ""
        )
        where = f"{f.file}:{f.line}" if f.line else ""
        rows.append(
            DriftRow(
                f.resource,
                f.path,
                attribute,
                _shown(f.declared),
                where,
                _shown(f.live),
                remediation(f),
                f,
            )
        )
    return sorted(rows, key=lambda r: (r.resource, r.path, r.attribute, r.finding.sort_key()))
