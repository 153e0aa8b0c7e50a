"""DL001/DL002 in Japanese (issue 20): a JSON syntax reason and a value our parsers refuse
are built from their kind in the language of the run; English is unchanged, the rule and the
position are the same in both."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}


def findings(folder: Path, lang: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        app, ["check", str(folder), "--no-config", "--format", "json", "--lang", lang], env=ENV
    )
    assert result.exit_code == 1, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


@pytest.mark.parametrize(
    ("text", "en", "ja"),
    [
        ('{"a": 1,}', "a trailing comma is not JSON", "末尾のカンマは JSON ではありません"),
        (
            "{'a': 1}",
            "single-quoted strings are not JSON",
            "単一引用符の文字列は JSON ではありません",
        ),
        ('{"a": 1} // x', "comments are not JSON", "コメントは JSON ではありません"),
        ('{"a": tru}', "'tru' is not a JSON value", "'tru' は JSON の値ではありません"),
        ('{"a" 1}', "expected ':' after a key", "キーの後には ':' が必要です"),
        ('{"a": 1', "unexpected end of file", "予期しないファイルの終わりです"),
    ],
)
def test_json_syntax_reasons(tmp_path: Path, text: str, en: str, ja: str) -> None:
    (tmp_path / "config.json").write_text(text, encoding="utf-8")
    (f_en,) = findings(tmp_path, "en")
    (f_ja,) = findings(tmp_path, "ja")
    assert f_en["rule"] == f_ja["rule"] == "DL001"
    assert (f_en["line"], f_en["column"]) == (f_ja["line"], f_ja["column"])
    assert f_en["message"] == f"JSON syntax error: {en}" or str(f_en["message"]).startswith(
        f"JSON syntax error: {en}"
    )
    assert str(f_ja["message"]).startswith(f"JSON の構文エラー: {ja}"), f_ja["message"]
    assert not re.search(r"\b(is not|expected|unexpected|comma)\b", str(f_ja["message"]))


def test_values_the_parsers_refuse(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "architecture:\n  components:\n    storage:\n      lifecycle:\n"
        "        transition: someday\n"
        "infrastructure:\n  monitoring:\n    logs:\n      retention: 36h\n",
        encoding="utf-8",
    )
    en = {f["path"]: f["message"] for f in findings(tmp_path, "en") if f["rule"] == "DL002"}
    ja = {f["path"]: f["message"] for f in findings(tmp_path, "ja") if f["rule"] == "DL002"}
    assert set(en) == set(ja)
    transition = "architecture.components.storage.lifecycle.transition"
    assert en[transition] == (
        f"{transition}: 'someday' is not a lifecycle transition; expected '30日でIA', "
        "'30d to GLACIER' or {days: 30, storage_class: STANDARD_IA}"
    )
    assert ja[transition] == (
        f"{transition}: 'someday' はライフサイクルの移行ではありません。'30日でIA'、"
        "'30d to GLACIER'、または {days: 30, storage_class: STANDARD_IA} で書いてください"
    )
    retention = "infrastructure.monitoring.logs.retention"
    assert en[retention] == f"{retention}: '36h' is not a whole number of days"
    assert ja[retention] == f"{retention}: '36h' は整数の日数ではありません"
