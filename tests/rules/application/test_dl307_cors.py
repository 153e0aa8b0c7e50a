"""DL307 cors: src/deploylint/rules/application/dl307_cors.py (from test_dl3xx_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, Related, rule_pack

from .shared import ENVS, STAGING_ONLY

CORS = """
config:
  security:
    cors:
      allowed_origins:
        - {origin}
      allowed_headers: [{header}]
"""


@pytest.mark.parametrize(
    ("envs", "origin", "header", "expected"),
    [
        (ENVS, "https://datasets.acme.co.jp", "Content-Type", []),
        (ENVS, "https://admin.acme.co.jp:8443", "Authorization", []),
        (ENVS, "https://example.com", "Content-Type", []),  # DL301's concern, not CORS's
        (STAGING_ONLY, "http://localhost:3000", "Content-Type", []),
        (ENVS, "'*'", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp/", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp/app", "Content-Type", [(5, 11)]),
        (ENVS, "http://datasets.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "https://Datasets.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp:443", "Content-Type", [(5, 11)]),
        (ENVS, "https://*.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "datasets.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "http://localhost:3000", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp", "'*'", [(6, 25)]),
        (STAGING_ONLY, "https://datasets.acme.co.jp", "'*'", [(6, 25)]),
    ],
)
def test_dl307_positions(
    lint: Lint, envs: str, origin: str, header: str, expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": envs, "config.yaml": CORS.format(origin=origin, header=header)}
    rows = lint(files, "--select", "DL307")
    assert rows == [("config.yaml", line, col, "DL307") for line, col in expected]


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("https://datasets.acme.co.jp/", "has a trailing slash"),
        ("https://datasets.acme.co.jp/app", "has a path"),
        ("https://Datasets.acme.co.jp", "is not lower-case"),
        ("https://datasets.acme.co.jp:443", "names the default port 443"),
        ("http://datasets.acme.co.jp", "uses http://; expected https://host[:port]"),
        ("http://localhost:3000", "is a localhost origin in production"),
        ("https://*.acme.co.jp", "uses a wildcard host, which never matches"),
    ],
)
def test_dl307_origin_messages(lint_messages: Messages, origin: str, expected: str) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": CORS.format(origin=origin, header="Accept")}
    [(rule, severity, message)] = lint_messages(files, "--select", "DL307")
    assert (rule, severity) == ("DL307", "error")
    assert f"allowed origin {origin!r} {expected}" in message and "(guide 5.1)" in message
    if "https://datasets" in origin.lower():
        assert "the browser sends exactly 'https://datasets.acme.co.jp'" in message


def test_dl307_wildcards(lint_related: Related) -> None:
    files = {
        "config.yaml": (
            "config:\n  security:\n    cors:\n      allowed_origins: ['*']\n"
            "      allowed_headers: ['*']\n      allow_credentials: true\n"
        )
    }
    found = lint_related(files, "--select", "DL307")
    assert [(f.rule, f.severity) for f in found] == [("DL307", "error"), ("DL307", "warning")]
    origin, headers = (f.message for f in found)
    assert "allowed_origins '*' with allow_credentials true: " in origin
    assert "credentialed" in origin and "guide 5.1" in origin
    assert found[0].related == (("config.yaml", 6, "allow_credentials is set here"),)
    assert found[1].related == ()
    assert "never covers Authorization" in headers and "credentialed" in headers
    assert "[Content-Type, Authorization]" in headers and "guide 5.1" in headers


@pytest.mark.parametrize(
    ("credentials", "expected"),
    # without credentials '*' lets every method through: the guide's set is the pack's
    # allowed_methods (issue 17 §6)
    [("true", [("warning", 5, 25)]), ("false", [("error", 5, 25)]), (None, [("error", 5, 25)])],
)
def test_dl307_wildcard_methods_with_credentials(
    lint: Lint,
    lint_related: Related,
    credentials: str | None,
    expected: list[tuple[str, int, int]],
) -> None:
    text = (
        "config:\n  security:\n    cors:\n      allowed_origins: [https://datasets.acme.co.jp]\n"
        "      allowed_methods: ['*']\n      allowed_headers: [Content-Type, Authorization]\n"
    )
    if credentials is not None:
        text += f"      allow_credentials: {credentials}\n"
    found = lint_related({"config.yaml": text}, "--select", "DL307")
    assert [f.severity for f in found] == [severity for severity, _, _ in expected]
    rows = lint({"config.yaml": text}, "--select", "DL307")
    assert rows == [("config.yaml", line, col, "DL307") for _, line, col in expected]
    if credentials == "true":
        assert found[0].message.startswith(
            "allowed_methods '*' with allow_credentials true is no wildcard (Fetch standard)"
        )
        assert found[0].related == (("config.yaml", 7, "allow_credentials is set here"),)
    else:
        assert found[0].message == (
            "allowed_methods lets every method through; the policy allows GET, POST, PUT, "
            "DELETE (guide 5.1)"
        )


def test_dl307_production_environments_option(lint: Lint, tmp_path: Path) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": CORS.format(origin="http://localhost:3000", header="Accept"),
    }
    assert lint(files, "--select", "DL307") == [("config.yaml", 5, 11, "DL307")]
    extra, path = rule_pack(tmp_path, "DL307", "production_environments: []")
    assert lint({**files, **extra}, "--select", "DL307", "--policy", path) == []
