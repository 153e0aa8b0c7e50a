"""Suppression comments: every form honoured, and every misuse reported as DL009."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, cli

LATER = (date.today() + timedelta(days=90)).isoformat()
SOON = (date.today() + timedelta(days=5)).isoformat()
PAST = (date.today() - timedelta(days=1)).isoformat()

UNSUPPRESSED = """\
    config:
      application:
        api:
          port: 8000
          portt: 8001
          workerz: 4
    """


def test_without_comments_the_findings_show(lint: Lint) -> None:
    assert lint({"a.yaml": UNSUPPRESSED}, "--select", "DL004,DL009") == [
        ("a.yaml", 5, 7, "DL004"),
        ("a.yaml", 6, 7, "DL004"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            """\
            config:
              application:
                api:
                  portt: 8001  # deploylint: disable=DL004 reason="legacy key, INC-7"
                  workerz: 4
            """,
            [("a.yaml", 5, 7, "DL004")],
            id="trailing-hides-its-line-only",
        ),
        pytest.param(
            """\
            config:
              application:
                # deploylint: disable=DL004 reason="vendor extension block"
                api:
                  portt: 8001
                  workerz: 4
                frontend:
                  cdn: x
            """,
            [("a.yaml", 8, 7, "DL004")],
            id="own-line-hides-the-next-node-and-its-subtree",
        ),
        pytest.param(
            f"""\
            # deploylint: disable-file=DL004 reason="generated file" until={LATER}
            config:
              application:
                api:
                  portt: 8001
                  workerz: 4
            """,
            [],
            id="disable-file",
        ),
        pytest.param(
            """\
            config:
              application:
                api:
                  portt: 8001  # deploylint: disable=DL003,DL004 reason='two rules'
            """,
            [("a.yaml", 4, 20, "DL009")],
            id="a-listed-rule-that-fired-nowhere-is-unused",
        ),
    ],
)
def test_suppression_forms(
    lint: Lint, text: str, expected: list[tuple[str, int, int, str]]
) -> None:
    assert lint({"a.yaml": text}, "--select", "DL003,DL004,DL009") == expected


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("# deploylint: disable=DL004", "has no reason"),
        ('# deploylint: disable=DL004 reason=""', "has no reason"),
        (f'# deploylint: disable=DL004 reason="x" until={PAST}', f"expired on {PAST}"),
        ('# deploylint: disable=DL004 reason="x" until=someday', "is not a date"),
        ('# deploylint: disable=DL999 reason="x"', "unknown rule DL999"),
    ],
)
def test_invalid_suppressions_hide_nothing(
    lint_messages: Messages, comment: str, message: str
) -> None:
    text = f"config:\n  cache:\n    timeoutt: 5  {comment}\n"
    found = lint_messages({"a.yaml": text}, "--select", "DL004,DL009")
    rules = [rule for rule, _, _ in found]
    assert "DL004" in rules, "an invalid suppression must not hide the finding"
    assert any(rule == "DL009" and message in text for rule, _, text in found), found


def test_unused_suppression_is_reported(lint: Lint) -> None:
    text = 'config:\n  cache:\n    timeout: 5  # deploylint: disable=DL004 reason="x"\n'
    assert lint({"a.yaml": text}, "--select", "DL004,DL009") == [("a.yaml", 3, 17, "DL009")]


def test_unused_is_not_reported_for_rules_not_run(lint: Lint) -> None:
    text = 'config:\n  cache:\n    timeout: 5  # deploylint: disable=DL004 reason="x"\n'
    assert lint({"a.yaml": text}, "--select", "DL009") == []


def test_expiring_soon_is_info_and_still_hides(lint_messages: Messages) -> None:
    text = (
        f'config:\n  cache:\n    timeoutt: 5  # deploylint: disable=DL004 reason="x" until={SOON}\n'
    )
    found = lint_messages({"a.yaml": text}, "--select", "DL004,DL009")
    assert [(r, s) for r, s, _ in found] == [("DL009", "info")]
    assert f"expires on {SOON}" in found[0][2]


def test_quoted_hash_is_not_a_comment(lint: Lint) -> None:
    text = "config:\n  cache:\n    timeoutt: '# deploylint: disable=DL004 reason=x'\n"
    assert lint({"a.yaml": text}, "--select", "DL004,DL009") == [("a.yaml", 3, 5, "DL004")]


def test_mandatory_rules_cannot_be_suppressed(lint_messages: Messages, tmp_path: Path) -> None:
    policy = tmp_path / ".policy" / "strict.yaml"  # hidden folder: not part of the config set
    policy.parent.mkdir()
    policy.write_text(
        "name: strict\nextends: guide\nmandatory:\n  - rule: DL004\n    reason: typos matter\n",
        encoding="utf-8",
    )
    text = 'config:\n  cache:\n    timeoutt: 5  # deploylint: disable=DL004 reason="x"\n'
    found = lint_messages({"a.yaml": text}, "--select", "DL004,DL009", "--policy", str(policy))
    assert [r for r, _, _ in found] == ["DL004", "DL009"]
    assert "mandatory" in found[1][2]


def test_suppressions_can_be_turned_into_findings_only_by_rule_selection(lint: Lint) -> None:
    text = 'config:\n  cache:\n    timeoutt: 5  # deploylint: disable=DL004 reason="x"\n'
    assert lint({"a.yaml": text}, "--select", "DL004") == []


# --- narrowed mandatory rules (issue 8 §3) -----------------------------------------------

NARROW_ENVS = """
architecture:
  environments:
    production: {region: ap-northeast-1, availability_zones: ['1a', '1c']}
  components:
    database: {engine: PostgreSQL}
"""
NARROW_GROUPS = """
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 443, source: 0.0.0.0/0}
            - {port: 22, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="break-glass SSH, INC-7"
        ecs:
          inbound:
            - {port: 8000, source: alb-sg}
        rds:
          inbound:
            - {port: 5432, source: ecs-sg}
"""


def test_narrowed_mandatory_honours_a_reasoned_suppression_outside_its_case(
    lint_messages: Messages,
) -> None:
    """The guide pack makes DL205 mandatory in production only for its critical case:
    SSH open on the load balancer is an error a reasoned comment may hide."""
    files = {"arch.yaml": NARROW_ENVS, "net.yaml": NARROW_GROUPS}
    assert lint_messages(files, "--select", "DL205,DL009") == []


def test_narrowed_mandatory_keeps_the_database_case_with_the_packs_reason(
    lint_messages: Messages,
) -> None:
    text = NARROW_GROUPS.replace(
        "{port: 5432, source: ecs-sg}",
        '{port: 5432, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="demo"',
    )
    found = lint_messages({"arch.yaml": NARROW_ENVS, "net.yaml": text}, "--select", "DL205,DL009")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical"), ("DL009", "warning")]
    assert found[1][2] == (
        "DL205 is mandatory for critical findings in production under policy 'guide': the "
        "guide allows the database and cache only from the application, never from the "
        "internet (guide 3.1); no comment can suppress it there"
    )


def test_mandatory_severity_must_be_a_severity(tmp_path: Path) -> None:

    policy = tmp_path / ".policy" / "bad-severity.yaml"
    policy.parent.mkdir()
    policy.write_text(
        "name: bad\nextends: guide\nmandatory:\n  - rule: DL205\n    severity: fatal\n",
        encoding="utf-8",
    )
    result = cli(["check", "--no-config", "--policy", str(policy), str(tmp_path)])
    assert result.exit_code == 2
    assert "mandatory: DL205: unknown severity 'fatal'" in result.output


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, [("DL009", "info", "(in 0 days)")]),  # until today: still in force today
        (14, [("DL009", "info", "(in 14 days)")]),  # the last day that warns
        (15, []),
    ],
)
def test_expiry_edges(lint_messages: Messages, days: int, expected: list[tuple[str, ...]]) -> None:
    until = (date.today() + timedelta(days=days)).isoformat()
    text = f'config:\n  cache:\n    timeoutt: 5  # deploylint: disable=DL004 reason="x" until={until}\n'
    found = lint_messages({"a.yaml": text}, "--select", "DL004,DL009")
    assert [(r, s) for r, s, _ in found] == [(r, s) for r, s, _ in expected]  # DL004 hidden
    for (_, _, message), (_, _, part) in zip(found, expected, strict=True):
        assert f"expires on {until} {part}" in message


LONE_DASH = """\
    infrastructure:
      network:
        security:
          groups:
            alb:
              inbound:
                # deploylint: disable={rule} reason="vendor field, INC-9"
                -
                  port: 443
                  source: 0.0.0.0/0
                  portt: 1
                - {{port: 80, source: 0.0.0.0/0, protocl: tcp}}
    """


@pytest.mark.parametrize("rule", ["DL004", "unknown-key", "Unknown-Key, dl004"])
def test_a_comment_above_a_lone_dash_covers_the_item_and_names_work(lint: Lint, rule: str) -> None:
    text = LONE_DASH.format(rule=rule)
    assert lint({"a.yaml": text}, "--select", "DL004,DL009") == [("a.yaml", 12, 45, "DL004")]


def test_an_unknown_rule_name_is_reported_as_written(lint_messages: Messages) -> None:
    text = LONE_DASH.format(rule="open-ingres")
    found = lint_messages({"a.yaml": text}, "--select", "DL004,DL009")
    assert ("DL009", "suppression names unknown rule open-ingres; it hides nothing") in [
        (rule, message) for rule, _, message in found
    ]


def test_a_comment_above_an_item_does_not_cover_the_next_item(lint: Lint) -> None:
    text = """\
    infrastructure:
      network:
        security:
          groups:
            alb:
              inbound:
                # deploylint: disable=DL004 reason="vendor field, INC-9"
                - port: 443
                  portt: 1
                - {port: 80, source: 0.0.0.0/0, protocl: tcp}
    """
    assert lint({"a.yaml": text}, "--select", "DL004,DL009") == [("a.yaml", 10, 45, "DL004")]
