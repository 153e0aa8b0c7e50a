"""Rule docs: one source for `deploylint rules`, `deploylint rule ID` and docs/rules.md."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from deploylint.docs import rules_page
from deploylint.i18n import reset, set_language
from deploylint.rules import all_rules
from tests.helpers import REPO, cli

HEADINGS = ("What it does", "Why is this bad?", "Example", "Use instead", "Options", "References")


def test_rendered_docs_are_current() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_page(), "regenerate: python -m deploylint.docs > docs/rules.md"


def test_rendered_japanese_docs_are_current() -> None:
    committed = (REPO / "docs" / "rules.ja.md").read_text(encoding="utf-8")
    set_language("ja")
    try:
        page = rules_page()
    finally:
        reset()
    assert committed == page, "regenerate: python -m deploylint.docs --lang ja > docs/rules.ja.md"


@pytest.mark.parametrize("rule_id", sorted(all_rules()))
def test_every_rule_is_documented(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    docs = rule.docs
    for text in (rule.summary, docs.what, docs.why, docs.example, docs.use_instead):
        assert len(text.strip()) > 10
    assert docs.references
    result = cli(["rule", rule_id.lower()])
    assert result.exit_code == 0
    for heading in HEADINGS:
        assert f"## {heading}" in result.stdout
    assert rule.name in result.stdout


def test_catalogue_rules_all_exist() -> None:
    catalogue = REPO.parent / "shared" / "spec" / "rules.md"
    if not catalogue.exists():
        pytest.skip("shared/spec not beside the repository")
    ids = set(re.findall(r"^\| (DL\d{3}) \| ([a-z0-9-]+) \| (\w+) \|", catalogue.read_text(), re.M))
    ours = {(r.id, r.name, r.severity.label) for r in all_rules().values()}
    missing = ids - ours
    assert missing == set()


def test_rules_table_lists_every_rule() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "deploylint", "rules"], capture_output=True, text=True, check=True
    )
    rows = {tuple(line.split()[:3]) for line in result.stdout.splitlines()[1:]}
    assert rows == {(r.id, r.name, r.severity.label) for r in all_rules().values()}


def test_unknown_rule_is_exit_2() -> None:
    result = cli(["rule", "DL999"])
    assert result.exit_code == 2
    assert "unknown rule 'DL999'" in result.stderr
