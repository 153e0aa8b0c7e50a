"""DL310 in Japanese (issue 20): the kind of secret is named in Japanese, the provider's name
stays as the provider writes it; the preview and the rule are the same in both languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

TOKENS = {
    "ghp_" + "Zq8Rk2Lm9Xw4Tb7Nc1Vd5Hs3Jf6Gp0Ya8UeQ": ("a GitHub token", "GitHub トークン"),
    "AKIA" + "Q7RZ2M4XK9LWB3TD": ("an AWS access key id", "AWS アクセスキー ID"),
    "-----BEGIN RSA PRIVATE KEY-----\\nMIIEow": ("a PEM private key", "PEM 秘密鍵"),
}


@pytest.mark.parametrize("token", sorted(TOKENS))
def test_kind_names(lint_json: Callable[..., tuple[int, dict[str, Any]]], token: str) -> None:
    config = f'config:\n  environment_variables:\n    production:\n      note: "{token}"\n'
    en_kind, ja_kind = TOKENS[token]
    _, en = lint_json({"a.yaml": config}, "--lang", "en", "--select", "DL310")
    _, ja = lint_json({"a.yaml": config}, "--lang", "ja", "--select", "DL310")
    (f_en,) = en["findings"]
    (f_ja,) = ja["findings"]
    assert f"holds {en_kind} in plain text" in f_en["message"]
    assert ja_kind in f_ja["message"], f_ja["message"]
    assert en_kind not in f_ja["message"]
    assert (f_en["rule"], f_en["line"], f_en["column"]) == (
        f_ja["rule"],
        f_ja["line"],
        f_ja["column"],
    )
