"""DL408 log-format: src/deploylint/rules/monitoring/dl408_log_format.py (from test_dl4xx_monitoring.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Lint, Messages, rule_pack

from .shared import ENVS, STAGING_ONLY, rows

LOG_FORMAT = """
monitoring:
  logs:
    format:
      timestamp: {ts}
      level: {level}
      service: {service}
      request_id: {rid}
"""


GUIDE_FORMAT = {"ts": "ISO8601", "level": "INFO", "service": "required", "rid": "required"}


TS, LEVEL, SERVICE, RID = (4, 18), (5, 14), (6, 16), (7, 19)


@pytest.mark.parametrize(
    ("envs", "changes", "expected"),
    [
        (ENVS, {}, []),
        (ENVS, {"ts": "ISO 8601", "level": "warning", "service": "Required"}, []),
        (ENVS, {"ts": "rfc-3339", "level": "ERROR"}, []),
        (ENVS, {"ts": "epoch"}, [TS]),
        (ENVS, {"ts": "null"}, [TS]),
        (ENVS, {"level": "INFOO"}, [LEVEL]),
        (ENVS, {"level": "TRACE"}, [LEVEL]),
        (ENVS, {"level": "DEBUG"}, [LEVEL]),  # production
        (STAGING_ONLY, {"level": "DEBUG"}, []),  # staging may debug
        (ENVS, {"service": "optional"}, [SERVICE]),
        (ENVS, {"rid": "null"}, [RID]),
    ],
)
def test_dl408_positions(
    lint: Lint, envs: str, changes: dict[str, str], expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": envs, "monitoring.yaml": LOG_FORMAT.format(**{**GUIDE_FORMAT, **changes})}
    assert lint(files, "--select", "DL408") == rows("monitoring.yaml", "DL408", *expected)


def test_dl408_missing_format_is_reported_at_monitoring(lint: Lint) -> None:
    files = {"monitoring.yaml": "monitoring:\n  alerts:\n    channels: {email: ops@acme.co.jp}\n"}
    # timestamp, service and request_id all missing; located at the nearest present key
    assert lint(files, "--select", "DL408") == rows("monitoring.yaml", "DL408", *[(1, 1)] * 3)


def test_dl408_messages(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "monitoring.yaml": LOG_FORMAT.format(
            **{**GUIDE_FORMAT, "ts": "epoch", "level": "DEBUG", "rid": "optional"}
        ),
    }
    assert lint_messages(files, "--select", "DL408") == [
        (
            "DL408",
            "error",
            "log timestamp format 'epoch' is not ISO 8601; expected ISO8601 (or RFC3339) "
            "(guide 6.1)",
        ),
        (
            "DL408",
            "error",
            "log level 'DEBUG' in production logs every debug line (cost, and secrets in "
            "payloads); expected INFO (guide 6.1)",
        ),
        (
            "DL408",
            "error",
            "log format request_id is 'optional'; expected request_id: required, so every "
            "line can be traced to its service and request (guide 6.1)",
        ),
    ]


def test_dl408_unknown_level_suggests_one(lint_messages: Messages) -> None:
    files = {"monitoring.yaml": LOG_FORMAT.format(**{**GUIDE_FORMAT, "level": "WARNIN"})}
    [(_, _, message)] = lint_messages(files, "--select", "DL408")
    assert message.startswith("log level 'WARNIN' is not a known level; did you mean WARNING?")
    assert message.endswith("(guide 6.1)")


def test_dl408_options(lint: Lint, tmp_path: Path) -> None:
    text = LOG_FORMAT.format(**{**GUIDE_FORMAT, "level": "DEBUG", "rid": "optional"})
    files = {"arch.yaml": STAGING_ONLY, "monitoring.yaml": text}
    assert lint(files, "--select", "DL408") == rows("monitoring.yaml", "DL408", RID)
    extra, path = rule_pack(tmp_path, "DL408", "production_environments: [production, staging]")
    assert lint({**files, **extra}, "--select", "DL408", "--policy", path) == rows(
        "monitoring.yaml", "DL408", LEVEL, RID
    )
    extra, path = rule_pack(tmp_path, "DL408", "required_fields: [service]")
    assert lint({**files, **extra}, "--select", "DL408", "--policy", path) == []


# --- issue 9: real wording ----------------------------------------------------------------


def test_dl408_hissu_means_required(lint: Lint) -> None:
    text = LOG_FORMAT.format(**{**GUIDE_FORMAT, "service": "必須", "rid": "' 必須 '"})
    assert lint({"monitoring.yaml": text}, "--select", "DL408") == []
    text = LOG_FORMAT.format(**{**GUIDE_FORMAT, "service": "任意"})
    assert lint({"monitoring.yaml": text}, "--select", "DL408") == rows(
        "monitoring.yaml", "DL408", SERVICE
    )
