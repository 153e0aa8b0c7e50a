"""DL209 port-range: ports are 0..65535, ranges are ordered, the protocol exists."""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._network import (
    ICMP_PROTOCOLS,
    MAX_ICMP,
    MAX_PORT,
    PORT_PROTOCOLS,
    PROTOCOLS_TEXT,
    inbound,
    port_bounds,
    protocol_name,
)
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


def check(ctx: Context[Options]) -> Iterator[Violation]:
    for ref in inbound(ctx.config):
        rule = ref.rule
        proto = protocol_name(rule.protocol)
        if proto is None:
            yield Violation(
                (*ref.path, "protocol"),
                _(
                    "{group} protocol {value} is not an IP protocol; expected {protocols} ({guide})"
                ).format(
                    group=ref.group,
                    value=repr(rule.protocol),
                    protocols=_(PROTOCOLS_TEXT),
                    guide=guide("3.1"),
                ),
            )
            continue
        bounds = port_bounds(rule.port)
        if bounds is None:
            continue  # the schema refuses it (DL002)
        low, high = bounds
        shown = rule.port if isinstance(rule.port, int) else rule.port.strip()
        if proto in PORT_PROTOCOLS:
            bad = [p for p in (low, high) if not 0 <= p <= MAX_PORT]
            if bad:
                yield Violation(
                    ref.port_path,
                    _(
                        "{group} port {value} is outside 0-{max}; a {protocol} port is 0 to "
                        "{max} ({guide})"
                    ).format(
                        group=ref.group,
                        value=repr(shown),
                        max=MAX_PORT,
                        protocol=proto,
                        guide=guide("3.1"),
                    ),
                )
            elif low > high:
                yield Violation(
                    ref.port_path,
                    _(
                        "{group} port range {value} runs backwards; write {high}-{low} ({guide})"
                    ).format(
                        group=ref.group, value=repr(shown), high=high, low=low, guide=guide("3.1")
                    ),
                )
        elif proto in ICMP_PROTOCOLS and not _icmp(low, high):
            yield Violation(
                ref.port_path,
                _(
                    "{group} {protocol} port {value} is not an ICMP type-code; expected -1 "
                    "(every type) or a type 0-{max}, optionally with a code ('3-4') ({guide})"
                ).format(
                    group=ref.group,
                    protocol=proto,
                    value=repr(shown),
                    max=MAX_ICMP,
                    guide=guide("3.1"),
                ),
            )


def _icmp(low: int, high: int) -> bool:
    """An ICMP type (-1: every type) and code; with type -1 the code is -1 too."""
    in_range = -1 <= low <= MAX_ICMP and -1 <= high <= MAX_ICMP
    return in_range and (low != -1 or high == -1)


RULE = Rule(
    id="DL209",
    name="port-range",
    severity=Severity.ERROR,
    summary=N_("Ports are 0..65535, ranges are ordered, the protocol is known."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks every inbound rule: `protocol` is tcp (the default), udp, icmp, icmpv6, "
                "-1 (all) or a protocol number 0-255; for tcp and udp `port` is 0-65535 or a "
                "range `low-high` with low <= high; for icmp and icmpv6 it is an ICMP type "
                "(-1 for every type) optionally followed by a code (`3-4`). With -1 or another "
                "protocol number AWS opens every port whatever the range says."
            )
        ),
        why=(
            N_(
                "AWS rejects the rule (InvalidParameterValue) and the security group deploy "
                "stops with the rules before it applied and those after it missing."
            )
        ),
        example=(
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        ecs:\n          inbound:\n"
            "            - {port: 8010-8000, source: alb-sg, protocol: http}\n"
        ),
        use_instead=(
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        ecs:\n          inbound:\n"
            "            - {port: 8000-8010, source: alb-sg, protocol: tcp}\n"
        ),
        references=(
            "guide 3.1",
            "IpPermission (IpProtocol, FromPort, ToPort): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html",
        ),
    ),
)
