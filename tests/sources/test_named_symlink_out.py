"""A file named on the command line that is a symlink leading out of the config root (or
sits below a symlinked folder that does) is skipped visibly, as it is when its folder is
named: nothing outside the root is read or echoed, whichever way the path is typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, invoke

SECRET = "infrastructure:\n  leaked_secret_key: hunter2\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``repo/`` (a config root: its settings file) with the guide in ``cfg/``, a symlink
    ``cfg/evil.yaml`` to a file outside and ``cfg/outlink`` to a folder outside."""
    root = tmp_path / "repo"
    cfg = root / "cfg"
    cfg.mkdir(parents=True)
    (root / ".deploylint.yaml").write_text("{}\n", encoding="utf-8")
    for source in (EXAMPLES / "guide").glob("*.yaml"):
        (cfg / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.yaml").write_text(SECRET, encoding="utf-8")
    (cfg / "evil.yaml").symlink_to(outside / "evil.yaml")
    (cfg / "outlink").symlink_to(outside, target_is_directory=True)
    return root


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("cfg/evil.yaml", "cfg/evil.yaml"),
        ("./cfg/../cfg/evil.yaml", "cfg/evil.yaml"),
        ("cfg/outlink/evil.yaml", "cfg/outlink/evil.yaml"),
        ("ABS/cfg/evil.yaml", "ABS/cfg/evil.yaml"),
    ],
)
def test_a_named_symlink_out_of_the_root_is_a_visible_skip(
    repo: Path, monkeypatch: pytest.MonkeyPatch, typed: str, shown: str
) -> None:
    monkeypatch.chdir(repo)
    typed, shown = (t.replace("ABS", str(repo)) for t in (typed, shown))
    result = invoke("check", "--format", "json", typed)
    data = json.loads(result.stdout)
    assert "leaked_secret_key" not in result.output and "hunter2" not in result.output
    assert all(not f["file"].endswith("evil.yaml") for f in data["findings"])
    assert {"file": shown, "reason": "a symlink leading outside the config root; not read"} in (
        data["summary"]["skipped"]
    )
    text = invoke("check", typed)
    assert f"skipped {shown}: a symlink leading outside the config root" in text.stderr
    assert "leaked_secret_key" not in text.output


def test_a_named_symlink_inside_the_root_is_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    (repo / "cfg" / "inlink.yaml").symlink_to(repo / "cfg" / "config.yaml")
    _, rows = _rules(invoke("check", "--format", "json", "cfg/inlink.yaml").stdout)
    assert "DL302" in rows


def _rules(stdout: str) -> tuple[dict[str, object], list[str]]:
    data = json.loads(stdout)
    return data, [f["rule"] for f in data["findings"]]
