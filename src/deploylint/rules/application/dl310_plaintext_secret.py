"""DL310 plaintext-secret: configs reference secrets; they never contain them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from typing import Any

from pydantic import Field, field_validator

from deploylint.findings.finding import Path, Severity, format_path
from deploylint.i18n import N_, _, guide, language, ngettext
from deploylint.rules._memo import per_data
from deploylint.rules._secrets import PROVIDERS, SHORTEST, detect, documentation_value, provider_key
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

_MASK = re.compile(r"\*+")  # '********': already redacted
# A password in a URL's userinfo: postgresql://app:S3cret@host/db (RFC 3986 §3.2.1).
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:(?P<password>[^/\s@]+)@")

SECRET_WORDS = frozenset(
    {
        "secret", "password", "passwd", "pwd", "passphrase", "token", "credential",
        "apikey", "accesskey", "privatekey", "secretkey",
    }
)  # fmt: skip
SECRET_PAIRS = frozenset({("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key")})
# A word that makes the key describe a secret rather than hold it: secret_name, token_url,
# password_file, token_ttl, max_tokens, access_key_id (its value is checked for AKIA anyway).
METADATA_WORDS = frozenset(
    {
        "name", "id", "arn", "file", "path", "url", "uri", "endpoint", "ttl", "expiry",
        "expires", "expiration", "timeout", "length", "type", "ref", "reference", "env",
        "var", "header", "field", "rotation", "days", "seconds", "enabled", "required",
        "policy", "prefix", "version", "count", "size", "max", "min", "age", "source", "store",
    }
)  # fmt: skip
_PLURALS = {
    "keys": "key",
    "tokens": "token",
    "secrets": "secret",
    "passwords": "password",
    "credentials": "credential",
}

DEFAULT_REFERENCES = (
    r"\$\{[^}]+\}",  # ${DB_PASSWORD}, ${ssm:/prod/db/password}
    r"\$[A-Za-z_][A-Za-z0-9_]*",  # $DB_PASSWORD
    r"\{\{.+\}\}",  # {{resolve:secretsmanager:prod/db:SecretString:password}}, templates
    r"arn:aws[a-z-]*:(secretsmanager|ssm|kms):.+",
    r"(ssm|secretsmanager):.+",  # ssm:/prod/db/password
)


class PlaintextSecretOptions(Options):
    allowed_references: tuple[str, ...] = Field(
        default=DEFAULT_REFERENCES,
        description=(
            N_(
                "Regular expressions (matched against the whole value) of secret references "
                "that are not secrets themselves: ${VAR}, {{resolve:...}}, secret ARNs, ssm:/..."
            )
        ),
    )

    @field_validator("allowed_references")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return patterns


@lru_cache(maxsize=4096)
def key_words(key: str) -> tuple[str, ...]:
    """``dbPassword`` / ``db-password`` / ``DB_PASSWORD`` -> ``['db', 'password']``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    words = [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]
    return tuple(_PLURALS.get(w, w) for w in words)


@lru_cache(maxsize=4096)
def secret_key(key: str) -> bool:
    """Whether a key is named like one holding a secret (password, api_key, client_secret)."""
    words = key_words(key)
    if any(w in METADATA_WORDS for w in words):
        return False
    return any(w in SECRET_WORDS for w in words) or any(
        pair in SECRET_PAIRS for pair in pairwise(words)
    )


def preview(value: str) -> str:
    """At most a 4-character prefix (less for short values) and the length; never more."""
    shown = value[: min(4, len(value) // 4)]
    size = ngettext("{count} character", "{count} characters", len(value)).format(count=len(value))
    if not shown:
        return size
    return _("starts {prefix}, {size}").format(prefix=repr(shown), size=size)


# Under a key naming a provider, these words name something that is not its credential:
# datadog.site, twilio.account_sid, pagerduty.service, sentry.environment.
_PROVIDER_METADATA = METADATA_WORDS | {
    "sid", "site", "region", "host", "hostname", "service", "environment", "tag", "tags",
    "channel", "team", "user", "username", "email", "account", "org", "organization",
    "project", "domain", "from", "sender", "dashboard", "monitor", "escalation", "schedule",
}  # fmt: skip


@lru_cache(maxsize=4096)
def provider_of(key: str) -> str | None:
    """The provider a key names (``datadog``, ``mailgun_api``, ``TwilioAuth``), if any."""
    for word in key_words(key):
        if word in PROVIDERS:
            return PROVIDERS[word]
    return None


@lru_cache(maxsize=4096)
def provider_metadata(key: str) -> bool:
    return any(w in _PROVIDER_METADATA for w in key_words(key))


# (path, scalar, under a secret-named key, the provider a key on the path names)
Candidate = tuple[Path, Any, bool, "str | None"]


@lru_cache(maxsize=4096)
def _key_facts(key: str) -> tuple[bool, str | None, bool]:
    """A key's name read once: named like a secret, the provider it names, and whether it
    names a provider's metadata (``site``, ``region``)."""
    return secret_key(key), provider_of(key), provider_metadata(key)


def _candidates(data: Any) -> tuple[Candidate, ...]:
    """The scalars that may hold a secret, in document order: those under a secret-named key,
    under a key naming a provider, and strings long enough to hold a token."""
    if not isinstance(data, (dict, list)):  # a document that is a scalar: check() looks closer
        return (((), data, False, None),)
    found: list[Candidate] = []
    _walk((), data, False, None, found)
    return tuple(found)


def _walk(
    path: Path, node: dict[Any, Any] | list[Any], secret: bool, provider: str | None,
    found: list[Candidate],
) -> None:  # fmt: skip
    """``found`` += the candidates below ``node`` (one call per collection, none per scalar)."""
    if isinstance(node, dict):
        for k, value in node.items():
            key = k if type(k) is str else str(k)
            flag, named, metadata = _key_facts(key)
            named = named or provider
            if named and metadata:
                named = None
            if isinstance(value, (dict, list)):
                _walk((*path, k if isinstance(k, (str, int)) else key), value, flag, named, found)
            elif flag or (isinstance(value, str) and (named is not None or len(value) >= SHORTEST)):
                found.append(((*path, k if isinstance(k, (str, int)) else key), value, flag, named))
        return
    long_or_named = provider is not None
    for i, value in enumerate(node):
        if isinstance(value, (dict, list)):
            _walk((*path, i), value, secret, provider, found)
        elif secret or (isinstance(value, str) and (long_or_named or len(value) >= SHORTEST)):
            found.append(((*path, i), value, secret, provider))


@lru_cache(maxsize=16)
def _references(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


def _url_password(text: str, references: re.Pattern[str]) -> bool:
    """A URL with a literal password (not ${DB_PASSWORD}, not '****')."""
    for match in _URL_PASSWORD.finditer(text):
        password = match["password"]
        if not references.fullmatch(password) and not _MASK.fullmatch(password):
            return True
    return False


def _kind(text: str, secret: bool, provider: str | None, patterns: tuple[str, ...]) -> str | None:
    """What secret ``text`` holds, or None: by its format first (whatever the key), then a
    password in a URL, then by the key that holds it; None for a reference to a secret
    (``patterns``, the options' ``allowed_references``)."""
    found = _judged(text, secret, provider, patterns)
    if found is None:
        return None
    how, name = found
    if how == "format":
        return name
    if how == "url":
        return _("a password in a URL")
    if how == "secret":
        return _("a secret")
    return _("a key or token for {provider}").format(provider=name)


# A function of its arguments (strings and a flag): cached, since a set's environments hold
# mostly the same values; _kind translates the words. (Keyed by the patterns' text, not the
# compiled pattern, whose hash reads its whole compiled program.)
@lru_cache(maxsize=8192)
def _judged(
    text: str, secret: bool, provider: str | None, patterns: tuple[str, ...]
) -> tuple[str, str | None] | None:
    references = _references(patterns)
    if references.fullmatch(text):
        return None
    found = detect(text)
    if found:
        return "format", found
    if "@" in text and _url_password(text, references):
        return "url", None
    if secret and not _MASK.fullmatch(text) and not documentation_value(text):
        return "secret", None
    if provider and provider_key(text):
        return "provider", provider
    return None


def secret_kind(kind: str) -> str:
    """A kind of secret for people: the catalogue names kinds in English ("a GitHub token",
    marked for translation); another language shows its translation (no article)."""
    if language() == "en":
        return kind
    return _(kind).removeprefix("an ").removeprefix("a ")


def check(ctx: Context[PlaintextSecretOptions]) -> Iterator[Violation]:
    patterns = ctx.options.allowed_references
    # a function of the data alone: environments that share their data walk it once
    for path, value, secret, provider in per_data(ctx, "DL310 candidates", _candidates):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        text = str(value).strip()
        if not text:
            continue
        kind = _kind(text, secret, provider, patterns)
        if kind is None:
            continue
        yield Violation(
            path,
            _(
                "{format_path} holds {kind} in plain text ({preview}); store it in Secrets Manager or SSM Parameter Store and reference it (${{VAR}}, arn:aws:secretsmanager:..., {{{{resolve:...}}}}) ({guide})"
            ).format(
                guide=guide("5.1"),
                format_path=format_path(path),
                kind=secret_kind(kind),
                preview=preview(text),
            ),
        )


RULE = Rule(
    id="DL310",
    name="plaintext-secret",
    severity=Severity.ERROR,
    summary=N_("No passwords, tokens, access keys or private keys in config files."),
    options=PlaintextSecretOptions,
    check=check,
    reads_alone=True,  # each string on its own
    docs=Docs(
        what=(
            N_(
                "Scans every string of the config, whatever its key, for secrets by their "
                "format: about 70 token shapes of known providers (GitHub `ghp_`/`gho_`/`ghs_`/"
                "`github_pat_`, GitLab `glpat-`, Slack `xoxb-`/`xoxp-` and webhook URLs, Stripe "
                "`sk_live_`/`rk_live_`, SendGrid `SG.x.y`, AWS access key ids, Google `AIza`, "
                "npm, PyPI, OpenAI, Anthropic, Twilio `SK`, Mailgun `key-`, Vault, Doppler, "
                "JWTs, `Authorization: Bearer` values, private-key blocks; gitleaks' rule list "
                "as the catalogue), passwords in URLs (`postgresql://app:S3cret@host/db`), "
                "hex keys under a key naming their provider (`datadog: {app: 3f2b...}`, Mailgun, "
                "Twilio, PagerDuty ...), and non-empty values under keys named like a secret "
                "(password, passwd, secret, token, api_key, access_key, private_key). Keys that "
                "describe a secret (`secret_name`, `password_min_length`, `token_url`), "
                "references to a secret store (`${VAR}`, `arn:aws:secretsmanager:...`, `ssm:/...`, "
                "`{{resolve:...}}`) and placeholders (`xoxb-your-token`, AWS's `...EXAMPLE` key, "
                "`xxxx`, `<token>`, bodies too uniform or counting up to be random) pass. The "
                "message names the kind of secret and shows at most a 4-character prefix and the "
                "length, never the secret."
            )
        ),
        why=(
            N_(
                "Config files live in git, CI logs, artifacts and laptops; a secret committed "
                "once stays in the history after it is deleted. Leaked AWS keys are found and "
                "abused by scanners within minutes. Rotate a secret that was committed, then "
                "reference it from a secret store."
            )
        ),
        example=("config:\n  database:\n    pool_size: 20\n    password: hunter2-prod-db\n"),
        use_instead=(
            "config:\n"
            "  database:\n"
            "    pool_size: 20\n"
            "    password: ${DB_PASSWORD}  # injected from Secrets Manager by the task definition\n"
        ),
        references=(
            "guide 5.1",
            "ECS secrets from Secrets Manager: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data-secrets.html",
            "IAM unique id prefixes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
            "GitHub token formats: https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/",
            "gitleaks rule list: https://github.com/gitleaks/gitleaks/blob/master/config/gitleaks.toml",
        ),
    ),
)
