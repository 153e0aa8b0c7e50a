"""DL108 s3-lifecycle: valid storage classes, IA after 30 days, expiration after transitions."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pydantic import Field

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_, _, guide
from deploylint.rules._engines import COMPONENTS, components
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

STORAGE = (*COMPONENTS, "storage")
LIFECYCLE = (*STORAGE, "lifecycle")
TRANSITION, EXPIRATION = (*LIFECYCLE, "transition"), (*LIFECYCLE, "expiration")
IA_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
ALL_CLASSES = sorted(facts.S3_STORAGE_CLASSES)
TRANSITION_CLASSES = ", ".join(sorted(facts.S3_TRANSITION_CLASSES))


class LifecycleOptions(Options):
    transition_to: list[str] | None = Field(
        default=None,
        description=(
            N_(
                "The storage classes the lifecycle must transition objects to (guide: "
                "STANDARD_IA, '30日でIA'); set, an S3 storage without a lifecycle transition is "
                "a finding; unset: any class, and no lifecycle is required"
            )
        ),
    )


def _s3(kind: str | None) -> bool:
    """Whether the storage is S3 (no type written: the guide's S3)."""
    return kind is None or "S3" in kind.upper().replace(" ", "")


def _required(
    ctx: Context[LifecycleOptions], lifecycle_given: bool, initial: str
) -> Iterator[Violation]:
    """A storage whose lifecycle moves nothing, while the policy names the class to move to."""
    wanted = ", ".join(ctx.options.transition_to or ())
    if not lifecycle_given:
        yield Violation(
            LIFECYCLE,  # missing: the engine points at the storage's key
            _(
                "the S3 storage has no lifecycle; expected a transition to {wanted}, e.g. lifecycle: {{transition: 30日でIA, expiration: 365日}}: without it every object stays in {initial} for ever ({guide})"
            ).format(wanted=wanted, initial=initial, guide=guide("2.1")),
        )
    else:
        yield Violation(
            TRANSITION,  # missing: the engine points at the lifecycle's key
            _(
                "the S3 lifecycle has no transition; expected a transition to {wanted}, e.g. transition: 30日でIA ({guide})"
            ).format(wanted=wanted, guide=guide("2.1")),
        )


def _hint(name: str, choices: frozenset[str]) -> str:
    upper = name.strip().upper().replace("-", "_").replace(" ", "_")
    if upper in choices:
        return _("; did you mean {name}?").format(name=upper)
    found = difflib.get_close_matches(upper, sorted(choices), n=1, cutoff=0.7)
    return _("; did you mean {name}?").format(name=found[0]) if found else ""


def _part(ctx: Context[LifecycleOptions], key: str) -> Path:
    """The transition's own key when written as a mapping, else the transition string."""
    path = (*TRANSITION, key)
    return path if ctx.has(path) else TRANSITION


def check(ctx: Context[LifecycleOptions]) -> Iterator[Violation]:
    comps = components(ctx)
    storage = comps.storage if comps else None
    if storage is None:
        return
    initial = storage.storage_class
    if initial is not None and initial not in facts.S3_STORAGE_CLASSES:
        yield Violation(
            (*STORAGE, "storage_class"),
            _("storage_class {initial} is not an S3 storage class{value} ({guide})").format(
                initial=repr(initial),
                value=_hint(initial, facts.S3_STORAGE_CLASSES) or _("; expected e.g. STANDARD"),
                guide=guide("2.1"),
            ),
        )
    lifecycle = storage.lifecycle
    wanted = ctx.options.transition_to
    required = bool(wanted) and _s3(storage.type)
    # a key written with a value the schema refused is DL002's finding, not a missing one
    refused = lifecycle is None and ctx.written(LIFECYCLE)
    if required and not refused and not ctx.written(TRANSITION):
        yield from _required(ctx, lifecycle is not None, storage.storage_class or "STANDARD")
    if lifecycle is None:
        return
    move, expire = lifecycle.transition, lifecycle.expiration
    if move is not None:
        cls, days = move.storage_class, move.days
        if (
            required
            and cls in facts.S3_TRANSITION_CLASSES
            and cls.upper() not in {w.strip().upper() for w in wanted or ()}
        ):
            yield Violation(
                _part(ctx, "storage_class"),
                _(
                    "lifecycle transition to {cls}; the policy moves objects to {wanted}, e.g. '30日でIA' (STANDARD_IA after 30 days: a lower price, the same availability zones and millisecond reads) ({guide})"
                ).format(cls=cls, wanted=", ".join(wanted or ()), guide=guide("2.1")),
            )
        if cls not in facts.S3_TRANSITION_CLASSES:
            why = (
                _("S3 lifecycle cannot transition objects to it")
                if cls in facts.S3_STORAGE_CLASSES
                else _("it is not an S3 storage class{hint}").format(
                    hint=_hint(cls, facts.S3_TRANSITION_CLASSES)
                )
            )
            yield Violation(
                _part(ctx, "storage_class"),
                _(
                    "lifecycle transition to {cls}: {why}; transitions go to {transition_classes} ({guide})"
                ).format(
                    cls=repr(cls),
                    why=why,
                    transition_classes=TRANSITION_CLASSES,
                    guide=guide("2.1"),
                ),
            )
        if days < 0:
            yield Violation(
                _part(ctx, "days"),
                _(
                    "lifecycle transition after {days} days; expected 0 or more days ({guide})"
                ).format(days=days, guide=guide("2.1")),
            )
        elif cls in IA_CLASSES and days < facts.S3_IA_MIN_DAYS:
            yield Violation(
                _part(ctx, "days"),
                _(
                    "lifecycle transition to {cls} after {days} days; S3 requires objects to stay at least {s3_ia_min_days} days before {cls} (e.g. '30日でIA') ({guide})"
                ).format(
                    cls=cls, days=days, s3_ia_min_days=facts.S3_IA_MIN_DAYS, guide=guide("2.1")
                ),
            )
    if expire is None:
        return
    if expire < 1:
        yield Violation(
            EXPIRATION,
            _(
                "lifecycle expiration after {expire} days; S3 expects a positive number of days ({guide})"
            ).format(expire=expire, guide=guide("2.1")),
        )
    elif move is not None and move.days >= 0 and expire <= move.days:
        yield Violation(
            EXPIRATION,
            _(
                "lifecycle expiration after {expire} days is not later than the transition to {storage_class} after {days} days; S3 rejects the rule: expiration must come after every transition, e.g. {value} days or more ({guide})"
            ).format(
                expire=expire,
                storage_class=move.storage_class,
                days=move.days,
                value=move.days + 1,
                guide=guide("2.1"),
            ),
            related=(RelatedPath(TRANSITION, _("the transition is set here")),),
        )


RULE = Rule(
    id="DL108",
    name="s3-lifecycle",
    severity=Severity.ERROR,
    summary=N_("S3 lifecycle: valid classes, STANDARD_IA after >= 30 days, expiration last."),
    options=LifecycleOptions,
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `architecture.components.storage`: `storage_class` is an S3 storage "
                "class; `lifecycle.transition` ('30日でIA' = STANDARD_IA after 30 days, or "
                "{days, storage_class}) goes to a class lifecycle rules can transition to, "
                "after 0 or more days and at least 30 days for STANDARD_IA / ONEZONE_IA; "
                "`lifecycle.expiration` is positive and later than the transition. With the "
                "`transition_to` option (guide pack: STANDARD_IA) the S3 storage must have a "
                "lifecycle transition, to one of those classes (`30日でGLACIER` or no "
                "`lifecycle:` is a finding)."
            )
        ),
        why=(
            N_(
                "S3 rejects the whole lifecycle configuration (PutBucketLifecycleConfiguration "
                "InvalidArgument) when a transition to IA comes before 30 days or the "
                "expiration does not come after the transitions; the bucket keeps no lifecycle "
                "at all and storage costs grow unnoticed."
            )
        ),
        example=(
            "architecture:\n  components:\n    storage:\n      type: S3\n"
            "      storage_class: STANDARD\n      lifecycle:\n"
            "        transition: 7日でIA\n        expiration: 7日\n"
        ),
        use_instead=(
            "architecture:\n  components:\n    storage:\n      type: S3\n"
            "      storage_class: STANDARD\n      lifecycle:\n"
            "        transition: 30日でIA\n        expiration: 365日\n"
        ),
        references=(
            "guide 2.1",
            "S3 Transition: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html",
            "Lifecycle transitions: https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
            "lifecycle-transition-general-considerations.html",
        ),
    ),
)
