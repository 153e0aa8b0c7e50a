"""rules/_steps.py: ``matching`` in one pass is the two-pass reading it replaced (actions
naming a concept, and a step's name only when none of its actions does), on random
processes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.model.effective import DataEffective
from deploylint.model.sections import ConfigFile
from deploylint.rules._steps import Item, matching, matching_all, sequence
from deploylint.rules.policy import load_policy
from deploylint.rules.rule import Context, read_only
from deploylint.sources.loader import load_text

CONCEPTS = ["backup", "migration", "health", "update", "log"]


def plain_matching(concepts: Iterable[str], items: Sequence[Item]) -> list[Item]:
    wanted = frozenset(concepts)
    hits = [i for i in items if i.action is not None and not wanted.isdisjoint(i.concepts)]
    steps_with_hits = {i.step for i in hits}
    names = [
        i
        for i in items
        if i.action is None and i.step not in steps_with_hits and not wanted.isdisjoint(i.concepts)
    ]
    return sorted(hits + names, key=lambda i: i.order)


named = st.frozensets(st.sampled_from(CONCEPTS), max_size=3)


@st.composite
def processes(draw: st.DrawFn) -> list[Item]:
    """A sequence as ``sequence`` builds it: each step's name, then its actions."""
    items: list[Item] = []
    for step in range(draw(st.integers(0, 5))):
        phase = draw(st.sampled_from(["pre_deployment", "deployment", "post_deployment"]))
        items.append(Item(len(items), phase, step, step, None, f"s{step}", draw(named)))
        for a in range(draw(st.integers(0, 4))):
            items.append(Item(len(items), phase, step, step, a, f"a{step}.{a}", draw(named)))
    return items


@settings(max_examples=200, deadline=None)
@given(processes(), st.lists(st.sampled_from(CONCEPTS), max_size=3))
def test_matching_is_the_plain_reading(items: list[Item], concepts: list[str]) -> None:
    got = matching(None, concepts, items)  # type: ignore[arg-type]  # ctx is not read
    assert got == plain_matching(concepts, items)
    assert [i.order for i in got] == sorted(i.order for i in got)
    # a part of the sequence (DL502 leaves some items out) reads the same way
    part = items[::2]
    assert matching(None, concepts, part) == plain_matching(concepts, part)  # type: ignore[arg-type]


PROCESS = """
deployment:
  pre_deployment:
    steps:
      - name: バックアップの作成
        actions: [データベースのスナップショット作成, 設定ファイルのバックアップ]
  deployment:
    steps:
      - name: データベース更新
        actions: [マイグレーションの実行, マイグレーション前のスナップショット]
      - name: アプリケーション更新
        actions: [Dockerイメージのビルド, ECSサービスの更新, ヘルスチェック]
  post_deployment:
    steps:
      - name: ログの確認
        actions: []
"""


def test_matching_all_is_matching_on_the_whole_sequence() -> None:
    """What ``matching_all`` remembers per process is what ``matching`` finds in it."""
    data = load_text(PROCESS).documents[0].data
    eff = read_only(DataEffective("production", data, ConfigFile.model_validate(data), {}))
    policy = load_policy(None)
    ctx: Context[Any] = Context(eff.env, eff.model, eff, policy.options["DL502"], policy)
    concepts = sorted(policy.vocabulary.concepts)
    assert {c for i in sequence(ctx) for c in i.concepts} >= {"database-snapshot", "migration"}
    for _ in range(2):  # the second time remembered
        for n, concept in enumerate(concepts):
            group = (concept, concepts[n - 1])
            for asked in [(concept,), group]:
                expected = matching(ctx, asked, sequence(ctx))
                got = matching_all(ctx, asked)
                assert got == expected
                got.clear()  # the caller's own list
    assert matching_all(ctx, ("migration",)) == matching(ctx, ("migration",), sequence(ctx)) != []
