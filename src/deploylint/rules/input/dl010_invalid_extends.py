"""DL010 invalid-extends: `extends` names a file inside the config root."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL010",
    name="invalid-extends",
    severity=Severity.ERROR,
    summary=N_("`extends` names a file inside the config root."),
    docs=Docs(
        what=N_(
            "Reports an `extends` that is absolute, leaves the config root (`../../etc/passwd`), names a missing file, or forms a cycle. The target is never read or echoed."
        ),
        why=N_(
            "A config that inherits from outside the repository is not reviewed with it; a cycle has no meaning."
        ),
        example="extends: /etc/deploy/base.yaml\n",
        use_instead="extends: base.yaml\n",
        references=("config-format.md",),
    ),
)
