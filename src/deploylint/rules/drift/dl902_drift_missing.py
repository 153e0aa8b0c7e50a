"""DL902 drift-missing: a declared resource has no live counterpart."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL902",
    name="drift-missing",
    severity=Severity.ERROR,
    summary=N_("A declared resource has no live counterpart."),
    docs=Docs(
        what=N_(
            "Reported by `deploylint drift`: the config declares a resource (the database, a subnet, a security group or one of its inbound rules, an alarm, a log stream) and no live resource binds to it: nothing tagged `Environment=<env>` with the expected `Component`/`Tier`/`Stream` tag or name, and no identifier in the environment's `aws:` block. A part that could not be read is DL904, never DL902."
        ),
        why=N_(
            "A missing alarm never fires; a missing inbound rule is an outage at the next deploy; a resource that exists under other tags escapes every check that binds by tag."
        ),
        example="# monitoring: high_memory declared; no alarm named production-high_memory exists\ninfrastructure:\n  monitoring:\n    cloudwatch:\n      alarms:\n        high_memory: {threshold: 85, period: 300, evaluation_periods: 2}\n",
        use_instead="# create the alarm (named <env>-<alarm>), or tag the existing resource,\n# or name it in architecture.environments.<env>.aws\n",
        references=("config-format.md#the-live-side", "docs/live.md"),
    ),
)
