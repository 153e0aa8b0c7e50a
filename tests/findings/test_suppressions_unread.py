"""A file the YAML parser could not read has no comments it saw: `# deploylint:` text in it
(inside a `|` block, a quoted string, or a real comment) hides nothing, not even its own
syntax error, so an unreadable file never passes the gate quietly."""

from __future__ import annotations

import pytest

from tests.helpers import Lint

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
