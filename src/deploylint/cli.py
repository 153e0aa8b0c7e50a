"""The command line: parse options, build settings, run, choose the exit code. Thin."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from deploylint.reporters import REGISTRY

if TYPE_CHECKING:
    from deploylint.findings.baseline import Key
    from deploylint.live.run import LiveSource
    from deploylint.report import Report
    from deploylint.rules.rule import Rule
    from deploylint.settings import Settings

app = typer.Typer(
    name="deploylint",
    help="Lint deployment configs against the deployment guide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

REPORTERS = tuple(REGISTRY)
FORMATS = ("auto", *REPORTERS)
LEVELS = ("critical", "error", "warning", "info", "never")


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"deploylint: {message}\n")
    return typer.Exit(2)


def _ids(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip().upper() for value in values or [] for v in value.split(",") if v.strip())


@app.command()
def check(
    paths: Annotated[list[str] | None, typer.Argument(help="Config files and folders.")] = None,
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
    live: Annotated[bool, typer.Option("--live", help="Check the live AWS state.")] = False,
    snapshot: Annotated[str | None, typer.Option(help="Check a live snapshot file.")] = None,
    env: Annotated[str | None, typer.Option(help="Environment (with --live/--snapshot).")] = None,
    region: Annotated[str | None, typer.Option(help="AWS region (--live).")] = None,
    profile: Annotated[str | None, typer.Option(help="AWS profile (--live).")] = None,
    role_arn: Annotated[str | None, typer.Option(help="Read-only role to assume.")] = None,
    endpoint_url: Annotated[
        str | None, typer.Option(help="AWS endpoint (moto, LocalStack).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--output-format",
            help="Also write FORMAT:FILE (repeatable), e.g. sarif:deploylint.sarif.",
        ),
    ] = None,
    max_warnings: Annotated[
        int | None, typer.Option("--max-warnings", min=0, help="Exit 1 above N warnings.")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Report only findings not in this file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record today's findings here.")
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Drop --baseline entries that match nothing.")
    ] = False,
) -> None:
    """Check config files and folders; exit 0 clean, 1 findings, 2 usage or internal error."""
    if live or snapshot is not None:  # the same rules on the live state (docs/live.md)
        source = _live_source(live, snapshot, region, profile, role_arn, endpoint_url, quiet)
        _live_run(
            "check",
            paths or [],
            env,
            source,
            format,
            output,
            lambda: _settings(fail_on, select, ignore, policy, config, no_config),
        )
    if not paths:
        raise _fail("give config files or folders (or --live / --snapshot FILE)")
    from deploylint.findings.baseline import BaselineError
    from deploylint.findings.engine import check as run_check
    from deploylint.findings.finding import Severity
    from deploylint.rules.policy import PolicyError
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    if format not in FORMATS:
        raise _fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    extra = _output_formats(output_format)
    if update_baseline and baseline is None:
        raise _fail("--update-baseline needs --baseline FILE")
    try:
        settings = _settings(fail_on, select, ignore, policy, config, no_config)
        if jobs is not None:
            settings = replace(settings, jobs=jobs)
        _warn_plugins()
        entries = _read_baseline(baseline)
        if entries is not None:
            settings = replace(settings, baseline=frozenset(entries))
        report = run_check(paths, settings)
        if write_baseline is not None:
            _write_baseline(write_baseline, report)
        if baseline is not None and entries is not None:
            _stale(baseline, entries, report, settings, update_baseline)
        if format == "auto":
            github = os.environ.get("GITHUB_ACTIONS") == "true" and output is None
            format = "github" if github else "text"
        color = format == "text" and output is None and sys.stdout.isatty()
        _render(format, report, output, color and not os.environ.get("NO_COLOR"))
        for name, file in extra:
            _render(name, report, file, False)
    except (UsageError, PolicyError, SettingsError, BaselineError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    too_many = max_warnings is not None and report.count(Severity.WARNING) > max_warnings
    raise typer.Exit(1 if report.failed(settings.fail_on) or too_many else 0)


def _output_formats(values: list[str] | None) -> list[tuple[str, Path]]:
    """``--output-format FORMAT:FILE`` values, checked before any work."""
    out = []
    for value in values or []:
        name, sep, file = value.partition(":")
        if not sep or not file:
            raise _fail(f"--output-format {value!r}: FORMAT:FILE, e.g. sarif:deploylint.sarif")
        if name not in REPORTERS:
            raise _fail(f"--output-format {value!r}: choose one of {', '.join(REPORTERS)}")
        out.append((name, Path(file)))
    return out


def _render(name: str, report: Report, output: Path | None, color: bool) -> None:
    from deploylint.reporters import get_reporter

    reporter = get_reporter(name, color=color)
    if output is not None:
        # a file name that is not UTF-8 (a surrogate escape) is written as a \udcff escape
        with output.open("w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
            reporter.render(report, out)
    else:
        if hasattr(sys.stdout, "reconfigure"):  # an ASCII console must not lose the report
            sys.stdout.reconfigure(errors="backslashreplace")
        reporter.render(report, sys.stdout)


def _read_baseline(file: Path | None) -> dict[Key, int] | None:
    from deploylint.findings import baseline

    return None if file is None else baseline.read(file)


def _write_baseline(file: Path, report: Report) -> None:
    """Record every finding of the run (shown or not); none of them is reported."""
    from deploylint.findings import baseline

    baseline.write(file, report.keys)
    report.findings = [f for f in report.findings if baseline.key(f) not in report.keys]
    report.hidden = {}


def _stale(
    file: Path, entries: dict[Key, int], report: Report, settings: Settings, update: bool
) -> None:
    """Entries that match nothing: dropped with ``--update-baseline``, else reported."""
    from deploylint.findings import baseline

    checked = {k: line for k, line in entries.items() if settings.selected(k.rule)}
    if update:
        baseline.write(file, [k for k in entries if k in report.keys or k not in checked])
    elif settings.selected(baseline.STALE_RULE):
        report.findings.extend(baseline.stale_findings(checked, report.keys, str(file)))
        report.findings.sort()


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
    found: Path | None = None
    if no_config:
        file = FileSettings()
    elif config is not None:
        file = load_settings_file(config)
        base, found = config.resolve().parent, config
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
        live=file.live,
        drift_ignore=tuple(file.drift.ignore),
        include=tuple(file.include),
        exclude=tuple(file.exclude),
        file=found,
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


# --- live AWS: drift, export, check --live (deploylint.live, docs/live.md) ---------------

Region = Annotated[str | None, typer.Option(help="AWS region (default: the env's declared one).")]
Profile = Annotated[str | None, typer.Option(help="AWS profile.")]
RoleArn = Annotated[str | None, typer.Option(help="Read-only role to assume first.")]
EndpointUrl = Annotated[
    str | None, typer.Option(help="AWS endpoint, e.g. a moto or LocalStack server.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


def _live_source(
    live: bool,
    snapshot: str | None,
    region: str | None,
    profile: str | None,
    role_arn: str | None,
    endpoint_url: str | None,
    quiet: bool,
) -> LiveSource:
    from deploylint.live.collector import Connection
    from deploylint.live.run import LiveSource

    if live == (snapshot is not None):
        raise _fail("choose one of --live or --snapshot FILE")
    conn = Connection(region, profile, role_arn, endpoint_url) if live else None
    return LiveSource(snapshot, conn, progress=not quiet)


def _live_run(
    command: str,
    paths: list[str],
    env: str | None,
    source: LiveSource,
    format: str,
    output: Path | None,
    settings_of: Callable[[], Settings],
) -> NoReturn:
    """Run drift or check --live, print the report; exit 0 clean, 1 drift/findings or an
    incomplete run, 2 usage or internal error."""
    from deploylint.findings.finding import Severity
    from deploylint.live.run import LiveUsageError, check_report, drift_report
    from deploylint.rules.policy import PolicyError
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    if format not in FORMATS:
        raise _fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    try:
        settings = settings_of()
        if command == "drift":
            assert env is not None
            report = drift_report(paths, env, settings, source)
            failed = bool(report.incomplete) or any(
                f.rule.startswith("DL9") or f.severity >= Severity.ERROR for f in report.findings
            )
        else:
            report = check_report(paths, env, settings, source)
            failed = report.failed(settings.fail_on) or bool(report.incomplete)
        _render_auto(report, format, output)
    except (LiveUsageError, UsageError, PolicyError, SettingsError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    raise typer.Exit(1 if failed else 0)


def _render_auto(report: Report, format: str, output: Path | None) -> None:
    """Render in ``format``, resolving ``auto`` and colour as ``check`` does."""
    if format == "auto":
        github = os.environ.get("GITHUB_ACTIONS") == "true" and output is None
        format = "github" if github else "text"
    color = format == "text" and output is None and sys.stdout.isatty()
    _render(format, report, output, color and not os.environ.get("NO_COLOR"))


@app.command()
def drift(
    paths: Annotated[list[str], typer.Argument(help="Config files and folders.")],
    env: Annotated[str, typer.Option(help="The environment to compare.")],
    live: Annotated[bool, typer.Option("--live", help="Read AWS now (read-only).")] = False,
    snapshot: Annotated[str | None, typer.Option(help="A snapshot from `export`.")] = None,
    region: Region = None,
    endpoint_url: EndpointUrl = None,
    profile: Profile = None,
    role_arn: RoleArn = None,
    format: Annotated[str, typer.Option("--format", "-f", help="|".join(FORMATS))] = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule IDs/prefixes.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule IDs/prefixes.")] = None,
    config: Annotated[Path | None, typer.Option(help="Settings file to use.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    quiet: Quiet = False,
) -> None:
    """Compare the declared configs of one environment with its live AWS state.

    Exit 0 in sync, 1 drift or an incomplete run, 2 usage or internal error.
    """
    source = _live_source(live, snapshot, region, profile, role_arn, endpoint_url, quiet)
    _live_run(
        "drift",
        paths,
        env,
        source,
        format,
        output,
        lambda: _settings(None, select, ignore, None, config, no_config),
    )


@app.command()
def export(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Configs (for the env's declared region).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    live: Annotated[bool, typer.Option("--live", help="Read AWS now (read-only).")] = False,
    from_aws_cli: Annotated[
        Path | None, typer.Option(help="A folder of saved `aws ... describe-*` JSON outputs.")
    ] = None,
    from_aws_config: Annotated[
        Path | None, typer.Option(help="An AWS Config snapshot (or aggregator export) file.")
    ] = None,
    env: Annotated[str | None, typer.Option(help="The environment the snapshot is for.")] = None,
    account: Annotated[str | None, typer.Option(help="Account to take from an export.")] = None,
    region: Region = None,
    endpoint_url: EndpointUrl = None,
    profile: Profile = None,
    role_arn: RoleArn = None,
    config: Annotated[Path | None, typer.Option(help="Settings file to use.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    quiet: Quiet = False,
) -> None:
    """Write a live snapshot (JSON, schemas/snapshot.schema.json) from AWS or saved files."""
    from deploylint.live.imports import from_aws_cli as read_cli
    from deploylint.live.imports import from_aws_config as read_config
    from deploylint.live.run import LiveUsageError, export_snapshot
    from deploylint.live.snapshot import SnapshotError
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    if sum((live, from_aws_cli is not None, from_aws_config is not None)) != 1:
        raise _fail("choose one of --live, --from-aws-cli DIR or --from-aws-config FILE")
    try:
        if from_aws_cli is not None:
            if not region:
                raise LiveUsageError("--from-aws-cli needs --region (the outputs do not say)")
            snap = read_cli(from_aws_cli, region, account)
        elif from_aws_config is not None:
            snap = read_config(from_aws_config, account, region)
        else:
            settings = _settings(None, None, None, None, config, no_config)
            source = _live_source(True, None, region, profile, role_arn, endpoint_url, quiet)
            snap = export_snapshot(source, env, paths or [], settings)
        snap.environment = env or snap.environment
        text = snap.dumps()
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except (LiveUsageError, SnapshotError, SettingsError, UsageError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    if not quiet and output is not None:
        sys.stderr.write(
            f"wrote {output}: {len(snap.resources)} resources"
            + (f", {len(snap.unreadable)} parts not read" if snap.unreadable else "")
            + "\n"
        )


def main() -> None:
    app()
