"""Reading a policy pack without position maps (start-up, issue 14 §3): the same data and
the same problems, at the same places, as the positional read."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from deploylint.rules.policy import PolicyError, _read_pack
from deploylint.sources.loader import load_bytes
from tests.helpers import EXAMPLES

GUIDE = (resources.files("deploylint") / "data" / "policy" / "guide.yaml").read_bytes()
ACME = (EXAMPLES / "custom-rules" / ".policy" / "acme.yaml").read_bytes()

BROKEN = [
    b"name: team\nrules:\n  DL101: {enabled: false}\n  DL101: {enabled: true}\n",  # duplicate
    b"name: team\nrules: [\n",  # syntax
    b"name: team\nrules:\n\tDL101: {}\n",  # a tab
    b"name: team\nvocabulary: {a: [x, y]\n",
    b"- a list\n",
    b"",
]


@pytest.mark.parametrize("raw", [GUIDE, ACME, *BROKEN])
def test_the_pack_reads_as_with_positions(raw: bytes) -> None:
    fast, full = load_bytes(raw, positions=False), load_bytes(raw)
    assert [d.data for d in fast.documents] == [d.data for d in full.documents]
    assert [(p.kind, p.message, p.span) for p in fast.problems] == [
        (p.kind, p.message, p.span) for p in full.problems
    ]


@pytest.mark.parametrize("raw", BROKEN)
def test_a_broken_pack_is_one_error_naming_its_place(raw: bytes, tmp_path: Path) -> None:
    full = load_bytes(raw)
    with pytest.raises(PolicyError) as caught:
        _read_pack("team.yaml", raw)
    if full.problems:
        line, column = full.problems[0].span[:2]
        assert str(caught.value) == f"team.yaml:{line}:{column}: {full.problems[0].message}"
    else:
        assert str(caught.value) == "team.yaml: a policy pack is a mapping"


def test_the_builtin_pack_is_read_whole() -> None:
    data = _read_pack("<builtin:guide>", GUIDE)
    assert data == load_bytes(GUIDE).documents[0].data
    assert data["name"] and data["rules"] and data["vocabulary"]
