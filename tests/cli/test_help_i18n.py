"""`--help` in Japanese (issue 20): --lang ja among the arguments, or a Japanese locale,
gives every command's help, every option's help and click's own words (Usage, headings,
[default: ...]) in Japanese; option names, metavars and choices stay as typed."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from deploylint import i18n
from deploylint.cli import app
from tests.helpers import REPO, subprocess_run

ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "120"}
COMMANDS = ("check", "drift", "settings", "rules", "rule", "test", "schema", "export")


def helps(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={**ENV, **(env or {})})
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def english_helps(name: str) -> list[str]:
    """The English help texts of a command and of its options, as typer holds them."""
    group = typer.main.get_command(app)
    command = group.commands[name]  # type: ignore[attr-defined]
    texts = [command.help or ""]
    texts += [getattr(p, "help", None) or "" for p in command.params]
    return [t.split("{")[0].strip() for t in texts if t.strip()]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_text_is_japanese(command: str) -> None:
    ja = helps(command, "--lang", "ja")
    en = helps(command, "--lang", "en")
    assert ja.startswith(f"使い方: deploylint {command} ")
    assert "オプション:" in ja and "Options:" not in ja and "Usage:" not in ja
    assert flat("Show this message and exit.") not in flat(ja)
    assert "このメッセージを表示して終了します。" in ja
    left = [t for t in english_helps(command) if len(t) > 12 and flat(t)[:40] in flat(ja)]
    assert not left, left
    assert all(flat(t)[:40] in flat(en) for t in english_helps(command) if len(t) > 12)
    # what the user types is the same in both languages
    options = sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", en)))
    assert options == sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", ja))) or set(
        options
    ) <= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", ja))


def test_the_locale_and_the_override() -> None:
    ja = helps("check", "--lang", "ja")
    assert helps("check", env={"LANG": "ja_JP.UTF-8"}) == ja
    assert helps("check", "--lang", "en", env={"LANG": "ja_JP.UTF-8"}) == helps("check")
    assert "Usage: deploylint check" in helps("check")


def test_values_and_defaults_in_japanese_help() -> None:
    ja = "".join(helps("check", "--lang", "ja").split())
    assert "critical,error,warning,info,never（既定:error）" in ja  # the levels, filled in
    assert "[既定:auto]" in ja and "[default:" not in ja
    assert "引数:" in helps("rule", "--lang", "ja")
    root = helps(env={"LANG": "ja_JP.UTF-8"})
    assert helps("--lang", "ja") == root  # the root takes --lang too
    assert "コマンド:" in root
    assert "check 設定ファイルとフォルダー" in flat(root)  # a command's first sentence, whole


def _fits(text: str, columns: int) -> None:
    lines = text.splitlines()
    too_wide = [line for line in lines if i18n.cells(line) > columns]
    assert not too_wide, too_wide
    starts = {line.strip()[:1] for line in lines if line.strip()}
    assert not starts & set("、。）」：:,.)")
    assert not [line for line in lines if line.rstrip().endswith(("（", "「"))]


@pytest.mark.parametrize("command", ["check", "drift", "export"])
def test_japanese_help_fits_the_terminal(command: str) -> None:
    """click wraps by characters; a Japanese character takes two cells, so the formatter
    wraps by cells, between characters, never before a closing punctuation mark (typer's
    runner sets the width to 80)."""
    text = helps(command, "--lang", "ja")
    _fits(text, 80)
    if command == "check":  # nothing is lost in the wrapping
        assert "この重大度以上の指摘で終了コード 1" in "".join(t.strip() for t in text.splitlines())


def test_japanese_help_in_a_narrow_terminal() -> None:
    proc = subprocess_run(
        "check", "--help", "--lang", "ja", cwd=REPO, env={"COLUMNS": "60", "LANG": "C.UTF-8"}
    )
    assert proc.returncode == 0, proc.stderr
    _fits(proc.stdout, 60)
