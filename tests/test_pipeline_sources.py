"""Issue 14 §1: a file source and a live source sit behind one interface.

``FileSource`` (config files) and ``LiveStateSource`` (a snapshot or AWS) both yield
``Read`` units: per environment an Effective, the findings of reading, the inputs left
out, the parts not read and the config set identity; ``check``, ``check --snapshot`` and
``drift`` read through them, so a file left out is reported the same way by each.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deploylint.cli import app
from deploylint.live.run import LiveSource
from deploylint.model.effective import Effective
from deploylint.settings import Flags, resolve
from deploylint.source import FileSource, LiveStateSource, Read, Source
from deploylint.sources.files import discover

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SNAPSHOT = str(EXAMPLES / "live" / "production.json")


def _settings(tmp: Path):  # type: ignore[no-untyped-def]
    return resolve(Flags(None, None, None, None, None, True), tmp)[0]


def test_both_sources_yield_reads_through_one_interface(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    files: Source = FileSource(discover([str(EXAMPLES / "guide")]))
    live: Source = LiveStateSource(LiveSource(snapshot=SNAPSHOT), [("production", None, None)])
    [declared] = list(files.reads(settings))
    [state] = list(live.reads(settings))
    for read in (declared, state):
        assert isinstance(read, Read)
        assert all(isinstance(eff, Effective) for eff in read.environments.values())
    assert set(declared.environments) == {"production", "staging"}
    assert declared.identity == (EXAMPLES / "guide").resolve().as_posix()
    assert declared.worlds is not None and declared.texts  # files: conflicts, texts
    assert set(state.environments) == {"production"} and state.identity == ""
    assert "production" in state.bound
    # the same rules read either side's model
    assert state.environments["production"].model.architecture is not None


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    root = tmp_path / "configs"
    shutil.copytree(EXAMPLES / "guide", root)
    (root / "package.json").write_text('{"name": "app", "version": "1.0.0"}\n')
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--snapshot", SNAPSHOT, "--env", "production"],
        ["drift", "--snapshot", SNAPSHOT, "--env", "production"],
    ],
)
def test_every_command_reports_the_files_it_left_out(configs: Path, args: list[str]) -> None:
    result = CliRunner().invoke(
        app, [*args, str(configs), "--no-config", "-f", "json", "--exclude", "*/config.yaml"]
    )
    assert result.exit_code in (0, 1), result.output
    skipped = json.loads(result.stdout)["summary"].get("skipped", [])
    files = {Path(entry["file"]).name if isinstance(entry, dict) else entry for entry in skipped}
    assert "package.json" in str(skipped), skipped
    assert files  # the file that is not a config is listed in every command's summary
    # the excluded file is not read by any command: no finding points into it
    found = json.loads(result.stdout)["findings"]
    assert not [f for f in found if str(f.get("file") or "").endswith("config.yaml")]
