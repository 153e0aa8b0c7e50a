"""DL208 port-consistency: the app and database groups open the ports that are listened on."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guides
from deploylint.model.sections import ConfigFile
from deploylint.model.values import is_unknown
from deploylint.rules._network import (
    ALL_PORTS,
    API_PORT,
    PORT_PROTOCOLS,
    RuleRef,
    declared_ports,
    engine_port,
    group_reference,
    group_rules,
    groups,
    protocol_name,
    show_ports,
)
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


class PortConsistencyOptions(Options):
    load_balancer: str = Field(
        default="alb",
        description=N_("The load balancer's group, the app group's source (guide: alb)"),
    )
    app: str = Field(description=N_("The application's group, open on the API port (guide: ecs)"))
    database: str = Field(
        description=N_("The database's group, open on the engine's port (guide: rds)")
    )
    cache: str | None = Field(
        default=None,
        description=N_(
            "The cache's group, open on the cache engine's port (the guide defines none)"
        ),
    )


def _compare(
    ref: RuleRef,
    port: int,
    what: str,
    there: RelatedPath,
    section: str,
    tcp_elsewhere: bool,
) -> Violation | None:
    opened = declared_ports(ref.rule)
    if opened is None:
        return _unchecked(ref, what, section)
    proto = protocol_name(ref.rule.protocol)
    if proto == "udp" and opened[0] <= port <= opened[1]:
        # The load balancer and the app reach their targets over TCP: a UDP rule opens
        # nothing they use. Alone it leaves the port closed; beside a TCP rule it is noise.
        return Violation(
            ref.port_path,
            (
                _(
                    "{group} ingress {ports} is UDP; {what} is reached over TCP, which another "
                    "rule opens: remove this one ({guides})"
                )
                if tcp_elsewhere
                else _(
                    "{group} ingress {ports} is UDP; {what} is reached over TCP: traffic reaches "
                    "a closed port; expected TCP {port} ({guides})"
                )
            ).format(
                group=ref.group,
                ports=show_ports(opened),
                what=what,
                port=port,
                guides=guides(*section.split(", ")),
            ),
            Severity.WARNING if tcp_elsewhere else Severity.ERROR,
            related=(there,),
        )
    if opened == (port, port):
        return None
    here = _("{group} ingress {ports}").format(group=ref.group, ports=show_ports(opened))
    if opened[0] <= port <= opened[1]:
        extra = _("every other port") if opened == ALL_PORTS else _("other ports")
        return Violation(
            ref.port_path,
            _(
                "{here} also opens {extra} besides {port}, {what}; expected exactly {port} ({guides})"
            ).format(
                here=here, extra=extra, port=port, what=what, guides=guides(*section.split(", "))
            ),
            Severity.WARNING,
            related=(there,),
        )
    return Violation(
        ref.port_path,
        _(
            "{here} differs from {what}: traffic reaches a closed port; expected {port} ({guides})"
        ).format(here=here, what=what, port=port, guides=guides(*section.split(", "))),
        related=(there,),
    )


def _unchecked(ref: RuleRef, what: str, section: str) -> Violation | None:
    """An invalid or rejected port or protocol (DL209's or DL002's finding) leaves the
    comparison open: said at the field, never a silent pass. None for ICMP (no ports)."""
    rule = ref.rule
    if protocol_name(rule.protocol) is None or is_unknown(rule.protocol):
        path, field, value = (*ref.path, "protocol"), "protocol", str(rule.protocol).strip()
    elif protocol_name(rule.protocol) in PORT_PROTOCOLS:
        path, field, value = ref.port_path, "port", str(rule.port).strip()
    else:
        return None
    return Violation(
        path,
        _(
            "not checked: whether {group} ingress opens {what}: {field} {value} is invalid (see DL002, DL209) ({guides})"
        ).format(
            group=ref.group,
            what=what,
            field=field,
            value=value,
            guides=guides(*section.split(", ")),
        ),
        Severity.INFO,
        covered_by=("DL209",),
    )


def _from(config: ConfigFile, group: str, upstream: str) -> list[RuleRef]:
    """The group's rules whose source is the upstream group: the traffic the port carries.
    A rule from any other source is DL205's, DL206's or DL207's finding (SSH on the app
    group is one finding, not also "port 22 differs")."""
    return [
        ref for ref in group_rules(config, group) if group_reference(ref.rule.source) == upstream
    ]


def _tcp_covers(refs: list[RuleRef], port: int) -> bool:
    for ref in refs:
        opened = declared_ports(ref.rule)
        if (
            opened is not None
            and protocol_name(ref.rule.protocol) in ("tcp", "all")
            and opened[0] <= port <= opened[1]
        ):
            return True
    return False


def _check_group(
    refs: list[RuleRef], port: int, what: str, there: RelatedPath, section: str
) -> Iterator[Violation]:
    tcp = _tcp_covers(refs, port)
    for ref in refs:
        found = _compare(ref, port, what, there, section, tcp)
        if found is not None:
            yield found


def check(ctx: Context[PortConsistencyOptions]) -> Iterator[Violation]:
    defined = groups(ctx.config)
    if not defined:
        return
    opts = ctx.options
    config = ctx.config.config
    api = config.application.api if config and config.application else None
    if api is not None and api.port is not None and opts.app in defined:
        what = f"config.application.api.port {api.port}"
        there = RelatedPath(API_PORT, _("config.application.api.port is set here"))
        refs = _from(ctx.config, opts.app, opts.load_balancer)
        yield from _check_group(refs, api.port, what, there, "3.1, 5.1")
    stores = [(opts.database, "database")]
    if opts.cache is not None:
        stores.append((opts.cache, "cache"))
    for group, component in stores:
        engine = engine_port(ctx.config, component) if group in defined else None
        if engine is None:
            continue
        what = f"{engine.engine}'s port {engine.port}"
        there = RelatedPath(
            engine.path,
            _("the {component} engine {engine} is set here").format(
                component=component, engine=engine.engine
            ),
        )
        refs = _from(ctx.config, group, opts.app)
        yield from _check_group(refs, engine.port, what, there, "2.1, 3.1")


RULE = Rule(
    id="DL208",
    name="port-consistency",
    severity=Severity.ERROR,
    summary=N_("The app group opens config.application.api.port; the database group its engine's."),
    options=PortConsistencyOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Compares the ports of the app group's inbound rules (guide: `ecs`) with "
                "`config.application.api.port` (guide: 8000) and those of the database group "
                "(guide: `rds`) with the default port of `architecture.components.database.engine` "
                "(PostgreSQL 5432, MySQL 3306; the cache group, when the pack names one, with the "
                "cache engine's 6379). A different port is an error; a range or protocol -1 that "
                "includes the right port is a warning (it opens more than needed). A UDP rule on "
                "the port is an error (the load balancer and the app connect over TCP; a "
                "warning when a TCP rule opens the port too). Only rules whose source is the "
                "upstream group (`alb-sg` for the app, the app's group for the database and "
                "cache) are compared: a rule from another source is DL205's or DL207's "
                "finding, once. Such a rule whose port or protocol is invalid (DL209) or "
                "rejected (DL002) is an info finding: not checked."
            )
        ),
        why=(
            N_(
                "The load balancer forwards to the port the security group opens; when the app "
                "listens elsewhere every health check fails and the service never becomes "
                "healthy. A database group on the wrong port makes every connection time out "
                "after the deploy."
            )
        ),
        example=(
            "config:\n  application:\n    api: {port: 8000}\n"
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        ecs:\n          inbound: [{port: 8080, source: alb-sg}]\n"
        ),
        use_instead=(
            "config:\n  application:\n    api: {port: 8000}\n"
            "infrastructure:\n  network:\n    security:\n      groups:\n"
            "        ecs:\n          inbound: [{port: 8000, source: alb-sg}]\n"
        ),
        references=(
            "guide 2.1",
            "guide 3.1",
            "guide 5.1",
            "RDS DB instance port: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ConnectToPostgreSQLInstance.html",
        ),
    ),
)
