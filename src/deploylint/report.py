"""What every reporter reads: the findings of a run and its summary. Nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deploylint.findings.baseline import Key
from deploylint.findings.finding import Finding, Severity
from deploylint.model.location import Location

if TYPE_CHECKING:
    from deploylint.rules.rule import Rule


@dataclass(frozen=True)
class Inbound:
    """One inbound rule of a security group, as declared (the HTML report's graph edges)."""

    group: str
    index: int
    port: str
    protocol: str  # as written; "" when not written (tcp)
    source: str
    location: Location  # where the rule is declared
    path: str  # its document path: infrastructure.network.security.groups.ecs.inbound[0]


@dataclass(frozen=True)
class SecurityGroups:
    """One environment's security groups, for reporters that draw them.

    ``roles``: group -> load_balancer, app, database or cache (the policy's names and the
    engines' ports, as DL205/DL207 read them). ``problem``: why the groups could not be
    read ("" when they were), so a report says "not drawn" rather than draw nothing.
    """

    environment: str  # "" for a set without environments
    config_set: str  # the set's folder as shown
    groups: tuple[str, ...] = ()
    inbound: tuple[Inbound, ...] = ()
    roles: dict[str, str] = field(default_factory=dict)
    problem: str = ""


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
    config_sets: set[str] = field(default_factory=set)  # folders of the sets checked
    # the rules of the run by ID (built-in, plugins', the pack's own): SARIF descriptors
    rules: dict[str, Rule] = field(default_factory=dict)
    # the environments the run's configs declare (``--env`` must name one of them)
    environment_names: set[str] = field(default_factory=set)

    # lines the summary adds: why the run failed when no finding says so (--max-warnings)
    notes: list[str] = field(default_factory=list)
    # optional, for the people-facing reports (markdown, html): each environment's
    # security groups (empty when the run could not reach them)
    networks: list[SecurityGroups] = field(default_factory=list)
    # the run's --fail-on (None: never), so that a report's verdict is the exit code's
    fail_on: Severity | None = Severity.ERROR

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def failed(self, threshold: Severity | None) -> bool:
        return threshold is not None and any(f.severity >= threshold for f in self.findings)
