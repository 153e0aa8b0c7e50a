"""DL301 https-urls: production frontend URLs are https and point at real hosts."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from urllib.parse import urlsplit

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import FixIntent, Safety, set_value
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

FRONTEND = ("config", "application", "frontend")
URL_KEYS = ("api_url", "cdn_url")

# Names reserved for documentation and testing, never a real deployment (RFC 2606, RFC 6761).
PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")
PLACEHOLDER_TLDS = ("example", "test", "invalid", "localhost")


class HttpsUrlsOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments held to production rules (https, no placeholder hosts)")
    )


def placeholder_host(host: str) -> str | None:
    """Why ``host`` is a placeholder (localhost, loopback, a reserved name), or None."""
    host = host.lower().rstrip(".")
    if host in ("localhost", "0.0.0.0"):
        return "localhost" if host == "localhost" else _("an unspecified address")
    try:
        if ipaddress.ip_address(host).is_loopback:
            return _("a loopback address")
    except ValueError:
        pass
    for domain in PLACEHOLDER_DOMAINS:
        if host == domain or host.endswith("." + domain):
            return _("the reserved documentation domain {domain}").format(domain=domain)
    tld = host.rsplit(".", 1)[-1]
    if tld in PLACEHOLDER_TLDS:
        return _("the reserved top-level domain .{tld}").format(tld=tld)
    return None


def _scheme_host(url: str) -> tuple[str, str]:
    """Lower-case scheme and host of ``url`` ('' for a part that is missing or unparsable)."""
    if "://" not in url:
        return "", ""  # 'api.acme.com' or 'localhost:8000': no scheme at all
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower(), parts.hostname or ""
    except ValueError:
        return "", ""


def _https(path: tuple[str, ...], url: str, host: str) -> FixIntent | None:
    """http://host/... -> https://host/...: the same host, the scheme the rule requires."""
    if not host or not url.lower().startswith("http://"):
        return None
    fixed = "https://" + url[len("http://") :]
    return set_value(
        path, fixed, _("use https on the same host: {url}").format(url=fixed), Safety.SAFE
    )


def check(ctx: Context[HttpsUrlsOptions]) -> Iterator[Violation]:
    if ctx.env not in ctx.options.production_environments:
        return
    config = ctx.config.config
    frontend = config.application.frontend if config and config.application else None
    if frontend is None:
        return
    for key in URL_KEYS:
        url = getattr(frontend, key)
        if url is None:
            continue
        path = (*FRONTEND, key)
        scheme, host = _scheme_host(url)
        problem = None
        if scheme != "https":
            problem = (
                _("uses {scheme}://").format(scheme=scheme)
                if scheme
                else _("has no https:// scheme")
            )
        elif not host:
            problem = _("has no host")
        if problem:
            yield Violation(
                path,
                _(
                    "frontend {key} {url} {problem} in production; production URLs are https://host ({guide})"
                ).format(guide=guide("5.1"), key=key, url=repr(url), problem=problem),
                fix=_https(path, url, host),
            )
        why = placeholder_host(host) if host else None
        if why:
            yield Violation(
                path,
                _(
                    "frontend {key} {value} points at {why} in production; expected the real "
                    "public host of this environment ({guide})"
                ).format(key=key, value=repr(url), why=why, guide=guide("5.1")),
                Severity.WARNING,
            )


RULE = Rule(
    id="DL301",
    name="https-urls",
    severity=Severity.ERROR,
    summary=N_("Production frontend URLs are https and name real hosts."),
    options=HttpsUrlsOptions,
    check=check,
    fix="safe",
    docs=Docs(
        what=(
            N_(
                "Checks `config.application.frontend.api_url` and `cdn_url` in production "
                "environments: the scheme must be `https` (error), and the host must not be a "
                "placeholder — localhost, a loopback address, example.com/.org/.net or a "
                "`.example`/`.test`/`.invalid`/`.localhost` name (warning)."
            )
        ),
        why=(
            N_(
                "An http API URL sends session cookies and tokens in clear text, and browsers "
                "block http requests from an https page as mixed content, so the frontend breaks. "
                "A placeholder host copied from the guide (`https://api.example.com`) or a "
                "developer's `localhost` means the production frontend calls nothing."
            )
        ),
        example=(
            "environment: production\n"
            "config:\n"
            "  application:\n"
            "    frontend:\n"
            "      api_url: http://api.datasets.acme.co.jp\n"
            "      cdn_url: https://cdn.example.com\n"
        ),
        use_instead=(
            "environment: production\n"
            "config:\n"
            "  application:\n"
            "    frontend:\n"
            "      api_url: https://api.datasets.acme.co.jp\n"
            "      cdn_url: https://cdn.datasets.acme.co.jp\n"
        ),
        references=(
            "guide 5.1",
            "RFC 2606 (reserved example and test names): https://www.rfc-editor.org/rfc/rfc2606",
            "Mixed content: https://developer.mozilla.org/en-US/docs/Web/Security/Mixed_content",
        ),
    ),
)
