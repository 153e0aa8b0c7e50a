"""DL205 required_public_ports: the load balancer serves HTTPS to the internet (guide 3.1
alb inbound 443 from 0.0.0.0/0), judged where the set declares the network behind it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, rule_pack, run_json, write_files

HTTPS = "            - {port: 443, source: 0.0.0.0/0}\n"
MISSING = (
    "alb does not admit the internet (0.0.0.0/0) on TCP 443; the load balancer serves HTTPS "
    "there (guide 3.1)"
)


def _variant(tmp_path: Path, old: str = HTTPS, new: str = "") -> Path:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert old in text
    base.write_text(text.replace(old, new, 1), "utf-8")
    return root


def _dl205(root: Path, *args: str) -> list[dict[str, Any]]:
    _, data = run_json(["check", "--no-config", "--select", "DL205", *args, str(root)])
    return list(data["findings"])


def test_the_guides_network_passes() -> None:
    assert _dl205(EXAMPLES / "multi-env") == []
    assert _dl205(EXAMPLES / "guide") == []


def test_a_load_balancer_without_443_is_an_error_at_its_inbound_key(tmp_path: Path) -> None:
    (finding,) = _dl205(_variant(tmp_path))
    assert finding["severity"] == "error"
    assert finding["message"] == MISSING
    assert (finding["line"], finding["column"]) == (56, 11)
    assert finding["environment"] == "production,staging"


def test_443_from_ipv6_only_or_a_private_range_is_not_the_internet(tmp_path: Path) -> None:
    for i, source in enumerate(("10.0.0.0/8", "alb-sg")):
        new = f"            - {{port: 443, source: {source}}}\n"
        found = [f["message"] for f in _dl205(_variant(tmp_path / str(i), HTTPS, new))]
        assert MISSING in found, source
    ipv6 = "            - {port: 443, source: '::/0'}\n"
    assert _dl205(_variant(tmp_path / "v6", HTTPS, ipv6)) == []


def test_a_fragment_declaring_only_the_load_balancer_is_not_checked(tmp_path: Path) -> None:
    fragment = (
        "infrastructure:\n  network:\n    security:\n      groups:\n        alb:\n"
        "          inbound:\n            - {port: 80, source: 0.0.0.0/0}\n"
    )
    write_files(tmp_path, {"net.yaml": fragment})
    (finding,) = _dl205(tmp_path)
    assert finding["severity"] == "info"
    assert finding["message"] == (
        "not checked: whether alb admits the internet on TCP 443: the set declares alb but not "
        "the groups behind it (rds, or a group admitting alb-sg) (guide 3.1)"
    )
    assert (finding["line"], finding["column"]) == (6, 11)


def test_a_set_without_the_load_balancers_group_is_not_its_concern(tmp_path: Path) -> None:
    groups = "infrastructure:\n  network:\n    security:\n      groups:\n        rds:\n"
    groups += "          inbound:\n            - {port: 5432, source: ecs-sg}\n"
    write_files(tmp_path, {"net.yaml": groups})
    assert _dl205(tmp_path) == []


def test_an_environment_whose_file_did_not_load_is_not_checked(tmp_path: Path) -> None:
    root = _variant(tmp_path)
    staging = root / "staging" / "app.yaml"
    staging.write_text(staging.read_text("utf-8") + "broken: [\n", "utf-8")
    found = sorted((f["severity"], f["environment"]) for f in _dl205(root))
    assert found == [("error", "production"), ("info", "staging")]
    info = next(f for f in _dl205(root) if f["severity"] == "info")
    assert "a file of this environment did not load" in info["message"]


def test_a_load_balancer_without_inbound_rules_is_dl207s_missing_link(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        "          inbound:\n            - {port: 80, source: 0.0.0.0/0}\n" + HTTPS,
        "          description: the load balancer\n",
    )
    assert _dl205(root) == []


def test_a_team_pack_sets_its_own_required_ports(tmp_path: Path) -> None:
    root = _variant(tmp_path, HTTPS, HTTPS)
    files, policy = rule_pack(
        root, "DL205", "required_public_ports: [443, 8443]\npublic_ports: [80, 443, 8443]"
    )
    write_files(root, files)
    (finding,) = _dl205(root, "--policy", policy)
    assert "on TCP 8443" in finding["message"]
    off = _variant(tmp_path / "off")
    files, policy = rule_pack(off, "DL205", "required_public_ports: []")
    write_files(off, files)
    assert _dl205(off, "--policy", policy) == []


def test_japanese_message(tmp_path: Path) -> None:
    (finding,) = _dl205(_variant(tmp_path), "--lang", "ja")
    assert "443" in finding["message"] and "ガイド「3.1" in finding["message"]
