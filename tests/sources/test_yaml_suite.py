"""YAML conformance, measured on the official YAML test suite (``tests/data/yaml-test-suite``).

Every input goes through the loader (one test each) and, all at once, through the real
``deploylint check``: a valid input must not be DL001 (a refused tag, DL005, is fine), an
invalid one must be DL001, none may crash; where ``in.json`` exists, the loaded data must
equal it, after deploylint's documented choices: the value under a tag outside the core
schema is dropped (DL005), and JSON can only have string keys.

The cases deploylint still gets wrong are listed below, each with its reason; a listed case
that starts passing fails the test, so the lists only shrink.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploylint.sources.loader import Kind, LoadResult, load_bytes

REPO = Path(__file__).resolve().parents[2]
# a copy of the official suite's data (MIT, its LICENSE beside it), so that every clone runs it
SUITE = REPO / "tests" / "data" / "yaml-test-suite"

CASES = sorted(str(p.parent.relative_to(SUITE)) for p in SUITE.rglob("in.yaml"))

# Valid YAML 1.2 that deploylint refuses (DL001): libyaml's YAML 1.1 grammar, where no
# same-width mend of the text can bridge it.
KNOWN_VALID_REFUSED = {
    "9SA2": "a double-quoted flow key over two lines: libyaml's simple keys fit on one line",
    "NJ66": "a plain flow key over two lines: libyaml's simple keys fit on one line",
    "CFD4": "an empty implicit key in a single-pair flow sequence ('[ : v ]')",
    "DK95/00": "a tab after a space of indentation: telling it from indentation needs the "
    "block structure, which the mend does not know",
    "M7A3": "a bare document after '...': libyaml wants '---' before every later document",
    "R4YG": "a tab inside a block scalar's indentation indicator range",
    "UT92": "a '%' at column 0 inside a flow mapping: libyaml reads a directive",
    "WZ62": "'!!str,' in a flow mapping: the ',' ends the tag in YAML 1.2, libyaml reads it "
    "into the tag",
}
# Invalid YAML that deploylint reads.
KNOWN_INVALID_READ = {
    "S98Z": "a block scalar whose leading empty lines are indented more than its first "
    "content line: libyaml does not check",
}
# Valid inputs read into data other than in.json.
KNOWN_DATA = {
    "JEF9/02": "libyaml drops the kept ('|+') line break of a block scalar of empty lines",
    "L24T/01": "libyaml keeps trailing spaces of a kept ('|+') block scalar's last line",
    "Y2GN": "an anchor name with ':' ('&an:chor'): libyaml ends the anchor at the ':'",
}


def is_invalid(case: str) -> bool:
    return (SUITE / case / "error").exists()


def refused(result: LoadResult) -> bool:
    return any(p.kind is Kind.SYNTAX for p in result.problems)


def json_documents(text: str) -> list[Any]:
    """in.json holds one JSON value per YAML document, concatenated."""
    decoder, at, values = json.JSONDecoder(), 0, []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return values
        value, at = decoder.raw_decode(text, at)
        values.append(value)


def as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            (json.dumps(k) if isinstance(k, bool) else str(k)): as_json(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def verdict(case: str, result: LoadResult) -> str | None:
    """None if deploylint gets the case right, else what it gets wrong."""
    if is_invalid(case):
        return None if refused(result) else "invalid input read"
    if refused(result):
        return f"valid input refused: {[p.message for p in result.problems]}"
    expected = SUITE / case / "in.json"
    if expected.exists() and not any(p.kind is Kind.UNSAFE_TAG for p in result.problems):
        loaded = [as_json(d.data) for d in result.documents]
        wanted = json_documents(expected.read_text(encoding="utf-8"))
        if loaded != wanted:
            return f"data differs: {loaded!r:.200} != {wanted!r:.200}"
    return None


@pytest.mark.parametrize("case", CASES)
def test_each_input(case: str) -> None:
    result = load_bytes((SUITE / case / "in.yaml").read_bytes())
    wrong = verdict(case, result)
    known = KNOWN_VALID_REFUSED.get(case) or KNOWN_INVALID_READ.get(case) or KNOWN_DATA.get(case)
    if known is None:
        assert wrong is None, wrong
    else:
        assert wrong is not None, f"{case} passes now: remove it from the known list"


def test_the_suite_is_all_there_and_meets_the_target() -> None:
    valid = [c for c in CASES if not is_invalid(c)]
    invalid = [c for c in CASES if is_invalid(c)]
    assert (len(CASES), len(valid), len(invalid)) == (402, 308, 94)
    assert set(KNOWN_VALID_REFUSED) | set(KNOWN_DATA) <= set(valid)
    assert set(KNOWN_INVALID_READ) <= set(invalid)
    accepted = len(valid) - len(KNOWN_VALID_REFUSED)
    rejected = len(invalid) - len(KNOWN_INVALID_READ)
    assert accepted >= 300, accepted  # issue 6: at least 300/308 valid accepted
    assert rejected >= 90, rejected  # and at least 90/94 invalid rejected


def test_every_input_through_deploylint_check(tmp_path: Path) -> None:
    """The real code path, once over all 402 inputs: DL001 exactly where the loader says
    so, exit 0 or 1, and no traceback."""
    for case in CASES:
        shutil.copyfile(SUITE / case / "in.yaml", tmp_path / (case.replace("/", "-") + ".yaml"))
    proc = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--no-config", "--format", "json",
         "--select", "DL0", "--fail-on", "never", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    skipped = report["summary"]["skipped"]  # a document that is no mapping of sections
    assert report["summary"]["files"] + len(skipped) == len(CASES)
    assert all(s["reason"].startswith("not a deploylint config") for s in skipped)
    assert len(skipped) > 100  # the suite's inputs are mostly lists, scalars, other keys
    dl001 = {Path(f["file"]).stem for f in report["findings"] if f["rule"] == "DL001"}
    expected = {
        case.replace("/", "-")
        for case in CASES
        if refused(load_bytes((SUITE / case / "in.yaml").read_bytes()))
    }
    assert dl001 == expected
    refused_valid = {c for c in CASES if not is_invalid(c) and c.replace("/", "-") in dl001}
    assert refused_valid == set(KNOWN_VALID_REFUSED)
