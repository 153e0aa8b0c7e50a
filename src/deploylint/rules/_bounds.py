"""Bounds a team puts on the guide's starting points (sizes, timeouts, thresholds).

The guide gives some values as where to start (`max_requests: 1000`, `timeout: 60`,
`number_of_shards: 3`, `refresh_interval: '1s'`, a `request_count` threshold of 1000),
not as rules: the guide pack leaves them unbounded. A team that wants them kept within a
range sets ``{min: ..., max: ...}`` on the rule's option in its own pack.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, model_validator

from deploylint.findings.finding import Path
from deploylint.i18n import N_, _, guide
from deploylint.rules.rule import Options, Violation


class Bounds(Options):
    """The lowest and highest value a team allows (either may be left out)."""

    min: float | None = Field(default=None, description=N_("Lowest value allowed"))
    max: float | None = Field(default=None, description=N_("Highest value allowed"))

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self


def within(
    path: Path,
    what: str,
    value: float,
    bounds: Bounds | None,
    start: str,
    section: str,
    unit: str = "",
) -> Iterator[Violation]:
    """A finding when ``value`` lies outside the team's ``bounds`` (None: not bounded).

    ``what`` names the value ("api max_requests"), ``start`` is the guide's starting point
    as the guide writes it, ``unit`` follows each number (" s")."""
    if bounds is None:
        return
    if bounds.min is not None and value < bounds.min:
        yield Violation(
            path,
            _(
                "{what} {value}{unit} is below the minimum {bound}{unit} the policy sets for this starting point (the guide starts from {start}); expected {bound}{unit} or more ({guide})"
            ).format(
                what=what,
                value=f"{value:g}",
                unit=unit,
                bound=f"{bounds.min:g}",
                start=start,
                guide=guide(section),
            ),
        )
    elif bounds.max is not None and value > bounds.max:
        yield Violation(
            path,
            _(
                "{what} {value}{unit} is above the maximum {bound}{unit} the policy sets for this starting point (the guide starts from {start}); expected {bound}{unit} or less ({guide})"
            ).format(
                what=what,
                value=f"{value:g}",
                unit=unit,
                bound=f"{bounds.max:g}",
                start=start,
                guide=guide(section),
            ),
        )
