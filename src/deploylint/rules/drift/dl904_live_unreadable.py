"""DL904 live-unreadable: a part of the live state could not be read."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL904",
    name="live-unreadable",
    severity=Severity.WARNING,
    summary=N_(
        "A part of the live state could not be read; its declared attributes are not checked."
    ),
    docs=Docs(
        what=N_(
            "Reported by `deploylint drift` (and `check --live`) when a part of the live state that the config declares could not be read: AccessDenied, throttled after 5 attempts, a service that is unavailable or not implemented, an attribute AWS did not return, or a resource type an AWS Config snapshot did not record. The part is named; its attributes are not checked, never reported missing and never counted as in sync, and the run is marked incomplete (exit 1)."
        ),
        why=N_(
            "Treating an unreadable part as absent reports drift that is not there; treating it as in sync hides drift that is. Either way the report lies."
        ),
        example="# the read-only role lacks ec2:DescribeSecurityGroups\n",
        use_instead="# grant the read-only policy (ReadOnlyAccess or the list in docs/live.md),\n# or drop the part from the comparison with drift.ignore and a reason\n",
        references=("config-format.md#the-live-side", "docs/live.md"),
    ),
)
