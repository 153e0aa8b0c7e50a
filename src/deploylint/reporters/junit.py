"""``--format junit``: JUnit XML as GitLab and Jenkins read it.

One test suite per environment, one test case per rule and file that has findings, one
failure per test case carrying every finding of it. A clean run is one passing case.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import IO
from xml.etree import ElementTree as ET

from deploylint.findings.finding import Finding
from deploylint.report import Report
from deploylint.reporters.text import where

ALL = "all environments"
# characters XML 1.0 cannot carry, not even escaped
_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _INVALID.sub("\ufffd", text)


class JunitReporter:
    def __init__(self, color: bool = False) -> None:
        del color

    def render(self, report: Report, out: IO[str]) -> None:
        suites: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(dict)
        for f in report.findings:
            for env in (f.environment or ALL).split(","):
                suites[env].setdefault((f.rule, f.file), []).append(f)
        root = ET.Element("testsuites", name="deploylint")
        total = failures = 0
        if not suites:
            suite = ET.SubElement(
                root, "testsuite", name="deploylint", tests="1", failures="0", errors="0"
            )
            suite.set("skipped", "0")
            ET.SubElement(suite, "testcase", name="deploylint", classname="deploylint")
            total = 1
        for env in sorted(suites):
            cases = suites[env]
            suite = ET.SubElement(
                root,
                "testsuite",
                name=_clean(env),
                tests=str(len(cases)),
                failures=str(len(cases)),
                errors="0",
            )
            suite.set("skipped", "0")
            for (rule, file), found in sorted(cases.items()):
                first = found[0]
                case = ET.SubElement(
                    suite, "testcase", name=_clean(f"{rule} {first.name}"), classname=_clean(file)
                )
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=_clean(
                        first.message
                        if len(found) == 1
                        else f"{len(found)} findings: {first.message}"
                    ),
                    type=rule,
                )
                failure.text = _clean(
                    "\n".join(
                        f"{where(f)}: {f.severity.label} {f.rule} {f.name}: {f.message}"
                        for f in found
                    )
                )
            total += len(cases)
            failures += len(cases)
        root.set("tests", str(total))
        root.set("failures", str(failures))
        ET.indent(root)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(root, encoding="unicode"))
        out.write("\n")
