"""DL004 unknown-key: Every key is one the schema knows."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL004",
    name="unknown-key",
    severity=Severity.WARNING,
    summary=N_("Every key is one the schema knows."),
    docs=Docs(
        what=N_(
            "Reports a key that the section's schema does not define, with the closest known key as a suggestion."
        ),
        why=N_(
            "A misspelt key (`evaluation_period` for `evaluation_periods`) is ignored by the tools that read the config, so the setting you meant silently keeps its default. A top-level key that is not a section, `extends`, `environment` or `$schema` is an error: a misspelt section (`infrastucture:`) would switch off every check under it."
        ),
        example="alarms:\n  high_cpu:\n    threshold: 80\n    evaluation_period: 2\n",
        use_instead="alarms:\n  high_cpu:\n    threshold: 80\n    evaluation_periods: 2\n",
        references=("config-format.md",),
    ),
)
