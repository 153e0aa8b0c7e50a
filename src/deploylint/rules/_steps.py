"""Helpers shared by the DL5xx deployment-process rules: steps, actions and concepts.

A process is read as one sequence: the phases in order (pre_deployment, deployment,
post_deployment), each step's name, then its actions. Names are matched to concepts of the
policy's vocabulary (``ctx.policy.concepts``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from deploylint.findings.finding import Path, format_path
from deploylint.rules.rule import Context, RelatedPath, Violation

PHASES = ("pre_deployment", "deployment", "post_deployment")


@dataclass(frozen=True)
class Item:
    """A step name (``action is None``) or one action, with its place in the sequence."""

    order: int
    phase: str
    step: int  # index of the step in the whole sequence (across phases)
    step_index: int  # index of the step in its phase
    action: int | None
    text: str

    @property
    def path(self) -> Path:
        base: Path = ("deployment", self.phase, "steps", self.step_index)
        return (*base, "name") if self.action is None else (*base, "actions", self.action)

    @property
    def shown(self) -> str:
        return f"{self.text!r} ({format_path(self.path)})"


def label(concept: str) -> str:
    """``database-snapshot`` -> ``database snapshot``."""
    return concept.replace("-", " ")


def steps_path(phase: str) -> Path:
    return ("deployment", phase, "steps")


def sequence(ctx: Context[Any]) -> list[Item]:
    """Every step name and action of the process, in order."""
    process = ctx.config.deployment
    items: list[Item] = []
    step_number = 0
    for phase in PHASES:
        section = getattr(process, phase, None) if process else None
        for index, step in enumerate((section.steps or ()) if section else ()):
            items.append(Item(len(items), phase, step_number, index, None, step.name))
            for a, action in enumerate(step.actions):
                items.append(Item(len(items), phase, step_number, index, a, action))
            step_number += 1
    return items


def matching(ctx: Context[Any], concepts: Iterable[str], items: Sequence[Item]) -> list[Item]:
    """Items naming one of ``concepts``: actions, and a step's name only when none of that
    step's actions does (so a step "Back up" with a backup action counts once)."""
    wanted = frozenset(concepts)

    def hit(item: Item) -> bool:
        return not wanted.isdisjoint(ctx.policy.concepts(item.text))

    hits = [i for i in items if i.action is not None and hit(i)]
    steps_with_hits = {i.step for i in hits}
    names = [i for i in items if i.action is None and i.step not in steps_with_hits and hit(i)]
    return sorted(hits + names, key=lambda i: i.order)


def examples(ctx: Context[Any], concept: str) -> str:
    """The first phrase of a concept and its first ASCII one: ``'アラームの有効化', 'enable alarm'``."""
    phrases = ctx.policy.vocabulary.get(concept, ())
    shown = [*phrases[:1], *[p for p in phrases[1:] if p.isascii()][:1]]
    return ", ".join(repr(p) for p in shown)


def missing_in_phase(
    ctx: Context[Any], phase: str, concepts: Sequence[str], expectation: str
) -> Iterator[Violation]:
    """One finding per concept that no step or action of ``phase`` names.

    It points where the missing step would go: after the phase's last step (the engine
    shows the ``steps`` key), or at the nearest key present when the phase has no steps.
    """
    items = sequence(ctx)
    process = ctx.config.deployment
    section = getattr(process, phase, None) if process else None
    steps = section.steps if section else None
    where = (*steps_path(phase), len(steps)) if steps is not None else steps_path(phase)
    for concept in concepts:
        found = matching(ctx, (concept,), items)
        if any(i.phase == phase for i in found):
            continue
        if not ctx.policy.vocabulary.get(concept):
            hint = f"{concept!r} (the policy vocabulary has no phrases for it)"
        else:
            hint = f"{concept!r} (e.g. {examples(ctx, concept)})"
        note = ""
        related: tuple[RelatedPath, ...] = ()
        if found:
            note = f"; {found[0].shown} is in {found[0].phase}"
            related = (
                RelatedPath(found[0].path, f"{found[0].text!r} is here, in {found[0].phase}"),
            )
        yield Violation(
            where,
            f"{phase} has no step or action matching {hint}{note}; {expectation} (guide 4.1)",
            related=related,
        )
