"""DL008 environment-mismatch: src/deploylint/rules/input/dl008_environment_mismatch.py (from test_dl0xx.py)."""

from __future__ import annotations

from tests.helpers import Lint, Messages

from .shared import DL0, ENVS


def test_dl008_undefined_environment_and_folder_mismatch(
    lint: Lint, lint_messages: Messages
) -> None:
    files = {
        "base.yaml": ENVS,
        "qa.yaml": "environment: qa\n",
        "staging/app.yaml": "# scoped to the wrong one\nenvironment: production\n",
        "staging/prod.yaml": "environment: prod\n",
    }
    assert lint(files, *DL0) == [
        ("qa.yaml", 1, 14, "DL008"),
        ("staging/app.yaml", 2, 14, "DL008"),
        ("staging/prod.yaml", 1, 14, "DL008"),  # undefined
        ("staging/prod.yaml", 1, 14, "DL008"),  # and in the staging folder
    ]
    messages = [m for _, _, m in lint_messages(files, *DL0)]
    assert (
        "environment 'qa' is not defined in architecture.environments "
        "(defined: production, staging)" in messages
    )
    assert any(
        m.endswith(
            "staging/app.yaml is named after environment 'staging' but scopes itself "
            "to 'production'"
        )
        for m in messages
    )


def test_dl008_file_named_after_an_environment(lint: Lint) -> None:
    files = {"base.yaml": ENVS, "staging.yaml": "environment: production\n"}
    assert lint(files, *DL0) == [("staging.yaml", 1, 14, "DL008")]


def test_other_file_names_mean_nothing(lint: Lint) -> None:
    files = {"base.yaml": ENVS, "common/app.yaml": "environment: staging\n"}
    assert lint(files, *DL0) == []
