"""DL008 environment-mismatch: Environment names match what the config defines."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL008",
    name="environment-mismatch",
    severity=Severity.WARNING,
    summary=N_("Environment names match what the config defines."),
    docs=Docs(
        what=N_(
            "Reports an `environment:` that `architecture.environments` does not define, and a file or folder named after one environment that scopes itself to another (`staging/app.yaml` saying `environment: production`)."
        ),
        why=N_(
            "A typo in an environment name makes a file apply to an environment nobody deploys, and its settings silently never reach production."
        ),
        example="# staging/app.yaml\nenvironment: production\n",
        use_instead="# staging/app.yaml\nenvironment: staging\n",
        references=("config-format.md",),
    ),
)
