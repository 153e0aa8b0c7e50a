"""DL105 fargate-size: compute cpu and memory are a task size Fargate accepts."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from pydantic import Field

from deploylint import facts
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.model.fix import Safety, set_value
from deploylint.rules._engines import COMPONENTS, components
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

COMPUTE = (*COMPONENTS, "compute")
CPU, MEMORY = (*COMPUTE, "cpu"), (*COMPUTE, "memory")
CPUS = ", ".join(str(c) for c in facts.FARGATE_SIZES)


def _describe(sizes: tuple[int, ...]) -> str:
    steps = {b - a for a, b in pairwise(sizes)}
    if len(sizes) > 4 and len(steps) == 1:
        return _("{low}-{high} MiB in {step} MiB steps").format(
            low=sizes[0], high=sizes[-1], step=steps.pop()
        )
    return join([str(s) for s in sizes]) + " MiB"


def allowed_memory(cpu: int) -> str:
    """The memory sizes Fargate allows with ``cpu``, for people."""
    return _describe(facts.FARGATE_SIZES[cpu])


CPUS_FOR: dict[int, list[int]] = {}
for _cpu, _sizes in facts.FARGATE_SIZES.items():
    for _mib in _sizes:
        CPUS_FOR.setdefault(_mib, []).append(_cpu)


def _cpus_for(memory: int) -> str:
    cpus = CPUS_FOR.get(memory)
    return _(" or ").join(str(c) for c in cpus) if cpus else ""


class FargateSizeOptions(Options):
    compute_types: list[str] | None = Field(
        default=None,
        description=(
            N_("Compute types `components.compute.type` may name (guide: ECS Fargate); unset: any")
        ),
    )


def _squash(text: str) -> str:
    return "".join(text.split()).casefold()


def check(ctx: Context[FargateSizeOptions]) -> Iterator[Violation]:
    comps = components(ctx)
    compute = comps.compute if comps else None
    if compute is None:
        return
    allowed = ctx.options.compute_types
    if (
        allowed
        and compute.type is not None
        and _squash(compute.type) not in {_squash(t) for t in allowed}
    ):
        yield Violation(
            (*COMPUTE, "type"),
            _("compute type {type} is not one the policy allows; expected {join} ({guide})").format(
                type=repr(compute.type), join=" or ".join(allowed), guide=guide("2.1")
            ),
        )
        return  # the task size follows from the type: fix the type first
    kinds = [k for k in (compute.type, compute.instance_type) if k is not None]
    if kinds and not any("fargate" in k.lower() for k in kinds):
        return  # EC2 launch type: task size is free-form
    cpu, memory = compute.cpu, compute.memory
    if cpu is not None and cpu not in facts.FARGATE_SIZES:
        fits = _cpus_for(memory) if memory is not None else ""
        hint = f"; with memory {memory} MiB use cpu {fits}" if fits else ""
        fitting = CPUS_FOR.get(memory) if memory is not None else None
        fix = None
        if fitting:  # the next size up that allows the memory, else the largest that does
            size = min((c for c in fitting if c >= cpu), default=max(fitting))
            fix = set_value(
                CPU,
                size,
                _("use cpu {cpu}, a Fargate size that allows {memory} MiB").format(
                    cpu=size, memory=memory
                ),
                Safety.UNSAFE,
            )
        yield Violation(
            CPU,
            _(
                "compute cpu {cpu} is not a Fargate task size; expected one of {cpus} CPU units (1024 = 1 vCPU){hint} ({guide})"
            ).format(cpu=cpu, cpus=CPUS, hint=hint, guide=guide("2.1")),
            fix=fix,
        )
    elif cpu is not None and memory is not None and memory not in facts.FARGATE_SIZES[cpu]:
        fits = _cpus_for(memory)
        hint = _("; {memory} MiB needs cpu {cpu}").format(memory=memory, cpu=fits) if fits else ""
        yield Violation(
            MEMORY,
            _(
                "compute memory {memory} MiB is not valid with cpu {cpu}; Fargate allows {allowed} for {cpu} CPU units{hint} ({guide})"
            ).format(
                memory=memory, cpu=cpu, allowed=allowed_memory(cpu), hint=hint, guide=guide("2.1")
            ),
            related=(RelatedPath(CPU, _("compute cpu is set here")),),
        )
    elif cpu is not None and memory is None and not ctx.written(MEMORY):
        yield Violation(
            MEMORY,
            _(
                "compute cpu {cpu} is set without memory; a Fargate task needs both: {allowed} for {cpu} CPU units ({guide})"
            ).format(cpu=cpu, allowed=allowed_memory(cpu), guide=guide("2.1")),
        )
    elif cpu is None and memory is not None and not ctx.written(CPU):
        fits = _cpus_for(memory)
        expected = (
            _("cpu {cpu} allows {memory} MiB").format(cpu=fits, memory=memory)
            if fits
            else _("and {memory} MiB is not a Fargate memory size for any cpu").format(
                memory=memory
            )
        )
        yield Violation(
            MEMORY if not fits else CPU,
            _(
                "compute memory {memory} MiB is set without cpu; a Fargate task needs both, {expected} ({guide})"
            ).format(memory=memory, expected=expected, guide=guide("2.1")),
        )


RULE = Rule(
    id="DL105",
    name="fargate-size",
    severity=Severity.ERROR,
    summary=N_("Compute cpu/memory is a valid Fargate task size."),
    options=FargateSizeOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "With the policy's `compute_types` (guide: ECS Fargate), another compute type "
                "is an error. Checks `architecture.components.compute` `cpu` (CPU units) and `memory` (MiB) "
                "against the task sizes Fargate accepts: 256 -> 512-2048, 512 -> 1024-4096, "
                "1024 -> 2048-8192, 2048 -> 4096-16384 (1024 steps), 4096 -> 8192-30720 (1024 "
                "steps), 8192 -> 16384-61440 (4096 steps), 16384 -> 32768-122880 (8192 steps); "
                "both must be set. Skipped when `type` or `instance_type` names another launch "
                "type (EC2)."
            )
        ),
        why=(
            N_(
                "ECS refuses to register the task definition ('No Fargate configuration exists "
                "for given values' / 'Invalid cpu setting for task'), so the deployment fails "
                "at its application update step, after the infrastructure has changed."
            )
        ),
        example=(
            "architecture:\n  components:\n    compute:\n      type: ECS Fargate\n"
            "      cpu: '2048'\n      memory: '2048'\n"
        ),
        use_instead=(
            "architecture:\n  components:\n    compute:\n      type: ECS Fargate\n"
            "      cpu: '2048'\n      memory: '4096'\n"
        ),
        references=(
            "guide 2.1",
            "Fargate task sizes: https://docs.aws.amazon.com/AmazonECS/latest/userguide/"
            "task-cpu-memory-error.html",
        ),
    ),
)
