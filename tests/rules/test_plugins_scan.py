"""The plugin scan's shortcut (rules/plugins.py ``_entry_points``): the packages' entry
points are parsed only when one names the group, and it finds what importlib's own scan of
the group finds, whatever the installed packages declare."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest

from deploylint.rules.plugins import GROUP, _entry_points

# entry_points.txt texts: the group, another group whose name starts with it, a mention of
# the group's name in a value only, the group twice over two packages
CASES = {
    "none": {},
    "group": {"acme": "[deploylint.rules]\nacme101 = acme.rules:RULE\n"},
    "longer-name": {"acme": "[deploylint.rules.extra]\nx = acme.extra\n"},
    "value-only": {"acme": "[console_scripts]\nacme = deploylint.rules.x:main\n"},
    "two": {
        "acme": "[deploylint.rules]\nacme101 = acme.rules:RULE\n",
        "beta": "[console_scripts]\nbeta = beta:main\n\n[deploylint.rules]\nb1 = beta.b1\n",
    },
}


def _install(root: Path, packages: dict[str, str]) -> None:
    for name, text in packages.items():
        info = root / f"{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(text, encoding="utf-8")


def _key(eps: Iterable[EntryPoint]) -> list[tuple[str, str, str]]:
    return sorted((e.name, e.value, e.group) for e in eps)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_shortcut_finds_what_importlib_finds(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tmp_path, CASES[case])
    monkeypatch.syspath_prepend(str(tmp_path))
    found = _key(_entry_points())
    assert found == _key(entry_points(group=GROUP))
    expected = {"none": 0, "group": 1, "longer-name": 0, "value-only": 0, "two": 2}[case]
    assert len(found) == expected
