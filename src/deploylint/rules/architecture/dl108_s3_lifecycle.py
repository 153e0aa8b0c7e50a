"""DL108 s3-lifecycle: valid storage classes, IA after 30 days, expiration after transitions."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from deploylint import facts
from deploylint.findings.finding import Path, Severity
from deploylint.i18n import N_
from deploylint.rules._engines import COMPONENTS, GUIDE, components
from deploylint.rules.rule import Context, Docs, Options, RelatedPath, Rule, Violation

STORAGE = (*COMPONENTS, "storage")
LIFECYCLE = (*STORAGE, "lifecycle")
TRANSITION, EXPIRATION = (*LIFECYCLE, "transition"), (*LIFECYCLE, "expiration")
IA_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
ALL_CLASSES = sorted(facts.S3_STORAGE_CLASSES)
TRANSITION_CLASSES = ", ".join(sorted(facts.S3_TRANSITION_CLASSES))


def _hint(name: str, choices: frozenset[str]) -> str:
    upper = name.strip().upper().replace("-", "_").replace(" ", "_")
    if upper in choices:
        return f"; did you mean {upper}?"
    found = difflib.get_close_matches(upper, sorted(choices), n=1, cutoff=0.7)
    return f"; did you mean {found[0]}?" if found else ""


def _part(ctx: Context[Options], key: str) -> Path:
    """The transition's own key when written as a mapping, else the transition string."""
    path = (*TRANSITION, key)
    return path if ctx.has(path) else TRANSITION


def check(ctx: Context[Options]) -> Iterator[Violation]:
    comps = components(ctx)
    storage = comps.storage if comps else None
    if storage is None:
        return
    initial = storage.storage_class
    if initial is not None and initial not in facts.S3_STORAGE_CLASSES:
        yield Violation(
            (*STORAGE, "storage_class"),
            f"storage_class {initial!r} is not an S3 storage class"
            f"{_hint(initial, facts.S3_STORAGE_CLASSES) or '; expected e.g. STANDARD'} {GUIDE}",
        )
    lifecycle = storage.lifecycle
    if lifecycle is None:
        return
    move, expire = lifecycle.transition, lifecycle.expiration
    if move is not None:
        cls, days = move.storage_class, move.days
        if cls not in facts.S3_TRANSITION_CLASSES:
            why = (
                "S3 lifecycle cannot transition objects to it"
                if cls in facts.S3_STORAGE_CLASSES
                else f"it is not an S3 storage class{_hint(cls, facts.S3_TRANSITION_CLASSES)}"
            )
            yield Violation(
                _part(ctx, "storage_class"),
                f"lifecycle transition to {cls!r}: {why}; transitions go to "
                f"{TRANSITION_CLASSES} {GUIDE}",
            )
        if days < 0:
            yield Violation(
                _part(ctx, "days"),
                f"lifecycle transition after {days} days; expected 0 or more days {GUIDE}",
            )
        elif cls in IA_CLASSES and days < facts.S3_IA_MIN_DAYS:
            yield Violation(
                _part(ctx, "days"),
                f"lifecycle transition to {cls} after {days} days; S3 requires objects to "
                f"stay at least {facts.S3_IA_MIN_DAYS} days before {cls} (e.g. '30日でIA') "
                f"{GUIDE}",
            )
    if expire is None:
        return
    if expire < 1:
        yield Violation(
            EXPIRATION,
            f"lifecycle expiration after {expire} days; S3 expects a positive number of "
            f"days {GUIDE}",
        )
    elif move is not None and move.days >= 0 and expire <= move.days:
        yield Violation(
            EXPIRATION,
            f"lifecycle expiration after {expire} days is not later than the transition "
            f"to {move.storage_class} after {move.days} days; S3 rejects the rule: "
            f"expiration must come after every transition, e.g. {move.days + 1} days or "
            f"more {GUIDE}",
            related=(RelatedPath(TRANSITION, "the transition is set here"),),
        )


RULE = Rule(
    id="DL108",
    name="s3-lifecycle",
    severity=Severity.ERROR,
    summary=N_("S3 lifecycle: valid classes, STANDARD_IA after >= 30 days, expiration last."),
    check=check,
    docs=Docs(
        what=(
            N_(
                "Checks `architecture.components.storage`: `storage_class` is an S3 storage "
                "class; `lifecycle.transition` ('30日でIA' = STANDARD_IA after 30 days, or "
                "{days, storage_class}) goes to a class lifecycle rules can transition to, "
                "after 0 or more days and at least 30 days for STANDARD_IA / ONEZONE_IA; "
                "`lifecycle.expiration` is positive and later than the transition."
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
