"""DL311 api-host: the API binds an address the load balancer can reach."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import Safety, set_value
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

HOST = ("config", "application", "api", "host")
# ${API_HOST}, $API_HOST, {{ host }}: the value comes from elsewhere.
_REFERENCE = re.compile(r"\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{.+\}\}")


class ApiHostOptions(Options):
    allowed_hosts: list[str] | None = Field(
        default=None,
        description=N_(
            "The addresses the API may bind (guide: 0.0.0.0, every IPv4 address of the task; "
            "a team adds '::' in its own pack); unset: any all-addresses bind"
        ),
    )


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _problem(host: str) -> str | None:
    """Why the load balancer cannot reach a server bound to ``host`` (None: it can)."""
    lowered = host.lower().rstrip(".")
    address = _address(lowered)
    if (
        lowered == "localhost"
        or lowered.endswith(".localhost")
        or (address and address.is_loopback)
    ):
        return _(
            "is a loopback address: the server accepts connections from inside the task only, "
            "and the load balancer's health checks and requests never reach it"
        )
    if address is None:
        return _(
            "is a host name: the server binds the one address it resolves to inside the "
            "container, not necessarily the task's network interface the load balancer targets"
        )
    if not address.is_unspecified:
        return _(
            "is a single address: a Fargate task gets a new address on its network interface "
            "each time it starts, so the server binds an address the task does not have"
        )
    return None


def check(ctx: Context[ApiHostOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    app = config.application if config else None
    api = app.api if app else None
    if api is None or api.host is None:
        return  # not declared: the server's command line may bind it
    host = api.host.strip()
    allowed = ctx.options.allowed_hosts
    expected = ", ".join(allowed) if allowed else "0.0.0.0"
    if _REFERENCE.search(host):
        yield Violation(
            HOST,
            _(
                "not checked: api host {host} is a reference whose value deploylint cannot see; "
                "expected {expected} ({guide})"
            ).format(guide=guide("5.1"), host=repr(host), expected=expected),
            Severity.INFO,
        )
        return
    if allowed and (host in allowed or _same_address(host, allowed)):
        return
    problem = _problem(host)
    fix = set_value(HOST, allowed[0] if allowed else "0.0.0.0", "bind every address", Safety.SAFE)
    if problem is not None:
        yield Violation(
            HOST,
            _("api host {host} {problem}; expected {expected} ({guide})").format(
                guide=guide("5.1"), host=repr(host), problem=problem, expected=expected
            ),
            fix=fix,
        )
    elif allowed:
        yield Violation(
            HOST,
            _(
                "api host {host} is not an address the policy allows; expected {expected} ({guide})"
            ).format(guide=guide("5.1"), host=repr(host), expected=expected),
            fix=fix,
        )


def _same_address(host: str, allowed: list[str]) -> bool:
    """``::ffff:0.0.0.0``-style spellings of an allowed address are that address."""
    address = _address(host)
    return address is not None and any(address == _address(a) for a in allowed)


RULE = Rule(
    id="DL311",
    name="api-host",
    severity=Severity.ERROR,
    summary=N_("The API binds every address of the task (0.0.0.0), not loopback."),
    options=ApiHostOptions,
    check=check,
    fix="safe",
    docs=Docs(
        what=N_(
            "Checks `config.application.api.host`: a loopback address (`127.0.0.1`, `::1`, "
            "`localhost`), a single address or a host name is an error; with the "
            "`allowed_hosts` option (the guide pack: `0.0.0.0`) any other address is an error "
            "too. A `${VAR}` reference is an info finding (not checked); a config without "
            "`host` is not judged (the server's command line may bind it)."
        ),
        why=N_(
            "The load balancer sends requests and health checks to the task's network "
            "interface. A server bound to 127.0.0.1 accepts connections from inside the task "
            "only: every target fails its health check, ECS replaces the tasks in a loop, and "
            "the service answers 502/503. A fixed address breaks on the next deployment, "
            "since each Fargate task gets a new one."
        ),
        example="config:\n  application:\n    api:\n      host: 127.0.0.1\n      port: 8000\n",
        use_instead="config:\n  application:\n    api:\n      host: 0.0.0.0\n      port: 8000\n",
        references=(
            "guide 5.1",
            "Fargate task networking (awsvpc, one ENI per task): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html",
            "Gunicorn bind (default 127.0.0.1:8000): https://docs.gunicorn.org/en/stable/settings.html#bind",
        ),
    ),
)
