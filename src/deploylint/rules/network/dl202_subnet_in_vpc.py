"""DL202 subnet-in-vpc: every subnet is a valid /16 to /28 block inside the VPC CIDR."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import Safety, set_value
from deploylint.rules._network import (
    MAX_PREFIX,
    MIN_PREFIX,
    VPC_CIDR,
    ipv4_cidr,
    network,
    subnet_kind,
    subnets,
)
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


def check(ctx: Context[Options]) -> Iterator[Violation]:
    net = network(ctx.config)
    vpc_text = net.vpc.cidr if net and net.vpc else None
    vpc = ipv4_cidr(vpc_text).network if vpc_text is not None else None
    refs = list(subnets(ctx.config))
    if vpc_text is not None and vpc is None and refs:
        # DL201 rejects the VPC CIDR: whether the subnets lie inside it cannot be told
        yield Violation(
            VPC_CIDR,
            _(
                "not checked: whether the subnets lie inside the VPC CIDR: {value} is not a CIDR (see DL201) ({guide})"
            ).format(value=repr(vpc_text), guide=guide("3.1")),
            Severity.INFO,
            covered_by=("DL201",),
        )
    for ref in refs:
        path = (*ref.path, "cidr")
        text = ref.subnet.cidr
        cidr = ipv4_cidr(text)
        block = cidr.network
        if block is None:
            yield Violation(
                path,
                _("{kind} subnet CIDR {value} {error} ({guide})").format(
                    kind=subnet_kind(ref.kind),
                    value=repr(text),
                    error=cidr.error,
                    guide=guide("3.1"),
                ),
            )
            continue
        if not MIN_PREFIX <= block.prefixlen <= MAX_PREFIX:
            yield Violation(
                path,
                _(
                    "{kind} subnet {value} is a /{prefix}; a subnet must be /{min} to /{max} ({guide})"
                ).format(
                    kind=subnet_kind(ref.kind),
                    value=repr(text),
                    prefix=block.prefixlen,
                    min=MIN_PREFIX,
                    max=MAX_PREFIX,
                    guide=guide("3.1"),
                ),
            )
        if vpc is not None and not block.subnet_of(vpc):
            yield Violation(
                path,
                _(
                    "{kind} subnet {value} is outside the VPC CIDR {vpc}; expected a block "
                    "inside {block} ({guide})"
                ).format(
                    kind=subnet_kind(ref.kind),
                    value=repr(text),
                    vpc=vpc_text,
                    block=vpc,
                    guide=guide("3.1"),
                ),
                related=(RelatedPath(VPC_CIDR, _("the VPC CIDR is set here")),),
            )
        if cidr.host_bits:
            yield Violation(
                path,
                _(
                    "{kind} subnet {value} has host bits set; AWS stores it as {block}: write "
                    "{block} ({guide})"
                ).format(
                    kind=subnet_kind(ref.kind), value=repr(text), block=block, guide=guide("3.1")
                ),
                Severity.WARNING,
                fix=set_value(
                    path,
                    str(block),
                    _("write {cidr}, as AWS stores it").format(cidr=block),
                    Safety.SAFE,
                ),
            )


RULE = Rule(
    id="DL202",
    name="subnet-in-vpc",
    severity=Severity.ERROR,
    summary=N_("Every subnet is a valid /16 to /28 IPv4 block inside the VPC CIDR."),
    check=check,
    fix="safe",
    docs=Docs(
        what=(
            N_(
                "Checks each `cidr` of `infrastructure.network.vpc.subnets.public` and "
                "`.private`: an IPv4 CIDR between /16 and /28, inside `vpc.cidr`. Host bits set (`10.0.1.5/24`) are a warning. When DL201 "
                "rejects `vpc.cidr` (`10.0.0.0` without a prefix), an info finding says the "
                "subnets were not checked against it."
            )
        ),
        why=(
            N_(
                "CreateSubnet rejects a block outside the VPC or outside /16../28: the network "
                "deploy stops after the VPC exists, and the load balancer and tasks have nowhere "
                "to run."
            )
        ),
        example=(
            "infrastructure:\n  network:\n    vpc:\n      cidr: 10.0.0.0/16\n"
            "      subnets:\n        public:\n"
            "          - {cidr: 10.1.1.0/24, az: ap-northeast-1a}\n"
        ),
        use_instead=(
            "infrastructure:\n  network:\n    vpc:\n      cidr: 10.0.0.0/16\n"
            "      subnets:\n        public:\n"
            "          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}\n"
        ),
        references=(
            "guide 3.1",
            "Subnet sizing: https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
        ),
    ),
)
