"""The command line: parse options, build settings, run, choose the exit code. Thin."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from deploylint.findings.engine import Observer
    from deploylint.progress import Progress
    from deploylint.report import Report
    from deploylint.reporters import Reporter
    from deploylint.settings import Settings

app = typer.Typer(
    name="deploylint",
    help="Lint deployment configs against the deployment guide.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

FORMATS = ("auto", "text", "json", "sarif", "github")
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


@app.command()
def check(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Config files and folders; - reads stdin."),
    ],
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
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Findings only: no summary.")
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
) -> None:
    """Check config files and folders; exit 0 clean, 1 findings, 2 usage or internal error."""
    from deploylint.findings.engine import check as run_check
    from deploylint.reporters import get_reporter
    from deploylint.rules.policy import PolicyError
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    format, color = format.lower(), color.lower()
    if format not in FORMATS:
        raise _fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if color not in COLORS:
        raise _fail(f"unknown colour choice {color!r}; choose one of {', '.join(COLORS)}")
    to_stdout = output is None or str(output) == "-"
    try:
        settings = _settings(fail_on, select, ignore, policy, config, no_config)
        if jobs is not None:
            settings = replace(settings, jobs=jobs)
        paths, stdin = _stdin(paths, stdin_filename)
        observer, progress = _observer(verbose)
        try:
            report = run_check(paths, settings, observer, stdin)
        finally:
            if progress is not None:
                progress.close()
        if format == "auto":
            format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        if statistics:
            reporter: Reporter = Statistics(json=format == "json")
        else:
            stream = sys.stdout if to_stdout else None
            reporter = get_reporter(format, color=format == "text" and _color(color, stream))
            if quiet and hasattr(reporter, "quiet"):
                reporter.quiet = True
        _write(reporter, report, None if to_stdout else output)
    except (UsageError, PolicyError, SettingsError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.strerror}: {exc.filename}") from None
    except typer.Exit:
        raise
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DEPLOYLINT_DEBUG"):
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc}") from None
    raise typer.Exit(1 if report.failed(settings.fail_on) else 0)


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


@app.command("rules")
def list_rules(
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text|json")
    ] = "text",
) -> None:
    """List every rule: ID, name, default severity, summary."""
    from deploylint.docs import rules_json, rules_table

    format = format.lower()
    if format == "json":
        sys.stdout.write(rules_json() + "\n")
    elif format == "text":
        sys.stdout.write(rules_table())
    else:
        raise _fail(f"unknown format {format!r}; choose text or json")


@app.command("rule")
def show_rule(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help="A rule ID or name: DL205, open-ingress.")
    ],
) -> None:
    """Show one rule's docs: what it does, why, example, fix, options, references."""
    from deploylint.docs import rule_markdown
    from deploylint.rules import all_rules
    from deploylint.settings import SettingsError, rule_refs

    try:
        [found] = rule_refs([rule_id], "rule", prefixes=False) or [""]
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    rule = all_rules().get(found)
    if rule is None:
        raise _fail(f"unknown rule {rule_id!r}; `deploylint rules` lists them")
    sys.stdout.write(rule_markdown(rule))


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


def main() -> None:
    app()
