"""Linear in files (issue 14 §2): a chain of ``extends`` costs work in proportion to its
length. Counted, not timed: every walk over a document's ``bases`` is counted, and a chain
of 2,000 documents may take a few per document, never one per pair (quadratic: millions).
"""

from __future__ import annotations

import json
from pathlib import Path as FsPath
from typing import Any

from deploylint.sources import configset, merge
from deploylint.sources.configset import SourceDoc, SpanCache
from deploylint.sources.loader import Limits
from tests.helpers import cli, write_files


class CountingList(list[SourceDoc]):
    """A document's ``bases`` that counts each time it is walked or indexed."""

    walks = 0

    def __iter__(self) -> Any:
        CountingList.walks += 1
        return super().__iter__()

    def __getitem__(self, i: Any) -> Any:
        CountingList.walks += 1
        return super().__getitem__(i)


def chain(n: int, reverse_names: bool = False) -> list[SourceDoc]:
    cache = SpanCache(Limits())
    docs = []
    for i in range(n):
        name = f"f{(n - i if reverse_names else i):05d}.yaml"
        data = {"monitoring": {"alerts": {"channels": {"email": f"t{i}@acme.co.jp"}}}}
        doc = SourceDoc(name, FsPath("/c") / name, 0, data, "", cache)
        doc.bases = CountingList([docs[-1]] if docs else [])
        docs.append(doc)
    return docs


def test_cycle_search_and_merge_are_linear_in_a_chain() -> None:
    for reverse_names in (False, True):  # merge order must not depend on names either
        docs = chain(2_000, reverse_names)
        CountingList.walks = 0
        assert configset._on_cycles(docs) == set()
        merger = merge._Merger(merge._closure(docs))
        merger.run()
        assert CountingList.walks < 20 * len(docs), CountingList.walks
        assert merger.order == docs  # ancestors first
        assert merger._is_ancestor(docs[0], docs[-1])
        assert not merger._is_ancestor(docs[-1], docs[0])
        email = merger.data["monitoring"]["alerts"]["channels"]["email"]
        assert email == "t1999@acme.co.jp"  # the last descendant wins
        assert merger.conflicts == {}


def test_a_cycle_is_still_found_once() -> None:
    docs = chain(50)
    docs[0].bases = CountingList([docs[-1]])  # f00000 extends f00049: a cycle of 50
    assert configset._on_cycles(docs) == {id(d) for d in docs}
    merger = merge._Merger(docs)
    assert len(merger.order) == 50


def test_a_long_chain_checks_through_the_cli(tmp_path: FsPath) -> None:
    n = 300
    files = {"configs/f00000.yaml": "config:\n  application:\n    api: {timeout: 30}\n"}
    for i in range(1, n):
        files[f"configs/f{i:05d}.yaml"] = (
            f"extends: f{i - 1:05d}.yaml\nconfig:\n  application:\n    api: {{timeout: {i}}}\n"
        )
    write_files(tmp_path, files)
    result = cli(["check", "--no-config", "--format", "json", "--select", "DL0", str(tmp_path)])
    data = json.loads(result.stdout)
    assert data["findings"] == []  # no DL007: each file overrides its ancestor
    assert data["summary"]["files"] == n
