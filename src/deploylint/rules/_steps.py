"""Helpers shared by the DL5xx deployment-process rules: steps, actions and concepts.

A process is read as one sequence: the phases in order (pre_deployment, deployment,
post_deployment), each step's name, then its actions. Names are matched to concepts of the
policy's vocabulary (``ctx.policy.concepts``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from deploylint.findings.finding import Path, format_path
from deploylint.i18n import N_, _, guide
from deploylint.model.fix import FixIntent, InsertItem, MoveItem, Safety
from deploylint.rules.rule import Context, Options, RelatedPath, Violation

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
    # the vocabulary's concepts the text names (the policy's reading, taken once per item)
    concepts: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def path(self) -> Path:
        base: Path = ("deployment", self.phase, "steps", self.step_index)
        return (*base, "name") if self.action is None else (*base, "actions", self.action)

    @property
    def shown(self) -> str:
        return f"{self.text!r} ({format_path(self.path)})"


# The guide pack's concepts, for people (a pack's own concept reads as its name).
LABELS = {
    "database-snapshot": N_("database snapshot"),
    "config-backup": N_("config backup"),
    "app-data-backup": N_("app data backup"),
    "resource-usage-check": N_("resource usage check"),
    "security-group-check": N_("security group check"),
    "certificate-expiry-check": N_("certificate expiry check"),
    "infra-update": N_("infra update"),
    "app-update": N_("app update"),
    "health-check": N_("health check"),
    "migration": N_("migration"),
    "app-verification": N_("app verification"),
    "performance-check": N_("performance check"),
    "log-check": N_("log check"),
    "enable-alarms": N_("enable alarms"),
    "infra-change-review": N_("infra change review"),
    "image-build": N_("image build"),
    "image-push": N_("image push"),
    "index-update": N_("index update"),
    "statistics-update": N_("statistics update"),
    "log-collection-check": N_("log collection check"),
    "metrics-check": N_("metrics check"),
}


def label(concept: str) -> str:
    """``database-snapshot`` -> ``database snapshot`` (データベースのスナップショット)."""
    known = LABELS.get(concept)
    return _(known) if known is not None else concept.replace("-", " ")


def steps_path(phase: str) -> Path:
    return ("deployment", phase, "steps")


def sequence(ctx: Context[Any]) -> list[Item]:
    """Every step name and action of the process, in order, each with its concepts (read
    once per process and policy: the four DL5xx rules and every environment that shares
    the process read the same sequence)."""
    return list(_held(ctx).items)


@dataclass
class _Held:
    """A process's sequence, and what :func:`matching_all` found in it, by concepts."""

    process: object  # held: its id stays its own
    policy: object
    items: tuple[Item, ...]
    found: dict[frozenset[str], tuple[Item, ...]] = field(default_factory=dict)


def _held(ctx: Context[Any]) -> _Held:
    process = ctx.config.deployment
    key = (id(process), id(ctx.policy))
    held = _HELD.get(key)
    if held is not None and held.process is process and held.policy is ctx.policy:
        return held
    concepts = ctx.policy.concepts
    items: list[Item] = []
    step_number = 0
    for phase in PHASES:
        section = getattr(process, phase, None) if process else None
        for index, step in enumerate((section.steps or ()) if section else ()):
            name = step.name
            items.append(Item(len(items), phase, step_number, index, None, name, concepts(name)))
            for a, action in enumerate(step.actions):
                items.append(
                    Item(len(items), phase, step_number, index, a, action, concepts(action))
                )
            step_number += 1
    if len(_HELD) >= 64:
        _HELD.clear()
    held = _HELD[key] = _Held(process, ctx.policy, tuple(items))
    return held


_HELD: dict[tuple[int, int], _Held] = {}


def matching_all(ctx: Context[Any], concepts: Iterable[str]) -> list[Item]:
    """``matching(ctx, concepts, sequence(ctx))``, worked out once per process, policy and
    concepts (the DL5xx rules ask the same questions of every environment's process)."""
    held = _held(ctx)
    wanted = frozenset(concepts)
    found = held.found.get(wanted)
    if found is None:
        found = held.found[wanted] = tuple(matching(ctx, wanted, held.items))
    return list(found)


def matching(ctx: Context[Any], concepts: Iterable[str], items: Sequence[Item]) -> list[Item]:
    """Items naming one of ``concepts``: actions, and a step's name only when none of that
    step's actions does (so a step "Back up" with a backup action counts once)."""
    wanted = frozenset(concepts)
    # one pass over the sequence for the few items naming a concept, the rest over those
    found = [i for i in items if i.concepts and not wanted.isdisjoint(i.concepts)]
    steps_with_hits = {i.step for i in found if i.action is not None}
    return sorted(
        (i for i in found if i.action is not None or i.step not in steps_with_hits),
        key=_order,
    )


def _order(item: Item) -> int:
    return item.order


def examples(ctx: Context[Any], concept: str) -> str:
    """How the vocabulary writes a concept: ``e.g. 'アラームの有効化', 'enable alarm'``."""
    found = ctx.policy.vocabulary.concepts.get(concept)
    return found.examples() if found else _("the policy vocabulary has no phrases for it")


def teach(concept: str) -> str:
    """The message's last words: how to teach the pack a phrasing it does not know."""
    return _(
        "if a step already does this in other words, add that phrase to {concept} in the "
        "policy pack's `vocabulary:`"
    ).format(concept=repr(concept))


def group_step(ctx: Context[Any], phase: str, step_concept: str | None) -> Path:
    """Where a missing item of a group goes: the ``name`` of the phase's first step named
    like the group (バックアップの作成 for a backup), else the phase's ``steps`` key."""
    process = ctx.config.deployment
    section = getattr(process, phase, None) if process else None
    for index, step in enumerate((section.steps or ()) if section else ()):
        if step_concept is not None and step_concept in ctx.policy.concepts(step.name):
            return (*steps_path(phase), index, "name")
    steps = section.steps if section else None
    # past the last step: the engine shows the `steps:` key (its value would be the first dash)
    return (*steps_path(phase), len(steps)) if steps is not None else steps_path(phase)


def phrase_for(ctx: Context[Any], concept: str, ascii_only: bool = False) -> str | None:
    """A phrase of the vocabulary that names ``concept`` (checked: the policy reads it back as
    that concept), in the file's script when it can (``ascii_only``: an English process)."""
    found = ctx.policy.vocabulary.concepts.get(concept)
    if found is None:
        return None
    candidates = [p.text for p in found.any]
    if found.all:
        firsts = [g[0].text for g in found.all if g]
        candidates += ["".join(firsts), " ".join(firsts)]
    if ascii_only:
        candidates = [c for c in candidates if c.isascii()] + candidates
    for text in candidates:
        if concept in ctx.policy.concepts(text):
            return text
    return None


def _insert_fix(
    ctx: Context[Any], phase: str, where: Path, concept: str, step_concept: str | None
) -> FixIntent | None:
    """Insert the missing item: an action of the group step, else a new step at the end."""
    process = ctx.config.deployment
    section = getattr(process, phase, None) if process else None
    steps = (section.steps if section else None) or []
    english = all(s.name.isascii() and all(a.isascii() for a in s.actions) for s in steps)
    phrase = phrase_for(ctx, concept, english and bool(steps))
    if phrase is None or not steps:
        return None
    if where[-1] == "name":
        index = where[-2]
        assert isinstance(index, int)
        actions = steps[index].actions
        change = InsertItem((*where[:-1], "actions"), len(actions), phrase)
        return FixIntent(
            _("add the action {action} to this step").format(action=repr(phrase)),
            Safety.UNSAFE,
            (change,),
        )
    name = phrase_for(ctx, step_concept, english) if step_concept else None
    step = {"name": name or phrase, "actions": [phrase]}
    change = InsertItem(steps_path(phase), len(steps), step)
    return FixIntent(
        _("add a step {step} to {phase}").format(step=repr(step["name"]), phase=phase),
        Safety.UNSAFE,
        (change,),
    )


def missing_in_phase(
    ctx: Context[Any],
    phase: str,
    concepts: Sequence[str],
    expectation: str,
    step_concept: str | None = None,
    skip: Callable[[list[Item]], bool] = lambda found: False,
) -> Iterator[Violation]:
    """One finding per concept that no step or action of ``phase`` names, at the step that
    should hold it (:func:`group_step`). ``skip(found)`` silences a concept found elsewhere
    that another rule reports (a backup after the migration is DL502's)."""
    where = group_step(ctx, phase, step_concept)
    for concept in concepts:
        found = matching_all(ctx, (concept,))
        if any(i.phase == phase for i in found) or (found and skip(found)):
            continue
        hint = f"{concept!r} ({examples(ctx, concept)})"
        note = ""
        related: tuple[RelatedPath, ...] = ()
        if found:
            note = _("; {step} is in {phase}").format(step=found[0].shown, phase=found[0].phase)
            related = (
                RelatedPath(
                    found[0].path,
                    _("{text} is here, in {phase}").format(
                        text=repr(found[0].text), phase=found[0].phase
                    ),
                ),
            )
        yield Violation(
            where,
            _(
                "{phase} has no step or action matching {hint}{note}; {expectation} ({guide}); {teach}"
            ).format(
                guide=guide("4.1"),
                phase=phase,
                hint=hint,
                note=note,
                expectation=expectation,
                teach=teach(concept),
            ),
            related=related,
            fix=None if found else _insert_fix(ctx, phase, where, concept, step_concept),
        )


def migrations_and_backups(
    ctx: Context[Any], migrations: Iterable[str], backups: Iterable[str]
) -> tuple[list[Item], list[Item]]:
    """The process's migrations and backups ("snapshot before the migration" is a backup
    that names a migration, not a migration)."""
    found_backups = matching_all(ctx, backups)
    backup_places = {b.order for b in found_backups}  # one sequence: its place is the item
    found = [m for m in matching_all(ctx, migrations) if m.order not in backup_places]
    return found, found_backups


def uncovered_late_backups(
    ctx: Context[Any], migrations: Iterable[str], backups: Iterable[str]
) -> tuple[Item | None, list[Item]]:
    """The first migration and the backups after it that no backup of the same kind
    precedes: a second database snapshot after the migration, while the pre-deployment one
    exists, is good practice, not a misplaced backup."""
    wanted = frozenset(backups)
    found, found_backups = migrations_and_backups(ctx, migrations, wanted)
    if not found:
        return None, []
    first = found[0]

    def kinds(item: Item) -> frozenset[str]:
        return item.concepts & wanted

    early: set[str] = set()
    for item in found_backups:
        if item.order < first.order:
            early |= kinds(item)
    late = [b for b in found_backups if b.order > first.order and not kinds(b) <= early]
    return first, late


def late_backups(ctx: Context[Any]) -> list[Item]:
    """Backups after the first migration that DL502 reports (by its options): DL501 stays
    quiet about them, so one misplaced step is one finding."""
    options = ctx.policy.options.get("DL502")
    migrations = getattr(options, "migrations", None)
    backups = getattr(options, "backups", None)
    if "DL502" not in ctx.policy.enabled or migrations is None or backups is None:
        return []
    return uncovered_late_backups(ctx, migrations, backups)[1]


def move_to_pre_deployment(ctx: Context[Any], item: Item, whole_step: bool) -> FixIntent | None:
    """Move a late backup (its whole step, or one action into pre_deployment's backup step)
    to the end of pre_deployment, before any migration."""
    process = ctx.config.deployment
    pre = process.pre_deployment if process else None
    if pre is None or not pre.steps or item.phase == "pre_deployment":
        return None
    if whole_step:
        change = MoveItem(
            steps_path(item.phase), item.step_index, len(pre.steps), steps_path("pre_deployment")
        )
        return FixIntent(_("move the step to the end of pre_deployment"), Safety.UNSAFE, (change,))
    options = ctx.policy.options.get("DL501")
    step_concept = getattr(options, "step", None)
    where = group_step(ctx, "pre_deployment", step_concept)
    if where[-1] != "name" or item.action is None:
        return None
    index = where[-2]
    assert isinstance(index, int)
    source = (*steps_path(item.phase), item.step_index, "actions")
    target = (*where[:-1], "actions")
    change = MoveItem(source, item.action, len(pre.steps[index].actions), target)
    name = pre.steps[index].name
    return FixIntent(
        _("move the action to the step {step}").format(step=repr(name)), Safety.UNSAFE, (change,)
    )


class PhaseOptions(Options):
    """Options of a rule that looks for items in a deployment phase (DL501, DL503, DL504)."""

    step: str | None = Field(
        None,
        description=(
            N_(
                "Vocabulary concept naming the step a missing item belongs in (its finding "
                "points there; else at the phase's `steps` key)"
            )
        ),
    )


def sequence_items(ctx: Context[Any], concepts: Sequence[str], items: Sequence[Item]) -> list[Item]:
    """The items naming exactly one of ``concepts`` (an item naming two, `Build and push the
    image`, has no place of its own), for an order check. A step's name stands for its step
    only when none of the step's actions names one of ``concepts``: the name comes before its
    own actions in the sequence, which would misplace the step against them."""
    wanted = frozenset(concepts)
    found = [i for i in matching(ctx, concepts, items) if len(i.concepts & wanted) == 1]
    steps_with_actions = {i.step for i in found if i.action is not None}
    return [i for i in found if i.action is not None or i.step not in steps_with_actions]


def rank(ctx: Context[Any], concepts: Sequence[str], item: Item) -> int:
    """The place in ``concepts`` of the (one) concept ``item`` names."""
    named = item.concepts
    return next(n for n, c in enumerate(concepts) if c in named)


def out_of_order(ranks: Sequence[int]) -> list[int]:
    """The fewest positions to remove so that ``ranks`` never decreases (the complement of a
    longest non-decreasing subsequence). Among equally long ones, the one keeping the most
    first occurrences of a rank (a second Terraform run after the app update is the one out
    of place), then the most of rank 0 (the migration stays, the statistics update before it
    moves), then the earliest positions (the item that breaks the order is reported).

    Linear in the items (times the few ranks): per rank, the best subsequence ending there."""
    seen: set[int] = set()
    ending: dict[int, tuple[tuple[int, int, int], int]] = {}  # rank -> (score, last position)
    previous: list[int] = []
    scores: list[tuple[int, int, int]] = []
    for i, r in enumerate(ranks):
        w = (1, int(r not in seen), int(r == 0))
        seen.add(r)
        base: tuple[tuple[int, int, int], int] = ((0, 0, 0), -1)
        for k, (score, j) in ending.items():
            if k <= r and (score > base[0] or (score == base[0] and 0 <= j < base[1])):
                base = (score, j)
        total = (base[0][0] + w[0], base[0][1] + w[1], base[0][2] + w[2])
        previous.append(base[1])
        scores.append(total)
        if r not in ending or total > ending[r][0]:
            ending[r] = (total, i)
    if not scores:
        return []
    top = max(scores)
    end = scores.index(top)
    kept: set[int] = set()
    while end >= 0:
        kept.add(end)
        end = previous[end]
    return [i for i in range(len(ranks)) if i not in kept]
