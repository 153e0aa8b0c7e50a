"""DL310 plaintext-secret: configs reference secrets; they never contain them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from typing import Any

from pydantic import Field, field_validator

from deploylint.findings.finding import Path, Severity, format_path
from deploylint.i18n import N_, _, guide, ngettext
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

# AWS access key ids: AKIA (long-term) or ASIA (temporary) + 16 upper-case letters/digits.
# Source: IAM User Guide, "Understanding unique ID prefixes".
_AWS_KEY = re.compile(r"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
_MASK = re.compile(r"\*+")  # '********': already redacted
# Chat webhook URLs: whoever has the URL can post (the path is the credential). Sources:
# Slack "Sending messages using incoming webhooks"; Discord "Intro to Webhooks"; Microsoft
# Teams incoming webhooks (webhook.office.com).
_WEBHOOK = re.compile(
    r"https://(?:hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{8,}"
    r"|(?:discord|discordapp)\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]+"
    r"|[A-Za-z0-9.-]+\.webhook\.office\.com/webhookb2/\S+)"
)
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


def _candidates(data: Any) -> Iterator[tuple[Path, Any, bool]]:
    """(path, scalar, under a secret-named key) for the scalars that may hold a secret: those
    under a secret-named key and strings that look like keys, in document order."""
    stack: list[tuple[Path, Any, bool]] = [((), data, False)]
    while stack:
        path, node, secret = stack.pop()
        if isinstance(node, dict):
            items = [
                (k if isinstance(k, (str, int)) else str(k), v, secret_key(str(k)))
                for k, v in node.items()
            ]
        elif isinstance(node, list):
            items = [(i, v, secret) for i, v in enumerate(node)]
        else:  # a candidate (or a document that is a scalar: check() looks closer)
            yield path, node, secret
            continue
        stack.extend(
            ((*path, key), value, flag)
            for key, value, flag in reversed(items)
            if isinstance(value, (dict, list)) or flag or _could_hold_key(value)
        )


@lru_cache(maxsize=16)
def _references(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


def _could_hold_key(value: Any) -> bool:
    """A cheap test before the regular expressions: most values are plain words."""
    return isinstance(value, str) and (
        "PRIVATE KEY" in value
        or "AKIA" in value
        or "ASIA" in value
        or ("://" in value and ("@" in value or "webhook" in value or "hooks." in value))
    )


def _url_password(text: str, references: re.Pattern[str]) -> bool:
    """A URL with a literal password (not ${DB_PASSWORD}, not '****')."""
    for match in _URL_PASSWORD.finditer(text):
        password = match["password"]
        if not references.fullmatch(password) and not _MASK.fullmatch(password):
            return True
    return False


def check(ctx: Context[PlaintextSecretOptions]) -> Iterator[Violation]:
    references = _references(ctx.options.allowed_references)
    for path, value, secret in _candidates(ctx.effective.data):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue
        text = str(value).strip()
        if not text or references.fullmatch(text):
            continue
        where = format_path(path)
        if _PRIVATE_KEY.search(text):
            kind = _("a PEM private key")
        elif _AWS_KEY.search(text):
            kind = _("an AWS access key id")
        elif _WEBHOOK.search(text):
            kind = _("a chat webhook URL (whoever has it can post)")
        elif _url_password(text, references):
            kind = _("a password in a URL")
        elif secret and not _MASK.fullmatch(text):
            kind = _("a secret")
        else:
            continue
        yield Violation(
            path,
            _(
                "{where} holds {kind} in plain text ({preview}); store it in Secrets Manager or SSM Parameter Store and reference it (${{VAR}}, arn:aws:secretsmanager:..., {{{{resolve:...}}}}) ({guide})"
            ).format(guide=guide("5.1"), where=where, kind=kind, preview=preview(text)),
        )


RULE = Rule(
    id="DL310",
    name="plaintext-secret",
    severity=Severity.ERROR,
    summary=N_("No passwords, tokens, access keys or private keys in config files."),
    options=PlaintextSecretOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Scans every value of the config (known keys or not), whatever its key, for AWS "
                "access key ids (`AKIA...`/`ASIA...`), PEM private keys, chat webhook URLs "
                "(`https://hooks.slack.com/services/T.../B.../...`, Discord, Teams: the URL is "
                "the credential) and passwords in URLs (`postgresql://app:S3cret@host/db`; a "
                "`${DB_PASSWORD}` in its place passes), and non-empty values under keys named "
                "like a secret (password, passwd, secret, token, api_key, access_key, "
                "private_key). References to a secret store (`${VAR}`, `arn:aws:secretsmanager:"
                "...`, `ssm:/...`, `{{resolve:...}}`) pass. The message shows at most a 4-character "
                "prefix and the length, never the secret."
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
        ),
    ),
)
