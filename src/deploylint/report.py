"""What every reporter reads: the findings of a run and its summary. Nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deploylint.findings.baseline import Key
from deploylint.findings.finding import Finding, Severity

if TYPE_CHECKING:
    from deploylint.rules.rule import Rule


@dataclass
class Report:
    findings: list[Finding]
    files: int = 0
    sets: int = 0
    environments: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # file -> text, for source lines
    # findings in files of a set that were not named on the command line, per set folder
    hidden: dict[str, int] = field(default_factory=dict)
    incomplete: list[str] = field(default_factory=list)  # parts that could not be read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) not read
    skipped_named: set[str] = field(default_factory=set)  # of those, the files named one by one
    root: str = ""  # the config root of the run's sets (their common folder); "": unknown
    keys: set[Key] = field(default_factory=set)  # baseline keys of every finding, shown or not
    # the rules of the run by ID (built-in, plugins', the pack's own): SARIF descriptors
    rules: dict[str, Rule] = field(default_factory=dict)
    # the environments the run's configs declare (``--env`` must name one of them)
    environment_names: set[str] = field(default_factory=set)

    # lines the summary adds: why the run failed when no finding says so (--max-warnings)
    notes: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, threshold: Severity | None) -> bool:
        return threshold is not None and any(f.severity >= threshold for f in self.findings)
