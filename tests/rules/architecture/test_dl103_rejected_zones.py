"""Issue 14 §2: a zone DL104 rejects as no zone of the region adds no zone for DL103 (its
worst reading). On main `availability_zones: ['1a', '1z']` counted two zones: production
passed multi-AZ on one real zone, and suppressing DL104 hid that it runs in one zone."""

from __future__ import annotations

import pytest

from tests.helpers import Messages

ENV = """
architecture:
  environments:
    production:
      region: ap-northeast-1
      availability_zones: {zones}
"""


@pytest.mark.parametrize(
    ("zones", "counted", "dropped"),
    [
        ("['1a', '1z']", "ap-northeast-1a", "'1z'"),  # no such zone (confirmed list)
        ("['1a', 'us-east-1a']", "ap-northeast-1a", "'us-east-1a'"),  # another region's
        ("['1a', 'zone-b']", "ap-northeast-1a", "'zone-b'"),  # not a zone name
        ("['x', 'y']", "none", "'x', 'y'"),
    ],
)
def test_a_rejected_zone_is_not_counted(
    lint_messages: Messages, zones: str, counted: str, dropped: str
) -> None:
    found = lint_messages({"a.yaml": ENV.format(zones=zones)}, "--select", "DL103")
    assert [(r, s) for r, s, _ in found] == [("DL103", "error")]
    assert found[0][2].startswith(
        f"production spans {0 if counted == 'none' else 1} availability zone(s) "
        f"({counted}; not counted: {dropped}, see DL104); expected at least 2"
    )


@pytest.mark.parametrize(
    "zones",
    [
        "['1a', '1c']",
        "['1a', '1b']",  # 1b: offered to some older accounts (DL104 says so): it may exist
        "['ap-northeast-1a', '1c']",
    ],
)
def test_zones_that_may_exist_count(lint_messages: Messages, zones: str) -> None:
    assert lint_messages({"a.yaml": ENV.format(zones=zones)}, "--select", "DL103") == []


def test_an_unknown_region_counts_zones_as_written(lint_messages: Messages) -> None:
    """The zones of a region deploylint does not know cannot be judged: counted (DL104
    reports the region)."""
    text = ENV.format(zones="['1a', '1c']").replace("ap-northeast-1", "xx-nowhere-9")
    assert lint_messages({"a.yaml": text}, "--select", "DL103") == []
