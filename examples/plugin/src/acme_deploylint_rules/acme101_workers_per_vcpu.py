"""ACME101 workers-per-vcpu: the API's worker processes fit the task's vCPUs.

Arithmetic across two sections (CPU units -> vCPUs -> a worker budget) is beyond the
declarative language, so this rule is a plugin. It follows exactly the built-in contract:
``RULE = Rule(...)``, an options model, and a pure check that yields Violations with
document paths; the engine locates, filters and suppresses them like any built-in rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from deploylint.api import Context, Docs, Options, RelatedPath, Rule, Severity, Violation

CPU = ("architecture", "components", "compute", "cpu")
WORKERS = ("config", "application", "api", "workers")


class WorkersOptions(Options):
    per_vcpu: int = Field(default=2, ge=1, description="Workers allowed per vCPU")
    extra: int = Field(default=1, ge=0, description="Workers allowed on top (gunicorn: 2n+1)")


def check(ctx: Context[WorkersOptions]) -> Iterator[Violation]:
    compute = ctx.config.architecture and ctx.config.architecture.components
    api = ctx.config.config and ctx.config.config.application and ctx.config.config.application.api
    cpu: Any = compute.compute.cpu if compute and compute.compute else None
    workers = api.workers if api else None
    if not isinstance(cpu, int) or not isinstance(workers, int) or cpu <= 0:
        return
    vcpus = cpu / 1024
    budget = int(vcpus * ctx.options.per_vcpu) + ctx.options.extra
    if workers > budget:
        yield Violation(
            WORKERS,
            f"{workers} API workers on {vcpus:g} vCPU: at most {budget} "
            f"({ctx.options.per_vcpu} per vCPU + {ctx.options.extra}); more workers only "
            "queue on the CPU and multiply database connections",
            related=(RelatedPath(CPU, "the task's CPU units"),),
        )


RULE = Rule(
    id="ACME101",
    name="workers-per-vcpu",
    severity=Severity.WARNING,
    summary="API worker processes fit the task's vCPUs",
    docs=Docs(
        what="Checks `config.application.api.workers` against the Fargate task's vCPUs.",
        why=(
            "Python workers are CPU-bound processes: beyond about two per vCPU they wait "
            "for the CPU, raise latency, and each holds its own database pool."
        ),
        example="architecture: {components: {compute: {cpu: '1024'}}}\n"
        "config: {application: {api: {workers: 8}}}",
        use_instead="architecture: {components: {compute: {cpu: '1024'}}}\n"
        "config: {application: {api: {workers: 3}}}",
        references=("https://docs.gunicorn.org/en/stable/design.html#how-many-workers",),
    ),
    options=WorkersOptions,
    check=check,
)
