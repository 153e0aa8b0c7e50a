"""The command line: parse options, build settings, run, choose the exit code. Thin."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from deploylint.rules.rule import Rule
    from deploylint.settings import Settings

app = typer.Typer(
    name="deploylint",
    help="Lint deployment configs against the deployment guide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FORMATS = ("auto", "text", "json", "sarif", "github")
LEVELS = ("critical", "error", "warning", "info", "never")


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"deploylint: {message}\n")
    return typer.Exit(2)


def _ids(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip().upper() for value in values or [] for v in value.split(",") if v.strip())


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Config files and folders.")],
    format: Annotated[str, typer.Option("--format", "-f", help="|".join(FORMATS))] = "auto",
    fail_on: Annotated[
        str | None, typer.Option(help="Exit 1 on findings at or above: " + "|".join(LEVELS))
    ] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule IDs/prefixes.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule IDs/prefixes.")] = None,
    policy: Annotated[str | None, typer.Option(help="Policy pack file (default: guide).")] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file to use.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for config sets (default: both cores above 400 files, else 1).",
        ),
    ] = None,
) -> None:
    """Check config files and folders; exit 0 clean, 1 findings, 2 usage or internal error."""
    from deploylint.findings.engine import check as run_check
    from deploylint.reporters import get_reporter
    from deploylint.rules.policy import PolicyError
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    if format not in FORMATS:
        raise _fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    try:
        settings = _settings(fail_on, select, ignore, policy, config, no_config)
        if jobs is not None:
            settings = replace(settings, jobs=jobs)
        _warn_plugins()
        report = run_check(paths, settings)
        if format == "auto":
            format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        color = format == "text" and output is None and sys.stdout.isatty()
        reporter = get_reporter(format, color=color and not os.environ.get("NO_COLOR"))
        if output is not None:
            with output.open("w", encoding="utf-8") as handle:
                reporter.render(report, handle)
        else:
            if hasattr(sys.stdout, "reconfigure"):  # an ASCII console must not lose the report
                sys.stdout.reconfigure(errors="backslashreplace")
            reporter.render(report, sys.stdout)
    except (UsageError, PolicyError, SettingsError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    raise typer.Exit(1 if report.failed(settings.fail_on) else 0)


def _settings(
    fail_on: str | None,
    select: list[str] | None,
    ignore: list[str] | None,
    policy: str | None,
    config: Path | None,
    no_config: bool,
) -> Settings:
    from deploylint.findings.finding import Severity
    from deploylint.settings import (
        FileSettings,
        Settings,
        SettingsError,
        find_settings,
        load_settings_file,
    )
    from deploylint.sources.loader import Limits

    base: Path | None = None
    if no_config:
        file = FileSettings()
    elif config is not None:
        file = load_settings_file(config)
        base = config.resolve().parent
    else:
        file, found = find_settings(Path.cwd())
        base = found.resolve().parent if found is not None else None
    level = fail_on or file.fail_on or "error"
    if level not in LEVELS:
        raise SettingsError(f"fail-on {level!r}: choose one of {', '.join(LEVELS)}")
    try:
        severities = {k.upper(): Severity.parse(v) for k, v in file.severity.items()}
    except ValueError as exc:
        raise SettingsError(f"severity: {exc}") from None
    limits = Limits(max_bytes=file.max_file_bytes) if file.max_file_bytes else Limits()
    return Settings(
        select=_ids(select) or _ids(file.select),
        ignore=_ids(ignore) + _ids(file.ignore),
        severity=severities,
        per_path_ignores={k: _ids(v) for k, v in file.per_path_ignores.items()},
        base=base or Path.cwd().resolve(),
        policy=policy or file.policy,
        fail_on=None if level == "never" else Severity.parse(level),
        limits=limits,
    )


def _warn_plugins() -> None:
    """Plugins that could not be used: one line each on stderr; the other rules still run."""
    from deploylint.rules import plugin_problems

    for problem in plugin_problems():
        sys.stderr.write(f"deploylint: warning: {problem}\n")


PolicyOption = Annotated[
    str | None, typer.Option(help="Policy pack file: its own rules are listed too.")
]
ConfigOption = Annotated[Path | None, typer.Option(help="Settings file to use.")]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")]


def _registry(policy: str | None, config: Path | None, no_config: bool) -> dict[str, Rule]:
    """Every rule of the policy in force (settings files as for check): built-in, plugins',
    the pack's own."""
    from deploylint.rules.policy import PolicyError, load_policy
    from deploylint.settings import SettingsError

    try:
        settings = _settings(None, None, None, policy, config, no_config)
        return load_policy(settings.policy).registry()
    except (PolicyError, SettingsError) as exc:
        raise _fail(str(exc)) from None


@app.command("rules")
def list_rules(
    format: Annotated[str, typer.Option("--format", "-f", help="text|json")] = "text",
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List every rule: ID, name, default severity, summary, and where it comes from."""
    from deploylint.docs import rules_json, rules_table

    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r}; choose text or json")
    registry = _registry(policy, config, no_config)
    _warn_plugins()
    sys.stdout.write(rules_json(registry) + "\n" if format == "json" else rules_table(registry))


@app.command("rule")
def show_rule(
    rule_id: Annotated[str, typer.Argument(help="A rule ID, e.g. DL205.")],
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Show one rule's docs: what it does, why, example, fix, options, references."""
    from deploylint.docs import rule_markdown

    rule = _registry(policy, config, no_config).get(rule_id.strip().upper())
    if rule is None:
        raise _fail(f"unknown rule {rule_id!r}; `deploylint rules` lists them")
    sys.stdout.write(rule_markdown(rule))


@app.command("schema")
def schema(
    section: Annotated[str | None, typer.Argument(help="A section, or none for a file.")] = None,
    write: Annotated[Path | None, typer.Option(help="Write every schema into this folder.")] = None,
) -> None:
    """Print the JSON Schema of a section (or of a whole config file), or write them all."""
    from deploylint.model.schemas import render_all, render_one

    if write is not None:
        for name, text in render_all().items():
            (write / name).write_text(text, encoding="utf-8")
        return
    try:
        sys.stdout.write(render_one(section))
    except KeyError:
        raise _fail(f"unknown section {section!r}") from None


def main() -> None:
    app()
