"""DL409 log-filters: src/deploylint/rules/monitoring/dl409_log_filters.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Related, rule_pack

from .shared import rows

FILTERS = """
monitoring:
  logs:
    filters:
      exclude: {exclude}
      include: {include}
"""


GUIDE_INCLUDE = "[error, warn, critical]"


@pytest.mark.parametrize(
    ("exclude", "include", "expected"),
    [
        ("[health_check, metrics]", GUIDE_INCLUDE, []),
        ("[health_check, metrics]", "null", []),
        ("[health_check, error]", GUIDE_INCLUDE, [(4, 31)]),
        ("[WARNING]", GUIDE_INCLUDE, [(4, 17)]),
        ("['level=ERROR']", GUIDE_INCLUDE, [(4, 17)]),
        ("[err]", GUIDE_INCLUDE, [(4, 17)]),  # drops every line with "error" in it
        ("['*']", GUIDE_INCLUDE, [(4, 17)]),  # drops everything
        ("[fatal_handler]", "[]", [(4, 17)]),
        ("[debug, health_check]", "[debug, error, warn, critical]", [(4, 17)]),  # both
        ("[metrics, health_check]", "[Health_Check, error, warn, critical]", [(4, 26)]),
        # a non-empty include keeps error, warn and critical (guide 6.1; issue 17 §6)
        ("[health_check, metrics]", "[error, warn]", [(5, 16)]),
        ("[health_check, metrics]", "[debug]", [(5, 16)]),
    ],
)
def test_dl409_positions(
    lint: Lint, exclude: str, include: str, expected: list[tuple[int, int]]
) -> None:
    files = {"monitoring.yaml": FILTERS.format(exclude=exclude, include=include)}
    assert lint(files, "--select", "DL409") == rows("monitoring.yaml", "DL409", *expected)


def test_dl409_messages(lint_related: Related) -> None:
    files = {
        "monitoring.yaml": FILTERS.format(
            exclude="[error, debug]", include="[debug, error, warn, critical]"
        )
    }
    found = lint_related(files, "--select", "DL409")
    assert found == [
        (
            "DL409",
            "warning",
            "log filter excludes 'error', which drops error lines; never exclude error, warn, "
            "critical, fatal (guide 6.1)",
            (),
        ),
        (
            "DL409",
            "warning",
            "log filter pattern 'debug' is both excluded and included; keep it in one list "
            "(guide 6.1)",
            (("monitoring.yaml", 5, "'debug' is included here"),),
        ),
    ]


def test_dl409_never_exclude_option(lint: Lint, tmp_path: Path) -> None:
    files = {
        "monitoring.yaml": FILTERS.format(
            exclude="[health_check, fatal]", include="[error, warn, critical]"
        )
    }
    assert lint(files, "--select", "DL409") == rows("monitoring.yaml", "DL409", (4, 31))
    extra, path = rule_pack(tmp_path, "DL409", "never_exclude: [error, critical]")
    assert lint({**files, **extra}, "--select", "DL409", "--policy", path) == []
