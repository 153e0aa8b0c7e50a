"""DL005 unsafe-yaml: src/deploylint/rules/input/dl005_unsafe_yaml.py (from test_dl0xx.py)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Lint

from .shared import DL0


def test_dl005_every_non_core_tag_and_nothing_built(tmp_path: Path, lint: Lint) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-pwned"
    files = {
        "app.yaml": f"""
            config:
              application:
                api:
                  host: !!python/object/apply:os.system ["touch {marker}"]
                  port: !custom 8000
                  workers: !!python/name:os.system
              cache: !foo {{timeout: 5}}
              search: {{refresh_interval: !!str 1s}}
            """
    }
    assert lint(files, *DL0) == [
        ("app.yaml", 4, 13, "DL005"),
        ("app.yaml", 5, 13, "DL005"),
        ("app.yaml", 6, 16, "DL005"),
        ("app.yaml", 7, 10, "DL005"),
    ]
    assert not marker.exists()
