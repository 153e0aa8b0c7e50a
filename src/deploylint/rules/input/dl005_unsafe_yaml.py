"""DL005 unsafe-yaml: No tag builds objects."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL005",
    name="unsafe-yaml",
    severity=Severity.ERROR,
    summary=N_("No tag builds objects."),
    docs=Docs(
        what=N_(
            "Reports a YAML tag outside the core schema (`!!python/object`, `!ruby/object`, any unknown `!tag`). The value is never constructed; it is left out of the config."
        ),
        why=N_(
            "Tags that build objects run code when a permissive loader reads the file: a config repository is then a way to run commands on every machine that loads it."
        ),
        example="config:\n  application:\n    api:\n      host: !!python/object/apply:os.system ['id']\n",
        use_instead="config:\n  application:\n    api:\n      host: 0.0.0.0\n",
        references=("YAML 1.2.2 spec 10.3",),
    ),
)
