"""Settings: the files (``.deploylint.yaml`` or ``[tool.deploylint]`` in pyproject.toml)
and the resolved :class:`Settings` a run uses.

Files are found by walking up from the current folder (the first folder holding either
wins; ``.deploylint.yaml`` before pyproject.toml). Command-line flags override them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from deploylint import i18n
from deploylint.findings.baseline import Key
from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, msg
from deploylint.live.options import DriftIgnore, DriftOptions, LiveOptions
from deploylint.sources.loader import Limits, load_bytes

if TYPE_CHECKING:
    from deploylint.rules.rule import Rule


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
    lang: str | None = None  # the settings file's language (--lang and the locale aside)
    flags: Flags | None = None  # the command line: to resolve another folder's settings

    def nearest(self, folder: Path) -> Settings:
        """The settings for files in ``folder``: those of the nearest settings file at or
        above it, all of it (ruff's model), with this run's flags. What shapes the whole
        run (fail-on, jobs, baseline, the date) stays this run's."""
        flags = self.flags
        if flags is None or flags.config is not None or flags.no_config:
            return self
        if settings_file(folder) == self.file:
            return self
        local, _ = resolve(flags, folder)
        return replace(
            local, fail_on=self.fail_on, jobs=self.jobs, baseline=self.baseline, today=self.today
        )

    def selected(self, rule_id: str) -> bool:
        if self.select and not any(rule_id.startswith(s) for s in self.select):
            return False
        return not any(rule_id.startswith(s) for s in self.ignore)


class SettingsError(Exception):
    """A settings file that cannot be used; the message names the file and the key."""


class FileSettings(BaseModel):
    # built when a settings file is first validated (a run without one never needs it)
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

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
    lang: str | None = None  # en or ja: messages, summaries, rule docs (--lang overrides)


def settings_file(start: Path) -> Path | None:
    """The nearest settings file at or above ``start`` (None: none, the defaults apply)."""
    for folder in (start, *start.parents):
        own = folder / ".deploylint.yaml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _tool_table(pyproject) is not None:
            return pyproject
    return None


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
    """A settings file named on ``--config``, read by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".toml":
        table = _tool_table(path)
        if table is None:
            raise SettingsError(msg("{path}: no [tool.deploylint] table", path=path))
        return _validate(table, path)
    if suffix in (".yaml", ".yml"):
        return _from_yaml(path)
    raise SettingsError(
        msg("{path}: a settings file is .yaml, .yml or .toml ([tool.deploylint])", path=path)
    )


def _tool_table(path: Path) -> dict[str, Any] | None:
    import tomllib  # for a .toml settings file only

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(
            msg("{path}: cannot read settings: {reason}", path=path, reason=exc)
        ) from None
    table = data.get("tool", {}).get("deploylint")
    return table if isinstance(table, dict) else None


def _from_yaml(path: Path) -> FileSettings:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SettingsError(
            msg("{path}: cannot read settings: {reason}", path=path, reason=exc.strerror)
        ) from None
    result = load_bytes(raw)
    if result.problems:
        p = result.problems[0]
        raise SettingsError(f"{path}:{p.span[0]}:{p.span[1]}: {p.message}")
    data = result.documents[0].data if result.documents else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(msg("{path}: settings are a mapping", path=path))
    return _validate(data, path)


def _validate(data: dict[str, Any], path: Path) -> FileSettings:
    try:
        settings = FileSettings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        what = _("unknown setting") if err["type"] == "extra_forbidden" else err["msg"]
        raise SettingsError(f"{path}: {where}: {what}") from None
    if settings.policy and not settings.policy.startswith("builtin") and settings.policy != "guide":
        policy = Path(settings.policy)
        if not policy.is_absolute():
            settings.policy = str(path.parent / policy)
    return settings


# --- rule references ----------------------------------------------------------------------


def rule_refs(
    values: Iterable[str],
    where: str,
    prefixes: bool = True,
    rules: Mapping[str, Rule] | None = None,
) -> tuple[str, ...]:
    """Rule IDs, ID prefixes (``DL2``) or names (``open-ingress``) as IDs/prefixes.

    ``rules`` is the registry in force (built-in, plugins', the pack's own; default: the
    built-in and plugin rules). Anything else is a :class:`SettingsError` naming ``where``
    with a did-you-mean: a typo such as ``DL2O5`` must not silently select nothing.
    """
    from deploylint.rules import all_rules

    rules = all_rules() if rules is None else rules
    names = {rule.name: rule.id for rule in rules.values()}
    found: list[str] = []
    for raw in values:
        for value in (v.strip() for v in raw.split(",")):
            if not value:
                continue
            upper, lower = value.upper(), value.lower()
            if lower in names:
                found.append(names[lower])
            elif upper in rules or (prefixes and any(i.startswith(upper) for i in rules)):
                found.append(upper)
            else:
                raise SettingsError(f"{where}: {_unknown_rule(value, rules, names, prefixes)}")
    return tuple(found)


def _unknown_rule(
    value: str, rules: Mapping[str, object], names: Mapping[str, str], prefixes: bool
) -> str:
    upper = value.upper()
    if not prefixes and any(i.startswith(upper) for i in rules):
        example = min(i for i in rules if i.startswith(upper))
        return msg(
            "{value} is a prefix; name one rule (e.g. {example})",
            value=repr(value),
            example=example,
        )
    close = _closest(upper, list(rules)) or [names[n] for n in _closest(value.lower(), list(names))]
    if close:
        return msg(
            "unknown rule {value}; did you mean {rule} ({name})? (`deploylint rules` lists them)",
            value=repr(value),
            rule=close[0],
            name=_name(close[0]),
        )
    return msg("unknown rule {value} (`deploylint rules` lists them)", value=repr(value))


def _closest(word: str, choices: list[str]) -> list[str]:
    """The likeliest meant choice: fewest differing characters, then difflib's ratio."""
    close = difflib.get_close_matches(word, choices, n=len(choices), cutoff=0.8)

    def differing(choice: str) -> int:
        same = len(choice) == len(word)
        return sum(a != b for a, b in zip(choice, word, strict=False)) if same else len(word)

    return sorted(close, key=differing)[:1]


def _name(rule_id: str) -> str:
    from deploylint.rules import all_rules

    return all_rules()[rule_id].name


# --- resolving: files, flags, defaults ----------------------------------------------------

LEVELS = ("critical", "error", "warning", "info", "never")

# Where a setting came from: (kind, name) parts, kind one of file (name: its path), flag
# (name: the flag), default, locale; ``ignore`` may have two (the flag's and the file's).
Origin = tuple[tuple[str, str], ...]
DEFAULT: Origin = (("default", ""),)
_ORIGINS = {
    "file": N_("file {name}"),
    "flag": N_("flag {name}"),
    "default": N_("default"),
    "locale": N_("locale"),
}


@dataclass(frozen=True)
class Flags:
    """The command-line side of the settings (None: not given)."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    policy: str | None = None
    config: Path | None = None
    no_config: bool = False


def resolve(flags: Flags, cwd: Path) -> tuple[Settings, dict[str, Origin]]:
    """The settings a run uses, and where each came from (a file, a flag or the default)."""
    base: Path | None = None
    source: Path | None = None
    if flags.no_config:
        file = FileSettings()
    elif flags.config is not None:
        file = load_settings_file(flags.config)
        source = flags.config
    else:
        file, source = find_settings(cwd)
    if source is not None:
        base = source.resolve().parent
    given = file.model_fields_set
    where: Origin = (("file", str(source)),) if source is not None else DEFAULT
    if file.lang is not None:
        try:
            i18n.parse(file.lang, "lang")
        except i18n.LanguageError as exc:
            raise SettingsError(f"{source}: {exc}") from None

    def origin(flag: object, key: str, name: str) -> Origin:
        if flag:
            return (("flag", name),)
        return where if key in given else DEFAULT

    origins: dict[str, Origin] = {
        "select": origin(flags.select, "select", "--select"),
        "ignore": (
            ((("flag", "--ignore"),) if flags.ignore else ()) + (where if file.ignore else ())
        )
        or DEFAULT,
        "fail-on": origin(flags.fail_on, "fail_on", "--fail-on"),
        "policy": origin(flags.policy, "policy", "--policy"),
        "severity": where if file.severity else DEFAULT,
        "per-path-ignores": where if file.per_path_ignores else DEFAULT,
        "max-file-bytes": where if file.max_file_bytes else DEFAULT,
        "lang": (("flag", "--lang"),)
        if i18n.chosen_by_flag()
        else where
        if file.lang
        else (("locale", ""),),
    }
    level = (flags.fail_on or file.fail_on or "error").lower()
    if level not in LEVELS:
        raise SettingsError(
            msg(
                "fail-on {level}: choose one of {levels}",
                level=repr(level),
                levels=", ".join(LEVELS),
            )
        )
    in_file = f"{source}: " if source is not None else ""
    from deploylint.rules.policy import load_policy

    known = load_policy(flags.policy or file.policy).registry()  # the pack's own rules too
    severities: dict[str, Severity] = {}
    for key, value in file.severity.items():
        [rule_id] = rule_refs([key], f"{in_file}severity", prefixes=False, rules=known) or [key]
        try:
            severities[rule_id] = Severity.parse(value)
        except ValueError as exc:
            raise SettingsError(f"severity: {exc}") from None
    limits = Limits(max_bytes=file.max_file_bytes) if file.max_file_bytes else Limits()
    settings = Settings(
        select=rule_refs(flags.select or [], "--select", rules=known)
        or rule_refs(file.select, f"{in_file}select", rules=known),
        ignore=rule_refs(flags.ignore or [], "--ignore", rules=known)
        + rule_refs(file.ignore, f"{in_file}ignore", rules=known),
        severity=severities,
        per_path_ignores={
            k: rule_refs(v, f"{in_file}per-path-ignores {k!r}", rules=known)
            for k, v in file.per_path_ignores.items()
        },
        base=base or cwd.resolve(),
        policy=flags.policy or file.policy,
        fail_on=None if level == "never" else Severity.parse(level),
        limits=limits,
        live=file.live,
        drift_ignore=tuple(file.drift.ignore),
        include=tuple(file.include),
        exclude=tuple(file.exclude),
        file=source,
        lang=file.lang,
        flags=flags,
    )
    return settings, origins


def origin_text(origin: Origin) -> str:
    """Where a setting came from, for people: ``file .deploylint.yaml``, ``flag --select``,
    ``default``, ``locale`` (several joined by `` + ``), in the language of the run."""
    return " + ".join(i18n.msg(_ORIGINS[kind], name=name) for kind, name in origin)


def describe(settings: Settings, origins: Mapping[str, Origin]) -> list[tuple[str, str, str]]:
    """(setting, value, origin) rows for ``deploylint settings``: the setting names and the
    values a settings file writes (rule IDs, ``never``, ``guide``) stay; the words for an
    empty value and the origins follow the language."""

    def ids(values: Iterable[str], empty: str) -> str:
        return ", ".join(values) or empty

    fail_on = settings.fail_on.label if settings.fail_on is not None else "never"
    severity = ", ".join(f"{k}={v.label}" for k, v in sorted(settings.severity.items()))
    per_path = "; ".join(f"{k}: {ids(v, '-')}" for k, v in settings.per_path_ignores.items())
    rows = [
        ("select", ids(settings.select, _("(every rule)")), origins["select"]),
        ("ignore", ids(settings.ignore, _("(none)")), origins["ignore"]),
        ("fail-on", fail_on, origins["fail-on"]),
        ("policy", settings.policy or "guide", origins["policy"]),
        ("severity", severity or _("(pack's)"), origins["severity"]),
        ("per-path-ignores", per_path or _("(none)"), origins["per-path-ignores"]),
        ("max-file-bytes", f"{settings.limits.max_bytes:,}", origins["max-file-bytes"]),
        ("lang", i18n.language(), origins.get("lang", (("locale", ""),))),
    ]
    return [(key, value, origin_text(origin)) for key, value, origin in rows]
