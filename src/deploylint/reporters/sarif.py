"""``--format sarif``: SARIF 2.1.0 for code-scanning UIs, rule descriptors for matched rules."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote_from_bytes

from deploylint import __version__
from deploylint.findings.baseline import fingerprints
from deploylint.findings.finding import Severity
from deploylint.model.fix import Fix
from deploylint.model.location import FilePosition, Location
from deploylint.report import Report
from deploylint.rules import all_rules

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "%SRCROOT%"
FINGERPRINT = "deploylintKey/v2"  # the baseline key: set, rule, environments, subject, digest


class _Places:
    """SARIF locations: URIs relative to ``%SRCROOT%`` (the config root), UTF-16 columns."""

    def __init__(self, report: Report) -> None:
        self.root = Path(report.root or os.getcwd())
        self.texts = report.texts
        self.lines: dict[str, list[str] | None] = {}

    def uri(self, file: str) -> tuple[str, str | None]:
        """(uri, uriBaseId): percent-encoded, relative to the root, else a ``file:`` URI."""
        for candidate in (Path(os.path.abspath(file)), Path(os.path.realpath(file))):
            if candidate.is_relative_to(self.root):
                rel = candidate.relative_to(self.root).as_posix()
                return quote_from_bytes(os.fsencode(rel), safe="/"), BASE_ID
        return Path(os.path.abspath(file)).as_uri(), None

    def _line(self, file: str, n: int) -> str | None:
        if file not in self.lines:
            text = self.texts.get(file)
            if text is None:
                try:
                    text = Path(file).read_text(encoding="utf-8", errors="surrogateescape")
                except OSError:
                    text = None
            self.lines[file] = None if text is None else text.splitlines()
        lines = self.lines[file]
        return lines[n - 1] if lines is not None and 1 <= n <= len(lines) else None

    def column(self, file: str, line: int, column: int) -> int:
        """A 1-based code-point column as UTF-16 code units (what GitHub counts)."""
        text = self._line(file, line)
        if text is None:
            return column
        head = text[: column - 1]
        units = len(head.encode("utf-16-le", "surrogatepass")) // 2
        return 1 + units + max(0, column - 1 - len(head))

    def location(self, loc: Location) -> dict[str, Any]:
        """A physical location for a file position, a logical one for a live resource."""
        if isinstance(loc, FilePosition):
            region: dict[str, Any] = {
                "startLine": max(loc.line, 1),
                "startColumn": self.column(loc.file, loc.line, max(loc.column, 1)),
            }
            if loc.end_line:
                region["endLine"] = max(loc.end_line, region["startLine"])
                region["endColumn"] = self.column(loc.file, loc.end_line, max(loc.end_column, 1))
                if region["endLine"] == region["startLine"]:
                    region["endColumn"] = max(region["endColumn"], region["startColumn"])
            uri, base = self.uri(loc.file)
            artifact: dict[str, Any] = {"uri": uri}
            if base is not None:
                artifact["uriBaseId"] = base
            return {"physicalLocation": {"artifactLocation": artifact, "region": region}}
        name = f"{loc.arn}{loc.attribute}"
        return {
            "logicalLocations": [
                {"fullyQualifiedName": name, "name": loc.attribute or loc.arn, "kind": "resource"}
            ]
        }

    def fix(self, fix: Fix) -> dict[str, Any]:
        """A SARIF fix (§3.55): one artifactChange per file, a replacement per edit."""
        changes: dict[str, list[dict[str, Any]]] = {}
        for e in fix.edits:
            start = self.column(e.file, e.line, e.column)
            end = self.column(e.file, e.end_line, e.end_column)
            region = {
                "startLine": e.line,
                "startColumn": start,
                "endLine": e.end_line,
                "endColumn": end,
            }
            changes.setdefault(e.file, []).append(
                {"deletedRegion": region, "insertedContent": {"text": e.replacement}}
            )
        artifact_changes = []
        for file, replacements in changes.items():
            uri, base = self.uri(file)
            artifact: dict[str, Any] = {"uri": uri}
            if base is not None:
                artifact["uriBaseId"] = base
            artifact_changes.append({"artifactLocation": artifact, "replacements": replacements})
        return {
            "description": {"text": f"{fix.description} ({fix.safety.value} fix)"},
            "artifactChanges": artifact_changes,
            "properties": {"safety": fix.safety.value},
        }


class SarifReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        rules = report.rules or all_rules()  # a run's own registry: pack and plugin rules too
        used = sorted({f.rule for f in report.findings} & set(rules))
        index = {rule_id: i for i, rule_id in enumerate(used)}
        descriptors = [self._descriptor(rules[r]) for r in used]
        places = _Places(report)
        results = []
        prints = fingerprints(report.findings)
        for f, fingerprint in zip(report.findings, prints, strict=True):
            result: dict[str, Any] = {"ruleId": f.rule}
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            result |= {
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [places.location(f.location)],
                "partialFingerprints": {FINGERPRINT: fingerprint},
                "properties": {"severity": f.severity.label, "path": f.path},
            }
            if f.related:
                result["relatedLocations"] = [
                    {**places.location(r.location), "id": i, "message": {"text": r.message}}
                    for i, r in enumerate(f.related)
                ]
            if f.environment:
                result["properties"]["environment"] = f.environment
            if f.fix is not None and f.fix.edits:
                result["fixes"] = [places.fix(f.fix)]
            if f.remediation:
                result["properties"]["remediation"] = f.remediation
            results.append(result)
        document = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "deploylint",
                            "version": __version__,
                            "informationUri": "https://github.com/deploylint/deploylint",
                            "rules": descriptors,
                        }
                    },
                    "originalUriBaseIds": {
                        BASE_ID: {"uri": places.root.as_uri().rstrip("/") + "/"}
                    },
                    "columnKind": "utf16CodeUnits",
                    "results": results,
                }
            ],
        }
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")

    @staticmethod
    def _descriptor(rule: Any) -> dict[str, Any]:
        from deploylint.docs import rule_markdown

        return {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.docs.what},
            "help": {"text": rule.docs.why, "markdown": rule_markdown(rule, level=2)},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
