"""``--format text``: findings grouped by file, the offending line with a caret, counts.

Plain text when the output is not a terminal or NO_COLOR is set (rich is then never
imported, which keeps the pre-commit path fast); rich colours on a terminal.
"""

from __future__ import annotations

import unicodedata
from itertools import groupby
from typing import IO

from deploylint.findings.finding import Finding, Severity
from deploylint.i18n import _, join, ngettext, severity_label
from deploylint.report import Report

_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "cyan",
}


def source_line(report: Report, f: Finding) -> str | None:
    text = report.texts.get(f.file) if f.line else None
    if text is None:
        return None
    lines = text.splitlines()
    if not 1 <= f.line <= len(lines):
        return None
    line = lines[f.line - 1].expandtabs(1)
    return line if len(line) <= 200 else line[:200] + "..."


def _cells(text: str) -> int:
    """Terminal cells: CJK (wide) characters take two, so the caret stays under its value."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def caret(f: Finding, line: str) -> str:
    start = min(f.column, len(line) + 1)
    if f.end_line == f.line and f.end_column > f.column:
        end = min(f.end_column, len(line) + 1)
    else:
        end = start + 1
    return " " * _cells(line[: start - 1]) + "^" * max(_cells(line[start - 1 : end - 1]), 1)


def _files(n: int) -> str:
    return ngettext("{n} file", "{n} files", n).format(n=n)


def _read(report: Report) -> str:
    """What the run read: its files, or (check --live/--snapshot) the live state."""
    if report.files or not report.environment_names:
        return _files(report.files)
    return _("the live state of {environments}").format(
        environments=join(sorted(report.environment_names))
    )


def summary(report: Report) -> str:
    if not report.findings:
        text = _("No findings in {where}.").format(where=_read(report))
    else:
        parts = [
            _("{count} {severity}").format(count=report.count(s), severity=severity_label(s))
            for s in reversed(Severity)
            if report.count(s)
        ]
        total = len(report.findings)
        text = ngettext(
            "{count} finding ({severities}) in {where}{fixable}.",
            "{count} findings ({severities}) in {where}{fixable}.",
            total,
        ).format(count=total, severities=join(parts), where=_read(report), fixable=fixable(report))
    for folder, count in sorted(report.hidden.items()):
        text += "\n" + ngettext(
            "{count} more finding in other files of the config set {folder} "
            "(run `deploylint check {folder}` to see them).",
            "{count} more findings in other files of the config set {folder} "
            "(run `deploylint check {folder}` to see them).",
            count,
        ).format(count=count, folder=folder)
    if report.incomplete:
        text += "\n" + _("Incomplete: not checked: {parts}.").format(
            parts=_("; ").join(report.incomplete)
        )
    for note in report.notes:
        text += "\n" + note
    return text


def fixable(report: Report) -> str:
    """``, 2 fixable with --fix (1 more with --unsafe-fixes)`` ('' when none are)."""
    fixes = [f.fix for f in report.findings if f.fix is not None]
    safe = sum(1 for fix in fixes if fix.safety.value == "safe")
    unsafe = len(fixes) - safe
    if safe:
        more = _(" ({count} more with --unsafe-fixes)").format(count=unsafe) if unsafe else ""
        return _(", {count} fixable with --fix{more}").format(count=safe, more=more)
    if unsafe:
        return _(", {count} fixable with --fix --unsafe-fixes").format(count=unsafe)
    return ""


def where(f: Finding) -> str:
    """``file:line:column``, or the resource and attribute of a finding on live state."""
    return f"{f.file}:{f.line}:{f.column}" if f.line else f.location.short()


def see_also(f: Finding) -> list[str]:
    """The notes under a finding: related places, its fix, a drift remediation command."""
    notes = [
        _("see also {where}: {message}").format(where=r.location.short(), message=r.message)
        for r in f.related
    ]
    if f.fix is not None:
        flag = "" if f.fix.safety.value == "safe" else _(", with --unsafe-fixes")
        notes.append(
            _("fix ({safety}{flag}): {description}").format(
                safety=f.fix.safety.value, flag=flag, description=f.fix.description
            )
        )
    if f.remediation:
        notes.append(_("remediation: {command}").format(command=f.remediation))
    return notes


class TextReporter:
    def __init__(self, color: bool = False) -> None:
        self.color = color
        self.quiet = False  # --quiet: the findings only, no summary

    def render(self, report: Report, out: IO[str]) -> None:
        if self.color:
            self._rich(report, out)
        else:
            self._plain(report, out)

    def _plain(self, report: Report, out: IO[str]) -> None:
        for file, group in groupby(report.findings, key=lambda f: f.file):
            out.write(f"{file}\n")
            for f in group:
                env = f" [{f.environment}]" if f.environment else ""
                out.write(f"  {where(f)}: {f.severity.label} {f.rule} {f.name}: {f.message}{env}\n")
                line = source_line(report, f)
                if line is not None:
                    out.write(f"    {f.line:>5} | {line}\n          | {caret(f, line)}\n")
                for note in see_also(f):
                    out.write(f"          {note}\n")
            out.write("\n")
        if not self.quiet:
            out.write(summary(report) + "\n")

    def _rich(self, report: Report, out: IO[str]) -> None:
        from rich.console import Console
        from rich.markup import escape

        # colour was decided by the CLI (tty, NO_COLOR, FORCE_COLOR, --color): rich obeys
        console = Console(
            file=out, highlight=False, soft_wrap=True, force_terminal=True, no_color=False
        )
        for file, group in groupby(report.findings, key=lambda f: f.file):
            console.print(f"[bold underline]{escape(file)}[/]")
            for f in group:
                env = f" [dim]\\[{escape(f.environment)}][/]" if f.environment else ""
                console.print(
                    f"  [dim]{escape(where(f))}:[/] "
                    f"[{_STYLE[f.severity]}]{f.severity.label}[/] [bold]{f.rule}[/] "
                    f"[dim]{f.name}:[/] {escape(f.message)}{env}"
                )
                line = source_line(report, f)
                if line is not None:
                    console.print(f"    [dim]{f.line:>5} |[/] {escape(line)}")
                    console.print(f"          [dim]|[/] [{_STYLE[f.severity]}]{caret(f, line)}[/]")
                for note in see_also(f):
                    console.print(f"          [dim]{escape(note)}[/]")
            console.print()
        if self.quiet:
            return
        style = (
            "bold red"
            if report.count(Severity.ERROR) + report.count(Severity.CRITICAL)
            else ("yellow" if report.findings else "green")
        )
        console.print(f"[{style}]{escape(summary(report))}[/]")
