"""DL001 yaml-syntax: The file parses as YAML or JSON."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL001",
    name="yaml-syntax",
    severity=Severity.ERROR,
    summary=N_("The file parses as YAML or JSON."),
    docs=Docs(
        what=N_(
            "Reports a file that is not valid YAML/JSON or not valid UTF-8, at the parser's line:column, with its reason."
        ),
        why=N_(
            "A file that does not parse is not deployed as you think: the tool that reads it fails, or a lenient one reads something else. Nothing in the file can be checked until it parses."
        ),
        example="architecture:\n  environments:\n    production: {region: ap-northeast-1\n",
        use_instead="architecture:\n  environments:\n    production: {region: ap-northeast-1}\n",
        references=("YAML 1.2.2 spec",),
    ),
)
