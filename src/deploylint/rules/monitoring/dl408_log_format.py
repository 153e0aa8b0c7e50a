"""DL408 log-format: ISO 8601 timestamps, service and request id, a sane level."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import LOGS
from deploylint.rules.rule import Context, Docs, Options, Rule, Violation

FORMAT = (*LOGS, "format")

# ISO 8601 and its internet profile RFC 3339 (the RFC 5424 TIMESTAMP), however spelled:
# ISO8601, iso-8601, "ISO 8601", RFC3339 (aws-facts.md §14).
TIMESTAMP_FORMATS = frozenset({"ISO8601", "RFC3339"})
# Severity names of RFC 5424 §6.2.1 and their usual logging-library spellings (aws-facts.md §14).
LEVELS = (
    "DEBUG",
    "INFO",
    "NOTICE",
    "WARN",
    "WARNING",
    "ERROR",
    "CRITICAL",
    "ALERT",
    "EMERGENCY",
)
DEBUG = "DEBUG"
REQUIRED = "required"
REQUIRED_WORDS = frozenset({REQUIRED, "必須"})  # the guide's Japanese text says 必須


class LogFormatOptions(Options):
    production_environments: list[str] = Field(
        description=N_("Environments where the log level must not be DEBUG")
    )
    required_fields: list[str] = Field(
        description=N_(
            "`monitoring.logs.format` keys that must be `required` (service, request_id)"
        )
    )


def _format_data(ctx: Context[LogFormatOptions]) -> dict[str, Any]:
    node: Any = ctx.effective.data
    for key in FORMAT:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def check(ctx: Context[LogFormatOptions]) -> Iterator[Violation]:
    if not ctx.has(("monitoring",)):
        return
    monitoring = ctx.config.monitoring
    fmt = monitoring.logs.format if monitoring and monitoring.logs else None
    timestamp = fmt.timestamp if fmt else None
    if timestamp is None:
        yield Violation(
            (*FORMAT, "timestamp"),
            _("log format sets no timestamp format; expected timestamp: ISO8601 ({guide})").format(
                guide=guide("6.1")
            ),
        )
    elif re.sub(r"[\s_\-]", "", timestamp).upper() not in TIMESTAMP_FORMATS:
        yield Violation(
            (*FORMAT, "timestamp"),
            _(
                "log timestamp format {timestamp} is not ISO 8601; expected ISO8601 (or RFC3339) ({guide})"
            ).format(guide=guide("6.1"), timestamp=repr(timestamp)),
        )
    level = fmt.level if fmt else None
    if level is not None:
        name = level.strip().upper()
        if name not in LEVELS:
            close = difflib.get_close_matches(name, LEVELS, n=1)
            hint = _("did you mean {name}? ").format(name=close[0]) if close else ""
            yield Violation(
                (*FORMAT, "level"),
                _(
                    "log level {level} is not a known level; {hint}expected one of {join} ({guide})"
                ).format(guide=guide("6.1"), level=repr(level), hint=hint, join=", ".join(LEVELS)),
            )
        elif name == DEBUG and ctx.env in ctx.options.production_environments:
            yield Violation(
                (*FORMAT, "level"),
                _(
                    "log level {level} in {env} logs every debug line (cost, and secrets in payloads); expected INFO ({guide})"
                ).format(guide=guide("6.1"), level=repr(level), env=ctx.env),
            )
    data = _format_data(ctx)
    for key in ctx.options.required_fields:
        value = data.get(key)
        if isinstance(value, str) and value.strip().casefold() in REQUIRED_WORDS:
            continue
        found = _("is not set") if value is None else _("is {value}").format(value=repr(value))
        yield Violation(
            (*FORMAT, key),
            _(
                "log format {key} {found}; expected {key}: required, so every line can be traced to its service and request ({guide})"
            ).format(guide=guide("6.1"), key=key, found=found),
        )


RULE = Rule(
    id="DL408",
    name="log-format",
    severity=Severity.ERROR,
    summary=N_("Logs carry ISO 8601 timestamps, service and request id, at a known level."),
    options=LogFormatOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "When the config declares `monitoring`, checks `monitoring.logs.format`: "
                "`timestamp` is ISO8601 (RFC3339 and spellings like `ISO 8601` accepted); each "
                "required field (guide: `service`, `request_id`) is `required`; `level` is a "
                "known level (DEBUG, INFO, NOTICE, WARN, WARNING, ERROR, CRITICAL, ALERT, "
                "EMERGENCY) and not DEBUG in a production environment."
            )
        ),
        why=(
            N_(
                "Logs without a zoned ISO 8601 timestamp cannot be lined up across services; "
                "without service and request id one request cannot be followed through the "
                "system. DEBUG in production multiplies log volume and cost and tends to write "
                "request payloads, secrets included."
            )
        ),
        example=(
            "monitoring:\n  logs:\n    format:\n      timestamp: epoch\n      level: DEBUG\n"
            "      service: required\n"
        ),
        use_instead=(
            "monitoring:\n  logs:\n    format:\n      timestamp: ISO8601\n      level: INFO\n"
            "      service: required\n      request_id: required\n"
        ),
        references=(
            "guide 6.1",
            "RFC 3339 timestamps / RFC 5424 severities: https://www.rfc-editor.org/rfc/rfc5424",
        ),
    ),
)
