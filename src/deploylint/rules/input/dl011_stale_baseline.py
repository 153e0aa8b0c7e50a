"""DL011 stale-baseline-entry: Every baseline entry still matches a finding."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL011",
    name="stale-baseline-entry",
    severity=Severity.INFO,
    summary=N_("Every baseline entry still matches a finding."),
    docs=Docs(
        what=N_(
            "Reports an entry of the `--baseline` file that no finding of the run matches any more: the problem was fixed, or the value changed. Only entries of the config sets and rules the run checks are considered."
        ),
        why=N_(
            "A baseline is a debt list; it should only shrink. An entry that matches nothing would silently hide the same problem if it came back, so it is reported until `--update-baseline` removes it."
        ),
        example='    {"set": "configs", "rule": "DL301", "environments": "production", "subject": "config.application.frontend.api_url", "value": "6b1f0e6c3f0f9a1d"}\n',
        use_instead="deploylint check --baseline deploylint-baseline.json --update-baseline configs/\n",
        references=("docs/baseline.md",),
    ),
)
