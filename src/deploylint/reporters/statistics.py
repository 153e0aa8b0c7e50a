"""``--statistics`` (or ``--format statistics``): how many findings each rule gave, most
first; JSON with ``--format json``."""

from __future__ import annotations

import json
from collections import Counter
from typing import IO

from deploylint.report import Report


class StatisticsReporter:
    def __init__(self, color: bool = False) -> None:
        self.json = False

    def render(self, report: Report, out: IO[str]) -> None:
        counts = Counter((f.rule, f.name, f.severity.label) for f in report.findings)
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if self.json:
            data = [{"rule": r, "name": n, "severity": s, "count": c} for (r, n, s), c in rows]
            out.write(json.dumps(data, indent=2) + "\n")
            return
        for (rule, name, severity), count in rows:
            out.write(f"{count:>6}  {rule}  {severity:<8}  {name}\n")
