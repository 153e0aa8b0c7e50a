"""Reporters: small classes behind a name registry that also feeds ``--format``."""

from __future__ import annotations

import importlib
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from deploylint.report import Report

# name -> "module:Class", imported only when chosen (rich and SARIF cost start-up time)
REGISTRY: dict[str, str] = {
    "text": "deploylint.reporters.text:TextReporter",
    "concise": "deploylint.reporters.concise:ConciseReporter",
    "json": "deploylint.reporters.json:JsonReporter",
    "sarif": "deploylint.reporters.sarif:SarifReporter",
    "github": "deploylint.reporters.github:GithubReporter",
    "junit": "deploylint.reporters.junit:JunitReporter",
    "gitlab": "deploylint.reporters.gitlab:GitlabReporter",
    "statistics": "deploylint.reporters.statistics:StatisticsReporter",
    "markdown": "deploylint.reporters.markdown:MarkdownReporter",
    "html": "deploylint.reporters.html:HtmlReporter",
}


class Reporter(Protocol):
    def render(self, report: Report, out: IO[str]) -> None: ...


def get_reporter(name: str, color: bool = False) -> Reporter:
    module_name, _, cls_name = REGISTRY[name].partition(":")
    cls = getattr(importlib.import_module(module_name), cls_name)
    reporter: Reporter = cls(color=color)
    return reporter
