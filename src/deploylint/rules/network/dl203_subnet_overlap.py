"""DL203 subnet-overlap: no two subnets share an address."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._network import SubnetRef, ipv4_cidr, subnets
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


def check(ctx: Context[Options]) -> Iterator[Violation]:
    parsed: list[tuple[int, ipaddress.IPv4Network, SubnetRef]] = []
    refs = list(subnets(ctx.config))
    for order, ref in enumerate(refs):
        block = ipv4_cidr(ref.subnet.cidr).network
        if block is not None:
            parsed.append((order, block, ref))
        elif len(refs) > 1:  # DL202 rejects the CIDR: it may overlap any other subnet
            yield Violation(
                (*ref.path, "cidr"),
                _(
                    "not checked: whether {subnet} overlaps another subnet: it is not a CIDR (see DL202) ({guide})"
                ).format(subnet=ref.label, guide=guide("3.1")),
                Severity.INFO,
                covered_by=("DL202",),
            )
    if len(parsed) < 2:
        return
    # sweep by start address: a block overlaps an earlier-starting one iff it starts before
    # the furthest end seen so far (CIDR blocks are nested or disjoint)
    parsed.sort(key=lambda item: (int(item[1].network_address), item[1].prefixlen, item[0]))
    reported: set[int] = set()
    widest = parsed[0]
    for item in parsed[1:]:
        if int(item[1].network_address) <= int(widest[1].broadcast_address):
            earlier, later = sorted((widest, item), key=lambda x: x[0])
            if later[0] not in reported:
                reported.add(later[0])
                yield _overlap(ctx, later[2], later[1], earlier[2], earlier[1])
        if int(item[1].broadcast_address) > int(widest[1].broadcast_address):
            widest = item


def _overlap(
    ctx: Context[Options],
    ref: SubnetRef,
    block: ipaddress.IPv4Network,
    other: SubnetRef,
    other_block: ipaddress.IPv4Network,
) -> Violation:
    if block == other_block:
        text = _(
            "{subnet} is the same block as {other}; subnets must not overlap: give this one a "
            "free block ({guide})"
        )
    elif block.subnet_of(other_block):
        text = _(
            "{subnet} lies inside {other}; subnets must not overlap: give this one a free "
            "block ({guide})"
        )
    else:
        text = _(
            "{subnet} contains {other}; subnets must not overlap: give this one a free block "
            "({guide})"
        )
    return Violation(
        (*ref.path, "cidr"),
        text.format(subnet=ref.label, other=other.label, guide=guide("3.1")),
        related=(
            RelatedPath(
                (*other.path, "cidr"), _("{subnet} is declared here").format(subnet=other.label)
            ),
        ),
    )


RULE = Rule(
    id="DL203",
    name="subnet-overlap",
    severity=Severity.ERROR,
    summary=N_("No two subnets overlap."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Compares every pair of subnets of `infrastructure.network.vpc.subnets` (public "
                "and private together). An overlap is reported at the later subnet, naming the "
                "earlier one and where it is declared. A subnet whose `cidr` DL202 rejects "
                "(`10.0.1.0` without a prefix) is an info finding: not checked."
            )
        ),
        why=(
            N_(
                "AWS refuses a subnet whose block overlaps another of the VPC "
                "(InvalidSubnet.Conflict), so the second subnet, and everything placed in it, "
                "is never created."
            )
        ),
        example=(
            "infrastructure:\n  network:\n    vpc:\n      cidr: 10.0.0.0/16\n"
            "      subnets:\n"
            "        public:\n          - {cidr: 10.0.0.0/23, az: ap-northeast-1a}\n"
            "        private:\n          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}\n"
        ),
        use_instead=(
            "infrastructure:\n  network:\n    vpc:\n      cidr: 10.0.0.0/16\n"
            "      subnets:\n"
            "        public:\n          - {cidr: 10.0.0.0/24, az: ap-northeast-1a}\n"
            "        private:\n          - {cidr: 10.0.1.0/24, az: ap-northeast-1a}\n"
        ),
        references=(
            "guide 3.1",
            "VPC CIDR blocks: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
        ),
    ),
)
