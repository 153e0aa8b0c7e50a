"""`deploylint test` runs each case under the case's own settings: a settings file it finds
(its own, written beside the case, or the repository's) never widens the rules a case runs."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import subprocess_run


def test_a_case_runs_only_its_rule_with_or_without_settings_lookup(tmp_path: Path) -> None:
    # DL009's use_instead suppresses DL205 on a fragment: with every rule run, the
    # suppression would suppress nothing and DL009 would fire on its own good example
    looked_up = subprocess_run("test", "--rule", "DL009", cwd=tmp_path)
    isolated = subprocess_run("test", "--no-config", "--rule", "DL009", cwd=tmp_path)
    assert (looked_up.returncode, isolated.returncode) == (0, 0), looked_up.stdout
    assert looked_up.stdout == isolated.stdout
    assert "PASS DL009" in looked_up.stdout


def test_a_repository_settings_file_does_not_change_a_case(tmp_path: Path) -> None:
    (tmp_path / ".deploylint.yaml").write_text("ignore: [DL009]\n", encoding="utf-8")
    proc = subprocess_run("test", "--rule", "DL009", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "PASS DL009" in proc.stdout
