"""DL306 search-replicas: src/deploylint/rules/application/dl306_search_replicas.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Related, rule_pack

from .shared import ENVS, STAGING_ONLY

SEARCH = """
config:
  search:
    number_of_shards: {shards}
    number_of_replicas: {replicas}
    refresh_interval: {interval}
"""


NODES = "  components:\n    search: {{instance_count: {nodes}}}\n"


@pytest.mark.parametrize(
    ("envs", "shards", "replicas", "interval", "expected"),
    [
        (ENVS, 3, 1, "1s", []),  # the guide, no node count declared
        (ENVS, 3, 1, "500ms", []),
        # without instance_count, placement is not judged; the rejected -1 (a number, not
        # an interval: DL002, not selected) is "not checked"
        (ENVS, 3, 2, "-1", [(5, 23)]),
        (ENVS + NODES.format(nodes=2), 3, 1, "30s", []),
        (STAGING_ONLY, 3, 0, "1s", []),  # 0 replicas outside production
        (ENVS, 3, 0, "1s", [(4, 25)]),
        (ENVS + NODES.format(nodes=2), 3, 2, "1s", [(4, 25)]),
        (ENVS + NODES.format(nodes=1), 1, 1, "1s", [(4, 25)]),
        (ENVS, 3, 1, "1 second", [(5, 23)]),
        (ENVS, 3, 1, "1.5s", [(5, 23)]),
        (ENVS, 0, -1, "1S", [(3, 23), (4, 25), (5, 23)]),
    ],
)
def test_dl306_positions(
    lint: Lint,
    envs: str,
    shards: int,
    replicas: int,
    interval: str,
    expected: list[tuple[int, int]],
) -> None:
    files = {
        "arch.yaml": envs,
        "config.yaml": SEARCH.format(shards=shards, replicas=replicas, interval=interval),
    }
    rows = lint(files, "--select", "DL306")
    assert rows == [("config.yaml", line, col, "DL306") for line, col in expected]


def test_dl306_messages(lint_related: Related) -> None:
    files = {
        "arch.yaml": ENVS + NODES.format(nodes=2),
        "config.yaml": SEARCH.format(shards=3, replicas=2, interval="1 second"),
    }
    found = lint_related(files, "--select", "DL306")
    assert [(f.rule, f.severity) for f in found] == [("DL306", "error")] * 2
    placement, interval = (f.message for f in found)
    assert "number_of_replicas 2 needs 3 data nodes" in placement
    assert "instance_count is 2: " in placement
    assert found[0].related == (("arch.yaml", 10, "search instance_count is set here"),)
    assert "3 of 9 shard copies stay unassigned" in placement and "guide 5.1" in placement
    assert "refresh_interval '1 second'" in interval and "'1s'" in interval
    assert "'-1'" in interval and "guide 5.1" in interval


def test_dl306_production_environments_option(lint: Lint, tmp_path: Path) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": SEARCH.format(shards=3, replicas=0, interval="1s")}
    assert lint(files, "--select", "DL306") == [("config.yaml", 4, 25, "DL306")]
    extra, path = rule_pack(tmp_path, "DL306", "production_environments: []")
    assert lint({**files, **extra}, "--select", "DL306", "--policy", path) == []
