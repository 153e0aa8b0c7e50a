"""Fix descriptions and drift remediation notes in Japanese (issue 20): the text follows
--lang, the edits (the diff) never do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

REPO = Path(__file__).resolve().parents[2]
ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_diff_is_the_same_and_its_summary_japanese() -> None:
    args = ("check", "examples/guide", "--no-config", "--diff", "--unsafe-fixes")
    code_en, diff_en, err_en = run(*args, "--lang", "en")
    code_ja, diff_ja, err_ja = run(*args, "--lang", "ja")
    assert code_en == code_ja == 1
    assert diff_en == diff_ja and diff_ja.startswith("--- a/examples/guide/")
    assert err_en == "Would fix 3 findings.\n"
    assert err_ja == "3 件の指摘を修正できます。\n"
    _, _, by_locale = run(*args, env={"LANG": "ja_JP.UTF-8"})
    assert by_locale == err_ja


def test_fix_descriptions_in_the_report() -> None:
    _, text, _ = run("check", "examples/guide", "--no-config", "--lang", "ja")
    assert (
        "修正（unsafe、--unsafe-fixes が必要）: 15.19（PostgreSQL 15 の最新マイナー）を使う" in text
    )
    assert "修正（unsafe、--unsafe-fixes が必要）: 保持期間を 365 日に延ばす" in text
    assert "use 15.19" not in text and "raise the retention" not in text
    _, out, _ = run("check", "examples/guide", "--no-config", "--lang", "ja", "--format", "json")
    fixes = {f["rule"]: f["fix"] for f in json.loads(out)["findings"] if f.get("fix")}
    assert fixes["DL405"]["description"] == "保持期間を 365 日に延ばす"
    assert fixes["DL405"]["safety"] == "unsafe"  # machine values stay


def test_drift_fix_and_remediation_notes_in_japanese() -> None:
    args = ["drift", "examples/guide", "--env", "production", "--no-config"]
    args += ["--snapshot", "examples/live/production.json"]
    _, ja, _ = run(*args, "--lang", "ja")
    _, en, _ = run(*args, "--lang", "en")
    assert "修正（safe）: 実環境の値 6 を採用する" in ja
    assert "fix (safe): adopt the live value 6" in en or "adopt the live value 6" in en
    assert (
        "対処: app-db は 15.4 で動いています。RDS はその場でダウングレードできず、15.0 への"
        "メジャーアップグレードはスナップショット、互換性のあるパラメータグループ、"
        "テスト済みのアップグレードパスが必要です。"
    ) in ja
    # a command is a command in every language
    command = "aws ecs update-service --cluster app --service api --desired-count 5"
    assert command in ja and command in en
    assert "cannot downgrade" not in ja and "adopt the live value" not in ja
