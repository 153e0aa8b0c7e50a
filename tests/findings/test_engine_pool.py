"""The process pool (``check -j N``): the workers get the sets once and are sent indices,
in chunks; what they report is what one process reports, set for set, in any language."""

from __future__ import annotations

import gc
import shutil
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from deploylint.findings import engine
from deploylint.settings import Flags, resolve
from tests.helpers import run_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _corpus(root: Path, count: int) -> None:
    """``count`` sets: the guide's files and the failing examples, half of them under a
    settings file of their own (another rule set per set: each worker must apply it)."""
    for n in range(count):
        folder = root / ("strict" if n % 2 else "loose") / f"set{n:03}"
        source = EXAMPLES / ("failing/config-set" if n % 3 == 0 else "guide")
        shutil.copytree(source, folder)
    (root / "strict" / ".deploylint.yaml").write_text("ignore: [DL106]\n", encoding="utf-8")


def test_the_pool_reports_what_one_process_reports(tmp_path: Path) -> None:
    _corpus(tmp_path, 70)  # more sets than 32 per worker: chunks of several sets
    assert engine.chunk_size(70, 2) > 1
    messages = {}
    for lang in ("en", "ja"):  # the workers speak the run's language
        args = ["check", "--lang", lang, "--format", "json", str(tmp_path)]
        _, serial = run_json([*args[:-1], "--jobs", "1", args[-1]])
        _, pooled = run_json([*args[:-1], "--jobs", "2", args[-1]])
        assert pooled == serial
        messages[lang] = [f["message"] for f in pooled["findings"]]
        assert serial["summary"]["config_sets"] == 70
        where = len(tmp_path.parts)
        rules = {(Path(f["file"]).parts[where], f["rule"]) for f in serial["findings"]}
        assert ("loose", "DL106") in rules  # the nearest settings file of each set
        assert ("strict", "DL106") not in rules
    assert len(messages["ja"]) == len(messages["en"])
    assert sum(a != b for a, b in zip(messages["ja"], messages["en"], strict=True)) > 10


def test_the_pool_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    _corpus(tmp_path, 4)
    settings = resolve(Flags(None, None, None, None, None, True), tmp_path)[0]
    settings = replace(settings, jobs=2)
    gc.unfreeze()  # a caller that froze nothing: frozen for the fork only, never for good
    assert engine.check([str(tmp_path)], settings).sets == 4
    assert gc.get_freeze_count() == 0
    kept: list[object] = []  # one that did (the CLI's main): what it froze stays frozen
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert engine.check([str(tmp_path)], settings).sets == 4
        assert gc.get_freeze_count() >= frozen
        assert all(o is not kept for o in gc.get_objects())  # still in the permanent one
    finally:
        gc.unfreeze()


@given(st.integers(min_value=1, max_value=100_000), st.integers(min_value=2, max_value=64))
def test_a_chunk_is_never_empty_nor_large(sets: int, jobs: int) -> None:
    size = engine.chunk_size(sets, jobs)
    assert 1 <= size <= 32
    if size > 1:  # several sets per message only when every worker gets 16 messages
        assert sets // size >= jobs * 16
