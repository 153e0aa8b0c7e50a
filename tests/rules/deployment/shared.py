"""Edits of the guide's 4.1 process (``tests.helpers.GUIDE``: examples/guide/deployment.yaml
without its first line) shared by the tests of the deployment steps (DL502 order and
requires, DL504 log collection and metrics checks).

GUIDE's lines: 17 インフラ更新 (19 Terraformの実行, 20 インフラ変更の確認, 21 ヘルスチェック),
22 アプリケーション更新 (24 ビルド, 25 プッシュ, 26 ECSサービスの更新, 27 ヘルスチェック),
28 データベース更新 (30 マイグレーションの実行, 31 インデックスの更新, 32 統計情報の更新),
34 post_deployment `steps:`, 35 検証 (37-39), 40 監視設定 (42 アラーム, 43 ログ収集, 44 メトリクス).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import invoke


def action(text: str) -> str:
    """An action line of GUIDE."""
    return f"          - {text}\n"


def replace(old: str, new: str) -> tuple[str, str]:
    """A ``variant`` change: the action ``old`` becomes ``new``."""
    return (action(old), action(new))


def step(name: str, *actions: str) -> str:
    """A step of GUIDE's deployment phase, as the example writes it."""
    return f"      - name: {name}\n        actions:\n" + "".join(action(a) for a in actions)


def fix(folder: Path, *args: str) -> str:
    """``deploylint check --fix --unsafe-fixes`` on ``folder``; its output."""
    return invoke("check", "--no-config", "--fix", "--unsafe-fixes", *args, str(folder)).stdout
