"""DL409 log-filters: log filters never drop errors and never contradict themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._monitoring import LOGS
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

FILTERS = (*LOGS, "filters")
_WILDCARDS = re.compile(r"[*?^$.()\[\]\\|+]")  # glob and regex syntax around a word


class LogFiltersOptions(Options):
    never_exclude: list[str] = Field(
        description=(
            N_(
                "Words of error-level lines no exclude pattern may match (error, warn, critical, "
                "fatal); a pattern containing one, or contained in one, is reported"
            )
        )
    )
    always_include: list[str] = Field(
        default_factory=list,
        description=(
            N_("Levels a non-empty `include` list must keep (guide: error, warn, critical)")
        ),
    )


def _core(pattern: str) -> str:
    return _WILDCARDS.sub("", pattern).strip().casefold()


def drops(pattern: str, word: str) -> bool:
    """Whether excluding ``pattern`` drops lines containing ``word``: ``error``, ``*ERROR*``,
    ``level=error`` and ``err`` all do; ``*`` drops everything."""
    core, word = _core(pattern), word.casefold()
    return not core or word in core or core in word


def check(ctx: Context[LogFiltersOptions]) -> Iterator[Violation]:
    monitoring = ctx.config.monitoring
    filters = monitoring.logs.filters if monitoring and monitoring.logs else None
    if filters is None:
        return
    include = filters.include or []
    included = {p.strip().casefold(): i for i, p in enumerate(include)}
    protected = ctx.options.never_exclude
    if include:
        kept = {_core(p) for p in include}
        lacking = [w for w in ctx.options.always_include if w.casefold() not in kept]
        if lacking:
            yield Violation(
                (*FILTERS, "include"),
                _(
                    "log filter include lacks {join}: those lines would not be kept; the guide includes {join2} ({guide})"
                ).format(
                    guide=guide("6.1"),
                    join=", ".join(lacking),
                    join2=", ".join(ctx.options.always_include),
                ),
            )
    for i, pattern in enumerate(filters.exclude or []):
        path = (*FILTERS, "exclude", i)
        hit = [w for w in protected if drops(pattern, w)]
        if hit:
            yield Violation(
                path,
                _(
                    "log filter excludes {pattern}, which drops {join} lines; never exclude {join2} ({guide})"
                ).format(
                    guide=guide("6.1"),
                    pattern=repr(pattern),
                    join=", ".join(hit),
                    join2=", ".join(protected),
                ),
            )
            continue
        j = included.get(pattern.strip().casefold())
        if j is not None:
            there = (*FILTERS, "include", j)
            yield Violation(
                path,
                _(
                    "log filter pattern {pattern} is both excluded and included; keep it in one list ({guide})"
                ).format(guide=guide("6.1"), pattern=repr(pattern)),
                related=(
                    RelatedPath(
                        there, _("{include} is included here").format(include=repr(include[j]))
                    ),
                ),
            )


RULE = Rule(
    id="DL409",
    name="log-filters",
    severity=Severity.WARNING,
    summary=N_("Log filters never drop errors and never include and exclude one pattern."),
    options=LogFiltersOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `monitoring.logs.filters`: no `exclude` pattern matches an error-level "
                "word of the policy (guide: error, warn, critical; plus fatal), whether it "
                "contains the word (`level=error`, `*ERROR*`), is part of it (`err`) or matches "
                "everything (`*`); a non-empty `include` keeps the policy's `always_include` "
                "(guide: error, warn, critical); and no pattern is both in `exclude` and in "
                "`include`."
            )
        ),
        why=(
            N_(
                "An exclude filter that swallows errors makes the incident invisible exactly "
                "when it matters. A pattern in both lists behaves however the log shipper "
                "orders its filters, which the next reader will guess wrong."
            )
        ),
        example=(
            "monitoring:\n  logs:\n    filters:\n      exclude: [health_check, error]\n"
            "      include: [error, warn, critical]\n"
        ),
        use_instead=(
            "monitoring:\n  logs:\n    filters:\n      exclude: [health_check, metrics]\n"
            "      include: [error, warn, critical]\n"
        ),
        references=(
            "guide 6.1",
            "CloudWatch Logs filter patterns: https://docs.aws.amazon.com/AmazonCloudWatch/"
            "latest/logs/FilterAndPatternSyntax.html",
        ),
    ),
)
