"""The guide's 4.1 process (examples/guide/deployment.yaml) and edits of it, for the DL50x
tests of the deployment steps: real files through the real CLI."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from deploylint.cli import app

from ...conftest import EXAMPLES

# Without the example's first line (`# yaml-language-server: ...`), its lines are:
# 17 インフラ更新 (19 Terraformの実行, 20 インフラ変更の確認, 21 ヘルスチェック),
# 22 アプリケーション更新 (24 ビルド, 25 プッシュ, 26 ECSサービスの更新, 27 ヘルスチェック),
# 28 データベース更新 (30 マイグレーションの実行, 31 インデックスの更新, 32 統計情報の更新),
# 34 post_deployment `steps:`, 35 検証 (37-39), 40 監視設定 (42 アラーム, 43 ログ収集, 44 メトリクス).
GUIDE = (EXAMPLES / "guide" / "deployment.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
ACTION = 13  # column of an action's text
NAME = 15  # column of a step's name


def variant(*changes: tuple[str, str]) -> str:
    """The guide's process with textual ``(old, new)`` changes, each applied exactly once."""
    text = GUIDE
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def action(text: str) -> str:
    return f"          - {text}\n"


def drop(text: str) -> tuple[str, str]:
    return (action(text), "")


def replace(old: str, new: str) -> tuple[str, str]:
    return (action(old), action(new))


def step(name: str, *actions: str) -> str:
    return f"      - name: {name}\n        actions:\n" + "".join(action(a) for a in actions)


def pack(tmp_path: Path, text: str) -> tuple[dict[str, str], str]:
    """A policy pack ``extends: guide`` plus ``text`` (YAML), in a hidden folder of the root."""
    body = f"name: custom\nextends: guide\n{text.strip()}\n"
    name = f"custom-{hashlib.sha256(body.encode()).hexdigest()[:12]}.yaml"  # cached by path
    return {f".packs/{name}": body}, str(tmp_path / ".packs" / name)


def fix(folder: Path, *args: str) -> str:
    """``deploylint check --fix --unsafe-fixes`` on ``folder``; its output."""
    result = CliRunner().invoke(
        app, ["check", "--no-config", "--fix", "--unsafe-fixes", *args, str(folder)]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.stdout
