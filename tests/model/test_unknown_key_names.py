"""DL004 names keys as a file writes them: the top level's `$schema`, never the model's
internal field name `schema_ref` (in the did-you-mean and in the list of known keys)."""

from __future__ import annotations

import pytest

from tests.helpers import Messages


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("$schem", "unknown key '$schem' in the top level; did you mean '$schema'?"),
        ("$shema", "unknown key '$shema' in the top level; did you mean '$schema'?"),
        (
            "zzzzqqq",
            "unknown key 'zzzzqqq' in the top level; known keys: $schema, architecture, "
            "config, deployment, environment, extends, infrastructure, monitoring",
        ),
    ],
)
def test_dl004_names_the_schema_key_as_written(
    lint_messages: Messages, key: str, expected: str
) -> None:
    files = {"a.yaml": f"infrastructure:\n  network: {{}}\n{key}: x\n"}
    found = [m for rule, _s, m in lint_messages(files, "--select", "DL004")]
    assert found == [expected]
    assert not any("schema_ref" in m for m in found)


def test_the_schema_key_itself_is_known(lint_messages: Messages) -> None:
    files = {"a.yaml": "$schema: ../schemas/deploylint.schema.json\ninfrastructure: {}\n"}
    assert lint_messages(files, "--select", "DL004") == []
