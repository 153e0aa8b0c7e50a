"""DL307 cors: CORS names exact https origins and no wildcards that do not work."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from urllib.parse import urlsplit

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import FixIntent, Safety, set_value
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

CORS = ("config", "security", "cors")
DEFAULT_PORTS = {"https": 443, "http": 80}


class CorsOptions(Options):
    allowed_methods: list[str] | None = Field(
        default=None,
        description=(
            N_(
                "The HTTP methods CORS may allow (guide: GET, POST, PUT, DELETE; a team adds "
                "PATCH in its own pack); unset: any"
            )
        ),
    )
    allowed_headers: list[str] | None = Field(
        default=None,
        description=(
            N_(
                "The request headers CORS may allow, any case ('*': any header, the guide's own "
                "value; a team restricts it in its own pack, e.g. [Content-Type, Authorization]); "
                "unset: any"
            )
        ),
    )
    production_environments: list[str] = Field(
        description=N_("Environments where a localhost origin is an error")
    )


def is_local(host: str) -> bool:
    """localhost, *.localhost, a loopback or unspecified address."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def origin_problem(origin: str, production: bool) -> str | None:
    """What is wrong with one allowed origin (None: it is a serialized https origin)."""
    text = origin.strip()
    if "://" not in text:
        return _("is not an origin; expected https://host[:port]")
    try:
        parts = urlsplit(text)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return _("has an invalid host or port; expected https://host[:port]")
    scheme = parts.scheme.lower()
    if not host:
        return _("has no host; expected https://host[:port]")
    if "*" in host:
        return _(
            "uses a wildcard host, which never matches: the browser sends one exact origin; "
            "list each origin as https://host[:port]"
        )
    if production and is_local(host):
        return _("is a localhost origin in production; expected the frontend's public https origin")
    if scheme != "https" and not (scheme == "http" and is_local(host)):
        return _("uses {scheme}://; expected https://host[:port]").format(scheme=scheme)
    shown = f"[{host}]" if ":" in host else host  # IPv6
    serialized = f"{scheme}://{shown}" + (
        f":{port}" if port is not None and port != DEFAULT_PORTS.get(scheme) else ""
    )
    if text == serialized:
        return None
    if parts.path == "/" and not parts.query and not parts.fragment:
        reason = _("has a trailing slash")
    elif parts.path or parts.query or parts.fragment or text.endswith(("?", "#")):
        reason = _("has a path")
    elif parts.username is not None or parts.password is not None:
        reason = _("has user info")
    elif port is not None and port == DEFAULT_PORTS.get(scheme):
        reason = _("names the default port {port}").format(port=port)
    else:
        reason = _("is not lower-case")
    return _("{reason}; the browser sends exactly {origin}, so it never matches").format(
        reason=reason, origin=repr(serialized)
    )


EXAMPLE_HEADERS = ("Content-Type", "Authorization")


def serialized(origin: str) -> str | None:
    """``scheme://host[:port]`` as a browser sends it, or None when there is no such form."""
    try:
        parts = urlsplit(origin.strip())
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not host or "*" in host or scheme not in DEFAULT_PORTS or parts.query or parts.fragment:
        return None
    if parts.path not in ("", "/") or parts.username is not None or parts.password is not None:
        return None  # a path or user info: what was meant is not clear
    shown = f"[{host}]" if ":" in host else host
    keep_port = port is not None and port != DEFAULT_PORTS[scheme]
    return f"{scheme}://{shown}" + (f":{port}" if keep_port else "")


def _origin_fix(path: tuple[str | int, ...], origin: str, production: bool) -> FixIntent | None:
    """The origin as the browser sends it, and http -> https on the same (public) host."""
    form = serialized(origin)
    if form is None or (production and is_local(urlsplit(form).hostname or "")):
        return None
    if form.startswith("http://"):
        if is_local(urlsplit(form).hostname or ""):
            return None
        form = "https://" + form[len("http://") :]
        if ":" in form[len("https://") :].rsplit("]", 1)[-1]:
            return None  # an explicit http port: its https port is unknown
    if origin_problem(form, production) is not None:
        return None
    return set_value(path, form, f"write the origin as the browser sends it: {form}", Safety.SAFE)


def check(ctx: Context[CorsOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    security = config.security if config else None
    cors = security.cors if security else None
    if cors is None:
        return
    production = ctx.env in ctx.options.production_environments
    for i, origin in enumerate(cors.allowed_origins or ()):
        path = (*CORS, "allowed_origins", i)
        if origin.strip() == "*":
            if cors.allow_credentials:
                yield Violation(
                    path,
                    _(
                        "allowed_origins '*' with allow_credentials true: browsers reject a "
                        "wildcard origin for credentialed requests, and servers that echo the "
                        "request origin instead open every user's session to any site; list the "
                        "frontend origins ({guide})"
                    ).format(guide=guide("5.1")),
                    related=(
                        RelatedPath(
                            (*CORS, "allow_credentials"), _("allow_credentials is set here")
                        ),
                    ),
                )
            else:
                yield Violation(
                    path,
                    _(
                        "allowed_origins '*' lets any website call the API from its users' "
                        "browsers; list the frontend origins as https://host ({guide})"
                    ).format(guide=guide("5.1")),
                )
            continue
        problem = origin_problem(origin, production)
        if problem:
            yield Violation(
                path,
                _("allowed origin {origin} {problem} ({guide})").format(
                    guide=guide("5.1"), origin=repr(origin), problem=problem
                ),
                fix=_origin_fix(path, origin, production),
            )
    permitted = ctx.options.allowed_methods
    for i, method in enumerate(cors.allowed_methods or ()):
        credentials_case = method.strip() == "*" and cors.allow_credentials
        if (
            permitted
            and not credentials_case
            and method.strip().upper() not in {m.upper() for m in permitted}
        ):
            what = "every method" if method.strip() == "*" else f"method {method.strip()!r}"
            yield Violation(
                (*CORS, "allowed_methods", i),
                _("allowed_methods lets {what} through; the policy allows {join} ({guide})").format(
                    guide=guide("5.1"), what=what, join=", ".join(permitted)
                ),
            )
        if method.strip() == "*" and cors.allow_credentials:
            yield Violation(
                (*CORS, "allowed_methods", i),
                _(
                    "allowed_methods '*' with allow_credentials true is no wildcard (Fetch "
                    "standard): a credentialed preflight for PUT or DELETE asks for the method "
                    "by name and '*' does not match it; list the methods the frontend uses, e.g. "
                    "[GET, POST, PUT, DELETE] ({guide})"
                ).format(guide=guide("5.1")),
                Severity.WARNING,
                related=(
                    RelatedPath((*CORS, "allow_credentials"), _("allow_credentials is set here")),
                ),
            )
    headers = list(cors.allowed_headers or ())
    explicit = [h for h in headers if h.strip() != "*"]
    explicit += [h for h in EXAMPLE_HEADERS if h.lower() not in {e.lower() for e in explicit}]
    headers_allowed = ctx.options.allowed_headers
    restricted = bool(headers_allowed) and "*" not in [h.strip() for h in headers_allowed or ()]
    for i, header in enumerate(headers):
        if restricted and header.strip().lower() not in {
            h.strip().lower() for h in headers_allowed or ()
        }:
            what = "every header" if header.strip() == "*" else f"header {header.strip()!r}"
            yield Violation(
                (*CORS, "allowed_headers", i),
                _("allowed_headers lets {what} through; the policy allows {join} ({guide})").format(
                    guide=guide("5.1"), what=what, join=", ".join(headers_allowed or ())
                ),
            )
            continue  # one mistake, one finding: not also the '*' warning below
        if header.strip() == "*":
            yield Violation(
                (*CORS, "allowed_headers", i),
                _(
                    "allowed_headers '*' never covers Authorization and is no wildcard at all for "
                    "credentialed requests (Fetch standard); list the headers the frontend sends, "
                    "e.g. [Content-Type, Authorization] ({guide})"
                ).format(guide=guide("5.1")),
                Severity.WARNING,
                fix=set_value(
                    (*CORS, "allowed_headers"),
                    explicit,
                    f"list the headers explicitly: {', '.join(explicit)} (check the frontend "
                    "sends no others)",
                    Safety.UNSAFE,
                ),
            )


RULE = Rule(
    id="DL307",
    name="cors",
    severity=Severity.ERROR,
    summary=N_("CORS allows exact https origins, no wildcard origin, no wildcard headers."),
    options=CorsOptions,
    check=check,
    fix="safe and unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks `config.security.cors`: no `*` origin (with `allow_credentials: true` it "
                "is doubly wrong); every origin is exactly `https://host[:port]` — lower-case, "
                "no path, no trailing slash, no default port, no wildcard host; no localhost "
                "origin in production (http is accepted only for localhost outside production); "
                "`allowed_headers: ['*']` is a warning, and so is `allowed_methods: ['*']` with "
                "`allow_credentials: true` (no wildcard for credentialed requests). The "
                "options `allowed_methods` (guide: GET, POST, PUT, DELETE) and "
                "`allowed_headers` (guide: `*`, any header) are the sets a method or header "
                "must belong to; a header outside a team's `allowed_headers` is an error."
            )
        ),
        why=(
            N_(
                "Browsers compare the `Origin` header byte for byte: `https://example.com/` or "
                "`https://Example.com` never match, so the frontend gets CORS errors only in "
                "production. `*` lets any site read API responses. A `*` in allowed headers "
                "never covers `Authorization`, and with credentials it is not a wildcard at all, "
                "so authenticated calls fail their preflight."
            )
        ),
        example=(
            "config:\n"
            "  security:\n"
            "    cors:\n"
            "      allowed_origins: ['*', 'https://admin.datasets.acme.co.jp/']\n"
            "      allowed_headers: ['*']\n"
        ),
        use_instead=(
            "config:\n"
            "  security:\n"
            "    cors:\n"
            "      allowed_origins: ['https://datasets.acme.co.jp', "
            "'https://admin.datasets.acme.co.jp']\n"
            "      allowed_headers: [Content-Type, Authorization]\n"
        ),
        references=(
            "guide 5.1",
            "Fetch standard, CORS protocol and credentials: https://fetch.spec.whatwg.org/#cors-protocol-and-credentials",
            "Serialization of an origin: https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin",
        ),
    ),
)
