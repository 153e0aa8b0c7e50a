"""The sample outputs in README.md, docs/*.md and examples/*/README.md are real.

Convention: a line ``<!-- sample: deploylint ARGS -->`` right before a fenced block marks
that block as the exact standard output of ``deploylint ARGS`` run from the repository's
root. This test runs each one and compares.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import REPO, subprocess_run

MARK = re.compile(
    r"^<!-- sample: deploylint (?P<args>.+?) -->\n```[a-z]*\n(?P<out>.*?)^```$", re.M | re.S
)
DOCS = [
    REPO / "README.md",
    *sorted((REPO / "docs").glob("*.md")),
    *sorted((REPO / "examples").glob("*/README.md")),
]
SAMPLES = [
    (doc, m.group("args"), m.group("out"))
    for doc in DOCS
    for m in MARK.finditer(doc.read_text(encoding="utf-8"))
]


def test_the_readmes_have_samples() -> None:
    assert {doc.relative_to(REPO).as_posix() for doc, _, _ in SAMPLES} >= {
        "README.md",
        "examples/live/README.md",
    }


@pytest.mark.parametrize(
    ("doc", "args", "expected"),
    SAMPLES,
    ids=[f"{d.relative_to(REPO)}:{a[:40]}" for d, a, _ in SAMPLES],
)
def test_sample(doc: Path, args: str, expected: str) -> None:
    proc = subprocess_run(*shlex.split(args), cwd=REPO, env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stdout == expected, f"{doc}: the sample of `deploylint {args}` is out of date"
