"""The comparison drift runs (model/compare.py): comparators by path pattern, candidates
with per-path unread markers, the rule-set pairing; and that the comparator table and the
one live mapping (live/fields.py) name the same document paths."""

from __future__ import annotations

from typing import Any

import pytest

from deploylint.live.fields import PLACES
from deploylint.model import compare as M
from deploylint.model.compare import Candidate, Unread

COMP = ("architecture", "components")


def _tree(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    node: Any = value
    for part in reversed(path):
        node = {part: node}
    return node


def _merge(*trees: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for tree in trees:
        stack = [(out, tree)]
        while stack:
            into, src = stack.pop()
            for k, v in src.items():
                if isinstance(v, dict):
                    stack.append((into.setdefault(k, {}), v))
                else:
                    into[k] = v
    return out


def diffs(
    declared: dict[str, Any], live: dict[str, Any], root: tuple[Any, ...], **more: Any
) -> list[Any]:
    c = Candidate("arn:aws:x", "x", data=live, **more)
    return [(d.kind, d.path, d.declared, d.live) for d in M.compare_item(declared, [root], c, None)]


@pytest.mark.parametrize(
    ("key", "declared", "live", "same"),
    [
        (("compute", "instance_type"), "Fargate", "FARGATE", True),
        (("compute", "cpu"), "2048", 2048, True),
        (("compute", "cpu"), 1024, "2048", False),
        (("database", "engine"), "PostgreSQL", "postgres", True),
        (("database", "engine"), "MySQL", "postgres", False),
        (("database", "version"), "15", "15.4", True),
        (("database", "version"), "15.4", "15.5", False),
        (("search", "version"), "OpenSearch_2.11", "OpenSearch_2.11", True),
        (("search", "version"), "2.11", "OpenSearch_2.11", True),
        (("search", "version"), "OpenSearch_2.11", "Elasticsearch_2.11", False),
        (("cache", "instance_type"), "cache.r5.large", None, False),
    ],
)
def test_values_compare_the_way_aws_means_them(
    key: tuple[str, str], declared: Any, live: Any, same: bool
) -> None:
    path = (*COMP, *key)
    found = diffs(_tree(path, declared), _tree(path, live), path[:-1])
    assert found == ([] if same else [("changed", path, declared, live)])


def test_a_search_type_names_the_engine_only_when_engine_is_not_written() -> None:
    root = (*COMP, "search")
    live = _tree(root, {"engine": "Elasticsearch", "version": "Elasticsearch_7.10"})
    found = diffs(_tree(root, {"type": "OpenSearch"}), live, root)
    assert found == [("changed", (*root, "type"), "OpenSearch", "Elasticsearch")]
    both = _tree(root, {"type": "OpenSearch", "engine": "Elasticsearch"})
    assert diffs(both, live, root) == []
    assert diffs(_tree(root, {"type": "managed"}), live, root) == []  # names no engine


def test_transition_days_and_class_are_two_attributes_of_one_config_path() -> None:
    lc = (*COMP, "storage", "lifecycle")
    declared = _tree(lc, {"transition": {"days": 30, "storage_class": "STANDARD_IA"}})
    live = _tree(lc, {"transition": {"days": 60, "storage_class": "GLACIER"}})
    attrs = {
        (*lc, "transition", "days"): "/Days",
        (*lc, "transition", "storage_class"): "/StorageClass",
    }
    c = Candidate("arn:aws:s3:::b", "b", data=live, attributes=attrs)
    found = M.compare_item(declared, [lc], c, None)
    assert [(d.path, d.declared, d.live, d.attribute) for d in found] == [
        ((*lc, "transition"), 30, 60, "/Days"),
        ((*lc, "transition"), "STANDARD_IA", "GLACIER", "/StorageClass"),
    ]


def test_an_unreadable_attribute_is_unread_never_changed_or_missing() -> None:
    lc = (*COMP, "storage", "lifecycle")
    declared = _tree(lc, {"transition": {"days": 30, "storage_class": "X"}, "expiration": 9})
    why = Unread("lifecycle", "AccessDenied")
    found = diffs(declared, {}, lc, unread={lc: why})
    assert [k for k, *_ in found] == ["unread"] * 3
    c = Candidate("arn:aws:s3:::b", "b", unread={lc: why})
    assert M.lifecycle_rule(c, lc) == why
    # read, and no whole-bucket rule: a difference of its own, not three "not set"
    assert M.lifecycle_rule(Candidate("arn:aws:s3:::b", "b"), lc) is False
    assert M.lifecycle_rule(Candidate("arn:aws:s3:::b", "b", data=_tree(lc, {})), lc) is True


def test_only_one_attribute_unread_leaves_the_others_compared() -> None:
    alarm = ("infrastructure", "monitoring", "cloudwatch", "alarms", "high_cpu")
    declared = _tree(alarm, {"threshold": 80, "period": 300})
    live = _tree(alarm, {"period": 60})
    found = diffs(declared, live, alarm, unread={(*alarm, "threshold"): Unread("threshold", "x")})
    assert found == [
        ("unread", (*alarm, "threshold"), 80, None),
        ("changed", (*alarm, "period"), 300, 60),
    ]


def test_inbound_rules_pair_by_best_match_then_report_what_is_left() -> None:
    declared = [{"port": 80, "source": "0.0.0.0/0"}, {"port": 443, "source": "0.0.0.0/0"}]
    live = [
        {"port": 22, "source": "0.0.0.0/0"},
        {"port": 80, "source": "0.0.0.0/0"},
        {"port": 8443, "source": "0.0.0.0/0"},
    ]
    found = M.compare_rules(declared, live)
    # 443 -> 8443 and 22 are both "tcp from anywhere": neither is guessed
    assert found.pairs == []
    assert found.missing == [(("tcp", 443, 443, "0.0.0.0/0"), 1)]
    assert [n for _k, n in found.unmanaged] == [0, 2]
    one = M.compare_rules(declared, live[1:])
    assert one.pairs == [
        ((("tcp", 443, 443, "0.0.0.0/0"), 1), (("tcp", 8443, 8443, "0.0.0.0/0"), 1))
    ]
    assert (one.missing, one.unmanaged) == ([], [])
    same = M.compare_rules(
        [{"port": "0-65535", "protocol": "all", "source": "10.0.0.0/16"}],
        [{"port": 5, "protocol": "-1", "source": "10.0.0.1/16"}],
    )
    assert (same.pairs, same.missing, same.unmanaged) == ([], [], [])


def _matches(place: tuple[Any, ...], pattern: tuple[str, ...]) -> bool:
    return len(place) == len(pattern) and all(
        p == "*" or q in ("{env}", "{key}") or p == q for p, q in zip(pattern, place, strict=True)
    )


def test_every_comparator_reads_a_place_of_the_live_mapping() -> None:
    """The comparator table and live/fields.PLACES name the same document paths: a compared
    path no live field is written at would be "not set" live forever (the old /threshold
    vs /Threshold disagreement)."""
    subnet = ("infrastructure", "network", "vpc", "subnets", "*", "*")
    places = [p for t, ps in PLACES.items() for p, _f in ps if t != "subnet"]
    places += [(*subnet, *p) for p, _f in PLACES["subnet"]]
    for c in M.COMPARATORS:
        read = (*c.pattern[:-1], *c.live) if c.live else c.pattern
        assert any(_matches(p, read) for p in places), c.pattern


def test_every_scalar_place_has_a_comparator() -> None:
    """...and every scalar live value placed at a path is compared when declared there."""
    # the whole-bucket rule and the rule set have comparisons of their own; a subnet is its
    # CIDR (the key declared and live subnets are matched by)
    apart = {("bucket", "lifecycle"), ("security-group", "ingress"), ("subnet", "cidr")}
    for type_, places in PLACES.items():
        for path, field in places:
            if (type_, field) in apart:
                continue
            full = (
                path
                if type_ != "subnet"
                else ("infrastructure", "network", "vpc", "subnets", "public", 0, *path)
            )
            filled = tuple({"{env}": "production", "{key}": "x"}.get(str(p), p) for p in full)
            assert M.comparator(filled) is not None, (type_, field)


@pytest.mark.parametrize(
    ("component", "live", "written"),
    [
        ("cache", "7.1.0", "7.1"),
        ("cache", "5.0.6", "5.0.6"),
        ("search", "OpenSearch_2.11", "2.11"),
        ("search", "Elasticsearch_7.10", "7.10"),
        ("database", "15.4", "15.4"),
        ("database", "11.22-rds.20240418", "11.22-rds.20240418"),
    ],
)
def test_the_rules_view_of_a_live_version_is_in_sync_with_it(
    component: str, live: str, written: str
) -> None:
    """check --live shows a live version as a config writes it (model/versions.py); that
    spelling, declared, is no drift against the live value."""
    from deploylint.model.versions import as_written, same_version

    assert as_written(component, live) == written
    assert same_version(written, live)


def test_engines_are_named_as_configs_name_them_and_compare_equal() -> None:
    from deploylint.model.versions import engine_key, engine_name

    for aws, name in [("postgres", "PostgreSQL"), ("redis", "Redis"), ("OpenSearch", "OpenSearch")]:
        assert engine_name(aws) == name
        assert engine_key(name) == engine_key(aws)
