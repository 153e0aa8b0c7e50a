"""DL901 drift-changed: a live attribute differs from the declared value."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL901",
    name="drift-changed",
    severity=Severity.ERROR,
    summary=N_("An attribute's live value differs from the declared one."),
    docs=Docs(
        what=N_(
            "Reported by `deploylint drift`: an attribute the config declares (a task count, an instance class, an inbound rule's port, an alarm threshold, a log retention) has another value on the live resource. The finding sits at the declared line and names the declared value, the live value and the resource ARN. Versions match at the precision written: `'15'` matches any 15.x, `'15.4'` only 15.4."
        ),
        why=N_(
            "A config that no longer describes what runs is a review that approves one thing while production does another; the next deploy silently reverts a hot fix, or keeps a change nobody reviewed."
        ),
        example="# architecture.yaml (declared)\narchitecture:\n  environments:\n    production:\n      scaling: {desired: 5}\n# live: the ECS service's desiredCount is 8\n",
        use_instead="# either write the live value into the config (the change was right)\n#   scaling: {desired: 8}\n# or re-apply the config (it was not); or accept it in drift.ignore with a reason\n",
        references=("config-format.md#the-live-side", "docs/live.md"),
    ),
)
