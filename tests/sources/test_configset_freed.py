"""A checked config set is freed by reference counting alone: its documents, their data
and their positions form no reference cycle, so nothing waits for the garbage collector
(each of its young collections would otherwise walk a set's positions again)."""

from __future__ import annotations

import gc

from deploylint.findings.engine import check
from deploylint.settings import Settings
from deploylint.sources.configset import SourceDoc
from tests.helpers import EXAMPLES


def _alive() -> int:
    return sum(isinstance(o, SourceDoc) for o in gc.get_objects())


def test_documents_of_checked_sets_are_freed_without_the_collector() -> None:
    gc.collect()
    before = _alive()
    gc.disable()
    try:
        report = check([str(EXAMPLES)], Settings())  # sets with extends, several files each
        left = _alive() - before
    finally:
        gc.enable()
    assert report.files > 10 and report.findings  # the sets were read and checked
    assert left == 0
