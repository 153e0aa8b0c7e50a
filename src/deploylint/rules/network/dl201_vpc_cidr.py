"""DL201 vpc-cidr: the VPC CIDR is a valid private IPv4 block of /16 to /28."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import Safety, set_value
from deploylint.rules._network import (
    MAX_PREFIX,
    MIN_PREFIX,
    PRIVATE_RANGES,
    PRIVATE_TEXT,
    VPC_CIDR,
    ipv4_cidr,
    network,
)
from deploylint.rules._presence import lacks, missing_part
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


def check(ctx: Context[Options]) -> Iterator[Violation]:
    net = network(ctx.config)
    text = net.vpc.cidr if net and net.vpc else None
    if text is None:
        if lacks(ctx, VPC_CIDR):
            yield missing_part(
                ctx.effective,
                VPC_CIDR,  # missing: located at the nearest key present (`vpc:`, `network:`)
                _(
                    "infrastructure declares no VPC CIDR (infrastructure.network.vpc.cidr); expected a private block of /{min} to /{max} such as 10.0.0.0/16 ({guide})"
                ).format(min=MIN_PREFIX, max=MAX_PREFIX, guide=guide("3.1")),
            )
        return
    cidr = ipv4_cidr(text)
    if cidr.network is None:
        yield Violation(
            VPC_CIDR,
            _("VPC CIDR {value} {error} ({guide})").format(
                value=repr(text), error=cidr.error, guide=guide("3.1")
            ),
        )
        return
    block = cidr.network
    if not MIN_PREFIX <= block.prefixlen <= MAX_PREFIX:
        yield Violation(
            VPC_CIDR,
            _(
                "VPC CIDR {value} is a /{prefix}; a VPC CIDR must be /{min} (65,536 addresses) "
                "to /{max} (16 addresses) ({guide})"
            ).format(
                value=repr(text),
                prefix=block.prefixlen,
                min=MIN_PREFIX,
                max=MAX_PREFIX,
                guide=guide("3.1"),
            ),
        )
    if not any(block.subnet_of(r) for r in PRIVATE_RANGES):
        yield Violation(
            VPC_CIDR,
            _(
                "VPC CIDR {value} is not inside a private range; expected a block inside "
                "RFC 1918 {ranges} such as 10.0.0.0/16 ({guide})"
            ).format(value=repr(text), ranges=PRIVATE_TEXT, guide=guide("3.1")),
        )
    if cidr.host_bits:
        yield Violation(
            VPC_CIDR,
            _(
                "VPC CIDR {value} has host bits set; AWS stores it as {block}: write {block} ({guide})"
            ).format(value=repr(text), block=block, guide=guide("3.1")),
            Severity.WARNING,
            fix=set_value(
                VPC_CIDR,
                str(block),
                _("write {cidr}, as AWS stores it").format(cidr=block),
                Safety.SAFE,
            ),
        )


RULE = Rule(
    id="DL201",
    name="vpc-cidr",
    severity=Severity.ERROR,
    summary=N_("The VPC CIDR is a valid IPv4 block of /16 to /28 inside RFC 1918."),
    check=check,
    fix="safe",
    docs=Docs(
        what=(
            N_(
                "Checks `infrastructure.network.vpc.cidr`: an IPv4 CIDR with an explicit prefix, "
                "between /16 and /28 (what AWS accepts for a VPC), inside an RFC 1918 private "
                "range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16). Host bits set "
                "(`10.0.0.5/16`, which AWS silently turns into `10.0.0.0/16`) are a warning. "
                "When the config declares `infrastructure` but no VPC CIDR (no `network`, no "
                "`vpc`, no `cidr`), that is the finding, at the nearest key present."
            )
        ),
        why=(
            N_(
                "CreateVpc rejects a block larger than /16 or smaller than /28, so the deploy "
                "fails half-way. A public block is routable on the internet: addresses in it "
                "become unreachable from the VPC and peering or VPN with other networks breaks."
            )
        ),
        example="infrastructure:\n  network:\n    vpc:\n      cidr: 10.0.0.0/8\n",
        use_instead="infrastructure:\n  network:\n    vpc:\n      cidr: 10.0.0.0/16\n",
        references=(
            "guide 3.1",
            "VPC CIDR blocks: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
            "RFC 1918: https://www.rfc-editor.org/rfc/rfc1918",
        ),
    ),
)
