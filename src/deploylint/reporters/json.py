"""``--format json``: one object, findings then a summary, for CI jobs to consume."""

from __future__ import annotations

import json
from typing import IO

from deploylint.findings.finding import Severity
from deploylint.report import Report


class JsonReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        document = {
            "findings": [f.to_dict() for f in report.findings],
            "summary": {
                "findings": len(report.findings),
                **{s.label: report.count(s) for s in reversed(Severity)},
                "files": report.files,
                "config_sets": report.sets,
                "environments": report.environments,
                "hidden": dict(sorted(report.hidden.items())),
                "incomplete": report.incomplete,
                "skipped": [{"file": file, "reason": why} for file, why in report.skipped],
            },
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
