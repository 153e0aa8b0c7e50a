"""DL107's phrases in Japanese (issue 20): every part of the message (the service's naming
rule, the sizes offered, the did-you-mean) follows --lang; English is unchanged."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

CONFIG = (
    "architecture:\n  components:\n"
    "    database: {{engine: PostgreSQL, instance_type: {db}}}\n"
    "    cache: {{engine: Redis, instance_type: {cache}}}\n"
    "    search: {{type: OpenSearch, instance_type: {search}}}\n"
)


def messages(
    lint_json: Callable[..., tuple[int, dict[str, Any]]], lang: str, **types: str
) -> list[str]:
    _, data = lint_json({"a.yaml": CONFIG.format(**types)}, "--lang", lang, "--select", "DL107")
    return sorted(f["message"] for f in data["findings"])


@pytest.mark.parametrize(
    ("types", "ja"),
    [
        (
            {"db": "r5.large", "cache": "cache.r5.large", "search": "r5.large.search"},
            "database の instance_type 'r5.large' は RDS のクラスではありません。RDS のインスタンス"
            "クラスは db. で始まります（例: db.r5.large）。db.r5.large の間違いではありませんか？"
            "（ガイド「2.1 デプロイメント構成」）",
        ),
        (
            {"db": "db.r5.larg", "cache": "cache.r5.large", "search": "r5.large.search"},
            "database の instance_type 'db.r5.larg': RDS for PostgreSQL の db.r5 のサイズは",
        ),
        (
            {"db": "db.r5.large", "cache": "cache.r5.large", "search": "r5.large.elasticsearch"},
            "search の instance_type 'r5.large.elasticsearch' は旧 Elasticsearch API の名前です。"
            "OpenSearch API では r5.large.search です（ガイド「2.1 デプロイメント構成」）",
        ),
        (
            {"db": "db.r5.large", "cache": "db.r5.large", "search": "r5.large.search"},
            "cache の instance_type 'db.r5.large' は RDS のインスタンスクラスで、cache 用ではありません。",
        ),
    ],
)
def test_japanese(
    lint_json: Callable[..., tuple[int, dict[str, Any]]], types: dict[str, str], ja: str
) -> None:
    (found,) = messages(lint_json, "ja", **types)
    assert found.startswith(ja), found
    assert not re.search(r"\b(is not|offers|did you mean|previous-generation|legacy)\b", found)
    (english,) = messages(lint_json, "en", **types)
    assert english != found and " instance_type " in english
