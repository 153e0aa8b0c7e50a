"""DL009 invalid-suppression: Every suppression comment is valid, needed and current."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL009",
    name="invalid-suppression",
    severity=Severity.WARNING,
    summary=N_("Every suppression comment is valid, needed and current."),
    docs=Docs(
        what=N_(
            "Reports a `# deploylint: disable=...` comment that has no reason, is past its `until` date, names an unknown rule, suppresses nothing, or targets a rule the policy makes mandatory. Such a comment hides nothing. One that expires within 14 days is reported as info."
        ),
        why=N_(
            "Suppressions outlive the reasons for them. A stale or unexplained one hides the next real problem at that line; one that suppresses nothing is noise that trains people to ignore comments."
        ),
        example="    - {port: 5432, source: 0.0.0.0/0}  # deploylint: disable=DL205\n",
        use_instead='    - {port: 5432, source: ecs-sg}\n    # or, with a reason and an end date:\n    - {port: 443, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="public API, INC-42" until=2027-01-31\n',
        references=("README: suppressions",),
    ),
)
