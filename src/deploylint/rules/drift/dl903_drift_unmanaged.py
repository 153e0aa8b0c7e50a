"""DL903 drift-unmanaged: a live resource of the environment that the config does not declare."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL903",
    name="drift-unmanaged",
    severity=Severity.WARNING,
    summary=N_("A live resource in the environment (by tag) that the config does not declare."),
    docs=Docs(
        what=N_(
            "Reported by `deploylint drift`: a live security group, inbound rule, subnet, alarm or log group belongs to the environment (its tags, its VPC or its name) but the config does not declare it. Resources AWS creates for you (the default VPC, each VPC's `default` group, `TargetTracking-*` alarms, service-linked resources) are never reported."
        ),
        why=N_(
            "An inbound rule added by hand during an incident is how a database port stays open to the internet after the incident; what is not declared is not reviewed and not reproduced in the next environment."
        ),
        example="# live: alb-sg also allows tcp 22 from 0.0.0.0/0; the config declares 80 and 443\n",
        use_instead="# remove the rule from AWS, or declare it (with a description) so it is reviewed:\n- {port: 22, source: 10.0.0.0/16, description: bastion}\n",
        references=("config-format.md#the-live-side", "docs/live.md"),
    ),
)
