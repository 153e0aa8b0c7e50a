"""Helpers shared by the DL3xx capacity rules (DL304, DL305): tasks x workers x pool."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deploylint.findings.finding import Path, Severity
from deploylint.i18n import _, guide, ngettext
from deploylint.rules.rule import Context, RelatedPath, Violation

WORKERS = ("config", "application", "api", "workers")
DEFAULT_WORKERS = 1  # gunicorn and uvicorn run one worker unless told otherwise (aws-facts §11)


@dataclass(frozen=True)
class Factor:
    """One factor of a connection count: its value, where it comes from, how to say it."""

    value: int
    path: Path
    label: str
    note: str = ""  # what a finding's related path says of the factor's place; "": not named

    @property
    def related(self) -> tuple[RelatedPath, ...]:
        """The factor's place as a finding's related path, when it is worth naming."""
        return (RelatedPath(self.path, self.note),) if self.note else ()


def max_tasks(ctx: Context[Any]) -> Factor | None:
    """The environment's ``scaling.max`` (without an environment: the largest of any)."""
    arch = ctx.config.architecture
    envs = arch.environments if arch and arch.environments else {}
    names = [ctx.env] if ctx.env is not None else sorted(envs)
    best: Factor | None = None
    for name in names:
        env = envs.get(name) if name is not None else None
        top = env.scaling.max if env and env.scaling else None
        if top is not None and (best is None or top > best.value):
            path = ("architecture", "environments", name, "scaling", "max")
            best = Factor(
                top,
                path,
                ngettext("{count} task", "{count} tasks", top).format(count=top),
                _("{name} scaling.max is set here").format(name=name),
            )
    return best


def workers(ctx: Context[Any]) -> Factor | None:
    """API workers per task (the server's default of 1 when unset); None when below 1."""
    config = ctx.config.config
    api = config.application.api if config and config.application else None
    count = api.workers if api and api.workers is not None else None
    if count is None:
        return Factor(
            DEFAULT_WORKERS,
            WORKERS,
            ngettext(
                "{count} worker (default)", "{count} workers (default)", DEFAULT_WORKERS
            ).format(count=DEFAULT_WORKERS),
        )
    if count < 1:
        return None  # DL303's finding
    return Factor(
        count, WORKERS, ngettext("{count} worker", "{count} workers", count).format(count=count)
    )


def workers_not_checked(ctx: Context[Any], what: str) -> Violation:
    """Said where :func:`workers` gives None (DL303 rejects a count below 1): the product
    cannot be formed, never a silent pass; left out beside DL303's finding."""
    config = ctx.config.config
    api = config.application.api if config and config.application else None
    return Violation(
        WORKERS,
        _(
            "not checked: {what}: config.application.api.workers {count} is below 1 (see DL303) ({guide})"
        ).format(what=what, count=api.workers if api else None, guide=guide("5.1")),
        Severity.INFO,
        covered_by=("DL303",),
    )
