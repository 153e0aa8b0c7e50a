"""DL904 in Japanese (issue 20): the collector's own reasons (what AWS or the reply was)
follow --lang, through the real CLI, the real SDK and a fault-injecting proxy in front of a
moto server; the setup errors of a live read and of `--import` too. Rule IDs, paths and exit
codes are the same in both languages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

from .proxy import FaultProxy
from .stack import Stack

CONFIGS = str(Path(__file__).parent / "configs")
ENV = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8", "NO_COLOR": "1"}
# English words of the collector's reasons and of DL904's own text
ENGLISH = re.compile(r"\b(not the service|could not|answered|reply|budget|read timeout|after)\b")


@pytest.fixture
def proxy(moto_endpoint: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_endpoint).running() as running:
        yield running


def drift(endpoint: str, lang: str, *extra: str, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(
        app,
        [
            *("drift", CONFIGS, "--env", "production", "--live", "--endpoint-url", endpoint),
            *("--format", "json", "--no-config", "--lang", lang, *extra),
        ],
        env={**ENV, **(env or {})},
    )
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)


def test_a_login_page_reply_is_japanese(proxy: FaultProxy, pristine: Stack) -> None:
    proxy.faults["DescribeAlarms"] = "html200"
    ja = drift(proxy.url, "ja")
    en = drift(proxy.url, "en")
    ((f_ja,), (f_en,)) = ja["findings"], en["findings"]
    assert (
        (f_ja["rule"], f_ja["path"])
        == (f_en["rule"], f_en["path"])
        == (
            "DL904",
            "infrastructure.monitoring.cloudwatch.alarms",
        )
    )
    assert "not the service's reply" in f_en["message"]
    message = f_ja["message"]
    assert "cloudwatch:DescribeAlarms の応答に 'MetricAlarms' がありません" in message
    assert "サービスの応答ではありません" in message
    assert not ENGLISH.search(message), message
    assert {k for k in f_ja if k != "message"} == {k for k in f_en if k != "message"}


def test_an_unparsable_reply_and_a_failing_call_are_japanese(
    proxy: FaultProxy, pristine: Stack, no_backoff: None
) -> None:
    proxy.faults["DescribeSecurityGroups"] = "broken-xml"
    proxy.faults["DescribeDBInstances"] = "html503"
    found = {f["path"]: f["message"] for f in drift(proxy.url, "ja")["findings"]}
    parsed = found["infrastructure.network.security.groups"]
    assert "応答を解析できませんでした（サービスの応答ではありません）" in parsed
    failed = found["architecture.components.database"]
    assert "503（5 回試行後）" in failed, failed  # the code stays as the service sent it
    for message in found.values():
        assert not ENGLISH.search(message), message


def test_the_locale_alone_speaks_japanese(proxy: FaultProxy, pristine: Stack) -> None:
    proxy.faults["ListDomainNames"] = "html200"
    result = CliRunner().invoke(
        app,
        [
            *("drift", CONFIGS, "--env", "production", "--live", "--endpoint-url", proxy.url),
            *("--format", "json", "--no-config"),
        ],
        env={**ENV, "LANG": "ja_JP.UTF-8"},
    )
    (finding,) = json.loads(result.stdout)["findings"]
    assert "サービスの応答ではありません" in finding["message"]


def test_a_part_over_its_budget_is_japanese(
    proxy: FaultProxy, pristine: Stack, tmp_path: Path
) -> None:
    settings = tmp_path / "deploylint.yaml"
    settings.write_text(
        "live:\n  connect-timeout: 1\n  read-timeout: 0.5\n  part-budget: 3\n", encoding="utf-8"
    )
    proxy.faults["DescribeDBInstances"] = "hang"
    result = CliRunner().invoke(
        app,
        [
            *("drift", CONFIGS, "--env", "production", "--live", "--endpoint-url", proxy.url),
            *("--format", "json", "--config", str(settings), "--lang", "ja"),
        ],
        env=ENV,
    )
    assert result.exit_code == 1, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    message = finding["message"]
    assert "読み取りタイムアウト内に応答がありません" in message or (
        "パートの制限時間（3 秒）内に読み取れませんでした" in message
    )
    assert not ENGLISH.search(message), message


def test_setup_errors_of_a_live_read_are_japanese(fake_aws: None) -> None:
    result = CliRunner().invoke(
        app,
        [
            *("drift", CONFIGS, "--env", "production", "--live", "--region", "us-west-2"),
            *("--endpoint-url", "http://127.0.0.1:9", "--no-config", "--lang", "ja"),
        ],
        env=ENV,
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "deploylint: --region us-west-2 は、環境 'production' が宣言しているリージョン "
        "ap-northeast-1（architecture.environments.production.region）と異なります。"
        "--region を外すか、設定を直してください\n"
    )


def test_import_errors_are_japanese(tmp_path: Path) -> None:
    bogus = tmp_path / "config.json"
    bogus.write_text('{"fileVersion": "1.0"}', encoding="utf-8")
    folder = tmp_path / "cli"
    folder.mkdir()
    (folder / "x.json").write_text('{"Nothing": []}', encoding="utf-8")
    out = tmp_path / "snap.json"
    for args, want in (
        (["--from-aws-config", str(bogus)], "AWS Config のスナップショットではありません"),
        (["--from-aws-cli", str(folder)], "認識できる `aws` の describe 出力ではありません"),
    ):
        result = CliRunner().invoke(
            app,
            ["export", *args, "--region", "ap-northeast-1", "-o", str(out), "--lang", "ja"],
            env=ENV,
        )
        assert result.exit_code == 2, result.output
        assert want in result.stderr, result.stderr
