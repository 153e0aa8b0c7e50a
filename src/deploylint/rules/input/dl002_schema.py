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
            "A value of the wrong type (a word where a port goes, a list where a mapping goes) is read differently, or not at all, by the tools that deploy it. The other rules never read the invalid value as valid, nor as absent: they read it at its worst where they can (an unknown source is the whole internet) and report that they did not check it where they cannot."
        ),
        example="config:\n  application:\n    api:\n      port: eight-thousand\n",
        use_instead="config:\n  application:\n    api:\n      port: 8000\n",
        references=("config-format.md", "guide 2.1-6.1"),
    ),
)
