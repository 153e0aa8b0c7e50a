"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

Files are named relative to the config root (the repository, for a typical layout), as in
SARIF and GitLab reports: GitHub places an annotation by its repository path."""

from __future__ import annotations

from typing import IO

from deploylint.findings.finding import Severity
from deploylint.report import Report
from deploylint.reporters.gitlab import relative

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def _escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class GithubReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        for f in report.findings:
            props = [f"title={_escape(f'{f.rule} {f.name}', True)}"]
            message = f.message
            if f.line:  # a file position; a live resource has no file to annotate
                props[:0] = [
                    f"file={_escape(relative(report.root, f.file), True)}",
                    f"line={f.line}",
                    f"col={f.column}",
                    f"endLine={f.end_line or f.line}",
                ]
            else:
                message = f"{f.location.short()}: {message}"
            for r in f.related:
                message += f"\nsee also {r.location.short()}: {r.message}"
            if f.fix is not None:
                flag = "--fix" if f.fix.safety.value == "safe" else "--fix --unsafe-fixes"
                message += f"\nfix available ({f.fix.safety.value}, `deploylint check {flag}`): "
                message += f.fix.description
            if f.remediation:
                message += f"\nremediation: {f.remediation}"
            out.write(f"::{_LEVEL[f.severity]} {','.join(props)}::{_escape(message)}\n")
