"""The command line: parse options, build settings, run, choose the exit code. Thin."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

from deploylint.reporters import REGISTRY

if TYPE_CHECKING:
    from deploylint.findings.baseline import Key
    from deploylint.findings.engine import Observer
    from deploylint.live.run import LiveSource
    from deploylint.progress import Progress
    from deploylint.report import Report
    from deploylint.reporters import Reporter
    from deploylint.rules.rule import Rule
    from deploylint.settings import Settings

app = typer.Typer(
    name="deploylint",
    help="Lint deployment configs against the deployment guide.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

REPORTERS = tuple(REGISTRY)
FORMATS = ("auto", *REPORTERS)
LEVELS = ("critical", "error", "warning", "info", "never")
COLORS = ("auto", "always", "never")
# the sections `schema` knows (tests/test_cli_habits.py keeps this equal to the model's)
SCHEMA_SECTIONS = ("architecture", "infrastructure", "deployment", "config", "monitoring")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"deploylint {version('deploylint')}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Lint deployment configs against the deployment guide."""


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"deploylint: {message}\n")
    return typer.Exit(2)


# AWS connection options of check --live, drift --live and export --live
Region = Annotated[
    str | None,
    typer.Option(metavar="REGION", help="AWS region (default: the env's declared one)."),
]
Profile = Annotated[str | None, typer.Option(metavar="PROFILE", help="AWS profile.")]
RoleArn = Annotated[str | None, typer.Option(metavar="ARN", help="Read-only role to assume first.")]
EndpointUrl = Annotated[
    str | None,
    typer.Option(metavar="URL", help="AWS endpoint, e.g. a moto or LocalStack server."),
]


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Config files and folders; - reads stdin."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="|".join(FORMATS))
    ] = "auto",
    fail_on: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            show_default="error",
            help="Exit 1 on findings at or above: " + "|".join(LEVELS),
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help="Only these rule IDs, prefixes (DL2) or names."),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help="Skip these rule IDs, prefixes or names."),
    ] = None,
    policy: Annotated[
        str | None, typer.Option(metavar="FILE", show_default="guide", help="Policy pack file.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Settings file (.yaml, .yml or .toml).")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (- is stdout)."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Processes for config sets (default: both cores above 400 files, else 1).",
        ),
    ] = None,
    live: Annotated[bool, typer.Option("--live", help="Check the live AWS state.")] = False,
    snapshot: Annotated[
        str | None, typer.Option(metavar="FILE", help="Check a live snapshot file.")
    ] = None,
    env: Annotated[
        str | None, typer.Option(metavar="ENV", help="Environment (with --live/--snapshot).")
    ] = None,
    region: Region = None,
    profile: Profile = None,
    role_arn: RoleArn = None,
    endpoint_url: EndpointUrl = None,
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--output-format",
            metavar="FORMAT:FILE",
            help="Also write FORMAT:FILE (repeatable), e.g. sarif:deploylint.sarif.",
        ),
    ] = None,
    max_warnings: Annotated[
        int | None,
        typer.Option("--max-warnings", min=0, metavar="N", help="Exit 1 above N warnings."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", metavar="FILE", help="Report only findings not in this file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", metavar="FILE", help="Record today's findings here."),
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Drop --baseline entries that match nothing.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Findings only: no summary, no progress.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Counts per rule instead of the findings.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="List config sets, environments, files (stderr)."),
    ] = False,
    color: Annotated[
        str,
        typer.Option(
            metavar="WHEN",
            help="Colour the text: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces), "
            "always, never.",
        ),
    ] = "auto",
    stdin_filename: Annotated[
        str | None,
        typer.Option(metavar="PATH", help="With -: the file the stdin text stands in for."),
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff: unsafe fixes too.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
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
    from deploylint.reporters import get_reporter
    from deploylint.rules.policy import PolicyError, load_policy
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    format, color = format.lower(), color.lower()
    if format not in FORMATS:
        raise _fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    extra = _output_formats(output_format)
    if update_baseline and baseline is None:
        raise _fail("--update-baseline needs --baseline FILE")
    if unsafe_fixes and not (fix or diff):
        raise _fail("--unsafe-fixes needs --fix or --diff")
    if color not in COLORS:
        raise _fail(f"unknown colour choice {color!r}; choose one of {', '.join(COLORS)}")
    to_stdout = output is None or str(output) == "-"
    try:
        settings = _settings(fail_on, select, ignore, policy, config, no_config)
        if jobs is not None:
            settings = replace(settings, jobs=jobs)
        _warn_plugins()
        entries = _read_baseline(baseline)
        if entries is not None:
            settings = replace(settings, baseline=frozenset(entries))
        paths, stdin = _stdin(paths, stdin_filename)
        observer, progress = _observer(verbose)
        outcome = None
        try:
            if fix or diff:
                from deploylint.findings.fixes import fix_run

                if fix and stdin is not None and not diff:
                    raise UsageError("--fix writes files: with - (stdin) use --diff")
                report, outcome = fix_run(
                    paths,
                    settings,
                    unsafe=unsafe_fixes,
                    write=not diff,
                    observer=observer,
                    stdin=stdin,
                )
            else:
                report = run_check(paths, settings, observer, stdin)
        finally:
            if progress is not None:
                progress.close()
        if outcome is not None:
            for skipped in outcome.skipped:
                sys.stderr.write(f"deploylint: {skipped}\n")
            if diff:  # the diff is the output; exit 1 when there is anything to fix
                sys.stdout.write(outcome.diff())
                if not quiet:
                    sys.stderr.write(outcome.summary(unsafe_fixes, would=True) + "\n")
                raise typer.Exit(1 if outcome.changed else 0)
        if write_baseline is not None:
            _write_baseline(write_baseline, report)
        if baseline is not None and entries is not None:
            _stale(baseline, entries, report, settings, update_baseline)
        if format == "auto":
            github = os.environ.get("GITHUB_ACTIONS") == "true" and to_stdout
            format = "github" if github else "text"
        if statistics:
            reporter: Reporter = Statistics(json=format == "json")
        else:
            stream = sys.stdout if to_stdout else None
            reporter = get_reporter(format, color=format == "text" and _color(color, stream))
            if quiet and hasattr(reporter, "quiet"):
                reporter.quiet = True
        _write(reporter, report, None if to_stdout else output)
        if outcome is not None and not quiet:
            (sys.stdout if to_stdout and format == "text" else sys.stderr).write(
                outcome.summary(unsafe_fixes) + "\n"
            )
        for name, file in extra:
            _render(name, report, file, False)
        broken = load_policy(settings.policy).problems
        for problem in broken:
            sys.stderr.write(f"deploylint: {problem} (the rule was left out; the others ran)\n")
    except (UsageError, PolicyError, SettingsError, BaselineError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except typer.Exit:
        raise
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    if broken:  # a malformed rule of the pack is a usage error, after the other rules ran
        raise typer.Exit(2)
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


# --- check's helpers ----------------------------------------------------------------------


def _stdin(paths: list[str], filename: str | None) -> tuple[list[str], bytes | None]:
    """``-``: one config from stdin, for the file ``--stdin-filename`` names."""
    from deploylint.sources.files import UsageError

    if "-" not in paths:
        if filename is not None:
            raise UsageError("--stdin-filename goes with - (read the config from stdin)")
        return paths, None
    if paths != ["-"]:
        raise UsageError("- reads one config from stdin; name no other PATH with it")
    if filename is None:
        raise UsageError("- needs --stdin-filename PATH: the file the stdin text stands in for")
    return [filename], sys.stdin.buffer.read()


def _observer(verbose: bool) -> tuple[Observer | None, Progress | None]:
    from deploylint.progress import Progress, Verbose

    if verbose:
        return Verbose(sys.stderr), None
    if sys.stderr.isatty():
        progress = Progress(sys.stderr)
        return progress, progress
    return None, None


def _color(choice: str, stream: IO[str] | None) -> bool:
    """``--color``, else NO_COLOR (off), else FORCE_COLOR (on), else whether it is a tty."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream is not None and stream.isatty()


class Statistics:
    """``--statistics``: how many findings each rule gave, most first (JSON with -f json)."""

    def __init__(self, json: bool = False) -> None:
        self.json = json

    def render(self, report: Report, out: IO[str]) -> None:
        import json
        from collections import Counter

        counts = Counter((f.rule, f.name, f.severity.label) for f in report.findings)
        rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if self.json:
            data = [{"rule": r, "name": n, "severity": s, "count": c} for (r, n, s), c in rows]
            out.write(json.dumps(data, indent=2) + "\n")
            return
        for (rule, name, severity), count in rows:
            out.write(f"{count:>6}  {rule}  {severity:<8}  {name}\n")


def _write(reporter: Reporter, report: Report, output: Path | None) -> None:
    """Render to ``output`` or stdout; a closed pipe ends quietly, a full disk is one line."""
    if output is not None:
        try:
            with output.open("w", encoding="utf-8") as handle:
                reporter.render(report, handle)
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror}") from None
        return
    if hasattr(sys.stdout, "reconfigure"):  # an ASCII console must not lose the report
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        reporter.render(report, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head -1`: the reader has all it wanted
        _drop_stdout()
    except OSError as exc:
        _drop_stdout()
        raise _fail(f"cannot write standard output: {exc.strerror}") from None


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (typer's test runner)
        pass


def _settings(
    fail_on: str | None,
    select: list[str] | None,
    ignore: list[str] | None,
    policy: str | None,
    config: Path | None,
    no_config: bool,
) -> Settings:
    from deploylint.settings import Flags, resolve

    flags = Flags(select, ignore, fail_on, policy, config, no_config)
    return resolve(flags, Path.cwd())[0]


@app.command("settings")
def show_settings(
    select: Annotated[list[str] | None, typer.Option(metavar="RULE")] = None,
    ignore: Annotated[list[str] | None, typer.Option(metavar="RULE")] = None,
    fail_on: Annotated[str | None, typer.Option(metavar="LEVEL")] = None,
    policy: Annotated[str | None, typer.Option(metavar="FILE")] = None,
    config: Annotated[Path | None, typer.Option(metavar="FILE")] = None,
    no_config: Annotated[bool, typer.Option("--no-config")] = False,
) -> None:
    """Print the resolved settings and where each came from (file, flag or default)."""
    from deploylint.rules.policy import PolicyError, load_policy
    from deploylint.settings import Flags, SettingsError, describe, resolve

    try:
        settings, origins = resolve(
            Flags(select, ignore, fail_on, policy, config, no_config), Path.cwd()
        )
        load_policy(settings.policy)
    except (SettingsError, PolicyError) as exc:
        raise _fail(str(exc)) from None
    rows = describe(settings, origins)
    key_width = max(len(key) for key, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    for key, value, origin in rows:
        sys.stdout.write(f"{key:<{key_width}}  {value:<{value_width}}  {origin}\n")


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


def _pack_problems(policy: str | None, config: Path | None, no_config: bool) -> None:
    """The pack's rule definitions that could not be used: one line each, exit 2."""
    from deploylint.rules.policy import load_policy

    problems = load_policy(_settings(None, None, None, policy, config, no_config).policy).problems
    for problem in problems:
        sys.stderr.write(f"deploylint: {problem} (the rule was left out)\n")
    if problems:
        raise typer.Exit(2)


@app.command("rules")
def list_rules(
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text|json")
    ] = "text",
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List every rule: ID, name, default severity, summary, and where it comes from."""
    from deploylint.docs import rules_json, rules_table

    format = format.lower()
    if format not in ("text", "json"):
        raise _fail(f"unknown format {format!r}; choose text or json")
    registry = _registry(policy, config, no_config)
    _warn_plugins()
    sys.stdout.write(rules_json(registry) + "\n" if format == "json" else rules_table(registry))
    _pack_problems(policy, config, no_config)


@app.command("rule")
def show_rule(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help="A rule ID or name: DL205, open-ingress.")
    ],
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Show one rule's docs: what it does, why, example, fix, options, references."""
    from deploylint.docs import rule_markdown
    from deploylint.settings import SettingsError, rule_refs

    registry = _registry(policy, config, no_config)
    try:
        [found] = rule_refs([rule_id], "rule", prefixes=False, rules=registry) or [""]
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    rule = registry.get(found)
    if rule is None:
        _pack_problems(policy, config, no_config)
        raise _fail(f"unknown rule {rule_id!r}; `deploylint rules` lists them")
    sys.stdout.write(rule_markdown(rule))
    _pack_problems(policy, config, no_config)


@app.command("schema")
def schema(
    section: Annotated[
        str | None,
        typer.Argument(
            metavar="SECTION",
            help="One of: " + ", ".join(SCHEMA_SECTIONS) + "; none: a whole config file.",
        ),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Write into this folder: SECTION's schema, or every schema."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of a section (or of a whole config file), or write them."""
    from deploylint.model.schemas import render_all, render_one

    if section is not None and section.lower() not in SCHEMA_SECTIONS:
        raise _fail(f"unknown section {section!r}; choose one of {', '.join(SCHEMA_SECTIONS)}")
    section = section.lower() if section is not None else None
    if write is None:
        sys.stdout.write(render_one(section))
        return
    schemas = render_all()
    if section is not None:
        schemas = {f"{section}.schema.json": schemas[f"{section}.schema.json"]}
    if not write.is_dir():
        problem = "is not a folder" if write.exists() else "folder does not exist"
        raise _fail(f"cannot write schemas to {write}: {problem}")
    for name, text in schemas.items():
        try:
            (write / name).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {write / name}: {exc.strerror}") from None


# --- live AWS: drift, export, check --live (deploylint.live, docs/live.md) ---------------

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
    fixing: tuple[bool, bool, bool] = (False, False, False),
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
    exit_code: int | None = None  # --diff: 1 when there is anything to adopt
    try:
        settings = settings_of()
        if command == "drift":
            assert env is not None
            report = drift_report(paths, env, settings, source)
            fix, unsafe, diff = fixing
            if fix or diff:  # adopt live values into the config (DL901 on a scalar)
                from deploylint.findings.fixes import MAX_PASSES, apply_report

                outcome = apply_report(report, paths, unsafe=unsafe, write=not diff)
                for skipped in outcome.skipped:
                    sys.stderr.write(f"deploylint: {skipped}\n")
                if diff:
                    sys.stdout.write(outcome.diff())
                    sys.stderr.write(outcome.summary(unsafe, would=True) + "\n")
                    exit_code = 1 if outcome.changed else 0
                else:  # again while a pass changed something: overlapping edits wait a pass
                    total = outcome.fixed
                    for _ in range(MAX_PASSES):
                        if not outcome.changed:
                            break
                        report = drift_report(paths, env, settings, source)
                        outcome = apply_report(report, paths, unsafe=unsafe, write=True)
                        total += outcome.fixed if outcome.changed else 0
                    outcome.fixed = total
                    sys.stderr.write(outcome.summary(unsafe) + "\n")
            failed = bool(report.incomplete) or any(
                f.rule.startswith("DL9") or f.severity >= Severity.ERROR for f in report.findings
            )
        else:
            report = check_report(paths, env, settings, source)
            failed = report.failed(settings.fail_on) or bool(report.incomplete)
        if exit_code is None:
            _render_auto(report, format, output)
    except (LiveUsageError, UsageError, PolicyError, SettingsError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    raise typer.Exit(exit_code if exit_code is not None else 1 if failed else 0)


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
    fix: Annotated[
        bool, typer.Option("--fix", help="Adopt live values into the config (DL901).")
    ] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also edit files other environments read.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the adoptions as a diff; write nothing.")
    ] = False,
) -> None:
    """Compare the declared configs of one environment with its live AWS state.

    Exit 0 in sync, 1 drift or an incomplete run, 2 usage or internal error.
    """
    if unsafe_fixes and not (fix or diff):
        raise _fail("--unsafe-fixes needs --fix or --diff")
    source = _live_source(live, snapshot, region, profile, role_arn, endpoint_url, quiet)
    _live_run(
        "drift",
        paths,
        env,
        source,
        format,
        output,
        lambda: _settings(None, select, ignore, None, config, no_config),
        (fix, unsafe_fixes, diff),
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
