"""DL311 api-host: the API binds 0.0.0.0, the address the load balancer reaches (guide 5.1)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, rule_pack, run_json, write_files

GUIDE_HOST = "api: {host: 0.0.0.0,"


def _variant(tmp_path: Path, host: str) -> Path:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert GUIDE_HOST in text
    base.write_text(text.replace(GUIDE_HOST, f"api: {{host: {host},", 1), "utf-8")
    return root


def _dl311(root: Path, *args: str) -> list[dict[str, Any]]:
    _, data = run_json(["check", "--no-config", "--select", "DL311", *args, str(root)])
    return list(data["findings"])


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("localhost", "loopback"),
        ("'::1'", "loopback"),
        ("10.0.3.17", "single address"),
        ("api.internal", "host name"),
    ],
)
def test_an_address_the_load_balancer_cannot_reach_is_an_error(
    tmp_path: Path, host: str, why: str
) -> None:
    (finding,) = _dl311(_variant(tmp_path, host))
    assert finding["severity"] == "error"
    assert (finding["file"].endswith("base.yaml"), finding["line"]) == (True, 99)
    assert finding["column"] == 17  # the value after `host: `
    assert why in finding["message"]
    assert "expected 0.0.0.0 (guide 5.1)" in finding["message"]


def test_the_guides_own_value_passes(tmp_path: Path) -> None:
    assert _dl311(_variant(tmp_path, "0.0.0.0")) == []
    assert _dl311(EXAMPLES / "guide") == []


def test_ipv6_all_addresses_is_not_the_guides_choice_but_a_team_may_allow_it(
    tmp_path: Path,
) -> None:
    root = _variant(tmp_path, "'::'")
    (finding,) = _dl311(root)
    assert "not an address the policy allows; expected 0.0.0.0" in finding["message"]
    files, policy = rule_pack(root, "DL311", "allowed_hosts: [0.0.0.0, '::']")
    write_files(root, files)
    assert _dl311(root, "--policy", policy) == []


def test_without_the_option_only_unreachable_binds_are_reported(tmp_path: Path) -> None:
    root = _variant(tmp_path, "'::'")
    files, policy = rule_pack(root, "DL311", "allowed_hosts: null")
    write_files(root, files)
    assert _dl311(root, "--policy", policy) == []
    loop = _variant(tmp_path / "b", "127.0.0.1")
    write_files(loop, files)
    (finding,) = _dl311(loop, "--policy", str(loop / Path(policy).relative_to(root)))
    assert "loopback" in finding["message"] and "expected 0.0.0.0" in finding["message"]


def test_a_reference_is_not_checked_and_says_so(tmp_path: Path) -> None:
    (finding,) = _dl311(_variant(tmp_path, "'${API_HOST}'"))
    assert finding["severity"] == "info"
    assert finding["message"].startswith("not checked: api host '${API_HOST}' is a reference")


def test_fix_binds_every_address(tmp_path: Path) -> None:
    root = _variant(tmp_path, "127.0.0.1")
    run_json(["check", "--no-config", "--select", "DL311", "--fix", str(root)])
    assert "api: {host: '0.0.0.0', port: 8000" in (root / "base.yaml").read_text("utf-8")
    assert _dl311(root) == []


def test_japanese_message(tmp_path: Path) -> None:
    (finding,) = _dl311(_variant(tmp_path, "127.0.0.1"), "--lang", "ja")
    assert "ループバックアドレスです" in finding["message"]
    assert "期待値: 0.0.0.0" in finding["message"]
