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
from deploylint.model.effective import MISSING, Effective, lookup
from deploylint.rules.rule import Context


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
