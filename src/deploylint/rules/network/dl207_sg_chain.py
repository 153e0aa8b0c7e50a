"""DL207 sg-chain: internet -> load balancer -> app -> database, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.rules._network import (
    GROUPS,
    covers_public,
    group_reference,
    group_rules,
    groups,
    is_group_id,
    open_as_written,
    shown_source,
    store_groups,
    undefined_reference,
)
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


class SgChainOptions(Options):
    load_balancer: str = Field(description=N_("The load balancer's group (guide: alb)"))
    app: str = Field(description=N_("The application's group (guide: ecs)"))
    database: str = Field(description=N_("The database's group (guide: rds)"))
    cache: str | None = Field(
        default=None,
        description=N_("The cache's group, reachable from the app only (the guide defines none)"),
    )


def check(ctx: Context[SgChainOptions]) -> Iterator[Violation]:
    defined = groups(ctx.config)
    if not defined:
        return
    opts = ctx.options
    named = {"database": opts.database, "cache": opts.cache}
    stores = store_groups(ctx.config, named, (opts.load_balancer, opts.app))
    chain = f"internet -> {opts.load_balancer} -> {opts.app} -> {', '.join(stores)}"
    links = [(opts.app, opts.load_balancer), *((store, opts.app) for store in stores)]
    for name in (opts.load_balancer, *(group for group, _upstream in links)):
        if name not in defined:
            yield Violation(
                (*GROUPS, name),  # the group to add: located at the `groups:` key
                _(
                    "no security group {name}; the guide's chain is {chain} (defined: "
                    "{defined}) ({guide})"
                ).format(
                    name=repr(name), chain=chain, defined=join(list(defined)), guide=guide("3.1")
                ),
            )
    if opts.load_balancer in defined:
        rules = group_rules(ctx.config, opts.load_balancer)
        if not any(open_as_written(r.rule.source) for r in rules):
            yield Violation(
                (*GROUPS, opts.load_balancer, "inbound", len(rules)),  # at the `inbound:` key
                _(
                    "{group} admits nothing from the internet (0.0.0.0/0 or ::/0); the load "
                    "balancer is the entry of the chain {chain} ({guide})"
                ).format(group=opts.load_balancer, chain=chain, guide=guide("3.1")),
            )
    for group, upstream in links:
        if group not in defined:
            continue
        rules = group_rules(ctx.config, group)
        expected = f"{upstream}-sg"
        linked = False
        for ref in rules:
            source = ref.rule.source.strip()
            if group_reference(source) == upstream:
                linked = True
            elif undefined_reference(source, defined):
                continue  # DL206's finding: a typo (lb-sg) is one finding
            elif is_group_id(source):
                yield Violation(
                    ref.source_path,
                    _(
                        "{group} admits {source}, a group id or prefix list this config does not define: cannot be verified that it is {expected}; write {expected} so the chain {chain} can be checked ({guide})"
                    ).format(
                        guide=guide("3.1"),
                        group=group,
                        source=source,
                        expected=expected,
                        chain=chain,
                    ),
                    Severity.WARNING,
                )
            elif not covers_public(source):  # public sources are DL205's findings
                yield Violation(
                    ref.source_path,
                    _(
                        "{group} admits {source}; only {expected} may reach {group} in the "
                        "chain {chain} ({guide})"
                    ).format(
                        group=group,
                        source=shown_source(source),
                        expected=expected,
                        chain=chain,
                        guide=guide("3.1"),
                    ),
                )
        if not linked and not rules:  # a wrong source is reported above, once
            yield Violation(
                (*GROUPS, group, "inbound", 0),  # the rule to add: at the `inbound:` key
                _(
                    "{group} admits nothing from {expected}; the chain {chain} needs "
                    "{upstream} -> {group} ({guide})"
                ).format(
                    group=group,
                    expected=expected,
                    chain=chain,
                    upstream=upstream,
                    guide=guide("3.1"),
                ),
            )


RULE = Rule(
    id="DL207",
    name="sg-chain",
    severity=Severity.ERROR,
    summary=N_("The guide's chain holds: internet -> alb -> ecs -> rds, and nothing else."),
    options=SgChainOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks the security groups against the guide's chain: the load balancer group "
                "(alb) admits the internet; the app group (ecs) admits `alb-sg` and no other "
                "source; the database group (rds) admits `ecs-sg` and no other source, and so "
                "does the cache group: the pack's `cache`, else any group that opens exactly the "
                "configured database or cache engine's port (a `redis` group on 6379 when the "
                "cache engine is Redis), so a cache reachable from the load balancer or the VPC "
                "CIDR is reported. Each group must exist. A wrong source is one finding (a "
                "`<name>-sg` naming an undefined group, such as `lb-sg`, is DL206's alone; a bare "
                "address, such as `10.0.0.5`, is judged as that address; other text DL206 cannot "
                "read is read as any address, DL205's); a raw group id "
                "(`sg-0123...`) or prefix list cannot be verified and is a warning saying so; a group "
                "with no inbound rule at all is reported as missing its link. Ports are checked "
                "by DL205 (the internet's) and DL208 (the app's and the engine's); a source that "
                "covers public addresses is DL205's finding."
            )
        ),
        why=(
            N_(
                "Each hop is the only way in to the next one: a database that admits the VPC "
                "CIDR or the load balancer can be reached by anything that lands in the VPC, "
                "and an app that admits more than the load balancer skips its TLS and checks."
            )
        ),
        example=(
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        alb:\n          inbound: [{port: 443, source: 0.0.0.0/0}]\n"
            "        ecs:\n          inbound: [{port: 8000, source: alb-sg}]\n"
            "        rds:\n          inbound: [{port: 5432, source: 10.0.0.0/16}]\n"
        ),
        use_instead=(
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        alb:\n          inbound: [{port: 443, source: 0.0.0.0/0}]\n"
            "        ecs:\n          inbound: [{port: 8000, source: alb-sg}]\n"
            "        rds:\n          inbound: [{port: 5432, source: ecs-sg}]\n"
        ),
        references=(
            "guide 3.1",
            "Security groups for a load-balanced app: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
        ),
    ),
)
