"""A role to assume is checked once (live/options.py role_arn_problem): the settings'
``live.roles`` and ``--role-arn`` refuse the same things with the same words, before any
request is sent; and remediation finds a drift's resource through an index, not a scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.live.options import role_arn_problem

CONFIGS = Path(__file__).parent / "configs"
GOOD = "arn:aws:iam::123456789012:role/deploylint-readonly"


@pytest.mark.parametrize(
    "arn",
    [
        GOOD,
        "arn:aws:iam::123456789012:role/path/to/auditor",
        "arn:aws-cn:iam::123456789012:role/auditor",
        "arn:aws-us-gov:iam::123456789012:role/auditor@ci",
    ],
)
def test_role_arns_are_accepted(arn: str) -> None:
    assert role_arn_problem(arn) is None


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:s3:::bucket/role/x",  # not IAM, though ":role/" is not even there
        "arn:aws:iam::123456789012:user/alice",
        "arn:aws:iam::12345:role/short-account",
        "arn:aws:sts::123456789012:assumed-role/auditor/session",
        "arn:aws:iam::123456789012:role/",
        "deploylint-readonly",
    ],
)
def test_other_arns_are_refused_with_one_message(arn: str) -> None:
    assert role_arn_problem(arn) == (
        f"{arn!r} is not an IAM role ARN (arn:aws:iam::<account id>:role/<name>)"
    )


def _drift(*extra: str) -> tuple[int, str]:
    from deploylint.cli import app

    result = CliRunner().invoke(
        app,
        [
            *("drift", str(CONFIGS), "--env", "production", "--live"),
            *("--endpoint-url", "http://127.0.0.1:9", *extra),
        ],
    )
    return result.exit_code, result.stderr


BAD = "arn:aws:iam::123456789012:user/alice"
PROBLEM = f"{BAD!r} is not an IAM role ARN (arn:aws:iam::<account id>:role/<name>)"


@pytest.mark.parametrize("value", [BAD, f"production={BAD}"])
def test_the_command_line_refuses_a_non_role(value: str) -> None:
    code, err = _drift("--no-config", "--role-arn", value)
    assert (code, err) == (2, f"deploylint: --role-arn: {PROBLEM}\n")


def test_the_settings_refuse_the_same_non_role_with_the_same_words(tmp_path: Path) -> None:
    settings = tmp_path / ".deploylint.yaml"
    settings.write_text(f"live:\n  roles:\n    production: '{BAD}'\n", encoding="utf-8")
    code, err = _drift("--config", str(settings))
    assert code == 2 and f"roles.production: {PROBLEM}" in err
    assert err.count("\n") <= 2


def test_remediation_finds_resources_through_one_index() -> None:
    """Each drift's resource is looked up by ARN in an index built once per binding (a
    scan per drift was quadratic on a large account)."""
    from deploylint.drift import CHANGED, Drift
    from deploylint.live.binding import bind
    from deploylint.live.remediation import remediation
    from deploylint.live.snapshot import LOG_GROUP, Resource, Snapshot

    class Counted(list[Resource]):
        walks = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            Counted.walks += 1
            return super().__iter__()

    groups = [
        Resource(
            LOG_GROUP, f"/app/g{n}", f"arn:aws:logs:{n}", f"/app/g{n}", fields={"retention": 1}
        )
        for n in range(300)
    ]
    snap = Snapshot("123456789012", "ap-northeast-1", "2026-12-06T00:00:00Z", "aws")
    bound = bind(snap, "production")
    snap.resources = Counted(groups)
    Counted.walks = 0
    found = [
        remediation(Drift(CHANGED, ("x",), "m", g.arn, "/retentionInDays", 30, 1), bound)
        for g in groups
    ]
    assert all(f is not None and "put-retention-policy" in f.text() for f in found)
    assert "--log-group-name /app/g299" in (found[-1].text() if found[-1] else "")
    assert Counted.walks == 1
