"""DL007 config-conflict: Two files do not set one key of one environment to different values."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL007",
    name="config-conflict",
    severity=Severity.ERROR,
    summary=N_("Two files do not set one key of one environment to different values."),
    docs=Docs(
        what=N_(
            "Reports two files that apply to the same environment and set the same key to different values, when neither extends the other. Both places are named; the message suggests `extends`."
        ),
        why=N_(
            "Which value wins would depend on file order: a reviewer cannot tell what is deployed. An environment file that means to override a base file says so with `extends`."
        ),
        example="# base.yaml\nconfig: {application: {api: {workers: 4}}}\n# production.yaml\nenvironment: production\nconfig: {application: {api: {workers: 8}}}\n",
        use_instead="# production.yaml\nenvironment: production\nextends: base.yaml\nconfig: {application: {api: {workers: 8}}}\n",
        references=("config-format.md",),
    ),
)
