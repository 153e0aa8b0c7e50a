"""``--format concise``: one line per finding, ``file:line:col: RULE message`` (as ruff's
and eslint's compact formats), for editors, grep and scripts. A finding on live state
names its resource and attribute where the file position would be."""

from __future__ import annotations

from typing import IO

from deploylint.report import Report
from deploylint.reporters.text import summary, where


class ConciseReporter:
    def __init__(self, color: bool = False) -> None:
        self.quiet = False  # --quiet: no summary line

    def render(self, report: Report, out: IO[str]) -> None:
        for f in report.findings:
            env = f" [{f.environment}]" if f.environment else ""
            message = " ".join(f.message.split())  # one line, whatever the message holds
            out.write(f"{where(f)}: {f.rule} {message}{env}\n")
        if not self.quiet:
            out.write(summary(report) + "\n")
