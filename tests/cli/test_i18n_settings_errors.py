"""A settings file's errors are usage errors: in the run's language, the same in shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, subprocess_run

CASES = [
    ("selct: [DL2]\n", (), "selct: unknown setting", "selct: 不明な設定です"),
    (
        "select: [DL209x]\n",
        (),
        "select: unknown rule 'DL209x'; did you mean DL209 (port-range)?",
        "select: 不明なルール 'DL209x'。DL209（port-range）のことですか？",
    ),
    (
        "{}\n",
        ("--fail-on", "x"),
        "fail-on 'x': choose one of critical, error, warning, info, never",
        "fail-on 'x': critical, error, warning, info, never のいずれかを指定してください",
    ),
    ("- a\n", (), "settings are a mapping", "設定はマッピングで書きます"),
]


@pytest.mark.parametrize(("text", "flags", "english", "japanese"), CASES)
def test_settings_errors_follow_the_language(
    tmp_path: Path, text: str, flags: tuple[str, ...], english: str, japanese: str
) -> None:
    (tmp_path / ".deploylint.yaml").write_text(text, encoding="utf-8")
    target = str(EXAMPLES / "multi-env")
    en = subprocess_run("check", *flags, "--lang", "en", target, cwd=tmp_path)
    ja = subprocess_run("check", *flags, "--lang", "ja", target, cwd=tmp_path)
    assert (en.returncode, ja.returncode) == (2, 2)
    assert english in en.stderr and en.stderr.count("\n") == 1
    assert japanese in ja.stderr and ja.stderr.count("\n") == 1
