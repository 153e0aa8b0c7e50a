"""A run that read no config file at all is the usage error "no config files" (exit 2),
whatever the reason each file was left out: a named file that `exclude` removes, or a
symlink leading out of the root, is no clean pass on its own. `--allow-no-configs` (the
pre-commit hook) makes such a run exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import invoke, write_files

OPEN_SSH = """\
    infrastructure:
      network:
        security:
          groups:
            alb:
              inbound:
                - {port: 22, source: 0.0.0.0/0}
    """


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    write_files(root, {"configs/app.yaml": OPEN_SSH, "scratch/wip.yaml": OPEN_SSH})
    (root / ".deploylint.yaml").write_text("exclude: ['scratch/**']\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text(OPEN_SSH, encoding="utf-8")
    (root / "linked").mkdir()
    (root / "linked" / "x.yaml").symlink_to(outside / "x.yaml")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("named", "why"),
    [
        ("scratch/wip.yaml", "excluded by the settings"),
        ("scratch", ""),  # a folder named: its excluded files are not listed one by one
        ("linked/x.yaml", "outside the config root"),
    ],
)
def test_a_run_that_read_nothing_is_no_config_files(repo: Path, named: str, why: str) -> None:
    result = invoke("check", named)
    assert result.exit_code == 2, result.output
    assert "no config files" in result.stderr and why in result.stderr
    allowed = invoke("check", "--allow-no-configs", named)
    assert allowed.exit_code == 0, allowed.output


def test_a_skip_beside_files_read_is_still_a_visible_skip(repo: Path) -> None:
    result = invoke("check", "configs", "scratch/wip.yaml")
    assert result.exit_code == 1  # configs/app.yaml's findings
    assert "skipped scratch/wip.yaml: excluded by the settings" in result.stderr
