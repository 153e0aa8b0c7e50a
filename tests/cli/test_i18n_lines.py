"""Issue 20, "every line the CLI prints for people": the ``settings`` table, ``deploylint
test``'s lines and summary, and libyaml's reasons inside DL001 follow ``--lang``; the
setting names, rule IDs, PASS/FAIL/SKIP and the JUnit structure do not."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from deploylint import i18n
from deploylint.sources import loader
from tests.helpers import cli

ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = cli(list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stdout


# --- deploylint settings ------------------------------------------------------------------


def table(out: str) -> dict[str, tuple[str, str]]:
    """setting -> (value, origin): the columns are two spaces apart at least."""
    rows = {}
    for line in out.splitlines():
        key, value, *origin = re.split(r" {2,}", line)
        rows[key] = (value, origin[0] if origin else "")
    return rows


def test_settings_table_in_japanese_and_english(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    settings = team / ".deploylint.yaml"
    settings.write_text("ignore: [DL208]\nexclude: ['old/**']\n", encoding="utf-8")
    args = ["settings", str(team), "--ignore", "DL205", "--select", "DL2"]
    code, ja = run(*args, "--lang", "ja")
    assert code == 0, ja
    rows = table(ja)
    assert rows["settings-file"] == (str(settings), f"{team} かその上位で最も近いもの")
    assert rows["select"] == ("DL2", "オプション --select")
    assert rows["ignore"] == ("DL205, DL208", f"オプション --ignore + ファイル {settings}")
    assert rows["fail-on"] == ("error", "既定")
    assert rows["severity"] == ("（パックの指定）", "既定")
    assert rows["per-path-ignores"] == ("（なし）", "既定")
    assert rows["lang"] == ("ja", "オプション --lang")
    assert rows["include"] == ("（すべてのファイル）", "既定")
    assert rows["exclude"] == ("old/**", f"ファイル {settings}")
    # nothing of the English words is left around the names and values
    words = re.compile(r"\b(default|flag|file|locale|every|none|nearest|pack's)\b")
    assert not [r for r in rows.values() if words.search(r[0] + r[1].replace(str(team), ""))]
    # the origins stand in one column: Japanese values are two cells wide
    starts = {
        i18n.cells(line[: line.rindex(origin)])
        for line, (_v, origin) in zip(ja.splitlines(), rows.values(), strict=True)
    }
    assert len(starts) == 1, ja

    code, en = run(*args, "--lang", "en", env={"LANG": "ja_JP.UTF-8"})
    assert code == 0, en
    rows = table(en)
    assert rows["settings-file"] == (str(settings), f"nearest at or above {team}")
    assert rows["select"] == ("DL2", "flag --select")
    assert rows["ignore"] == ("DL205, DL208", f"flag --ignore + file {settings}")
    assert rows["severity"] == ("(pack's)", "default")
    assert rows["include"] == ("(every file)", "default")
    assert rows["lang"] == ("en", "flag --lang")


def test_settings_defaults_and_the_locale(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, ja = run("settings", str(empty), "--no-config", env={"LANG": "ja_JP.UTF-8"})
    assert code == 0, ja
    rows = table(ja)
    assert rows["settings-file"][0] == "（なし: 既定値を使用）"
    assert rows["select"] == ("（すべてのルール）", "既定")
    assert rows["lang"] == ("ja", "ロケール")
    code, en = run("settings", str(empty), "--no-config")
    rows = table(en)
    assert rows["settings-file"][0] == "(none: defaults)"
    assert rows["select"] == ("(every rule)", "default")
    assert rows["ignore"] == ("(none)", "default")
    assert rows["lang"] == ("en", "locale")
    # the settings' names are the same in both languages
    assert list(rows) == list(table(ja))


# --- deploylint test ----------------------------------------------------------------------

PACK = """\
name: team
extends: guide
prefix: ORG
rules:
  ORG001:
    name: no-burstable
    severity: error
    summary: No burstable classes
    docs:
      what: w
      why: y
      example: |
        architecture:
          components:
            cache: {type: ElastiCache, engine: Redis, instance_type: cache.r6g.large}
      use_instead: |
        architecture:
          components:
            cache: {type: ElastiCache, engine: Redis, instance_type: cache.t4g.medium}
    check:
      where: architecture.components.*.instance_type
      expect: {not: {matches: '^cache\\.t4g\\.'}}
      message: "{value} is burstable"
  ORG002:
    name: no-micro
    severity: error
    summary: No micro classes
    docs:
      what: w
      why: y
      example: |
        architecture:
          components:
            cache: {type: ElastiCache, engine: Redis, instance_type: cache.t4g.micro}
      use_instead: |
        architecture:
          components:
            cache: {type: ElastiCache, engine: Redis, instance_type: cache.r6g.large}
    check:
      where: architecture.components.*.instance_type
      expect: {not: {matches: 'micro$'}}
      message: "{value} is too small"
"""


@pytest.fixture
def pack(tmp_path: Path) -> str:
    path = tmp_path / "team.yaml"
    path.write_text(PACK, encoding="utf-8")
    return str(path)


def test_pack_test_lines_in_japanese_and_english(pack: str) -> None:
    args = ["test", pack, "--no-config", "--rule", "ORG", "--rule", "DL011"]
    code, ja = run(*args, "--lang", "ja")
    assert code == 1, ja
    assert ja.splitlines() == [
        "SKIP DL011 stale-baseline-entry: この方法ではテストできません: 例は設定ではなく"
        "ベースラインのエントリです。tests/findings/test_baseline.py で検証しています",
        "FAIL ORG001 no-burstable: example: ORG001 の指摘が出ません（出る必要があります）／"
        "use_instead: ORG001 の指摘が出ます（出てはいけません）: 3 行目: "
        "cache.t4g.medium is burstable",
        "PASS ORG002 no-micro（2 ケース）",
        "3 件のルール: 成功 1、失敗 1、この方法ではテストできないもの 1",
    ]
    code, en = run(*args, "--lang", "en", env={"LANG": "ja_JP.UTF-8"})
    assert code == 1, en
    assert en.splitlines() == [
        "SKIP DL011 stale-baseline-entry: not testable this way: its example is a baseline "
        "entry, not a config; tests/findings/test_baseline.py covers it",
        "FAIL ORG001 no-burstable: example: gives no ORG001 finding (it must); "
        "use_instead: gives a ORG001 finding (it must not): line 3: "
        "cache.t4g.medium is burstable",
        "PASS ORG002 no-micro (2 cases)",
        "3 rules: 1 passed, 1 failed, 1 not testable this way",
    ]


def test_one_rule_is_singular(pack: str) -> None:
    _code, en = run("test", pack, "--no-config", "--rule", "ORG002", "--lang", "en")
    assert en.splitlines()[-1] == "1 rule: 1 passed, 0 failed, 0 not testable this way"
    _code, ja = run("test", pack, "--no-config", "--rule", "ORG002", "--lang", "ja")
    assert ja.splitlines()[-1] == "1 件のルール: 成功 1、失敗 0、この方法ではテストできないもの 0"


def junit_shape(text: str) -> tuple[list[tuple[str, dict[str, str]]], list[str]]:
    """Every element with its attributes but ``message``, and the messages apart."""
    root = ET.fromstring(text)
    shape, messages = [], []
    for element in root.iter():
        attrs = dict(element.attrib)
        if "message" in attrs:
            messages.append(attrs.pop("message"))
        shape.append((element.tag, attrs))
    return shape, messages


def test_junit_keeps_its_structure_in_every_language(pack: str) -> None:
    args = ["test", pack, "--no-config", "--rule", "ORG", "--rule", "DL011", "-f", "junit"]
    _code, ja = run(*args, "--lang", "ja")
    _code, en = run(*args, "--lang", "en")
    ja_shape, ja_messages = junit_shape(ja)
    en_shape, en_messages = junit_shape(en)
    assert ja_shape == en_shape
    names = [attrs["name"] for tag, attrs in en_shape if tag == "testcase"]
    assert names == ["DL011 stale-baseline-entry", "ORG001 no-burstable", "ORG002 no-micro"]
    assert [tag for tag, _a in en_shape if tag in ("skipped", "failure")] == ["skipped", "failure"]
    # the skip's and the failure's message are for people: they follow --lang
    assert en_messages[1].startswith("example: gives no ORG001 finding (it must)")
    assert ja_messages[1].startswith("example: ORG001 の指摘が出ません")
    assert ja_messages[0].startswith("例は設定ではなくベースラインのエントリです")


# --- DL001: libyaml's reasons -------------------------------------------------------------

BROKEN = {
    "values.yaml": (
        "a: b: c\n",
        "この位置にはマッピングの値（':'）を置けません",
        "mapping values are not allowed in this context",
    ),
    "token.yaml": (
        "x: @y\n",
        "トークンを始められない文字があります（次のトークンの読み取り中）",
        "found character that cannot start any token (while scanning for the next token)",
    ),
    "key.yaml": (
        "k: v\n- a\n",
        "必要なキーが見つかりません（ブロックマッピングの解析中）",
        "did not find expected key (while parsing a block mapping)",
    ),
    "flow.yaml": (
        "{a: b\n",
        "必要な ',' または '}' が見つかりません（フローマッピングの解析中）",
        "did not find expected ',' or '}' (while parsing a flow mapping)",
    ),
    "quoted.yaml": (
        "a: 'x\n",
        "予期しないところでストリームが終わっています（引用符付きスカラーの読み取り中）",
        "found unexpected end of stream (while scanning a quoted scalar)",
    ),
}


def test_yaml_syntax_reasons_in_japanese_and_english(tmp_path: Path) -> None:
    for name, (text, _ja, _en) in BROKEN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    args = ["check", str(tmp_path), "--no-config", "--format", "json"]
    found = {}
    for lang in ("ja", "en"):
        code, out = run(*args, "--lang", lang)
        assert code == 1, out
        found[lang] = {
            Path(f["file"]).name: (f["rule"], f["line"], f["column"], f["message"])
            for f in json.loads(out)["findings"]
        }
    for name, (_text, ja, en) in BROKEN.items():
        assert found["ja"][name][3] == f"YAML の構文エラー: {ja}", name
        assert found["en"][name][3] == f"YAML syntax error: {en}", name
        # the rule and the place are the same in both languages
        assert found["ja"][name][:3] == found["en"][name][:3]
        assert found["ja"][name][0] == "DL001"


def test_yaml_syntax_reason_in_the_text_report(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("a: b: c\n", encoding="utf-8")
    code, out = run("check", str(tmp_path), "--no-config", "--lang", "ja")
    assert code == 1
    assert (
        "config.yaml:1:5: error DL001 yaml-syntax: YAML の構文エラー: "
        "この位置にはマッピングの値（':'）を置けません\n"
    ) in out


def test_every_known_reason_is_translated_and_unknown_ones_stay() -> None:
    with i18n.kept():
        i18n.set_language("en")
        english = {text: loader.yaml_reason(text) for text in loader._YAML_TEXTS}
        assert english == {text: text for text in loader._YAML_TEXTS}  # the parser's own text
        i18n.set_language("ja")
        japanese = {text: loader.yaml_reason(text) for text in loader._YAML_TEXTS}
        assert not [t for t, shown in japanese.items() if shown == t or not shown], japanese
        # a text the parsers may write one day is shown as written, never dropped
        assert loader.yaml_reason("found something new") == "found something new"
        # the pure-Python parser names what it found
        assert (
            loader.yaml_reason("expected <block end>, but found '<block mapping start>'")
            == "ブロックの終わり（<block end>）が必要ですが、'<block mapping start>' があります"
        )
        assert (
            loader.yaml_reason("found character '@' that cannot start any token")
            == "トークンを始められない文字 '@' があります"
        )
        i18n.set_language("en")
        assert (
            loader.yaml_reason("expected <block end>, but found '<scalar>'")
            == "expected <block end>, but found '<scalar>'"
        )
