"""DL108 s3-lifecycle: src/deploylint/rules/architecture/dl108_s3_lifecycle.py (from test_dl1xx_architecture.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import Lint, Messages, Related

from .shared import comps


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        # valid for S3, but the guide pack's transition_to is STANDARD_IA (issue 17 §6)
        ({"transition": "0d to GLACIER", "expiration": "1日"}, [(23, 21)]),
        ({"transition": "{days: 30, storage_class: ONEZONE_IA}", "expiration": 31}, [(23, 47)]),
        ({"storage_class": "standard"}, [(21, 22)]),
        ({"transition": "29日でIA"}, [(23, 21)]),
        ({"transition": "30日でIA", "expiration": "30日"}, [(24, 21)]),
        ({"expiration": 0}, [(24, 21)]),
        ({"transition": "30 to STANDARD"}, [(23, 21)]),  # not a transition class
        ({"transition": "30 to COLD"}, [(23, 21)]),
        # a mapping: each finding at its own key
        ({"transition": "{days: 10, storage_class: STANDARD_IA}"}, [(23, 28)]),
        ({"transition": "{days: -1, storage_class: GLACIER}"}, [(23, 28), (23, 47)]),
        ({"transition": "{days: 40, storage_class: cold}"}, [(23, 47)]),
    ],
)
def test_dl108_positions(lint: Lint, changes: dict[str, Any], expected: list[Any]) -> None:
    rows = lint(comps(**changes), "--select", "DL108")
    assert rows == [("arch.yaml", line, col, "DL108") for line, col in expected]


def test_dl108_messages(lint_messages: Messages, lint_related: Related) -> None:
    found = lint_related(
        comps(storage_class="standard-ia", transition="7日でIA", expiration="7日"),
        "--select",
        "DL108",
    )
    assert [(f.rule, f.severity) for f in found] == [("DL108", "error")] * 3
    cls, early, expire = (f.message for f in found)
    assert (
        "storage_class 'standard-ia' is not an S3 storage class; did you mean STANDARD_IA?" in cls
    )
    assert "transition to STANDARD_IA after 7 days" in early
    assert "at least 30 days" in early and early.endswith("(guide 2.1)")
    assert "expiration after 7 days is not later than the transition" in expire
    assert "to STANDARD_IA after 7 days; S3 rejects the rule" in expire
    assert "e.g. 8 days or more (guide 2.1)" in expire
    assert found[2].related == (("arch.yaml", 23, "the transition is set here"),)
    [(_, _, message)] = lint_messages(comps(transition="30 to STANDARD"), "--select", "DL108")
    assert "lifecycle transition to 'STANDARD': S3 lifecycle cannot transition objects" in message
