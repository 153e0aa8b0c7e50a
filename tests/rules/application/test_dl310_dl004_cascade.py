"""One mistake, one finding: an added credential key is DL310, not also DL004 (issue 17 §5)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, run_json

POOL = "pool_size: 20, max_overflow: 10, pool_timeout: 30, pool_recycle: 1800"
TOKEN = "ghp_x8Kd7Qm2Lz9Vb4Nw6Rt1Yc3Hf5Jp0Gs8Ua2E"


def _check(tmp_path: Path, old: str, new: str, *args: str) -> list[tuple[str, str, int]]:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert old in text
    base.write_text(text.replace(old, new, 1), "utf-8")
    _, data = run_json(["check", "--no-config", *args, str(root)])
    found: list[dict[str, Any]] = data["findings"]
    return sorted((f["rule"], f["path"], f["line"]) for f in found)


def test_an_added_password_and_token_are_dl310_only(tmp_path: Path) -> None:
    found = _check(tmp_path, POOL, f"{POOL}, password: hunter2-prod-db, api_token: {TOKEN}")
    assert found == [
        ("DL310", "config.database.api_token", 100),
        ("DL310", "config.database.password", 100),
    ]


def test_a_block_holding_only_secrets_is_one_finding_per_secret(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "  security:\n    cors:",
        f"  credentials:\n    github: {TOKEN}\n  security:\n    cors:",
    )
    assert found == [("DL310", "config.credentials.github", 104)]


def test_an_unknown_block_with_more_than_a_secret_keeps_dl004(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "  security:\n    cors:",
        f"  vault:\n    address: https://vault.internal\n    token: {TOKEN}\n  security:\n    cors:",
    )
    assert found == [("DL004", "config.vault", 103), ("DL310", "config.vault.token", 105)]


def test_with_dl310_ignored_the_unknown_key_is_still_reported(tmp_path: Path) -> None:
    found = _check(tmp_path, POOL, f"{POOL}, password: hunter2-prod-db", "--ignore", "DL310")
    assert found == [("DL004", "config.database.password", 100)]


def test_an_unknown_key_that_holds_no_secret_is_dl004(tmp_path: Path) -> None:
    found = _check(tmp_path, POOL, f"{POOL}, pool_size_max: 40")
    assert found == [("DL004", "config.database.pool_size_max", 100)]
