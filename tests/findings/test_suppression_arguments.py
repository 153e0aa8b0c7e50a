"""A suppression that names no rule before its arguments (`disable= reason="..."`) is one
DL009 saying so; the key `reason` was read as a rule named "reason" (two DL009: an unknown
rule "reason", and "suppression of reason has no reason")."""

from __future__ import annotations

import pytest

from tests.helpers import Messages

TEXT = """\
    config:
      application:
        api:
          portt: 8001  {comment}
    """


@pytest.mark.parametrize(
    "comment",
    [
        '# deploylint: disable= reason="legacy"',
        '# deploylint: disable=reason="legacy"',
        "# deploylint: disable-file= until=2099-01-01 reason=x",
    ],
)
def test_no_rule_before_the_arguments_is_one_dl009(lint_messages: Messages, comment: str) -> None:
    found = lint_messages({"a.yaml": TEXT.replace("{comment}", comment)}, "--select", "DL004,DL009")
    dl009 = [message for rule, _severity, message in found if rule == "DL009"]
    assert dl009 == ["suppression names no rule; it hides nothing"]
    assert "DL004" in [rule for rule, _severity, _message in found]  # it hid nothing


@pytest.mark.parametrize(
    "comment",
    [
        '# deploylint: disable=DL004 reason="legacy"',
        '# deploylint: disable=DL004,unknown-key reason="legacy"',
        '# deploylint: disable = unknown-key  reason="legacy"',
    ],
)
def test_rules_before_the_arguments_still_suppress(lint_messages: Messages, comment: str) -> None:
    found = lint_messages({"a.yaml": TEXT.replace("{comment}", comment)}, "--select", "DL004,DL009")
    assert found == []
