"""The engine sorts findings by ``Finding.sort_key`` (each key made once) where it sorted
by ``Finding.__lt__`` (two keys made per comparison): the same order, ties included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.findings.finding import Finding, Severity
from deploylint.model.location import FilePosition, ResourceLocation

_positions = st.builds(
    FilePosition,
    st.sampled_from(["a.yaml", "b.yaml", "dir/a.yaml"]),
    st.integers(0, 4),
    st.integers(0, 3),
)
_resources = st.builds(
    ResourceLocation,
    st.sampled_from(["arn:aws:rds:x", "arn:aws:s3:::y"]),
    st.sampled_from(["", "/a"]),
)
_findings = st.builds(
    Finding,
    st.one_of(_positions, _resources),
    st.sampled_from(["DL001", "DL106", "DL205"]),
    st.sampled_from(["m", "n"]),
    severity=st.sampled_from(list(Severity)),
    environment=st.sampled_from([None, "production", "staging"]),  # not in the key: ties
)


@settings(max_examples=60)
@given(st.lists(_findings, max_size=30))
def test_sorting_by_the_key_is_sorting_by_lt(findings: list[Finding]) -> None:
    by_lt = sorted(findings)
    by_key = sorted(findings, key=Finding.sort_key)
    assert [id(f) for f in by_key] == [id(f) for f in by_lt]
