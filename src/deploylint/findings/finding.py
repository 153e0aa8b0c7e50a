"""The one finding type every part of deploylint produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from deploylint.model.fix import Fix
from deploylint.model.location import FilePosition, Location, Path, format_path
from deploylint.model.severity import Severity

# Path, Severity and format_path live in model/ (shared types); re-exported for old imports
__all__ = ["Finding", "Location", "Path", "Related", "Severity", "format_path"]


@dataclass(frozen=True, slots=True)
class Related:
    """A second place a finding names: "the app port is declared here"."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at a place: a file position or a live resource attribute."""

    location: Location
    rule: str
    message: str
    name: str = ""
    severity: Severity = Severity.ERROR
    path: str = ""
    environment: str | None = None
    related: tuple[Related, ...] = ()
    # drift: the live resource and both sides' values
    resource: str | None = None
    declared: Any = field(default=None, compare=False, hash=False)
    live: Any = field(default=None, compare=False, hash=False)
    # identity (baseline keys, SARIF and GitLab fingerprints; findings/baseline.py): a
    # digest of the whole subject, the subject (the path with list items named by identity,
    # or the file of a file-level problem) and the config set's folder
    value_hash: str = field(default="", compare=False, hash=False)
    subject: str = field(default="", compare=False, hash=False)
    config_set: str = field(default="", compare=False, hash=False)
    # the text edits that fix it (``check --fix``), and for drift the AWS CLI command that
    # brings the live resource back to what is declared (printed, never run)
    fix: Fix | None = field(default=None, compare=False, hash=False)
    remediation: str | None = field(default=None, compare=False, hash=False)
    # rules whose finding at the same place covers this one (engine.finish: one mistake,
    # one finding; kept when none of them is shown)
    covered_by: tuple[str, ...] = field(default=(), compare=False, hash=False)

    @property
    def file(self) -> str:
        """The file, or the resource ARN of a finding on live state."""
        loc = self.location
        return loc.file if isinstance(loc, FilePosition) else loc.arn

    @property
    def line(self) -> int:
        return self.location.line if isinstance(self.location, FilePosition) else 0

    @property
    def column(self) -> int:
        return self.location.column if isinstance(self.location, FilePosition) else 0

    @property
    def end_line(self) -> int:
        return self.location.end_line if isinstance(self.location, FilePosition) else 0

    @property
    def end_column(self) -> int:
        return self.location.end_column if isinstance(self.location, FilePosition) else 0

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (*self.location.sort_key(), self.rule, self.message)

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "file": self.file if isinstance(self.location, FilePosition) else None,
            "line": self.line or None,
            "column": self.column or None,
            "end_line": (self.end_line or self.line) or None,
            "end_column": (self.end_column or self.column) or None,
            "path": self.path,
            "environment": self.environment,
        }
        if not isinstance(self.location, FilePosition):
            out["resource"] = self.location.arn
            out["attribute"] = self.location.attribute
        if self.resource is not None or self.declared is not None:  # drift findings
            out["resource"] = self.resource
            out["declared"] = self.declared
            out["live"] = self.live
        out["related"] = [{"message": r.message, **location_dict(r.location)} for r in self.related]
        if self.fix is not None:
            out["fix"] = self.fix.to_dict()
        if self.remediation is not None:
            out["remediation"] = self.remediation
        return out


MAX_MESSAGE = 1000


class RuleInfo(Protocol):
    """What a finding takes from its rule (a :class:`~deploylint.rules.rule.Rule`)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def severity(self) -> Severity: ...


def make_finding(
    rule: RuleInfo,
    location: Location,
    message: str,
    *,
    severity: Severity | None = None,
    path: Path | str = (),
    environment: str | None = None,
    related: tuple[Related, ...] = (),
    resource: str | None = None,
    declared: Any = None,
    live: Any = None,
    value_hash: str = "",
    subject: str = "",
    fix: Fix | None = None,
    remediation: str | None = None,
    covered_by: tuple[str, ...] = (),
) -> Finding:
    """The one constructor of findings: every Finding of deploylint is built here.

    The rule gives its ID, name and default severity; a message or path longer than
    :data:`MAX_MESSAGE` (a hostile key, up to the file size limit) is cut, never echoed whole.
    """
    shown = path if isinstance(path, str) else format_path(path)
    return Finding(
        location,
        rule.id,
        _cut(message),
        rule.name,
        severity or rule.severity,
        _cut(shown),
        environment,
        related,
        resource=resource,
        declared=declared,
        live=live,
        value_hash=value_hash,
        subject=_cut(subject),
        fix=fix,
        remediation=remediation,
        covered_by=covered_by,
    )


def _cut(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def location_dict(loc: Location) -> dict[str, object]:
    if isinstance(loc, FilePosition):
        return {"file": loc.file, "line": loc.line, "column": loc.column}
    return {"resource": loc.arn, "attribute": loc.attribute}
