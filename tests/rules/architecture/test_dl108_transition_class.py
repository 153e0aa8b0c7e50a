"""DL108 transition_to: the storage moves objects to IA, as the guide's '30日でIA' (guide 2.1)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.helpers import EXAMPLES, rule_pack, run_json, write_files

LIFECYCLE = "      lifecycle:\n        transition: 30日でIA\n        expiration: 365日\n"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "set"
    shutil.copytree(EXAMPLES / "multi-env", root)
    base = root / "base.yaml"
    text = base.read_text("utf-8")
    assert old in text
    base.write_text(text.replace(old, new, 1), "utf-8")
    return root


def _dl108(root: Path, *args: str) -> list[dict[str, Any]]:
    _, data = run_json(["check", "--no-config", "--select", "DL108", *args, str(root)])
    return list(data["findings"])


def _team(root: Path, options: str) -> str:
    files, policy = rule_pack(root, "DL108", options)
    write_files(root, files)
    return policy


def test_the_guides_lifecycle_passes() -> None:
    assert _dl108(EXAMPLES / "multi-env") == []
    assert _dl108(EXAMPLES / "guide") == []


def test_a_transition_to_glacier_is_not_the_guides_ia(tmp_path: Path) -> None:
    root = _variant(tmp_path, "transition: 30日でIA", "transition: 30日でGLACIER")
    (finding,) = _dl108(root)
    assert finding["severity"] == "error"
    assert (finding["line"], finding["column"]) == (39, 21)
    assert finding["message"].startswith(
        "lifecycle transition to GLACIER; the policy moves objects to STANDARD_IA, e.g. '30日でIA'"
    )
    assert finding["message"].endswith("(guide 2.1)")


def test_a_mapping_transition_is_reported_at_its_class(tmp_path: Path) -> None:
    root = _variant(
        tmp_path, "transition: 30日でIA", "transition: {days: 30, storage_class: ONEZONE_IA}"
    )
    (finding,) = _dl108(root)
    assert (finding["line"], finding["column"]) == (39, 47)


def test_a_storage_without_lifecycle_is_reported_at_the_storage(tmp_path: Path) -> None:
    (finding,) = _dl108(_variant(tmp_path, LIFECYCLE, ""))
    assert (finding["line"], finding["column"]) == (35, 5)
    assert finding["message"] == (
        "the S3 storage has no lifecycle; expected a transition to STANDARD_IA, e.g. lifecycle: "
        "{transition: 30日でIA, expiration: 365日}: without it every object stays in STANDARD "
        "for ever (guide 2.1)"
    )


def test_a_lifecycle_without_transition_is_reported_at_the_lifecycle(tmp_path: Path) -> None:
    (finding,) = _dl108(_variant(tmp_path, "        transition: 30日でIA\n", ""))
    assert (finding["line"], finding["column"]) == (38, 7)
    assert (
        "the S3 lifecycle has no transition; expected a transition to STANDARD_IA"
        in (finding["message"])
    )


def test_a_transition_the_schema_refuses_is_not_also_missing(tmp_path: Path) -> None:
    root = _variant(tmp_path, "transition: 30日でIA", "transition: soon")
    _, data = run_json(["check", "--no-config", "--select", "DL002,DL108", str(root)])
    assert [f["rule"] for f in data["findings"]] == ["DL002"]


def test_a_storage_that_is_not_s3_needs_no_lifecycle(tmp_path: Path) -> None:
    root = _variant(
        tmp_path, "      type: S3\n      storage_class: STANDARD\n" + LIFECYCLE, "      type: EFS\n"
    )
    assert _dl108(root) == []


def test_a_team_pack_names_its_own_class_or_turns_the_requirement_off(tmp_path: Path) -> None:
    root = _variant(tmp_path, "transition: 30日でIA", "transition: 90日でGLACIER_IR")
    assert _dl108(root, "--policy", _team(root, "transition_to: [GLACIER_IR]")) == []
    (finding,) = _dl108(root, "--policy", _team(root, "transition_to: [STANDARD_IA, ONEZONE_IA]"))
    assert "the policy moves objects to STANDARD_IA, ONEZONE_IA" in finding["message"]
    bare = _variant(tmp_path / "b", LIFECYCLE, "")
    assert (
        _dl108(
            bare, "--policy", str(bare / Path(_team(bare, "transition_to: null")).relative_to(bare))
        )
        == []
    )


def test_an_invalid_class_is_one_finding_not_two(tmp_path: Path) -> None:
    (finding,) = _dl108(_variant(tmp_path, "transition: 30日でIA", "transition: 30 to STANDARD"))
    assert "S3 lifecycle cannot transition objects to it" in finding["message"]


def test_japanese_message(tmp_path: Path) -> None:
    (finding,) = _dl108(_variant(tmp_path, LIFECYCLE, ""), "--lang", "ja")
    assert finding["message"].startswith("S3 のストレージにライフサイクルがありません")
