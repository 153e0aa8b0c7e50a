"""``--format gitlab``: GitLab Code Quality JSON (the CodeClimate subset GitLab reads).

Paths are relative to the config root (the repository, for a typical layout); the
fingerprint is the baseline key's, so an issue keeps its identity across unrelated edits.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from deploylint.findings.baseline import fingerprints
from deploylint.findings.finding import Finding, Severity
from deploylint.model.location import FilePosition
from deploylint.report import Report

SEVERITY = {
    Severity.INFO: "info",
    Severity.WARNING: "minor",
    Severity.ERROR: "major",
    Severity.CRITICAL: "critical",
}


def relative(root: str, file: str) -> str:
    """``file`` relative to ``root`` with forward slashes, or absolute when outside it."""
    base = Path(root or os.getcwd())
    for candidate in (Path(os.path.abspath(file)), Path(os.path.realpath(file))):
        if candidate.is_relative_to(base):
            return candidate.relative_to(base).as_posix()
    return Path(os.path.abspath(file)).as_posix()


class GitlabReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        prints = fingerprints(report.findings)
        issues = [
            self._issue(f, report.root, p) for f, p in zip(report.findings, prints, strict=True)
        ]
        json.dump(issues, out, ensure_ascii=False, indent=2)
        out.write("\n")

    @staticmethod
    def _issue(f: Finding, root: str, fingerprint: str) -> dict[str, Any]:
        loc = f.location
        if isinstance(loc, FilePosition):
            path, line = relative(root, loc.file), max(loc.line, 1)
        else:
            path, line = loc.arn, 1
        env = f" [{f.environment}]" if f.environment else ""
        return {
            "type": "issue",
            "description": f"{f.rule} {f.name}: {f.message}{env}",
            "check_name": f.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITY[f.severity],
            "location": {"path": path, "lines": {"begin": line}},
        }
