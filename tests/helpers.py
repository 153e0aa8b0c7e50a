"""What the tests share (import it as ``from tests.helpers import ...``; fixtures stay in the
conftest files): the real CLI in-process (typer's runner) or as a real process, config and
policy-pack writers, the repository's paths and the guide example's known defects.

No test module imports another test module: a helper two test files need lives here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
from click.testing import Result
from jsonschema import FormatChecker
from typer.testing import CliRunner

from deploylint.cli import app

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"

Row = tuple[str, int, int, str]
# What the ``lint`` and ``lint_messages`` fixtures (tests/conftest.py) are, for annotations.
Lint = Callable[..., list[Row]]
Messages = Callable[..., list[tuple[str, str, str]]]

# (file relative to the config root, line, note) of a related place.
Place = tuple[str, int, str]


class Seen(NamedTuple):
    """A finding as a rule test reads it (the ``lint_related`` fixture, tests/rules/conftest.py)."""

    rule: str
    severity: str
    message: str
    related: tuple[Place, ...]


Related = Callable[..., list[Seen]]


# --- the command line ------------------------------------------------------------------


def cli(args: Sequence[str], *, env: dict[str, str] | None = None, input: Any = None) -> Result:
    """Run ``deploylint ARGS`` in-process; a traceback (anything but an exit) fails the test.

    The result has ``exit_code``, ``stdout``, ``stderr`` and ``output``.
    """
    result = CliRunner().invoke(app, list(args), env=env, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def invoke(*args: str, env: dict[str, str] | None = None, input: Any = None) -> Result:
    """:func:`cli` with the arguments spread: ``invoke("check", "--no-config", path)``."""
    return cli(args, env=env, input=input)


def run_json(args: list[str]) -> tuple[int, dict[str, Any]]:
    """``deploylint COMMAND --format json ARGS...``: (exit code, the parsed JSON on stdout)."""
    result = cli([*args[:1], "--format", "json", *args[1:]])
    return result.exit_code, json.loads(result.stdout)


def subprocess_run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 30, **kw: Any
) -> subprocess.CompletedProcess[str]:
    """``python -m deploylint ARGS`` as a real process (where a real process is needed);
    ``kw`` goes to ``subprocess.run`` (``input=...``)."""
    proc = subprocess.run(
        [sys.executable, "-m", "deploylint", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        **kw,
    )
    assert "Traceback" not in proc.stderr
    return proc


# --- SARIF ----------------------------------------------------------------------------

# Every SARIF the suite produces goes through :func:`valid_sarif`: the official 2.1.0
# schema with format checking on (``uri``, ``uri-reference`` through rfc3987), and every
# ``ruleIndex`` pointing at the descriptor with the same ``id``.
# the official SARIF 2.1.0 schema (OASIS), copied so that every clone validates against it
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


@cache
def validator() -> Any:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=FormatChecker())


def valid_sarif(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator().iter_errors(document)
    ]
    assert errors == []
    for run in document["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for result in run["results"]:
            if "ruleIndex" in result:
                assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    return document


# --- files: configs, settings, policy packs --------------------------------------------


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``{relative name: text}`` under ``root`` (text dedented, leading newline dropped)."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def pack(tmp_path: Path, text: str) -> tuple[dict[str, str], str]:
    """A policy pack ``name: custom, extends: guide`` plus ``text`` (YAML), in a hidden folder.

    Returns (files to write, the pack's path). It lives in a hidden folder of the config
    root, which deploylint does not read as config; one file name per content, because
    policies are cached by path within a process.
    """
    body = f"name: custom\nextends: guide\n{text.strip()}\n"
    name = f"custom-{hashlib.sha256(body.encode()).hexdigest()[:12]}.yaml"  # cached by path
    return {f".packs/{name}": body}, str(tmp_path / ".packs" / name)


def rule_pack(tmp_path: Path, rule: str, options: str) -> tuple[dict[str, str], str]:
    """:func:`pack` giving ``options`` (YAML lines) to ``rule``."""
    body = "".join(f"      {line}\n" for line in options.strip().splitlines())
    return pack(tmp_path, f"rules:\n  {rule}:\n    options:\n{body}")


def write_pack(tmp_path: Path, text: str, name: str = "team.yaml") -> str:
    """Write the whole pack ``text`` as ``.packs/NAME`` under ``tmp_path``; return its path."""
    path = tmp_path / ".packs" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- the guide example -----------------------------------------------------------------

# The guide's own defects (issue 3, point 7): exactly these, nothing else at warning or above.
# Line numbers count the `# yaml-language-server: $schema=...` first line (issue 10).
GUIDE_DEFECTS = [
    # OpenSearch "8.0" does not exist; RDS PostgreSQL "15.0" was never released
    ("architecture.yaml", 28, 16, "DL106", "error", "'15.0' cannot exist"),
    ("architecture.yaml", 37, 16, "DL106", "error", "OpenSearch 8.0 does not exist"),
    # example.com placeholders in production
    ("config.yaml", 12, 16, "DL301", "warning", "example.com"),
    ("config.yaml", 13, 16, "DL301", "warning", "example.com"),
    # UA-XXXXXXXXX-X: a Universal Analytics id, and a placeholder in production
    ("config.yaml", 14, 21, "DL302", "error", "placeholder"),
    ("config.yaml", 14, 21, "DL302", "warning", "Universal Analytics"),
    ("config.yaml", 34, 25, "DL307", "warning", "allowed_headers '*'"),
    # 3.1 keeps every stream 30 days; 6.1 wants access 90 and error 365
    ("infrastructure.yaml", 43, 18, "DL405", "error", "kept (access 90, error 365)"),
    # one set of alert channels for both environments: staging pages production's on-call
    # (issue 9, DL411)
    ("monitoring.yaml", 52, 14, "DL411", "warning", "staging alerts go to slack '#alerts-prod'"),
    ("monitoring.yaml", 53, 18, "DL411", "warning", "pagerduty 'prod-service'"),
]


# --- DL501-DL504: the guide's deployment process and the phrase probe ---------------

# The guide's 4.1 process, verbatim (examples/guide/deployment.yaml). Its lines:
#  4 `steps:` of pre_deployment, 7-9 the backups, 12-14 the environment checks,
# 16 `steps:` of deployment, 19 Terraformの実行, 21 ヘルスチェック, 26 ECSサービスの更新,
# 27 ヘルスチェック, 30 マイグレーションの実行, 32 統計情報の更新,
# 34 `steps:` of post_deployment, 37-39 the verifications, 42 アラームの有効化.
# without the example's `# yaml-language-server: $schema=...` line: positions below count from it
GUIDE = (EXAMPLES / "guide" / "deployment.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
ACTION = 13  # column of an action's text
NAME = 15  # column of a step's name
STEPS = 5  # column of a phase's `steps:` key


def variant(*changes: tuple[str, str]) -> str:
    """The guide's process with textual ``(old, new)`` changes, each applied exactly once."""
    text = GUIDE
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def drop(action: str) -> tuple[str, str]:
    return (f"          - {action}\n", "")


# The concepts of the guide pack, by the short names the table uses.
SHORT = {
    "database-snapshot": "db",
    "config-backup": "config",
    "app-data-backup": "data",
    "resource-usage-check": "resources",
    "security-group-check": "sg",
    "certificate-expiry-check": "cert",
    "app-verification": "verify",
    "performance-check": "perf",
    "log-check": "logs",
    "enable-alarms": "alarms",
    "log-collection-check": "collection",
    "metrics-check": "metrics",
}


def probe(phrase: str, snapshot: str = "DBスナップショット") -> str:
    quoted = json.dumps(phrase, ensure_ascii=False)
    return f"""
deployment:
  pre_deployment:
    steps:
      - name: 作業
        actions: [{quoted}]
  deployment:
    steps:
      - name: 更新
        actions: [ECSサービスの更新]
      - name: 作業
        actions: [{quoted}]
      - name: 後
        actions: [{snapshot}]
  post_deployment:
    steps:
      - name: 作業
        actions: [{quoted}]
"""


def named(lint_messages: Messages, phrase: str, *args: str) -> set[str]:
    """The concepts the guide pack reads ``phrase`` as, from the DL5xx findings."""
    # without the snapshot: DL501 stays quiet about a backup that DL502 reports
    found = lint_messages(
        {"deployment.yaml": probe(phrase, "Notify")}, "--select", "DL501,DL503,DL504", *args
    )
    missing = {
        SHORT[m.group(1)]
        for _, _, message in found
        if (m := re.search(r"has no step or action matching '([a-z-]+)'", message))
    }
    concepts = set(SHORT.values()) - missing
    found = lint_messages({"deployment.yaml": probe(phrase)}, "--select", "DL502", *args)
    messages = [message for _, _, message in found]
    if any(m.startswith("backup 'DBスナップショット'") for m in messages):
        concepts.add("migration")
    if any(m.startswith(f"{phrase!r} is not followed") for m in messages):
        concepts.add("update")
    if not any(m.startswith("'ECSサービスの更新' is not followed") for m in messages):
        concepts.add("health")
    return concepts
