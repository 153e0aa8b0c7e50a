"""DL002 schema: The section validates against its JSON Schema."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL002",
    name="schema",
    severity=Severity.ERROR,
    summary=N_("The section validates against its JSON Schema."),
    docs=Docs(
        what=N_(
            "Validates each file against the JSON Schema of its sections (`schemas/`): types, enums, ranges, required keys of list items. One finding per violation, at the offending value, with the type expected."
        ),
        why=N_(
            "A value of the wrong type (a word where a port goes, a list where a mapping goes) is read differently, or not at all, by the tools that deploy it. The invalid value is left out of the effective config, so the other rules do not see it."
        ),
        example="config:\n  application:\n    api:\n      port: eight-thousand\n",
        use_instead="config:\n  application:\n    api:\n      port: 8000\n",
        references=("config-format.md", "guide 2.1-6.1"),
    ),
)
