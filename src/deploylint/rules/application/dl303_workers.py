"""DL303 workers: the API's worker count fits the Fargate task's vCPUs."""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, guides
from deploylint.model.fix import Safety, set_value
from deploylint.rules._bounds import Bounds, within
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

WORKERS = ("config", "application", "api", "workers")
MAX_REQUESTS = ("config", "application", "api", "max_requests")
CPU = ("architecture", "components", "compute", "cpu")
CPU_UNITS_PER_VCPU = 1024  # ECS: 1024 CPU units = 1 vCPU (aws-facts.md §1)


class WorkersOptions(Options):
    max_requests: Bounds | None = Field(
        default=None,
        description=N_(
            "Bounds a team sets on api max_requests ({min, max}; the guide starts from 1000: "
            "off in the guide pack)"
        ),
    )


def max_workers(cpu_units: int) -> int:
    """Gunicorn's (2 x cores) + 1 for a task of ``cpu_units`` (at least 1)."""
    return max(1, math.floor(2 * cpu_units / CPU_UNITS_PER_VCPU + 1))


def check(ctx: Context[WorkersOptions]) -> Iterator[Violation]:
    config = ctx.config.config
    api = config.application.api if config and config.application else None
    if api is not None and api.max_requests is not None:
        yield from within(
            MAX_REQUESTS,
            "api max_requests",
            api.max_requests,
            ctx.options.max_requests,
            "1000",
            "5.1",
        )
    workers = api.workers if api else None
    if workers is None:
        return
    if workers < 1:
        yield Violation(
            WORKERS,
            _("api workers {workers}; the API needs at least 1 worker process ({guide})").format(
                guide=guide("5.1"), workers=workers
            ),
        )
        return
    arch = ctx.config.architecture
    compute = arch.components.compute if arch and arch.components else None
    cpu = compute.cpu if compute else None
    if cpu is None or cpu <= 0:
        return
    limit = max_workers(cpu)
    if workers > limit:
        vcpu = cpu / CPU_UNITS_PER_VCPU
        yield Violation(
            WORKERS,
            _(
                "api workers {workers} exceed 2 x {vcpu:g} vCPU + 1 = {limit} for a task of cpu {cpu}; expected at most {limit} ({guides})"
            ).format(guides=guides("5.1", "2.1"), workers=workers, vcpu=vcpu, limit=limit, cpu=cpu),
            related=(RelatedPath(CPU, _("compute cpu is set here")),),
            fix=set_value(WORKERS, limit, f"run {limit} workers", Safety.UNSAFE),
        )


RULE = Rule(
    id="DL303",
    name="workers",
    severity=Severity.WARNING,
    summary=N_("API workers are at least 1 and at most 2 x vCPU + 1 of the task."),
    options=WorkersOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks `config.application.api.workers` against the ECS Fargate task size in "
                "`architecture.components.compute.cpu` (1024 CPU units = 1 vCPU): at least 1, "
                "and not above gunicorn's recommended 2 x vCPU + 1 (5 for the guide's 2048 units)."
            )
        ),
        why=(
            N_(
                "Workers beyond 2 x vCPU + 1 do not add throughput: they compete for the same "
                "cores, each holds its own database and cache pools and its own memory, and "
                "latency rises under load until the task runs out of memory. 0 workers serves "
                "nothing."
            )
        ),
        example=(
            "architecture:\n  components:\n    compute: {cpu: '2048', memory: '4096'}\n"
            "config:\n  application:\n    api: {workers: 16}\n"
        ),
        use_instead=(
            "architecture:\n  components:\n    compute: {cpu: '2048', memory: '4096'}\n"
            "config:\n  application:\n    api: {workers: 4}\n"
        ),
        references=(
            "guide 5.1, 2.1",
            "gunicorn, How many workers?: https://docs.gunicorn.org/en/stable/design.html#how-many-workers",
            "Fargate task sizes: https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html",
        ),
    ),
)
