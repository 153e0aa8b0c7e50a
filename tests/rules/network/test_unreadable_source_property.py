"""Property (issue 14 §2): in the guide's example (examples/guide), a `source` of the
database's or the cache's group replaced by any text DL206 rejects as unreadable is read as
the whole internet: the run's highest severity is never below the one with `0.0.0.0/0`
(critical), DL205 reports that rule critical at its line, and a reasoned suppression of
DL206 there never removes it. A bare address reads as its /32 or /128."""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLES, run_json

RANK = {"info": 0, "warning": 1, "error": 2, "critical": 3}
RDS_RULE = "            - {port: 5432, source: ecs-sg}\n"
REDIS_GROUP = "        redis:\n          inbound:\n            - {port: 6379, source: ecs-sg}\n"
SUPPRESS = '  # deploylint: disable=DL206 reason="vendor syntax, INC-3"'


def _cidr_or_address(text: str) -> bool:
    for parse in (ipaddress.ip_network, ipaddress.ip_address):
        try:
            parse(text.strip())  # type: ignore[operator]
            return True
        except ValueError:
            pass
    return False


def _unreadable(text: str) -> bool:
    """What DL206 rejects as unreadable, as its docs say (no CIDR, no `<name>-sg`, no
    sg-/pl- id), leaving bare addresses to their own property."""
    stripped = text.strip()
    if stripped in ("0.0.0.0", "::"):
        return True  # the unspecified addresses: read as any address
    return (
        bool(stripped)
        and not stripped.endswith("-sg")
        and re.fullmatch(r"(sg|pl)-[0-9a-f]{8,17}", stripped) is None
        and not _cidr_or_address(stripped)
    )


TEXTS = st.one_of(
    st.sampled_from(["any", "*", "internet", "anywhere", "0.0.0.0", "::", "all", "world"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=24),
    st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){3}/(3[3-9]|[4-9][0-9])", fullmatch=True),
).filter(_unreadable)


def _guide(root: Path, group: str, source: str, suppress: bool) -> Path:
    """The guide's example with the database's (or a Redis cache group's) rule's source
    replaced (quoted as YAML reads JSON strings)."""
    shutil.copytree(EXAMPLES / "guide", root)
    infra = root / "infrastructure.yaml"
    text = infra.read_text(encoding="utf-8")
    if group == "redis":
        text = text.replace(RDS_RULE, RDS_RULE + REDIS_GROUP, 1)
        old = "{port: 6379, source: ecs-sg}"
    else:
        old = "{port: 5432, source: ecs-sg}"
    new = old.replace("ecs-sg", json.dumps(source)) + (SUPPRESS if suppress else "")
    assert old in text
    infra.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _run(group: str, source: str, suppress: bool = False) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = _guide(Path(tmp) / "guide", group, source, suppress)
        _, data = run_json(["check", "--no-config", str(root)])
    return list(data["findings"])


def _worst(findings: list[dict[str, Any]]) -> int:
    return max((RANK[f["severity"]] for f in findings), default=-1)


def _dl205_at(findings: list[dict[str, Any]], line: int) -> list[str]:
    return [f["severity"] for f in findings if f["rule"] == "DL205" and f["line"] == line]


LINE = {"rds": 25, "redis": 28}  # the replaced rule's line in infrastructure.yaml


def test_the_reference_runs() -> None:
    """The property's yardstick: with 0.0.0.0/0 the run is critical, DL205 at the line."""
    for group in LINE:
        found = _run(group, "0.0.0.0/0")
        assert _worst(found) == RANK["critical"]
        assert _dl205_at(found, LINE[group]) == ["critical"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(source=TEXTS, group=st.sampled_from(sorted(LINE)), suppress=st.booleans())
def test_an_unreadable_source_is_never_weaker_than_the_open_one(
    source: str, group: str, suppress: bool
) -> None:
    found = _run(group, source, suppress)
    assert _worst(found) >= RANK["critical"], found
    assert _dl205_at(found, LINE[group]) == ["critical"], (source, found)
    dl206 = [f for f in found if f["rule"] == "DL206" and f["line"] == LINE[group]]
    assert len(dl206) == (0 if suppress else 1)


@settings(max_examples=10, deadline=None)
@given(
    address=st.ip_addresses().filter(lambda a: not a.is_unspecified),
    group=st.sampled_from(sorted(LINE)),
)
def test_a_bare_address_reads_as_its_one_address_cidr(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, group: str
) -> None:
    bare = _run(group, str(address), suppress=True)
    prefix = 32 if address.version == 4 else 128
    cidr = _run(group, f"{address}/{prefix}")
    assert [(f["rule"], f["severity"]) for f in bare if f["line"] == LINE[group]] == [
        (f["rule"], f["severity"]) for f in cidr if f["line"] == LINE[group]
    ]
    assert _worst(bare) == _worst(cidr)
