"""The one road every command takes (docs/architecture.md, "One pipeline"):

``source -> {env: Effective} -> evaluate -> finish -> Report -> emit -> exit code``

``check`` reads config files; ``check --live/--snapshot`` and ``drift`` add a live source
(AWS or a snapshot). :func:`run` builds the report of any of them (the engine and
``live.run`` finish every finding in the same function: suppressions, baseline, mandatory,
severities, per-path-ignores, select/ignore); :func:`emit` is the one place that renders it
(every reporter, ``--output``, ``--output-format``, ``--statistics``, ``-q``), writes a
baseline, reports stale baseline entries, and chooses the exit code. So every option means
the same in every command.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from deploylint.i18n import N_, _, join, ngettext
from deploylint.progress import CHATTER
from deploylint.report import Report
from deploylint.sources.files import NOT_CONFIG, UsageError

if TYPE_CHECKING:
    from deploylint.findings.baseline import Key
    from deploylint.findings.engine import Observer
    from deploylint.findings.fixes import FixOutcome
    from deploylint.live.run import LiveSource
    from deploylint.reporters import Reporter
    from deploylint.settings import Settings

Command = Literal["check", "drift"]
DRIFT = "DL9"  # the drift rules: a difference fails the run whatever its severity


@dataclass(frozen=True)
class Request:
    """What to read and how to evaluate it."""

    command: Command
    paths: list[str]
    env: str | None = None
    source: LiveSource | None = None  # None: the config files alone
    stdin: bytes | None = None  # the text of paths[0], read from stdin
    observer: Observer | None = None
    allow_no_configs: bool = False  # no config among the files is a pass (pre-commit hook)


@dataclass(frozen=True)
class Output:
    """Every output option; the same for every command."""

    format: str = "auto"  # of stdout (or of --output)
    output: Path | None = None  # None or "-": stdout
    extra: tuple[tuple[str, Path], ...] = ()  # --output-format FORMAT:FILE
    statistics: bool = False
    quiet: bool = False
    color: str = "auto"
    max_warnings: int | None = None
    exit_zero: bool = False
    baseline: Path | None = None
    baseline_entries: dict[Key, int] | None = field(default=None, compare=False)
    write_baseline: Path | None = None
    update_baseline: bool = False


@dataclass(frozen=True)
class Fixing:
    """``--fix`` / ``--unsafe-fixes`` / ``--diff`` (docs/fixes.md)."""

    unsafe: bool = False
    diff: bool = False  # print the edits as a unified diff; write nothing


def fix(request: Request, settings: Settings, fixing: Fixing) -> tuple[Report, FixOutcome]:
    """Apply the fixes of the findings ``run`` would show (``drift``: adopt live values);
    the report of what is left, and what was done."""
    from deploylint.findings import fixes

    write = not fixing.diff
    if request.source is None:
        report, outcome = fixes.fix_run(
            request.paths,
            settings,
            unsafe=fixing.unsafe,
            write=write,
            observer=request.observer,
            stdin=request.stdin,
            env=request.env,
        )
        if request.env is not None:
            _only_env(report, request.env)
        return report, outcome
    if request.command != "drift":
        raise UsageError("--fix and --diff edit config files: not with --live or --snapshot")
    return fixes.drift_fix(
        lambda: run(request, settings), request.paths, unsafe=fixing.unsafe, write=write
    )


def run(request: Request, settings: Settings) -> Report:
    """Read, evaluate and finish: the report of any command (``--verbose``: timed)."""
    started = time.monotonic()
    try:
        return _run(request, settings)
    finally:
        CHATTER.timed(N_("read and evaluate"), time.monotonic() - started)


def _run(request: Request, settings: Settings) -> Report:
    if request.source is None:
        from deploylint.findings.engine import check

        report = check(
            request.paths,
            settings,
            request.observer,
            request.stdin,
            allow_no_configs=request.allow_no_configs,
        )
        if request.env is not None:
            _only_env(report, request.env)
        return report
    from deploylint.live.run import LiveUsageError, check_report, drift_report

    try:
        if request.command == "drift":
            if request.env is None:
                raise UsageError(_("--env names the environment to compare"))
            return drift_report(request.paths, request.env, settings, request.source)
        return check_report(request.paths, request.env, settings, request.source)
    except LiveUsageError as exc:
        raise UsageError(str(exc)) from None


def _only_env(report: Report, env: str) -> None:
    """``--env`` on config files: that environment's findings (and those of no environment)."""
    if env not in report.environment_names:
        names = join(sorted(report.environment_names)) or _("none")
        raise UsageError(
            _("--env {env}: not declared in the configs (declared: {names})").format(
                env=env, names=names
            )
        )
    report.findings = [
        f for f in report.findings if f.environment is None or env in f.environment.split(",")
    ]


def emit(report: Report, settings: Settings, out: Output) -> int:
    """Baseline, render every output, and the exit code (0 clean, 1 failed)."""
    started = time.monotonic()
    counted = 0  # files found in folders that are not configs: one line counts them
    for skipped, why in report.skipped:  # a file left out is never left out silently
        if why.startswith(NOT_CONFIG) and skipped not in report.skipped_named:
            if CHATTER.on:  # --verbose lists each one
                CHATTER.skipped(skipped, why)
            else:
                counted += 1
        else:
            sys.stderr.write(f"deploylint: skipped {skipped}: {why}\n")
    if counted and not out.quiet:
        files = "1 file" if counted == 1 else f"{counted:,} files"
        sys.stderr.write(
            f"deploylint: {files} skipped: not deploylint configs (--verbose lists them)\n"
        )
    if out.write_baseline is not None:
        _write_baseline(out.write_baseline, report, out.quiet)
    if out.baseline is not None and out.baseline_entries is not None:
        _stale(out.baseline, out.baseline_entries, report, settings, out.update_baseline)
    to_stdout = out.output is None or str(out.output) == "-"
    too_many = out.max_warnings is not None and report.warnings > out.max_warnings
    if too_many:
        report.notes.append(
            ngettext(
                "Failed: {count} warning, more than --max-warnings {max}.",
                "Failed: {count} warnings, more than --max-warnings {max}.",
                report.warnings,
            ).format(count=report.warnings, max=out.max_warnings)
        )
    report.fail_on = settings.fail_on
    name = resolve_format(out.format, to_stdout)
    write(_reporter(name, out, to_stdout), report, None if to_stdout else out.output)
    for extra, file in out.extra:
        write(_reporter(extra, out, False, main=False), report, file)
    CHATTER.timed(N_("report"), time.monotonic() - started)
    failed = (
        report.failed(settings.fail_on)
        or bool(report.incomplete)  # a part not read is never a pass
        or too_many
        or any(f.rule.startswith(DRIFT) for f in report.findings)  # drift at any severity
    )
    return 0 if out.exit_zero else int(failed)


def resolve_format(name: str, to_stdout: bool) -> str:
    """``auto``: github annotations inside GitHub Actions (on stdout), else text."""
    if name != "auto":
        return name
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" and to_stdout else "text"


def _reporter(name: str, out: Output, to_stdout: bool, main: bool = True) -> Reporter:
    from deploylint.reporters import get_reporter

    color = name in ("text", "concise") and use_color(out.color, sys.stdout if to_stdout else None)
    json = name == "json"
    if main and out.statistics:
        name = "statistics"
    reporter = get_reporter(name, color=color)
    if json and hasattr(reporter, "json"):  # --statistics -f json
        reporter.json = True
    if out.quiet and hasattr(reporter, "quiet"):
        reporter.quiet = True
    return reporter


def use_color(choice: str, stream: IO[str] | None) -> bool:
    """``--color``, else NO_COLOR (off), else FORCE_COLOR (on), else whether it is a tty."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream is not None and stream.isatty()


class WriteError(Exception):
    """An output that could not be written: one line for the user."""


def write(reporter: Reporter, report: Report, output: Path | None) -> None:
    """Render to ``output`` or stdout; a closed pipe ends quietly, a full disk is one line."""
    if output is not None:
        try:
            # a file name that is not UTF-8 (a surrogate escape) is written as a \udcff escape
            with output.open(
                "w", encoding="utf-8", errors="backslashreplace", newline="\n"
            ) as handle:
                reporter.render(report, handle)
        except OSError as exc:
            raise WriteError(
                _("cannot write {file}: {reason}").format(file=output, reason=exc.strerror)
            ) from None
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
        raise WriteError(
            _("cannot write standard output: {reason}").format(reason=exc.strerror)
        ) from None


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (typer's test runner)
        pass


# --- baseline -----------------------------------------------------------------------------


def _write_baseline(file: Path, report: Report, quiet: bool) -> None:
    """Record every finding of the run (shown or not); none of them is reported."""
    from deploylint.findings import baseline

    baseline.write(file, report.keys)
    report.findings = [f for f in report.findings if baseline.key(f) not in report.keys]
    report.hidden = {}
    count = len(report.keys)
    if not quiet:
        text = ngettext("wrote {count} entry to {file}", "wrote {count} entries to {file}", count)
        sys.stderr.write("deploylint: " + text.format(count=count, file=file) + "\n")


def _stale(
    file: Path, entries: dict[Key, int], report: Report, settings: Settings, update: bool
) -> None:
    """Entries that match nothing (DL011, finished like every finding), or with
    ``--update-baseline`` dropped from the file."""
    from deploylint.findings import baseline
    from deploylint.findings.engine import finish
    from deploylint.findings.finding import Finding
    from deploylint.rules.policy import load_policy

    checked = baseline.checked(entries, report.config_sets, settings.selected)
    if update:  # only the entries of the sets and rules this run judged
        baseline.write(file, baseline.updated(entries, checked, report.keys))
        return
    stale = baseline.stale_findings(checked, report.keys, str(file))
    report.findings.extend(finish(stale, settings, load_policy(settings.policy)))
    report.findings.sort(key=Finding.sort_key)
