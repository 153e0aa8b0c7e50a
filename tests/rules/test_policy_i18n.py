"""Policy-pack and custom-rule errors in Japanese (issue 20): the same error, in the language
of the run, exit 2 in both; the pack, rule and field names stay as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("text", "en", "ja"),
    [
        (
            "name: t\nrules:\n  DL999: {severity: error}\n",
            "unknown rule 'DL999' in rules:",
            "rules: に不明なルール 'DL999' があります",
        ),
        (
            "name: t\nrules:\n  DL004: {options: {depth: 3}}\n",
            "rule DL004 (unknown-key) options: depth: unknown option",
            "ルール DL004（unknown-key）のオプション: depth: 不明なオプション",
        ),
        ("- a list\n", "a policy pack is a mapping", "ポリシーパックはマッピングです"),
        (
            "name: t\nextends: missing.yaml\n",
            "cannot read policy pack",
            "ポリシーパック",
        ),
        (
            "name: bad\nrules:\n  DL205:\n    check: {}\n",
            "rule DL205: id: already defined by a built-in rule",
            "ルール DL205: id: 組み込みルール ですでに定義されています",
        ),
    ],
)
def test_pack_errors(tmp_path: Path, text: str, en: str, ja: str) -> None:
    pack = tmp_path / "team.yaml"
    pack.write_text(text, encoding="utf-8")
    args = ("rules", "--no-config", "--policy", str(pack))
    code_en, err_en = run(*args, "--lang", "en")
    code_ja, err_ja = run(*args, "--lang", "ja")
    assert code_en == code_ja == 2
    assert en in err_en
    assert ja in err_ja, err_ja
    assert err_ja.startswith("deploylint: ") and err_ja.count("\n") == 1
    assert en not in err_ja
    _, by_locale = run(*args, env={"LANG": "ja_JP.UTF-8"})
    assert by_locale == err_ja


RULE = (
    "name: bad\nextends: guide\nprefix: ORG\nrules:\n  ORG001:\n    name: a-rule\n"
    "    severity: error\n    summary: s\n    docs: {{what: w, why: y, example: e, use_instead: u}}\n"
    "    {check}\n"
)


@pytest.mark.parametrize(
    ("check", "ja"),
    [
        (
            "check: {where: a, expect: {matches: '(?=a)b'}, message: m}",
            "check.expect.matches: 正規表現 '(?=a)b' は 先読み (?=...) を使っていますが、"
            "線形時間の正規表現エンジン（RE2）はこれをサポートしていません。",
        ),
        (
            "check: {where: a, expect: {bogus: 1}, message: m}",
            "check.expect.bogus: 不明な条件です。",
        ),
        (
            "check: {where: a, expect: {equals: 1}, message: '{value} {nope}'}",
            "check.message: 不明なプレースホルダー {nope} です。",
        ),
    ],
)
def test_custom_rule_errors(tmp_path: Path, check: str, ja: str) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(RULE.format(check=check), encoding="utf-8")
    (tmp_path / "app.yaml").write_text("config: {application: {api: {port: 8000}}}\n")
    code, err = run(
        "check", "--no-config", "--policy", str(pack), str(tmp_path / "app.yaml"), "--lang", "ja"
    )
    assert code == 2
    line = err.strip()
    assert line.startswith(f"deploylint: {pack}: rule ORG001: {ja}"), line


def test_custom_rule_expected_phrases(tmp_path: Path) -> None:
    """A pack's message with {expected}: the phrase deploylint writes follows --lang."""
    pack = tmp_path / "p.yaml"
    pack.write_text(
        RULE.format(
            check="check: {where: config.application.api.port, expect: {in: [80, 443]}, "
            "message: {en: 'port {value}: expected {expected}', ja: 'ポート {value}: {expected}'}}"
        ),
        encoding="utf-8",
    )
    (tmp_path / "app.yaml").write_text("config: {application: {api: {port: 8000}}}\n")
    args = ("check", "--no-config", "--policy", str(pack), str(tmp_path / "app.yaml"))
    result = CliRunner().invoke(app, [*args, "--lang", "ja"], env=ENV)
    assert "80, 443 のいずれか" in result.stdout, result.output
    result = CliRunner().invoke(app, [*args, "--lang", "en"], env=ENV)
    assert "one of 80, 443" in result.stdout, result.output
