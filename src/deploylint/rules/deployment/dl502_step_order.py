"""DL502 step-order: backups before migrations; every update followed by a health check;
the steps the guide orders in its order; what each update needs with it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, guide, join
from deploylint.model.fix import FixIntent, InsertItem, MoveItem, Safety
from deploylint.rules._steps import (
    Item,
    examples,
    label,
    matching,
    matching_all,
    move_to_pre_deployment,
    out_of_order,
    phrase_for,
    rank,
    sequence,
    sequence_items,
    steps_path,
    teach,
    uncovered_late_backups,
)
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation


class StepOrderOptions(Options):
    backups: list[str] = Field(description=N_("Vocabulary concepts that are backups"))
    migrations: list[str] = Field(description=N_("Vocabulary concepts that change the database"))
    updates: list[str] = Field(
        description=N_("Vocabulary concepts that change infrastructure or the running application")
    )
    health_check: str = Field(
        description=N_("Vocabulary concept that must follow each update, in its step or the next")
    )
    order: list[list[str]] = Field(
        default_factory=list,
        description=N_(
            "Sequences of vocabulary concepts: the steps and actions the process names of each "
            "sequence come in its order (an item naming two concepts of one sequence is not placed)"
        ),
    )
    requires: dict[str, list[str]] = Field(
        default_factory=dict,
        description=N_(
            "Vocabulary concept -> concepts the process must name too when it names that one "
            "(reported at its first step or action)"
        ),
    )


def check(ctx: Context[StepOrderOptions]) -> Iterator[Violation]:
    if ctx.config.deployment is None:
        return
    opts = ctx.options
    items = sequence(ctx)
    first, uncovered = uncovered_late_backups(ctx, opts.migrations, opts.backups)
    if first is not None:
        late: dict[int, list[Item]] = {}
        for backup in uncovered:
            late.setdefault(backup.step, []).append(backup)
        for group in late.values():
            yield _late(ctx, opts, group, first)
    health_checks = matching_all(ctx, (opts.health_check,))
    for update in matching_all(ctx, opts.updates):
        if not any(_follows(hc, update) for hc in health_checks):
            yield Violation(
                update.path,
                _(
                    "{text} is not followed by a {label} in its step or the next one; add one after it so a failed update stops the deployment ({guide})"
                ).format(
                    guide=guide("4.1"), text=repr(update.text), label=label(opts.health_check)
                ),
            )
    # "snapshot before the migration" is a backup, not a migration, for these checks too
    backups, migrations = frozenset(opts.backups), frozenset(opts.migrations)
    steps = [
        i
        for i in items
        if not (
            i.concepts
            and not backups.isdisjoint(i.concepts)
            and not migrations.isdisjoint(i.concepts)
        )
    ]
    for concepts in opts.order:
        yield from _misplaced(ctx, concepts, steps)
    for key, wanted in opts.requires.items():
        yield from _required(ctx, opts, key, wanted, steps)


def _misplaced(
    ctx: Context[StepOrderOptions], concepts: list[str], items: list[Item]
) -> Iterator[Violation]:
    """One finding per item out of the sequence's order, at that item: the fewest items
    whose removal leaves the rest in order (:func:`out_of_order`). The first one carries
    the move that puts it in place."""
    placed = sequence_items(ctx, concepts, items)
    ranks = [rank(ctx, concepts, i) for i in placed]
    wrong = set(out_of_order(ranks))
    kept = [n for n in range(len(placed)) if n not in wrong]  # their ranks never decrease
    kept_ranks = [ranks[n] for n in kept]
    expected = " → ".join(label(c) for c in concepts)
    first = min(wrong, default=-1)
    for n in sorted(wrong):
        item, r = placed[n], ranks[n]
        # the first kept item of a later rank, when it comes before this one ...
        higher = bisect_right(kept_ranks, r)
        earlier = higher < len(kept) and kept[higher] < n
        # ... else the first kept item after this one, of an earlier rank
        other = placed[kept[higher] if earlier else kept[bisect_right(kept, n)]]
        values = {
            "text": repr(item.text),
            "label": label(concepts[r]),
            "other": other.shown,
            "other_label": label(concepts[rank(ctx, concepts, other)]),
            "expected": expected,
            "guide": guide("4.1"),
        }
        if earlier:
            message = _(
                "{text} ({label}) comes after the {other_label} {other}; expected order: {expected}; move it before that step ({guide})"
            ).format(**values)
        else:
            message = _(
                "{text} ({label}) comes before the {other_label} {other}; expected order: {expected}; move it after that step ({guide})"
            ).format(**values)
        yield Violation(
            item.path,
            message,
            related=(
                RelatedPath(
                    other.path,
                    _("the {label} is here").format(label=values["other_label"]),
                ),
            ),
            # one move per pass (`--fix` checks again): a move can settle the items after it
            fix=_move_next_to(item, other, after=not earlier) if n == first else None,
        )


def _move_next_to(item: Item, other: Item, after: bool) -> FixIntent | None:
    """Move the action to just before (after) the other one in their step, or the item's
    step to just before (after) the other's step in their phase."""
    if item.step == other.step:
        if item.action is None or other.action is None:
            return None
        actions = (*steps_path(item.phase), item.step_index, "actions")
        before = other.action + 1 if after else other.action
        change = MoveItem(actions, item.action, before)
        where = _("move the action after {other}") if after else _("move the action before {other}")
        return FixIntent(where.format(other=repr(other.text)), Safety.UNSAFE, (change,))
    if item.phase != other.phase:
        return None
    before = other.step_index + 1 if after else other.step_index
    change = MoveItem(steps_path(item.phase), item.step_index, before)
    where = (
        _("move the step after the step of {other}")
        if after
        else _("move the step before the step of {other}")
    )
    return FixIntent(where.format(other=repr(other.text)), Safety.UNSAFE, (change,))


def _required(
    ctx: Context[StepOrderOptions],
    opts: StepOrderOptions,
    key: str,
    wanted: list[str],
    items: list[Item],
) -> Iterator[Violation]:
    """At the first item naming ``key``: each concept of ``wanted`` the process never names."""
    found = matching(ctx, (key,), items)
    if not found:
        return
    first = found[0]
    for concept in wanted:
        if matching(ctx, (concept,), items):
            continue
        hint = f"{concept!r} ({examples(ctx, concept)})"
        yield Violation(
            first.path,
            _(
                "the process has {text} ({label}) but no step or action matching {hint}; expected with every {label}: {wanted} ({guide}); {teach}"
            ).format(
                text=repr(first.text),
                label=label(key),
                hint=hint,
                wanted=join([label(c) for c in wanted]),
                guide=guide("4.1"),
                teach=teach(concept),
            ),
            fix=_insert_next_to(ctx, opts, first, key, concept),
        )


def _precedes(opts: StepOrderOptions, a: frozenset[str], b: str) -> bool:
    """Whether an item naming ``a`` must come before ``b`` by one of the order sequences."""
    for seq in opts.order:
        if b in seq and any(c in seq and seq.index(c) < seq.index(b) for c in a):
            return True
    return False


def _follows_by_order(opts: StepOrderOptions, a: frozenset[str], b: str) -> bool:
    return any(
        b in seq and any(c in seq and seq.index(c) > seq.index(b) for c in a) for seq in opts.order
    )


def _insert_next_to(
    ctx: Context[StepOrderOptions], opts: StepOrderOptions, key_item: Item, key: str, concept: str
) -> FixIntent | None:
    """Insert ``concept`` into the step of ``key_item``: before it when an order sequence
    puts it before ``key`` (a build before the app update), else after it and the items
    after it that ``key`` requires too (the statistics after the index update), at a place
    no order sequence objects to."""
    process = ctx.config.deployment
    section = getattr(process, key_item.phase, None) if process else None
    steps = (section.steps if section else None) or []
    if key_item.step_index >= len(steps):
        return None
    actions = steps[key_item.step_index].actions
    named = [ctx.policy.concepts(a) for a in actions]
    english = all(a.isascii() for a in actions) and steps[key_item.step_index].name.isascii()
    phrase = phrase_for(ctx, concept, english)
    if phrase is None:
        return None
    before_key = _precedes(opts, frozenset((concept,)), key)
    k = key_item.action
    if before_key:
        goal = 0 if k is None else k
    else:
        goal = len(actions) if k is None else k + 1
        together = set(opts.requires.get(key, ()))
        while k is not None and goal < len(actions) and named[goal] & together:
            goal += 1

    # a slot p fits when no action before it must follow the concept and none after it must
    # precede it: the first action that must follow, the last that must precede, bound p
    after = [n for n, c in enumerate(named) if _follows_by_order(opts, c, concept)]
    before = [n for n, c in enumerate(named) if _precedes(opts, c, concept)]
    low = before[-1] + 1 if before else 0
    high = after[0] if after else len(actions)
    if k is not None:
        low, high = (low, min(high, k)) if before_key else (max(low, k + 1), high)
    slots = range(low, high + 1)
    if not slots:
        return None
    slot = min(slots, key=lambda p: (abs(p - goal), p))
    change = InsertItem((*steps_path(key_item.phase), key_item.step_index, "actions"), slot, phrase)
    description = _("add the action {action} to this step").format(action=repr(phrase))
    return FixIntent(description, Safety.UNSAFE, (change,))


def _late(
    ctx: Context[StepOrderOptions], opts: StepOrderOptions, group: list[Item], first: Item
) -> Violation:
    """One finding per step holding backups after the migration: at the step's name when
    every backup of the step is late, else at the one late action."""
    what = ", ".join(sorted({label(c) for i in group for c in i.concepts if c in opts.backups}))
    one = group[0]
    if len(group) == 1:
        return Violation(
            one.path,
            _(
                "backup {text} ({what}) comes after the migration {shown}: it cannot restore the data as it was before the migration; move it to pre_deployment, before any migration ({guide})"
            ).format(guide=guide("4.1"), text=repr(one.text), what=what, shown=first.shown),
            related=(RelatedPath(first.path, _("the migration is here")),),
            fix=move_to_pre_deployment(ctx, one, whole_step=_all_backups(ctx, opts, one)),
        )
    step_path = (*one.path[:4], "name")
    names = ", ".join(repr(i.text) for i in group)
    return Violation(
        step_path,
        _(
            "step with backups {names} ({what}) comes after the migration {shown}: they cannot restore the data as it was before the migration; move the step to pre_deployment, before any migration ({guide})"
        ).format(guide=guide("4.1"), names=names, what=what, shown=first.shown),
        related=(RelatedPath(first.path, _("the migration is here")),),
        fix=move_to_pre_deployment(ctx, one, whole_step=_all_backups(ctx, opts, one)),
    )


def _all_backups(ctx: Context[StepOrderOptions], opts: StepOrderOptions, one: Item) -> bool:
    """Whether every action of ``one``'s step is a backup (the step moves whole)."""
    process = ctx.config.deployment
    section = getattr(process, one.phase, None) if process else None
    steps = section.steps if section else None
    if not steps:
        return False
    wanted = set(opts.backups)
    return all(wanted & ctx.policy.concepts(a) for a in steps[one.step_index].actions)


def _follows(hc: Item, update: Item) -> bool:
    """Whether health check ``hc`` comes after ``update`` in its step, or is in the next step."""
    if hc.step == update.step:
        return update.action is None or (hc.action is not None and hc.order > update.order)
    return hc.step == update.step + 1


RULE = Rule(
    id="DL502",
    name="step-order",
    severity=Severity.ERROR,
    summary=N_(
        "Backups precede migrations; each infra and app update is followed by a health check; "
        "the updates come in the guide's order with the steps each one needs."
    ),
    options=StepOrderOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Reads the deployment process as one sequence (pre_deployment, deployment, "
                "post_deployment; steps and actions in order) and reports a backup that comes "
                "after the first database migration when no backup of that kind (database "
                "snapshot, config, data) comes before it — an extra snapshot after the migration, "
                "while the pre-deployment one exists, is good practice — and an infrastructure "
                "or application update "
                "(Terraform, ECS service update) with no health check later in the same step or "
                "in the next step. A step whose backups all come after the migration is one "
                "finding, at the step's name. Names are matched through the policy vocabulary; "
                "checking or reviewing a migration (`Check pending migrations`, `マイグレーション"
                "SQLのレビュー`) does not run it. The guide's order (`order`): infra update → app "
                "update → migration; image build → image push → app update; the index and "
                "statistics updates after the migration. An item out of that order is reported "
                "at the item (the fewest items that put the rest in order: one moved step is one "
                "finding). What each update needs with it (`requires`): the infra update a review "
                "of its changes (インフラ変更の確認, `terraform plan`: before or after the apply), "
                "the app update an image build and push, the migration an index and a statistics "
                "update (`REINDEX`, `ANALYZE`); one missing is reported at the update."
            )
        ),
        why=(
            N_(
                "A snapshot taken after a migration cannot undo it. An update that is not "
                "followed by a health check lets the next step — a migration, the next "
                "region — run on top of a failed release, and turns a quick rollback into an "
                "incident. An app deployed onto infrastructure that is not updated yet, or an "
                "image deployed before it is pushed, fails; a migration run before the new code "
                "is live breaks the running version; after a migration, stale indexes and planner "
                "statistics make the first queries slow; an infrastructure change applied without "
                "anyone reading it can replace a database."
            )
        ),
        example=(
            "deployment:\n"
            "  deployment:\n"
            "    steps:\n"
            "      - name: データベース更新\n"
            "        actions: [マイグレーションの実行, データベースのスナップショット作成]\n"
            "      - name: アプリケーション更新\n"
            "        actions: [イメージのプッシュ, Dockerイメージのビルド, ECSサービスの更新]\n"
        ),
        use_instead=(
            "deployment:\n"
            "  pre_deployment:\n"
            "    steps:\n"
            "      - name: バックアップの作成\n"
            "        actions: [データベースのスナップショット作成]\n"
            "  deployment:\n"
            "    steps:\n"
            "      - name: アプリケーション更新\n"
            "        actions:\n"
            "          - Dockerイメージのビルド\n"
            "          - イメージのプッシュ\n"
            "          - ECSサービスの更新\n"
            "          - ヘルスチェック\n"
            "      - name: データベース更新\n"
            "        actions: [マイグレーションの実行, インデックスの更新, 統計情報の更新]\n"
        ),
        references=(
            "guide 4.1",
            "ECS deployment circuit breaker: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
        ),
    ),
)
