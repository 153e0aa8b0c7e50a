"""An empty `.json` file is not a config, as an empty YAML file is not: the file a shell
redirect has just created (`deploylint check --format json . > report.json`) never fails
the run that writes it with a DL001."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, invoke, run_json


def _guide(tmp_path: Path) -> Path:
    for source in (EXAMPLES / "guide").glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_a_redirect_into_the_checked_folder_reads_the_same(tmp_path: Path) -> None:
    root = _guide(tmp_path)
    before, expected = run_json(["check", "--no-config", str(root)])
    command = (
        f"{shlex.quote(sys.executable)} -m deploylint check --no-config --format json . "
        "> report.json"
    )
    proc = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert proc.returncode == before == 1
    assert [f["rule"] for f in report["findings"]] == [f["rule"] for f in expected["findings"]]
    assert "DL001" not in [f["rule"] for f in report["findings"]]


@pytest.mark.parametrize("text", ["", "  \n\t\r\n", "\ufeff\n"], ids=["empty", "blank", "bom"])
def test_an_empty_json_file_is_skipped_as_empty(tmp_path: Path, text: str) -> None:
    root = _guide(tmp_path)
    (root / "out.json").write_text(text, encoding="utf-8")
    _, data = run_json(["check", "--no-config", str(root)])
    assert "DL001" not in [f["rule"] for f in data["findings"]]
    skipped = json.dumps(data["summary"].get("skipped"))
    assert "out.json" in skipped and "empty" in skipped
    named = invoke("check", "--no-config", str(root / "out.json"))
    assert named.exit_code == 2
    assert "no config files" in named.output and "empty" in named.output


def test_a_json_file_with_content_is_still_strict(tmp_path: Path) -> None:
    root = _guide(tmp_path)
    (root / "out.json").write_text(" " * 600 + "{,}", encoding="utf-8")
    _, data = run_json(["check", "--no-config", str(root)])
    assert "DL001" in [f["rule"] for f in data["findings"]]


def test_an_empty_json_file_a_config_extends_is_still_dl001(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_text("", encoding="utf-8")
    (tmp_path / "app.yaml").write_text("extends: base.json\nconfig: {}\n", encoding="utf-8")
    _, data = run_json(["check", "--no-config", str(tmp_path)])
    [finding] = [f for f in data["findings"] if f["rule"] == "DL001"]
    assert finding["file"].endswith("base.json")
    assert "this one is empty" in finding["message"]
