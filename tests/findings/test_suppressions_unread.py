"""A file the YAML parser could not read has no comments it saw: `# deploylint:` text in it
(inside a `|` block, a quoted string, or a real comment) hides nothing, not even its own
syntax error, so an unreadable file never passes the gate quietly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, run_json, write_files

OPEN_SSH = """\
    infrastructure:
      network:
        security:
          groups:
            alb:
              inbound:
                - {port: 22, source: 0.0.0.0/0}
    """


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            """\
            infrastructure:
              network: |
                # deploylint: disable-file=DL001 reason="block scalar text"
              vpc: [
            """,
            id="in-a-block-scalar",
        ),
        pytest.param(
            """\
            description: "
              # deploylint: disable-file=DL001 reason=quoted"
            infrastructure: {network: [
            """,
            id="in-a-quoted-string",
        ),
        pytest.param(
            """\
            # deploylint: disable-file=DL001 reason="a comment the parser never reached"
            infrastructure:
              network: [
            """,
            id="in-a-comment",
        ),
        pytest.param(
            OPEN_SSH
            + """\
            ---
            notes: |
              # deploylint: disable-file=DL001,DL205 reason="second document"
            more: [
            """,
            id="second-document-broken",
        ),
    ],
)
def test_an_unreadable_file_keeps_its_syntax_error(lint: Lint, text: str) -> None:
    assert [r[3] for r in lint({"a.yaml": text})] == ["DL001"]


def test_a_readable_file_still_honours_its_comments(lint: Lint) -> None:
    text = OPEN_SSH.replace(
        "0.0.0.0/0}", '0.0.0.0/0}  # deploylint: disable=DL205 reason="bastion, INC-9"'
    )
    port_22 = ("a.yaml", 7, 34, "DL205")
    assert port_22 in lint({"a.yaml": OPEN_SSH}, "--select", "DL205")
    rows = lint({"a.yaml": text}, "--select", "DL205,DL009")
    assert port_22 not in rows
    assert "DL009" not in [r[3] for r in rows]


BASE = """\
    infrastructure:
      network:
        security:
          groups:
            alb:
              inbound:
                - {port: 80, source: 0.0.0.0/0}
                - {port: 443, source: 0.0.0.0/0}
                - {port: 22, source: 0.0.0.0/0}{comment}
            ecs:
              inbound:
                - port: 8000
                  source: alb-sg
                  description: |
                    {block}
            rds:
              inbound:
                - {port: 5432, source: ecs-sg}
    """


@pytest.mark.parametrize(
    ("comment", "block", "reported"),
    [
        pytest.param("", '# deploylint: disable-file=DL205 reason="text"', True, id="block-text"),
        pytest.param('  # deploylint: disable=DL205 reason="bastion"', "app", False, id="comment"),
    ],
)
def test_a_base_reached_only_through_extends_has_the_comments_the_parser_saw(
    tmp_path: Path, comment: str, block: str, reported: bool
) -> None:
    """An excluded base that a config extends is still read: its real comments suppress,
    text in its block scalars does not."""
    write_files(
        tmp_path,
        {
            "configs/base.yaml": BASE.replace("{comment}", comment).replace("{block}", block),
            "configs/production/app.yaml": "environment: production\nextends: ../base.yaml\n",
            ".deploylint.yaml": "exclude: ['configs/base.yaml']\n",
        },
    )
    _, data = run_json(["check", str(tmp_path / "configs")])
    port_22 = [f for f in data["findings"] if f["rule"] == "DL205" and f["line"] == 9]
    assert bool(port_22) == reported
    assert "DL009" not in [f["rule"] for f in data["findings"]]
