"""``--format sarif``: SARIF 2.1.0 for code-scanning UIs, rule descriptors for matched rules."""

from __future__ import annotations

import json
from typing import IO, Any

from deploylint import __version__
from deploylint.findings.finding import Severity
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


def _location(loc: Location) -> dict[str, Any]:
    """A physical location for a file position, a logical one for a live resource."""
    if isinstance(loc, FilePosition):
        region: dict[str, Any] = {"startLine": loc.line, "startColumn": loc.column}
        if loc.end_line:
            region["endLine"] = loc.end_line
            region["endColumn"] = max(loc.end_column, 1)
        return {
            "physicalLocation": {
                "artifactLocation": {"uri": loc.file.replace("\\", "/")},
                "region": region,
            }
        }
    name = f"{loc.arn}{loc.attribute}"
    return {
        "logicalLocations": [
            {"fullyQualifiedName": name, "name": loc.attribute or loc.arn, "kind": "resource"}
        ]
    }


class SarifReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        rules = report.rules or all_rules()  # a run's own registry: pack and plugin rules too
        used = sorted({f.rule for f in report.findings})
        index = {rule_id: i for i, rule_id in enumerate(used)}
        descriptors = [self._descriptor(rules[r]) for r in used if r in rules]
        results = []
        for f in report.findings:
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [_location(f.location)],
                "properties": {"severity": f.severity.label, "path": f.path},
            }
            if f.related:
                result["relatedLocations"] = [
                    {**_location(r.location), "id": i, "message": {"text": r.message}}
                    for i, r in enumerate(f.related)
                ]
            if f.environment:
                result["properties"]["environment"] = f.environment
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
