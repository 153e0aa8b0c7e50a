"""The HTML and Markdown reports in Japanese (issue 20): every label for people follows
--lang (the DOM's text, read with the standard HTML parser: no browser needed); rule IDs,
severity labels, data attributes and the filter values stay as they are."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

REPO = Path(__file__).resolve().parents[2]
ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}
DRIFT = ["drift", "examples/guide", "--env", "production", "--no-config"]
DRIFT += ["--snapshot", "examples/live/production.json"]


class Dom(HTMLParser):
    """The text a reader sees (not script or style), the <html lang>, every attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.lang = ""
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text.append(data.strip())


def html(args: list[str], lang: str, env: dict[str, str] | None = None) -> Dom:
    result = CliRunner().invoke(
        app, [*args, "--format", "html", "--lang", lang], env={**ENV, **(env or {})}
    )
    assert result.exit_code == 1, result.output
    dom = Dom()
    dom.feed(result.stdout)
    return dom


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


# English labels the report writes for people (rule IDs, names, severities and config text
# are not among them)
LABELS = re.compile(
    r"^(deploylint report|Security groups|Declared vs live|Findings by file|Severity|Rule|"
    r"Environment|all|attribute|declared|live|remediation|rule|name|severity|findings|"
    r"Remediation:|Fix.*:|see also .*|.* findings shown|.*environments: .*|internet|"
    r"load balancer|security group|No findings\.)$"
)


def test_html_labels_in_japanese() -> None:
    ja = html(DRIFT, "ja")
    en = html(DRIFT, "en")
    assert (ja.lang, en.lang) == ("ja", "en")
    english = [t for t in ja.text if LABELS.match(t)]
    assert not english, english
    assert [t for t in en.text if LABELS.match(t)]  # the pattern does match the English report
    text = set(ja.text)
    for label in (
        "deploylint レポート",
        "セキュリティグループ",
        "宣言と実環境",
        "ファイルごとの指摘",
        "対処",
        "属性",
        "宣言",
        "実環境",
        "インターネット",
        "ロードバランサー",
    ):
        assert label in text, label
    assert "8 件中 8 件の指摘を表示" in text
    assert any(t.startswith("修正") for t in text)
    # machine parts: the same attributes (classes, filters, data-*), the same severity labels
    assert {(t, k) for t, k, _ in ja.attrs} == {(t, k) for t, k, _ in en.attrs}
    machine = ("class", "data-filter", "data-rule", "data-severity", "data-env", "data-kind")
    assert [a for a in ja.attrs if a[1] in machine] == [a for a in en.attrs if a[1] in machine]
    filters = [v for t, k, v in ja.attrs if k == "data-filter"]
    assert filters == ["severity", "rule", "env"]
    assert "error" in ja.text and "DL901" in ja.text


def test_html_by_the_locale_and_the_filter_template() -> None:
    ja = html(DRIFT, "ja")
    by_locale = html(DRIFT, "ja", {"LANG": "ja_JP.UTF-8"})
    assert ja.text == by_locale.text
    template = [v for t, k, v in ja.attrs if k == "data-template"]
    assert template == ["{total} 件中 {shown} 件の指摘を表示"]  # what the script fills in


def test_markdown_has_no_english_labels() -> None:
    result = CliRunner().invoke(app, [*DRIFT, "--format", "markdown", "--lang", "ja"], env=ENV)
    out = result.stdout
    assert ("(absent)" not in out and "（なし）" in out) or "(absent)" not in out
    for english in ("Declared vs live", "Findings by file", "Remediation for", "see also"):
        assert english not in out
    assert "宣言と実環境" in out
