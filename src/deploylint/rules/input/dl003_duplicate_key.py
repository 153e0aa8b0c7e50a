"""DL003 duplicate-key: A mapping key appears only once."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL003",
    name="duplicate-key",
    severity=Severity.ERROR,
    summary=N_("A mapping key appears only once."),
    docs=Docs(
        what=N_(
            "Reports a key that appears twice in one mapping, at the second occurrence, naming the first."
        ),
        why=N_(
            "YAML parsers accept the file and silently keep one of the two values (which one depends on the parser), so the value you read in review may not be the value deployed."
        ),
        example="scaling:\n  min: 3\n  min: 2\n",
        use_instead="scaling:\n  min: 3\n",
        references=("YAML 1.2.2 spec 3.2.1.1",),
    ),
)
