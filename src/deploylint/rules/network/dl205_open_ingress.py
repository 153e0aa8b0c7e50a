"""DL205 open-ingress: only the load balancer is open to the internet, only on 80/443."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.rules._network import (
    GROUPS,
    RuleRef,
    component_name,
    covers_public,
    exposure,
    group_reference,
    group_rules,
    groups,
    inbound,
    is_open,
    open_as_written,
    protocol_name,
    sensitive_ports,
    show_ports,
    shown_source,
    store_groups,
    tcp_ports,
)
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation


class OpenIngressOptions(Options):
    load_balancer: str = Field(description=N_("The load balancer's security group (guide: alb)"))
    public_ports: list[int] = Field(
        description=N_("TCP ports the load balancer may open to the internet (guide: 80, 443)")
    )
    database: str = Field(description=N_("The database's security group (guide: rds)"))
    cache: str | None = Field(
        default=None, description=N_("The cache's security group (the guide defines none)")
    )
    required_public_ports: list[int] = Field(
        default_factory=list,
        description=N_("TCP ports the load balancer must open to the internet (guide: 443)"),
    )


def _allowed(ctx: Context[OpenIngressOptions], ref: RuleRef) -> bool:
    if ref.group != ctx.options.load_balancer or protocol_name(ref.rule.protocol) != "tcp":
        return False
    ports = tcp_ports(ref.rule)
    return ports is not None and ports[0] == ports[1] and ports[0] in ctx.options.public_ports


def _behind(ctx: Context[OpenIngressOptions], defined: Mapping[str, object]) -> bool:
    """Whether the set declares the network behind the load balancer (the database's group,
    or a group that admits the load balancer's): then it is complete enough to say that
    the load balancer lacks a public port. A fragment declaring only the load balancer's
    group (a test of one rule, a team's partial file) is not."""
    lb = ctx.options.load_balancer
    return ctx.options.database in defined or any(
        group_reference(r.rule.source) == lb for r in inbound(ctx.config) if r.group != lb
    )


def _required(ctx: Context[OpenIngressOptions]) -> Iterator[Violation]:
    opts = ctx.options
    defined = groups(ctx.config) or {}
    if not opts.required_public_ports or opts.load_balancer not in defined:
        return  # the set does not declare the load balancer's group: not its concern
    rules = group_rules(ctx.config, opts.load_balancer)
    if not rules:
        return  # no inbound rule at all: DL207's missing link (or DL002's rejected list)
    missing = [
        port
        for port in opts.required_public_ports
        if not any(
            open_as_written(r.rule.source)
            and protocol_name(r.rule.protocol) in ("tcp", "all")  # too wide: reported below
            and (b := tcp_ports(r.rule)) is not None
            and b[0] <= port <= b[1]
            for r in rules
        )
    ]
    if not missing:
        return
    unjudged = None
    if ctx.effective.incomplete:
        unjudged = _("a file of this environment did not load")
    elif not _behind(ctx, defined):
        unjudged = _(
            "the set declares {load_balancer} but not the groups behind it ({database}, or a group admitting {load_balancer}-sg)"
        ).format(load_balancer=opts.load_balancer, database=opts.database)
    if unjudged is not None:
        yield Violation(
            (*GROUPS, opts.load_balancer, "inbound", len(rules)),  # at the `inbound:` key
            _(
                "not checked: whether {load_balancer} admits the internet on TCP {ports}: {reason} ({guide})"
            ).format(
                guide=guide("3.1"),
                load_balancer=opts.load_balancer,
                ports=join([str(p) for p in missing]),
                reason=unjudged,
            ),
            Severity.INFO,
        )
        return
    for port in missing:
        yield Violation(
            (*GROUPS, opts.load_balancer, "inbound", len(rules)),  # at the `inbound:` key
            _(
                "{load_balancer} does not admit the internet (0.0.0.0/0) on TCP {port}; the load balancer serves HTTPS there ({guide})"
            ).format(guide=guide("3.1"), load_balancer=opts.load_balancer, port=port),
        )


def check(ctx: Context[OpenIngressOptions]) -> Iterator[Violation]:
    yield from _required(ctx)
    opts = ctx.options
    stores: dict[str, str] | None = None
    sensitive: frozenset[int] = frozenset()
    allowed = join([str(p) for p in opts.public_ports])
    for ref in inbound(ctx.config):
        source = ref.rule.source
        if not covers_public(source) or _allowed(ctx, ref):
            continue
        if stores is None:
            named = {"database": opts.database, "cache": opts.cache}
            stores = store_groups(ctx.config, named, (opts.load_balancer,))
            sensitive = sensitive_ports(ctx.config)
        ports = tcp_ports(ref.rule)
        proto = protocol_name(ref.rule.protocol)
        what = (
            show_ports(ports) if ports is not None else _("port {port}").format(port=ref.rule.port)
        )
        if proto not in (None, "tcp", "all"):
            what += f" ({proto})"
        hit = sorted(p for p in sensitive if ports is not None and ports[0] <= p <= ports[1])
        expected = (
            f"the internet may reach only the load balancer ({opts.load_balancer}) "
            f"on TCP {allowed} (guide 3.1)"
        )
        if ref.group == opts.load_balancer:
            # The load balancer answers only on its listener ports: whatever else a rule
            # opens reaches nothing behind it, so it is an error, never "database open".
            shown = shown_source(source) + ("" if is_open(source) else _(" (public addresses)"))
            why = ""
            if proto == "all":
                why = (
                    f" (protocol {(ref.rule.protocol or '').strip()}: every protocol; the "
                    f"load balancer answers only on its listener ports)"
                )
            yield Violation(
                ref.source_path,
                _("{group} admits {shown} on {what}{why}; {expected}").format(
                    group=ref.group, shown=shown, what=what, why=why, expected=expected
                ),
            )
        elif ref.group in stores or hit:
            if ref.group in stores:
                reason = _("{group} is the {component} group").format(
                    group=ref.group, component=component_name(stores[ref.group])
                )
            elif len(hit) == 1:
                reason = _("{port} is a database or cache port").format(port=hit[0])
            else:
                reason = _("that includes the database and cache ports {ports}").format(
                    ports=join([str(p) for p in hit])
                )
            yield Violation(
                ref.source_path,
                _(
                    "{group} admits {source} on {ports}: {reason}, open to {exposure}; {expected}"
                ).format(
                    group=ref.group,
                    source=shown_source(source),
                    ports=what,
                    reason=reason,
                    exposure=exposure(source),
                    expected=expected,
                ),
                Severity.CRITICAL,
            )
        else:
            shown = shown_source(source) + ("" if is_open(source) else _(" (public addresses)"))
            yield Violation(
                ref.source_path,
                _("{group} admits {source} on {ports}; {expected}").format(
                    group=ref.group, source=shown, ports=what, expected=expected
                ),
            )


RULE = Rule(
    id="DL205",
    name="open-ingress",
    severity=Severity.ERROR,
    summary=N_("Public sources only on the load balancer's group, only on ports 80/443."),
    options=OpenIngressOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Finds inbound rules open to the internet: any CIDR source that covers public "
                "address space, not only `0.0.0.0/0` and `::/0` (`0.0.0.0/1` + `128.0.0.0/1`, "
                "`1.0.0.0/8`, a single public address); group references are not. A source DL206 rejects as unreadable (`any`, `'*'`, `internet`, `10.0.0.0/33`, the bare `0.0.0.0` or `::`) is read at its worst, as every address, and the message shows it read so; a bare address (`8.8.8.8`) as that one address (/32, /128). They are allowed only on the load "
                "balancer's group, for TCP on the public ports (guide: `alb`, 80 and 443). "
                "Anywhere else is an error; on a database or cache port (5432, 3306, 6379, ..., "
                "the configured engines' ports, protocol -1 which opens them all) or on the "
                "database or cache group it is critical; on the load balancer's own group it "
                "stays an error (`protocol: '-1'` on 443 there opens nothing more, since the "
                "load balancer answers only on its listener ports). Public means globally "
                "routable per the IANA special-purpose registries (Python's `is_global`): "
                "`100.64.0.0/10`, link-local or documentation ranges are not public, and "
                "DL207 judges them like any other non-chain source. The database and cache groups are the "
                "pack's `database`/`cache`, else any group one of whose inbound rules opens "
                "exactly the configured database or cache engine's port. The guide pack makes "
                "the critical case mandatory in production: no comment can suppress it there; "
                "a reasoned suppression of another case (SSH on the load balancer) is honoured. "
                "With `required_public_ports` (guide pack: 443) the load balancer's group must "
                "admit the internet on those TCP ports; judged where the environment declares "
                "the network behind it (the database's group, or a group admitting the load "
                "balancer's), otherwise an info finding says it was not checked."
            )
        ),
        why=(
            N_(
                "Everything behind the load balancer should be reachable only through it. An "
                "open database or cache port is found by internet scanners within minutes and "
                "brute-forced or dumped; an open app port bypasses TLS, the WAF and the rate "
                "limit."
            )
        ),
        example=(
            "infrastructure:\n  network:\n    security:\n      groups:\n        rds:\n"
            "          inbound:\n            - {port: 5432, source: 0.0.0.0/0}\n"
        ),
        use_instead=(
            "infrastructure:\n  network:\n    security:\n      groups:\n        rds:\n"
            "          inbound:\n            - {port: 5432, source: ecs-sg}\n"
        ),
        references=(
            "guide 3.1",
            "Security group rules: https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        ),
    ),
)
