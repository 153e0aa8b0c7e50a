"""Settings: the files (``.deploylint.yaml`` or ``[tool.deploylint]`` in pyproject.toml)
and the resolved :class:`Settings` a run uses.

Files are found by walking up from the current folder (the first folder holding either
wins; ``.deploylint.yaml`` before pyproject.toml). Command-line flags override them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from deploylint.findings.baseline import Key
from deploylint.findings.finding import Severity
from deploylint.live.options import DriftIgnore, DriftOptions, LiveOptions
from deploylint.sources.loader import Limits, load_bytes


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a run: settings files and flags, resolved."""

    select: tuple[str, ...] = ()  # rule IDs or prefixes (DL2, DL20); empty: every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    base: Path | None = None  # the settings file's folder: per-path patterns are relative to it
    policy: str | None = None
    fail_on: Severity | None = Severity.ERROR  # None: never fail on findings
    limits: Limits = field(default_factory=Limits)
    today: date = field(default_factory=date.today)
    jobs: int | None = None  # None: a process pool for large runs, one process otherwise
    live: LiveOptions = field(default_factory=LiveOptions)  # tag keys, name templates
    drift_ignore: tuple[DriftIgnore, ...] = ()
    # globs (relative to ``base``) of the files a run reads; empty include: every file
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    baseline: frozenset[Key] | None = None  # findings with these keys are not reported
    file: Path | None = None  # the settings file in force, if any

    def selected(self, rule_id: str) -> bool:
        if self.select and not any(rule_id.startswith(s) for s in self.select):
            return False
        return not any(rule_id.startswith(s) for s in self.ignore)


class SettingsError(Exception):
    """A settings file that cannot be used; the message names the file and the key."""


class FileSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, str] = Field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-path-ignores")
    policy: str | None = None
    fail_on: str | None = Field(default=None, alias="fail-on")
    max_file_bytes: int | None = Field(default=None, alias="max-file-bytes", gt=0)
    live: LiveOptions = Field(default_factory=LiveOptions)
    drift: DriftOptions = Field(default_factory=DriftOptions)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)


def find_settings(start: Path) -> tuple[FileSettings, Path | None]:
    """The settings in force in ``start``, and the file they came from (None: defaults)."""
    for folder in (start, *start.parents):
        own = folder / ".deploylint.yaml"
        if own.is_file():
            return _from_yaml(own), own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(pyproject)
            if table is not None:
                return _validate(table, pyproject), pyproject
    return FileSettings(), None


def load_settings_file(path: Path) -> FileSettings:
    if path.name == "pyproject.toml":
        return _validate(_tool_table(path) or {}, path)
    return _from_yaml(path)


def _tool_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc}") from None
    table = data.get("tool", {}).get("deploylint")
    return table if isinstance(table, dict) else None


def _from_yaml(path: Path) -> FileSettings:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read settings: {exc.strerror}") from None
    result = load_bytes(raw)
    if result.problems:
        p = result.problems[0]
        raise SettingsError(f"{path}:{p.span[0]}:{p.span[1]}: {p.message}")
    data = result.documents[0].data if result.documents else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: settings are a mapping")
    return _validate(data, path)


def _validate(data: dict[str, Any], path: Path) -> FileSettings:
    try:
        settings = FileSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        what = "unknown setting" if err["type"] == "extra_forbidden" else err["msg"]
        raise SettingsError(f"{path}: {where}: {what}") from None
    if settings.policy and not settings.policy.startswith("builtin") and settings.policy != "guide":
        policy = Path(settings.policy)
        if not policy.is_absolute():
            settings.policy = str(path.parent / policy)
    return settings
