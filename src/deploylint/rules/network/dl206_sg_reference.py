"""DL206 sg-reference: a ``<name>-sg`` source names a group that exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.rules._network import (
    GROUPS,
    bare_address,
    group_reference,
    groups,
    inbound,
    is_group_id,
    source_network,
)
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


def check(ctx: Context[Options]) -> Iterator[Violation]:
    defined = groups(ctx.config)
    if not defined:
        return
    for ref in inbound(ctx.config):
        source = ref.rule.source.strip()
        name = group_reference(source)
        if name is not None:
            if name in defined:
                continue
            close = difflib.get_close_matches(name, list(defined), n=1)
            hint = _("; did you mean {name}?").format(name=f"{close[0]}-sg") if close else ""
            yield Violation(
                ref.source_path,
                _(
                    "source {source} names security group {name}, which {groups} does not "
                    "define (defined: {defined}){hint} ({guide})"
                ).format(
                    source=repr(source),
                    name=repr(name),
                    groups=".".join(map(str, GROUPS)),
                    defined=join(list(defined)),
                    hint=hint,
                    guide=guide("3.1"),
                ),
            )
        elif source_network(source) is None and not is_group_id(source):
            hint = ""
            if source in defined:
                hint = _("; write {source}-sg to name group {source}").format(source=source)
            elif (address := bare_address(source)) is not None and address.prefixlen == 0:
                hint = _(
                    "; {source} is the unspecified address, read as any address: write "
                    "{network} if every address is meant, else the CIDR meant"
                ).format(source=source, network=address)
            elif address is not None and address.version == 6:
                hint = _("; write {source}/128 for one address").format(source=source)
            elif address is not None:
                hint = _("; write {source}/32 for one address").format(source=source)
            yield Violation(
                ref.source_path,
                _(
                    "source {source} is neither a CIDR (10.0.0.0/16, 0.0.0.0/0, ::/0) nor "
                    "another group written <name>-sg{hint} ({guide})"
                ).format(source=repr(source), hint=hint, guide=guide("3.1")),
            )


RULE = Rule(
    id="DL206",
    name="sg-reference",
    severity=Severity.ERROR,
    summary=N_("A <name>-sg source names a security group that exists."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks the `source` of every inbound rule: `<name>-sg` must name a group of "
                "`infrastructure.network.security.groups` (`alb-sg` names `alb`); anything else "
                "must be a CIDR (IPv4 or IPv6). AWS group ids (`sg-0123abcd`) and prefix lists "
                "(`pl-...`) are accepted as written. A source it rejects is still read by the other "
                "rules, at its worst: text that is no CIDR (`any`, `alb-sgg`) as any address "
                "(DL205), a bare address as that one address (the unspecified `0.0.0.0` and `::` "
                "as any address); a `<name>-sg` of an undefined group admits nothing."
            )
        ),
        why=(
            N_(
                "A reference to a group that does not exist fails the deploy, or, when "
                "Terraform resolves it to another group, silently lets the wrong traffic in. A "
                "source that is no CIDR is rejected by the API."
            )
        ),
        example=(
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        ecs:\n          inbound:\n            - {port: 8000, source: lb-sg}\n"
        ),
        use_instead=(
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        ecs:\n          inbound:\n            - {port: 8000, source: alb-sg}\n"
        ),
        references=(
            "guide 3.1",
            "Security group referencing: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-referencing",
        ),
    ),
)
