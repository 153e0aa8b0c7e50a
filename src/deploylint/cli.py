"""The command line: parse options, build the settings, run the pipeline, emit, exit. Thin.

Every command that runs rules or a comparison (``check``, ``check --live/--snapshot``,
``drift``) takes its options from the groups below (:class:`Selection`, :class:`Outputs`,
:class:`LiveOptions`): adding an option to every command is one field in one group.
The work is :mod:`deploylint.pipeline`'s: ``run`` then ``emit``.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, get_type_hints

import typer
from typer._click import core as click_core  # typer 0.29 vendors click
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperGroup, TyperOption

from deploylint import i18n
from deploylint.i18n import _
from deploylint.reporters import REGISTRY

if TYPE_CHECKING:
    from deploylint.findings.engine import Observer
    from deploylint.live.run import LiveSource
    from deploylint.pipeline import Fixing, Output, Request
    from deploylint.progress import Progress
    from deploylint.rules.rule import Rule
    from deploylint.settings import Settings

REPORTERS = tuple(REGISTRY)
FORMATS = ("auto", *REPORTERS)
LEVELS = ("critical", "error", "warning", "info", "never")
COLORS = ("auto", "always", "never")
# the sections `schema` knows (tests/cli/test_cli_habits.py keeps this equal to the model's)
SCHEMA_SECTIONS = ("architecture", "infrastructure", "deployment", "config", "monitoring")


class UsageFailure(Exception):
    """A usage error found after parsing: one line on stderr, exit 2."""


class _Group(TyperGroup):
    """Every usage error is ONE line on stderr (with a did-you-mean), exit 2; no panels."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        i18n.reset()  # the locale's language, until --lang or the settings file say otherwise
        argv = kwargs.get("args") or (args[0] if args else None)
        wanted = i18n.lang_from_argv(list(argv) if argv is not None else sys.argv[1:])
        if wanted is not None:
            with contextlib.suppress(i18n.LanguageError):  # --lang's own check reports it
                i18n.set_language(wanted)
        try:
            code = super().main(*args, **kwargs)
        except click_errors.NoArgsIsHelpError as exc:  # `deploylint`: the help
            exc.show()
            sys.exit(exc.exit_code)
        except click_errors.UsageError as exc:
            sys.stderr.write(f"{usage_line(exc)}\n")
            sys.exit(2)
        except typer.Abort:
            sys.stderr.write("deploylint: " + _("aborted") + "\n")
            sys.exit(1)
        except click_errors.ClickException as exc:
            sys.stderr.write(f"deploylint: {exc.format_message()}\n")
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def resolve_command(
        self, ctx: click_core.Context, args: list[str]
    ) -> tuple[str | None, click_core.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = _("; did you mean {name}?").format(name=close[0]) if close else ""
            raise click_errors.UsageError(
                _("unknown command {name}{hint}").format(name=repr(name), hint=hint), ctx
            )
        return super().resolve_command(ctx, args)


def _close_options(typed: str, names: list[str]) -> list[str]:
    """Options spelt like ``typed``, compared without their dashes (``--`` alone would match)."""
    bare = {name.lstrip("-"): name for name in names if name.startswith("--")}
    close = difflib.get_close_matches(typed.lstrip("-"), list(bare), n=2, cutoff=0.7)
    return [bare[name] for name in close]


def usage_line(exc: click_errors.UsageError) -> str:
    """``deploylint check: unknown option --formt; did you mean --format? (-h: the options)``"""
    ctx = exc.ctx
    names = []  # `deploylint check`, however it was started (python -m deploylint)
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    where = " ".join(["deploylint", *reversed(names)])
    ctx = exc.ctx
    if isinstance(exc, click_errors.NoSuchOption):
        names = _option_names(ctx)
        close = _close_options(exc.option_name, names)
        message = _("unknown option {option}").format(option=exc.option_name)
        if close:
            message += _("; did you mean {name}?").format(name=_(" or ").join(close))
    elif isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        param = exc.param
        label = (
            param.opts[0]
            if isinstance(param, TyperOption)
            else (param.metavar or (param.name or "").upper())
        )
        message = (
            _("missing option {name}")
            if isinstance(param, TyperOption)
            else _("missing argument {name}")
        ).format(name=label)
    else:
        message = exc.format_message().rstrip(".")
        message = message[:1].lower() + message[1:]
    return _("{where}: {message} (`{where} -h` lists the options)").format(
        where=where, message=message
    )


def _option_names(ctx: click_core.Context | None) -> list[str]:
    if ctx is None:
        return []
    return [
        name
        for param in ctx.command.get_params(ctx)
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("--")
    ]


# typer 0.29 shows raw type labels (`RULE <str>`) in an argument's help and a required
# argument as `{RULE}` in the usage line: neither is for users.
def _usage_name(self: TyperArgument) -> str:
    name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
    return name + ("..." if self.nargs != 1 else "")


TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]

app = typer.Typer(
    name="deploylint",
    cls=_Group,
    help="Lint deployment configs against the deployment guide.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def errors_as_lines(fn: F) -> F:
    """The one error wrapper: a problem the user can fix is one line on stderr, exit 2;
    anything else is "internal error" (a traceback only with DEPLOYLINT_DEBUG)."""
    from deploylint.findings.baseline import BaselineError
    from deploylint.pipeline import WriteError
    from deploylint.rules.policy import PolicyError
    from deploylint.settings import SettingsError
    from deploylint.sources.files import UsageError

    base = (UsageFailure, UsageError, PolicyError, SettingsError, BaselineError, WriteError)

    def expected() -> tuple[type[Exception], ...]:
        """The errors the user can fix; the live ones only once their (heavy) modules are
        loaded: an error of a module never imported cannot have been raised."""
        live = (
            getattr(sys.modules.get(module), name, None)
            for module, name in (
                ("deploylint.live.run", "LiveUsageError"),
                ("deploylint.live.snapshot", "SnapshotError"),
            )
        )
        return (*base, *(cls for cls in live if cls is not None))

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, click_errors.ClickException):
            raise
        except OSError as exc:  # none of the expected errors is an OSError
            raise _fail(f"{exc.strerror}: {exc.filename}") from None
        except Exception as exc:  # never a traceback for the user
            if isinstance(exc, expected()):
                raise _fail(str(exc)) from None
            if os.environ.get("DEPLOYLINT_DEBUG"):
                raise
            raise _fail(
                _("internal error: {error}: {detail}").format(error=type(exc).__name__, detail=exc)
            ) from None

    return wrapper  # type: ignore[return-value]


# --- option groups: one field here is one option on every command that takes the group ----

F = TypeVar("F", bound=Callable[..., Any])

Rules = Annotated[
    list[str] | None,
    typer.Option(metavar="RULE", help="Only these rules: IDs, prefixes (DL2) or names."),
]


@dataclass
class Selection:
    """Which rules, which files, which policy: the settings flags."""

    select: Rules = None
    extend_select: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help="Add these rules to the settings' select."),
    ] = None
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help="Skip these rules: IDs, prefixes or names."),
    ] = None
    extend_ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help="Skip these rules too (added to --ignore)."),
    ] = None
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GLOB", help="Do not read these files (added to the settings' exclude)."
        ),
    ] = None
    fail_on: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="Exit 1 on findings at or above: " + ", ".join(LEVELS) + " (default: error).",
        ),
    ] = None
    policy: Annotated[
        str | None,
        typer.Option(metavar="FILE", help="Policy pack file (default: the guide's)."),
    ] = None
    config: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Settings file (.yaml, .yml or .toml)."),
    ] = None
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False


@dataclass
class Outputs:
    """How the report is shown and what fails the run."""

    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Format of the report: " + ", ".join(FORMATS) + " (default: auto).",
        ),
    ] = None
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here (- is stdout)."),
    ] = None
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--output-format",
            metavar="FORMAT[:FILE]",
            help="FORMAT: the format of stdout (as --format); FORMAT:FILE: also write "
            "FILE (repeatable), e.g. sarif:deploylint.sarif.",
        ),
    ] = None
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Counts per rule instead of the findings.")
    ] = False
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Findings only: no summary, no progress.")
    ] = False
    color: Annotated[
        str,
        typer.Option(
            metavar="WHEN",
            help="Colour the text: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces), "
            "always, never.",
        ),
    ] = "auto"
    max_warnings: Annotated[
        int | None,
        typer.Option("--max-warnings", min=0, metavar="N", help="Exit 1 above N warnings."),
    ] = None
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help="Exit 0 even with findings (2 still means an error)."),
    ] = False
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", metavar="FILE", help="Report only findings not in this file."),
    ] = None
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", metavar="FILE", help="Record today's findings here."),
    ] = None
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Drop --baseline entries that match nothing.")
    ] = False


@dataclass
class LiveOptions:
    """The live side: AWS or a snapshot, and the environment."""

    live: Annotated[bool, typer.Option("--live", help="Read AWS now (read-only).")] = False
    snapshot: Annotated[
        str | None, typer.Option(metavar="FILE", help="A live snapshot file (from `export`).")
    ] = None
    env: Annotated[
        str | None,
        typer.Option(metavar="ENV", help="The environment: one the configs declare, or all."),
    ] = None
    region: Annotated[
        str | None,
        typer.Option(metavar="REGION", help="AWS region (default: the env's declared one)."),
    ] = None
    profile: Annotated[str | None, typer.Option(metavar="PROFILE", help="AWS profile.")] = None
    role_arn: Annotated[
        list[str] | None,
        typer.Option(
            metavar="[ENV=]ARN",
            help="Read-only role to assume first; ENV=ARN for one environment (repeatable).",
        ),
    ] = None
    endpoint_url: Annotated[
        str | None,
        typer.Option(metavar="URL", help="AWS endpoint, e.g. a moto or LocalStack server."),
    ] = None


def _choose_lang(value: str | None) -> str | None:
    if value is not None:
        try:
            i18n.set_language(value, chosen="flag")
        except i18n.LanguageError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


def _choose_verbose(ctx: typer.Context, value: bool) -> bool:
    from deploylint.progress import CHATTER

    CHATTER.begin(sys.stderr if value else None)
    if value:
        ctx.call_on_close(CHATTER.end)  # after the command, whatever its exit code
    return value


@dataclass
class Common:
    """What every command takes."""

    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            is_eager=True,
            callback=_choose_verbose,
            help="Say more on stderr: the settings file used, every file skipped, timings "
            "(check: also each config set, its environments and files).",
        ),
    ] = False

    lang: Annotated[
        str | None,
        typer.Option(
            metavar="LANG",
            is_eager=True,
            callback=_choose_lang,
            help="Language of messages, summaries and rule docs: "
            + ", ".join(i18n.LANGS)
            + " (default: the settings' lang, else the locale: LC_ALL, LC_MESSAGES, LANG).",
        ),
    ] = None


GROUPS = (Selection, Outputs, LiveOptions, Common)


def with_groups(fn: F) -> F:
    """Give ``fn`` every option of the groups its parameters are typed with.

    ``def check(paths, *, sel: Selection, out: Outputs)`` becomes a command with every
    field of Selection and Outputs as an option; ``fn`` receives the filled-in groups.
    """
    hints = get_type_hints(fn, include_extras=True)
    sig = inspect.signature(fn)
    own: list[inspect.Parameter] = []
    grouped: dict[str, type[Any]] = {}
    for param in sig.parameters.values():
        hint = hints.get(param.name)
        if hint in GROUPS:
            grouped[param.name] = hint
        else:
            own.append(param.replace(annotation=hint))
    added: dict[str, list[str]] = {}
    for pname, group in grouped.items():
        group_hints = get_type_hints(group, include_extras=True)
        added[pname] = []
        for f in fields(group):
            own.append(
                inspect.Parameter(
                    f.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=f.default,
                    annotation=group_hints[f.name],
                )
            )
            added[pname].append(f.name)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for pname, group in grouped.items():
            kwargs[pname] = group(**{n: kwargs.pop(n) for n in added[pname]})
        return fn(*args, **kwargs)

    wrapper.__signature__ = sig.replace(parameters=own)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in own}
    return wrapper  # type: ignore[return-value]


def build_settings(sel: Selection, jobs: int | None = None) -> Settings:
    """The settings of a run: files, then the flags of :class:`Selection`."""
    from deploylint.rules.policy import load_policy
    from deploylint.settings import rule_refs

    settings = _settings(sel.fail_on, sel.select, sel.ignore, sel.policy, sel.config, sel.no_config)
    known = load_policy(settings.policy).registry()
    if sel.extend_select and settings.select:  # no select: every rule is on already
        more = rule_refs(sel.extend_select, "--extend-select", rules=known)
        settings = replace(settings, select=settings.select + more)
    elif sel.extend_select:
        rule_refs(sel.extend_select, "--extend-select", rules=known)  # a typo is still an error
    if sel.extend_ignore:
        more = rule_refs(sel.extend_ignore, "--extend-ignore", rules=known)
        settings = replace(settings, ignore=settings.ignore + more)
    if sel.exclude:  # as typed (from here) and as a glob anywhere
        here = [os.path.join(os.getcwd(), os.path.normpath(p)) for p in sel.exclude]
        settings = replace(settings, exclude=(*settings.exclude, *sel.exclude, *here))
    if jobs is not None:
        settings = replace(settings, jobs=jobs)
    return settings


def build_output(out: Outputs) -> Output:
    """The emit options; a format, colour or output option that cannot work is a usage error
    before any work."""
    from deploylint.findings import baseline
    from deploylint.pipeline import Output

    stdout_formats = [v for v in out.output_format or [] if ":" not in v]
    extra = _output_formats([v for v in out.output_format or [] if ":" in v])
    format = out.format.lower() if out.format is not None else None
    for value in stdout_formats:
        value = value.lower()
        if format is not None and value != format:
            raise UsageFailure(
                _(
                    "--format {format} and --output-format {value} name two formats for stdout; "
                    "give one (FORMAT:FILE writes another format to a file)"
                ).format(format=format, value=value)
            )
        format = value
    format = format or "auto"
    if format not in FORMATS:
        raise UsageFailure(_unknown(_("format"), format, FORMATS))
    color = out.color.lower()
    if color not in COLORS:
        raise UsageFailure(_unknown(_("colour choice"), color, COLORS))
    if out.update_baseline and out.baseline is None:
        raise UsageFailure(_("--update-baseline needs --baseline FILE"))
    entries = None if out.baseline is None else baseline.read(out.baseline)
    return Output(
        format=format,
        output=out.output,
        extra=tuple(extra),
        statistics=out.statistics,
        quiet=out.quiet,
        color=color,
        max_warnings=out.max_warnings,
        exit_zero=out.exit_zero,
        baseline=out.baseline,
        baseline_entries=entries,
        write_baseline=out.write_baseline,
        update_baseline=out.update_baseline,
    )


def _unknown(what: str, value: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, choices, n=1)
    hint = _("; did you mean {name}?").format(name=close[0]) if close else ""
    return _("unknown {what} {value}{hint} (choose one of {choices})").format(
        what=what, value=repr(value), hint=hint, choices=", ".join(choices)
    )


def _output_formats(values: list[str]) -> list[tuple[str, Path]]:
    """``--output-format FORMAT:FILE`` values, checked before any work."""
    out = []
    for value in values:
        name, _sep, file = value.partition(":")
        if not file:
            raise UsageFailure(
                _("--output-format {value}: FORMAT:FILE, e.g. sarif:deploylint.sarif").format(
                    value=repr(value)
                )
            )
        if name.lower() not in REPORTERS:
            raise UsageFailure(
                f"--output-format {value!r}: " + _unknown(_("format"), name, REPORTERS)
            )
        out.append((name.lower(), Path(file)))
    return out


def _live_source(live: LiveOptions, quiet: bool) -> LiveSource:
    from deploylint.live.aws import parse_roles
    from deploylint.live.collector import Connection, LiveError
    from deploylint.live.run import LiveSource

    if live.live == (live.snapshot is not None):
        raise UsageFailure(_("choose one of --live or --snapshot FILE"))
    try:
        role, roles = parse_roles(live.role_arn or [])
    except LiveError as exc:
        raise UsageFailure(str(exc)) from None
    conn = Connection(live.region, live.profile, role, live.endpoint_url) if live.live else None
    return LiveSource(live.snapshot, conn, progress=not quiet, roles=roles)


def _run(
    request: Request, settings: Settings, out: Outputs, fixing: Fixing | None = None
) -> NoReturn:
    """run -> emit -> exit: the same for every command (``--fix``: fix, then emit what is
    left; ``--diff``: the edits instead of the report)."""
    from deploylint.pipeline import emit, fix, run
    from deploylint.rules.policy import load_policy

    output = build_output(out)
    if output.baseline_entries is not None:  # finish leaves these findings out
        settings = replace(settings, baseline=frozenset(output.baseline_entries))
    _warn_plugins()
    if fixing is None:
        report = run(request, settings)
    else:
        report, outcome = fix(request, settings, fixing)
        for skipped in outcome.skipped:
            sys.stderr.write(f"deploylint: {skipped}\n")
        if fixing.diff:  # the diff is the output; exit 1 when there is anything to fix
            sys.stdout.write(outcome.diff())
            if not out.quiet:
                sys.stderr.write(outcome.summary(fixing.unsafe, would=True) + "\n")
            raise typer.Exit(1 if outcome.changed else 0)
        summary = outcome.summary(fixing.unsafe)
        report.notes.append(summary)
        if not out.quiet and (out.format or "auto") not in ("auto", "text", "concise"):
            sys.stderr.write(summary + "\n")
    code = emit(report, settings, output)
    broken = load_policy(settings.policy).problems
    for problem in broken:
        note = _("(the rule was left out; the others ran)")
        sys.stderr.write(f"deploylint: {problem} {note}\n")
    raise typer.Exit(2 if broken else code)


UnsafeFixes = Annotated[
    bool,
    typer.Option("--unsafe-fixes", help="With --fix or --diff: unsafe fixes too (docs/fixes.md)."),
]
Diff = Annotated[
    bool, typer.Option("--diff", help="Print what --fix would change as a diff; write nothing.")
]


def _fixing(fix: bool, unsafe: bool, diff: bool) -> Fixing | None:
    from deploylint.pipeline import Fixing

    if unsafe and not (fix or diff):
        raise UsageFailure("--unsafe-fixes needs --fix or --diff")
    return Fixing(unsafe, diff) if fix or diff else None


Paths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        show_default=False,
        help="Config files and folders (default: the current folder); - reads stdin.",
    ),
]


@app.command()
@errors_as_lines
@with_groups
def check(
    paths: Paths = None,
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
    stdin_filename: Annotated[
        str | None,
        typer.Option(metavar="PATH", help="With -: the file the stdin text stands in for."),
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files.")] = False,
    unsafe_fixes: UnsafeFixes = False,
    diff: Diff = False,
    allow_no_configs: Annotated[
        bool,
        typer.Option(
            "--allow-no-configs",
            help="Pass when no named file is a deploylint config (the pre-commit hook).",
        ),
    ] = False,
    *,
    sel: Selection,
    out: Outputs,
    live: LiveOptions,
    common: Common,
) -> None:
    """Check config files and folders (or the live state with --live/--snapshot).

    Exit 0 clean, 1 findings, 2 usage or internal error.
    """
    from deploylint.pipeline import Request

    settings = build_settings(sel, jobs)
    fixing = _fixing(fix, unsafe_fixes, diff)
    if live.live or live.snapshot is not None:  # the same rules on the live state
        if fixing is not None:
            raise UsageFailure("--fix and --diff edit config files: not with --live or --snapshot")
        source = _live_source(live, out.quiet)
        _run(Request("check", paths or [], live.env, source), settings, out)
    names, stdin = _stdin(paths or ["."], stdin_filename)
    if fix and not diff and stdin is not None:
        raise UsageFailure("--fix writes files: with - (stdin) use --diff")
    observer, progress = _observer(common.verbose and not out.quiet, out.quiet)
    try:
        request = Request("check", names, live.env, None, stdin, observer, allow_no_configs)
        _run(request, settings, out, fixing)
    finally:
        if progress is not None:
            progress.close()


@app.command()
@errors_as_lines
@with_groups
def drift(
    paths: Paths = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Adopt live values into the config (DL901).")
    ] = False,
    unsafe_fixes: UnsafeFixes = False,
    diff: Diff = False,
    *,
    sel: Selection,
    out: Outputs,
    live: LiveOptions,
    common: Common,
) -> None:
    """Compare the declared configs of one environment (--env) with its live AWS state.

    Exit 0 in sync, 1 drift or an incomplete run, 2 usage or internal error. --select and
    --ignore take rule IDs, prefixes or names (drift-value, DL9).
    """
    from deploylint.pipeline import Request

    if live.env is None:
        raise UsageFailure(_("drift needs --env ENV: the environment to compare"))
    settings = build_settings(sel)
    fixing = _fixing(fix, unsafe_fixes, diff)
    source = _live_source(live, out.quiet)
    _run(Request("drift", paths or ["."], live.env, source), settings, out, fixing)


# --- check's helpers ----------------------------------------------------------------------


def _stdin(paths: list[str], filename: str | None) -> tuple[list[str], bytes | None]:
    """``-``: one config from stdin, for the file ``--stdin-filename`` names."""
    if "-" not in paths:
        if filename is not None:
            raise UsageFailure(_("--stdin-filename goes with - (read the config from stdin)"))
        return paths, None
    if paths != ["-"]:
        raise UsageFailure(_("- reads one config from stdin; name no other PATH with it"))
    if filename is None:
        raise UsageFailure(
            _("- needs --stdin-filename PATH: the file the stdin text stands in for")
        )
    return [filename], sys.stdin.buffer.read()


def _observer(verbose: bool, quiet: bool) -> tuple[Observer | None, Progress | None]:
    from deploylint.progress import Progress, Verbose

    if verbose:
        return Verbose(sys.stderr), None
    if sys.stderr.isatty() and not quiet:
        progress = Progress(sys.stderr)
        return progress, progress
    return None, None


def _settings(
    fail_on: str | None,
    select: list[str] | None,
    ignore: list[str] | None,
    policy: str | None,
    config: Path | None,
    no_config: bool,
) -> Settings:
    from deploylint.progress import CHATTER
    from deploylint.settings import Flags, resolve

    flags = Flags(select, ignore, fail_on, policy, config, no_config)
    settings = resolve(flags, Path.cwd())[0]
    CHATTER.settings_used(settings.file)
    i18n.use_setting(settings.lang)  # the run's settings file speaks, unless --lang chose
    return settings


@app.command("settings")
@errors_as_lines
@with_groups
def show_settings(
    path: Annotated[
        Path | None,
        typer.Argument(help="A config file or folder: say which settings apply to it."),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(metavar="RULE", help="As check's --select.")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(metavar="RULE", help="As check's --ignore.")
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option(metavar="LEVEL", help="As check's --fail-on.")
    ] = None,
    policy: Annotated[str | None, typer.Option(metavar="FILE", help="Policy pack file.")] = None,
    config: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Settings file (.yaml, .yml or .toml).")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    *,
    common: Common,
) -> None:
    """Print the resolved settings and where each came from (file, flag or default).

    With PATH: the settings that apply to it (the nearest settings file at or above it)."""
    from deploylint.progress import CHATTER
    from deploylint.rules.policy import load_policy
    from deploylint.settings import Flags, describe, resolve
    from deploylint.sources.files import UsageError

    start = Path.cwd()
    if path is not None:
        if not path.exists():
            raise UsageError(f"path does not exist: {path}")
        start = (path if path.is_dir() else path.parent).resolve()
    settings, origins = resolve(Flags(select, ignore, fail_on, policy, config, no_config), start)
    CHATTER.settings_used(settings.file)
    i18n.use_setting(settings.lang)
    load_policy(settings.policy)
    where = f"file {settings.file}" if settings.file is not None else "default"
    rows = describe(settings, origins)
    if path is not None:
        applies = str(settings.file) if settings.file is not None else "(none: defaults)"
        rows.insert(0, ("settings-file", applies, f"nearest at or above {path}"))
    rows += [
        (
            "include",
            ", ".join(settings.include) or "(every file)",
            where if settings.include else "default",
        ),
        (
            "exclude",
            ", ".join(settings.exclude) or "(none)",
            where if settings.exclude else "default",
        ),
    ]
    key_width = max(len(key) for key, _v, _o in rows)
    value_width = max(i18n.cells(value) for _k, value, _o in rows)  # a Japanese path is wide
    for key, value, origin in rows:
        line = f"{key:<{key_width}}  {i18n.ljust(value, value_width)}  {origin}"
        sys.stdout.write(line.rstrip() + "\n")


def _warn_plugins() -> None:
    """Plugins that could not be used: one line each on stderr; the other rules still run."""
    from deploylint.rules import plugin_problems

    for problem in plugin_problems():
        sys.stderr.write(f"deploylint: warning: {problem}\n")


PolicyOption = Annotated[
    str | None,
    typer.Option(metavar="FILE", help="Policy pack file: its own rules are listed too."),
]
ConfigOption = Annotated[Path | None, typer.Option(metavar="FILE", help="Settings file to use.")]
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
        sys.stderr.write(f"deploylint: {problem} {_('(the rule was left out)')}\n")
    if problems:
        raise typer.Exit(2)


@app.command("rules")
@errors_as_lines
@with_groups
def list_rules(
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
    ] = "text",
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    *,
    common: Common,
) -> None:
    """List every rule: ID, name, default severity, summary, and where it comes from."""
    from deploylint.docs import rules_json, rules_table

    format = format.lower()
    if format not in ("text", "json"):
        raise _fail(_("unknown format {format}; choose text or json").format(format=repr(format)))
    registry = _registry(policy, config, no_config)
    _warn_plugins()
    sys.stdout.write(rules_json(registry) + "\n" if format == "json" else rules_table(registry))
    _pack_problems(policy, config, no_config)


@app.command("rule")
@errors_as_lines
@with_groups
def show_rule(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help="A rule ID or name: DL205, open-ingress.")
    ],
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    *,
    common: Common,
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
        raise _fail(
            _("unknown rule {rule}; `deploylint rules` lists them").format(rule=repr(rule_id))
        )
    sys.stdout.write(rule_markdown(rule))
    _pack_problems(policy, config, no_config)


@app.command("test")
@errors_as_lines
@with_groups
def test_pack(
    pack: Annotated[str | None, typer.Argument(help="Pack file (default: the settings').")] = None,
    rule: Annotated[
        list[str] | None, typer.Option(metavar="RULE", help="Only these rules (ID or prefix).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or junit.")] = "text",
    config: Annotated[Path | None, typer.Option(metavar="FILE", help="Settings file.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    *,
    common: Common,
) -> None:
    """Test a pack's rules: docs examples fire, use_instead and pass fixtures do not."""
    from deploylint import testing

    if format.lower() not in ("text", "junit"):
        raise UsageFailure(
            _("unknown format {format}; choose one of text, junit").format(format=repr(format))
        )
    settings = _settings(None, None, None, pack, config, no_config)
    outcomes = testing.run(settings, rule or ())
    if format.lower() == "junit":
        sys.stdout.write(testing.junit(outcomes, settings.policy or "guide"))
    else:
        sys.stdout.write("".join(f"{o.line()}\n" for o in outcomes))
        sys.stdout.write(testing.summary(outcomes) + "\n")
    raise typer.Exit(0 if all(o.passed or o.skipped for o in outcomes) else 1)


@app.command("schema")
@errors_as_lines
@with_groups
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
    *,
    common: Common,
) -> None:
    """Print the JSON Schema of a section (or of a whole config file), or write them."""
    from deploylint.model.schemas import render_all, render_one

    if section is not None and section.lower() not in SCHEMA_SECTIONS:
        raise _fail(
            _("unknown section {section}; choose one of {sections}").format(
                section=repr(section), sections=", ".join(SCHEMA_SECTIONS)
            )
        )
    section = section.lower() if section is not None else None
    if write is None:
        sys.stdout.write(render_one(section))
        return
    schemas = render_all()
    if section is not None:
        schemas = {f"{section}.schema.json": schemas[f"{section}.schema.json"]}
    if not write.is_dir():
        problem = _("is not a folder") if write.exists() else _("folder does not exist")
        raise _fail(
            _("cannot write schemas to {folder}: {problem}").format(folder=write, problem=problem)
        )
    for name, text in schemas.items():
        try:
            (write / name).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {write / name}: {exc.strerror}") from None


@app.command()
@errors_as_lines
@with_groups
def export(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Configs (for the env's declared region).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write here.")
    ] = None,
    live: Annotated[bool, typer.Option("--live", help="Read AWS now (read-only).")] = False,
    from_aws_cli: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="A folder of saved `aws ... describe-*` JSON outputs."),
    ] = None,
    from_aws_config: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="An AWS Config snapshot (or aggregator export) file."),
    ] = None,
    env: Annotated[
        str | None, typer.Option(metavar="ENV", help="The environment the snapshot is for.")
    ] = None,
    account: Annotated[
        str | None, typer.Option(metavar="ACCOUNT", help="Account to take from an export.")
    ] = None,
    region: Annotated[str | None, typer.Option(metavar="REGION", help="AWS region.")] = None,
    endpoint_url: Annotated[
        str | None, typer.Option(metavar="URL", help="AWS endpoint, e.g. a moto server.")
    ] = None,
    profile: Annotated[str | None, typer.Option(metavar="PROFILE", help="AWS profile.")] = None,
    role_arn: Annotated[
        str | None, typer.Option(metavar="ARN", help="Read-only role to assume first.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Settings file to use.")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore settings files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
    *,
    common: Common,
) -> None:
    """Write a live snapshot (JSON, schemas/snapshot.schema.json) from AWS or saved files."""
    from deploylint.live.imports import from_aws_cli as read_cli
    from deploylint.live.imports import from_aws_config as read_config
    from deploylint.live.run import LiveUsageError, export_snapshot

    if sum((live, from_aws_cli is not None, from_aws_config is not None)) != 1:
        raise UsageFailure(_("choose one of --live, --from-aws-cli DIR or --from-aws-config FILE"))
    if from_aws_cli is not None:
        if not region:
            raise LiveUsageError("--from-aws-cli needs --region (the outputs do not say)")
        snap = read_cli(from_aws_cli, region, account)
    elif from_aws_config is not None:
        snap = read_config(from_aws_config, account, region)
    else:
        settings = _settings(None, None, None, None, config, no_config)
        roles = [role_arn] if role_arn else None
        where = LiveOptions(True, None, env, region, profile, roles, endpoint_url)
        source = _live_source(where, quiet)
        snap = export_snapshot(source, env, paths or [], settings)
    snap.environment = env or snap.environment
    text = snap.dumps()
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if not quiet and output is not None:
        sys.stderr.write(
            f"wrote {output}: {len(snap.resources)} resources"
            + (f", {len(snap.unreadable)} parts not read" if snap.unreadable else "")
            + "\n"
        )


def main() -> None:
    """The ``deploylint`` process (tests call ``app``). What is alive when it starts (the
    modules) and when it ends (botocore's models and clients after ``--live``, every
    parsed config) lives until exit: moved to the garbage collector's permanent
    generation, it is not walked again by each full collection nor by the interpreter's
    teardown (0.3 s of the 1.2 s of CPU ``drift --live`` took on the guide's stack)."""
    gc.freeze()
    try:
        app()
    finally:
        gc.freeze()
