"""DL905 ambiguous-binding: several live resources bind to one declared item."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL905",
    name="ambiguous-binding",
    severity=Severity.ERROR,
    summary=N_(
        "Several live resources bind to one declared item; each is compared, none is chosen."
    ),
    docs=Docs(
        what=N_(
            "Reported by `deploylint drift` when more than one live resource binds to one declared item: two security groups named `alb-sg` in the environment's VPC, two buckets tagged `Component=storage`, two log groups tagged `Stream=error`, two VPCs tagged `Component=network`, an `aws:` block identifier that matches several resources. The finding names every candidate (sorted by ARN, the same in every run); deploylint never picks one: each candidate is compared with the declaration and its own drift is reported."
        ),
        why=N_(
            "Picking one of two candidates decides by the order AWS lists them in: the run passes or fails by chance, and the candidate not picked (a second group with SSH open to the world) is never looked at."
        ),
        example="# infrastructure.yaml declares security.groups.alb; the production VPC holds two\n# groups tagged Name=alb-sg (sg-0a1..., sg-0f2...)\ninfrastructure:\n  network:\n    security:\n      groups:\n        alb:\n          inbound:\n            - {port: 443, source: 0.0.0.0/0}\n",
        use_instead="# delete or rename the stray resource, or name the right one explicitly in\n# architecture.environments.<env>.aws (vpc_id, bucket, log_groups, ...)\n",
        references=("docs/live.md", "README.md#live-aws-drift-and-rules-on-live-state"),
    ),
)
