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
            "Reports a key that the section's schema does not define, with the closest known key as a suggestion. A warning, except for a misspelling: a top-level key that is not a section, `extends`, `environment` or `$schema`, or, at any depth, a key within two edits of a key the schema knows at that place (the did-you-mean: `securty` for `security`, `inbund` for `inbound`, `alarm` for `alarms`) is an error. A key with no close known key (a vendor extension such as `owner:` or `x-notes:`) stays a warning; names you choose (groups, alarms, environments) are never unknown keys."
        ),
        why=N_(
            "A misspelt key (`evaluation_period` for `evaluation_periods`) is ignored by the tools that read the config, so the setting you meant silently keeps its default. A misspelling is an error: a misspelt section (`infrastucture:`) or key (`securty:` holding the security groups) switches off every check of what it holds, so a database open to the internet under it would pass."
        ),
        example="alarms:\n  high_cpu:\n    threshold: 80\n    evaluation_period: 2\n",
        use_instead="alarms:\n  high_cpu:\n    threshold: 80\n    evaluation_periods: 2\n",
        references=("config-format.md",),
    ),
)
