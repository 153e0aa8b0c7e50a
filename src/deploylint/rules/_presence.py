"""Whether a rule reports a required part as missing.

A rule never speaks about a top-level section the config set does not declare (no
``infrastructure:``, no DL2xx). Inside a declared section, what the guide requires to exist
(a VPC CIDR, the subnets, the security groups, CloudWatch's metrics and alarms, the log
streams, an environment's zones and scaling, production's rate limit) is a finding when it
is missing at any depth: ``monitoring:`` without ``network:`` leaves the whole network
standard unchecked otherwise. The finding names the missing path; the engine places it at
the nearest key present.

Two things keep such a finding from being a false one: a source that did not load (its
DL001 is the root cause, and it may hold the part), and live state, which holds only what
it binds and models (``Effective.absence_known``).
"""

from __future__ import annotations

from typing import Any

from deploylint.findings.finding import Path
from deploylint.i18n import _
from deploylint.model.effective import MISSING, Effective, lookup
from deploylint.model.validate import known_keys, within_two_edits
from deploylint.rules.rule import Context, RelatedPath, Violation


def lacks_in(eff: Effective, path: Path) -> bool:
    """Whether ``eff`` declares ``path``'s top-level section but not ``path`` itself, and
    every source was read and can show the part (a config file, not live state).

    A part below a value the schema rejected (``network: 5``) is not missing: it was
    written, wrongly, and DL002 says so. A part written empty (``groups: {}``,
    ``streams: []``) lacks what it should hold, as an absent one does."""
    if len(path) < 2 or not eff.absence_known or eff.incomplete or not eff.has(path[:1]):
        return False
    for n in range(2, len(path) + 1):
        part = path[:n]
        node = lookup(eff.data, part)
        if node is MISSING:
            # absent: missing, unless a source wrote a value there that the schema rejected
            return not eff.rejected(part)
        if n < len(path) and not isinstance(node, dict):
            return False  # a rejected or unexpected value holds the place
    found = lookup(eff.data, path)
    return isinstance(found, dict | list) and not found


def lacks(ctx: Context[Any], path: Path) -> bool:
    """:func:`lacks_in` for the environment a rule checks."""
    return lacks_in(ctx.effective, path)


def misspelt(eff: Effective, path: Path) -> Path | None:
    """The key written where ``path`` is missing that misspells it (``evaluation_period``
    for ``evaluation_periods``, ``netwrok`` for ``network``): DL004's error there says it
    already. Only in a mapping of fixed keys (a group or alarm name is never a misspelling)."""
    for n in range(2, len(path) + 1):
        part = path[:n]
        if lookup(eff.data, part) is not MISSING:
            continue
        parent = lookup(eff.data, part[:-1])
        known = known_keys(part[:-1])
        if not isinstance(parent, dict) or str(part[-1]) not in known:
            return None
        for key in parent:
            if isinstance(key, str) and key not in known and within_two_edits(key, str(part[-1])):
                return (*part[:-1], key)
        return None
    return None


def missing_part(eff: Effective, path: Path, message: str, **kw: Any) -> Violation:
    """The finding that ``path`` is missing; beside a misspelling of it, covered by DL004's
    finding there (one mistake, one finding; shown again when DL004 is suppressed)."""
    near = misspelt(eff, path)
    if near is None:
        return Violation(path, message, **kw)
    # a child the misspelt key does not hold: the engine places it at that key, where DL004
    # reports (the key itself would be placed at its value)
    at_key = (*near, path[len(near) - 1])
    note = RelatedPath(at_key, _("a misspelling of {key}? (DL004)").format(key=path[len(near) - 1]))
    return Violation(path, message, related=(note,), covered_by=("DL004",), **kw)
