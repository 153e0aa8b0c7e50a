"""The command line: parse options, build the settings, run the pipeline, emit, exit. Thin.

Every command that runs rules or a comparison (``check``, ``check --live/--snapshot``,
``drift``) takes its options from the groups below (:class:`Selection`, :class:`Outputs`,
:class:`LiveOptions`): adding an option to every command is one field in one group.
The work is :mod:`deploylint.pipeline`'s: ``run`` then ``emit``.

No ``from __future__ import annotations`` here: typer reads the commands' annotations, and
as strings each would be compiled and evaluated at every start (8% of ``--help``, 1% of a
one-file check); the few that name a type imported for type checking only are strings.
"""

import contextlib
import copy
import difflib
import functools
import gc
import inspect
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar, get_type_hints

import typer
from typer._click import core as click_core  # typer 0.29 vendors click
from typer._click import exceptions as click_errors
from typer._click import formatting as click_formatting
from typer._coercion import PassThroughRuntimeParam
from typer.core import TyperArgument, TyperGroup, TyperOption, _TyperParameter

from deploylint import i18n
from deploylint.i18n import N_, _, ngettext
from deploylint.ownmodels import own_models
from deploylint.reporters import REGISTRY

if TYPE_CHECKING:
    from deploylint.findings.engine import Observer
    from deploylint.live.run import LiveSource
    from deploylint.pipeline import Fixing, Output, Request
    from deploylint.progress import Progress
    from deploylint.rules.rule import Rule
    from deploylint.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
REPORTERS = tuple(REGISTRY)
FORMATS = ("auto", *REPORTERS)
LEVELS = ("critical", "error", "warning", "info", "never")
COLORS = ("auto", "always", "never")
# the sections `schema` knows (tests/cli/test_cli_habits.py keeps this equal to the model's)
SCHEMA_SECTIONS = ("architecture", "infrastructure", "deployment", "config", "monitoring")


class UsageFailure(Exception):
    """A usage error found after parsing: one line on stderr, exit 2."""


# --- help in the language of the run ----------------------------------------------------------
# Help texts are written in English and marked N_(...); the command tree typer builds for a
# run is translated once the language is known (from --lang among the arguments, else the
# locale: before any parsing, so `--help --lang ja` and LANG=ja_JP.UTF-8 both work), and a
# help formatter translates the texts click and typer write themselves (Usage:, the section
# headings, the help option, [default: ...]). The settings file's `lang` is read after
# parsing: it cannot choose the language of --help.

HELP_VALUES = {
    "levels": ", ".join(LEVELS),
    "formats": ", ".join(FORMATS),
    "languages": ", ".join(i18n.LANGS),
    "sections": ", ".join(SCHEMA_SECTIONS),
}
# click's and typer's own texts, for the catalog
_CLICK_TEXTS = (
    N_("Usage:"),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("default: {default}"),
    N_("required"),
)
# help-only patterns are plain texts, compiled by re on first use (re caches them): a
# command that shows no help never compiles them
_EXTRAS = r"\s*\[(?P<items>[^\[\]]*)\]$"


def help_text(text: str | None) -> str | None:
    """A help text (marked N_) in the language of the run, its {placeholders} filled."""
    if not text:
        return text
    out = _(text)
    return out.format(**HELP_VALUES) if "{" in text else out


def localize(command: click_core.Command) -> None:
    """Translate the help of ``command`` and its subcommands in place (typer builds the
    command tree for each run)."""
    command.help = help_text(command.help)
    command.short_help = help_text(command.short_help)
    if command.short_help is None and command.help and i18n.language() != "en":
        # click shortens a help at a space: Japanese has none, so its first sentence
        command.short_help = command.help.split("\n\n")[0].split("。")[0].rstrip("。") + "。"
    command.context_class = _Context
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument) and param.help:
            param.help = help_text(param.help)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def _extras(text: str) -> str:
    """A help column as click writes it: its own texts translated, ``[default: x]`` too."""
    text = _(text)
    match = re.search(_EXTRAS, text)
    if match is None:
        return text
    items = []
    for item in match["items"].split("; "):
        if item.startswith("default: "):
            items.append(_("default: {default}").format(default=item.removeprefix("default: ")))
        elif item == "required":
            items.append(_("required"))
        else:
            items.append(item)
    return text[: match.start()] + "  [" + "; ".join(items) + "]"


class _Formatter(click_formatting.HelpFormatter):
    """click's help formatter, with its own words in the language of the run."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else _("Usage:") + " ")

    def section(self, name: str) -> Any:
        return super().section(_(name))

    def write_text(self, text: str) -> None:
        if i18n.language() == "en":
            return super().write_text(text)
        indent = " " * self.current_indent
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        width = max(self.width - self.current_indent, 11)
        self.write(
            "\n\n".join("\n".join(indent + line for line in wrap(p, width)) for p in paragraphs)
            + "\n"
        )
        return None

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(term, _extras(text)) for term, text in rows]
        if i18n.language() == "en":
            return super().write_dl(rows, col_max, col_spacing)
        # click's layout, measured in terminal cells: a Japanese character takes two
        first_col = min(max((i18n.cells(t) for t, _text in rows), default=0), col_max)
        first_col += col_spacing
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if i18n.cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - i18n.cells(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(text, max(self.width - first_col - 2, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")
        return None


_TOKENS = r"\s+|[\x21-\u10ff]+|."  # spaces, a run of narrow text, one wide character
# kinsoku: never at the start of a line (closing punctuation, small kana, the long vowel mark)
_NO_END = frozenset("（「『【〔([{")
_NO_START = frozenset(
    "、。，．）」』】〕：；！？・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;!?)]}"
)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal cells (click counts characters): a line breaks at
    a space, or between two wide characters (Japanese has no spaces); a closing bracket or
    punctuation mark never starts a line (the character before it moves down with it)."""
    lines: list[str] = []
    line: list[str] = []
    for token in re.findall(_TOKENS, text):
        if "".join(line).strip() and i18n.cells("".join(line) + token.rstrip()) > width:
            carried: list[str] = [] if token.isspace() else [token]
            while carried and carried[0][:1] in _NO_START and len(line) > 1:
                if line[-1].isspace():
                    break
                carried.insert(0, line.pop())
            while len(line) > 1 and line[-1] in _NO_END:  # nor does an opening bracket end one
                carried.insert(0, line.pop())
            lines.append("".join(line).rstrip())
            line = carried
        else:
            line.append(token)
    lines.append("".join(line).rstrip())
    return lines


class _Context(typer.Context):
    formatter_class = _Formatter


class _Group(TyperGroup):
    """Every usage error is ONE line on stderr (with a did-you-mean), exit 2; no panels."""

    context_class = _Context

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # the language of this run only; deploylint's models without pydantic's plugins
        with i18n.kept(), own_models():
            return self._main(*args, **kwargs)

    def _main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        i18n.reset()  # the locale's language, until --lang or the settings file say otherwise
        argv = kwargs.get("args") or (args[0] if args else None)
        wanted = i18n.lang_from_argv(list(argv) if argv is not None else sys.argv[1:])
        if wanted is not None:
            with contextlib.suppress(i18n.LanguageError):  # --lang's own check reports it
                i18n.set_language(wanted)
        localize(self)
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

_typer_process_value = _TyperParameter.process_value


def _process_value(self: _TyperParameter, ctx: click_core.Context, value: Any) -> Any:
    """typer's ``process_value``, without the pydantic TypeAdapter typer builds for every
    option of the command, given or not (27 options left unset by a plain ``check``, each
    a core schema and a validator: about 1% of a one-file run's instructions).

    An option not given has the value None, which typer's ``RuntimeParam.coerce`` turns
    into None or () before it uses the adapter: typer's own adapter-less runtime param
    gives the same (its required check and callback run as before); a given value goes
    through typer's adapter unchanged. tests/cli/test_cli_startup.py pins the equivalence.
    """
    if value is not None or self._runtime_param is not None:
        return _typer_process_value(self, ctx, value)
    descriptor = self.type_descriptor
    self._runtime_param = PassThroughRuntimeParam(
        parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
    )
    try:
        return _typer_process_value(self, ctx, value)
    finally:
        self._runtime_param = None  # a later value gets typer's own adapter


_TyperParameter.process_value = _process_value  # type: ignore[method-assign]

app = typer.Typer(
    name="deploylint",
    cls=_Group,
    help=N_("Lint deployment configs against the deployment guide."),
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
            "--version", callback=_version, is_eager=True, help=N_("Show the version and exit.")
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            metavar="LANG",
            is_eager=True,
            callback=lambda value: _choose_lang(value),
            help=N_(
                "Language of messages, summaries and rule docs: {languages} "
                "(default: the settings' lang, else the locale: LC_ALL, LC_MESSAGES, LANG)."
            ),
        ),
    ] = None,
) -> None:
    """Lint deployment configs against the deployment guide."""


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"deploylint: {message}\n")
    return typer.Exit(2)


# (module, class): the errors a user can fix, reported as one line (errors_as_lines)
_EXPECTED = (
    ("deploylint.sources.files", "UsageError"),
    ("deploylint.rules.policy", "PolicyError"),
    ("deploylint.settings", "SettingsError"),
    ("deploylint.findings.baseline", "BaselineError"),
    ("deploylint.pipeline", "WriteError"),
    ("deploylint.live.run", "LiveUsageError"),
    ("deploylint.live.snapshot", "SnapshotError"),
)


def errors_as_lines(fn: F) -> F:
    """The one error wrapper: a problem the user can fix is one line on stderr, exit 2;
    anything else is "internal error" (a traceback only with DEPLOYLINT_DEBUG)."""

    def expected() -> tuple[type[Exception], ...]:
        """The errors the user can fix, of the modules loaded: an error of a module never
        imported cannot have been raised (so importing the CLI imports none of them)."""
        loaded = (getattr(sys.modules.get(module), name, None) for module, name in _EXPECTED)
        return (UsageFailure, *(cls for cls in loaded if cls is not None))

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

Rules = Annotated[
    list[str] | None,
    typer.Option(metavar="RULE", help=N_("Only these rules: IDs, prefixes (DL2) or names.")),
]


@dataclass(repr=False, eq=False)  # filled in once a run: never shown or compared
class Selection:
    """Which rules, which files, which policy: the settings flags."""

    select: Rules = None
    extend_select: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help=N_("Add these rules to the settings' select.")),
    ] = None
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help=N_("Skip these rules: IDs, prefixes or names.")),
    ] = None
    extend_ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULE", help=N_("Skip these rules too (added to --ignore).")),
    ] = None
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            metavar="GLOB", help=N_("Do not read these files (added to the settings' exclude).")
        ),
    ] = None
    fail_on: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help=N_("Exit 1 on findings at or above: {levels} (default: error)."),
        ),
    ] = None
    policy: Annotated[
        str | None,
        typer.Option(metavar="FILE", help=N_("Policy pack file (default: the guide's).")),
    ] = None
    config: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help=N_("Settings file (.yaml, .yml or .toml).")),
    ] = None
    no_config: Annotated[bool, typer.Option("--no-config", help=N_("Ignore settings files."))] = (
        False
    )


@dataclass(repr=False, eq=False)  # filled in once a run: never shown or compared
class Outputs:
    """How the report is shown and what fails the run."""

    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=N_("Format of the report: {formats} (default: auto)."),
        ),
    ] = None
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help=N_("Write here (- is stdout).")),
    ] = None
    output_format: Annotated[
        list[str] | None,
        typer.Option(
            "--output-format",
            metavar="FORMAT[:FILE]",
            help=N_(
                "FORMAT: the format of stdout (as --format); FORMAT:FILE: also write "
                "FILE (repeatable), e.g. sarif:deploylint.sarif."
            ),
        ),
    ] = None
    statistics: Annotated[
        bool, typer.Option("--statistics", help=N_("Counts per rule instead of the findings."))
    ] = False
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=N_("Findings only: no summary, no progress."))
    ] = False
    color: Annotated[
        str,
        typer.Option(
            metavar="WHEN",
            help=N_(
                "Colour the text: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces), "
                "always, never."
            ),
        ),
    ] = "auto"
    max_warnings: Annotated[
        int | None,
        typer.Option("--max-warnings", min=0, metavar="N", help=N_("Exit 1 above N warnings.")),
    ] = None
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help=N_("Exit 0 even with findings (2 still means an error).")),
    ] = False
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", metavar="FILE", help=N_("Report only findings not in this file.")
        ),
    ] = None
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", metavar="FILE", help=N_("Record today's findings here.")),
    ] = None
    update_baseline: Annotated[
        bool,
        typer.Option("--update-baseline", help=N_("Drop --baseline entries that match nothing.")),
    ] = False


@dataclass(repr=False, eq=False)  # filled in once a run: never shown or compared
class LiveOptions:
    """The live side: AWS or a snapshot, and the environment."""

    live: Annotated[bool, typer.Option("--live", help=N_("Read AWS now (read-only)."))] = False
    snapshot: Annotated[
        str | None, typer.Option(metavar="FILE", help=N_("A live snapshot file (from `export`)."))
    ] = None
    env: Annotated[
        str | None,
        typer.Option(metavar="ENV", help=N_("The environment: one the configs declare, or all.")),
    ] = None
    region: Annotated[
        str | None,
        typer.Option(metavar="REGION", help=N_("AWS region (default: the env's declared one).")),
    ] = None
    profile: Annotated[str | None, typer.Option(metavar="PROFILE", help=N_("AWS profile."))] = None
    role_arn: Annotated[
        list[str] | None,
        typer.Option(
            metavar="[ENV=]ARN",
            help=N_("Read-only role to assume first; ENV=ARN for one environment (repeatable)."),
        ),
    ] = None
    endpoint_url: Annotated[
        str | None,
        typer.Option(metavar="URL", help=N_("AWS endpoint, e.g. a moto or LocalStack server.")),
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


@dataclass(repr=False, eq=False)  # filled in once a run: never shown or compared
class Common:
    """What every command takes."""

    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            is_eager=True,
            callback=_choose_verbose,
            help=N_(
                "Say more on stderr: the settings file used, every file skipped, timings "
                "(check: also each config set, its environments and files)."
            ),
        ),
    ] = False

    lang: Annotated[
        str | None,
        typer.Option(
            metavar="LANG",
            is_eager=True,
            callback=_choose_lang,
            help=N_(
                "Language of messages, summaries and rule docs: {languages} "
                "(default: the settings' lang, else the locale: LC_ALL, LC_MESSAGES, LANG)."
            ),
        ),
    ] = None


GROUPS = (Selection, Outputs, LiveOptions, Common)


_GROUP_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(group: type[Any]) -> dict[str, Any]:
    """A group's field types, evaluated once for every command that takes the group (typer
    copies each typer.Option it reads, so the commands never share a changed one)."""
    if group not in _GROUP_HINTS:
        _GROUP_HINTS[group] = get_type_hints(group, include_extras=True)
    return _GROUP_HINTS[group]


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
        group_hints = _hints(group)
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


def build_settings(sel: Selection, jobs: int | None = None) -> "Settings":
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


def build_output(out: Outputs) -> "Output":
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


def _live_source(live: LiveOptions, quiet: bool) -> "LiveSource":
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
    request: "Request", settings: "Settings", out: Outputs, fixing: "Fixing | None" = None
) -> NoReturn:
    """run -> emit -> exit: the same for every command (``--fix``: fix, then emit what is
    left; ``--diff``: the edits instead of the report)."""
    from deploylint.pipeline import emit, fix, run
    from deploylint.rules.policy import load_policy

    output = build_output(out)
    if output.baseline_entries is not None:  # finish leaves these findings out
        settings = replace(settings, baseline=frozenset(output.baseline_entries))
    _warn_plugins()
    _work_starts()
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
    typer.Option(
        "--unsafe-fixes", help=N_("With --fix or --diff: unsafe fixes too (docs/fixes.md).")
    ),
]
Diff = Annotated[
    bool, typer.Option("--diff", help=N_("Print what --fix would change as a diff; write nothing."))
]


def _fixing(fix: bool, unsafe: bool, diff: bool) -> "Fixing | None":
    from deploylint.pipeline import Fixing

    if unsafe and not (fix or diff):
        raise UsageFailure(_("--unsafe-fixes needs --fix or --diff"))
    return Fixing(unsafe, diff) if fix or diff else None


Paths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATH",
        show_default=False,
        help=N_("Config files and folders (default: the current folder); - reads stdin."),
    ),
]


@app.command(
    help=N_(
        "Check config files and folders (or the live state with "
        "--live/--snapshot).\n\nExit 0 clean, 1 findings, 2 usage or internal error."
    )
)
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
            help=N_("Processes for config sets (default: both cores above 400 files, else 1)."),
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(metavar="PATH", help=N_("With -: the file the stdin text stands in for.")),
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help=N_("Apply safe fixes to the files."))] = False,
    unsafe_fixes: UnsafeFixes = False,
    diff: Diff = False,
    allow_no_configs: Annotated[
        bool,
        typer.Option(
            "--allow-no-configs",
            help=N_("Pass when no named file is a deploylint config (the pre-commit hook)."),
        ),
    ] = False,
    *,
    sel: Selection,
    out: Outputs,
    live: LiveOptions,
    common: Common,
) -> None:
    from deploylint.pipeline import Request

    settings = build_settings(sel, jobs)
    fixing = _fixing(fix, unsafe_fixes, diff)
    if live.live or live.snapshot is not None:  # the same rules on the live state
        if fixing is not None:
            raise UsageFailure(
                _("--fix and --diff edit config files: not with --live or --snapshot")
            )
        source = _live_source(live, out.quiet)
        _run(Request("check", paths or [], live.env, source), settings, out)
    names, stdin = _stdin(paths or ["."], stdin_filename)
    if fix and not diff and stdin is not None:
        raise UsageFailure(_("--fix writes files: with - (stdin) use --diff"))
    observer, progress = _observer(common.verbose and not out.quiet, out.quiet)
    try:
        request = Request("check", names, live.env, None, stdin, observer, allow_no_configs)
        _run(request, settings, out, fixing)
    finally:
        if progress is not None:
            progress.close()


@app.command(
    help=N_(
        "Compare the declared configs of one environment (--env) with its live AWS "
        "state.\n\nExit 0 in sync, 1 drift or an incomplete run, 2 usage or internal "
        "error. --select and --ignore take rule IDs, prefixes or names (drift-value, "
        "DL9)."
    )
)
@errors_as_lines
@with_groups
def drift(
    paths: Paths = None,
    fix: Annotated[
        bool, typer.Option("--fix", help=N_("Adopt live values into the config (DL901)."))
    ] = False,
    unsafe_fixes: UnsafeFixes = False,
    diff: Diff = False,
    *,
    sel: Selection,
    out: Outputs,
    live: LiveOptions,
    common: Common,
) -> None:
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


def _observer(verbose: bool, quiet: bool) -> "tuple[Observer | None, Progress | None]":
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
) -> "Settings":
    from deploylint.progress import CHATTER
    from deploylint.settings import Flags, resolve

    flags = Flags(select, ignore, fail_on, policy, config, no_config)
    settings = resolve(flags, Path.cwd())[0]
    CHATTER.settings_used(settings.file)
    i18n.use_setting(settings.lang)  # the run's settings file speaks, unless --lang chose
    return settings


@app.command(
    "settings",
    help=N_(
        "Print the resolved settings and where each came from (file, flag or "
        "default).\n\nWith PATH: the settings that apply to it (the nearest settings file "
        "at or above it)."
    ),
)
@errors_as_lines
@with_groups
def show_settings(
    path: Annotated[
        Path | None,
        typer.Argument(help=N_("A config file or folder: say which settings apply to it.")),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(metavar="RULE", help=N_("As check's --select."))
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(metavar="RULE", help=N_("As check's --ignore."))
    ] = None,
    fail_on: Annotated[
        str | None, typer.Option(metavar="LEVEL", help=N_("As check's --fail-on."))
    ] = None,
    policy: Annotated[
        str | None, typer.Option(metavar="FILE", help=N_("Policy pack file."))
    ] = None,
    config: Annotated[
        Path | None, typer.Option(metavar="FILE", help=N_("Settings file (.yaml, .yml or .toml)."))
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help=N_("Ignore settings files."))
    ] = False,
    *,
    common: Common,
) -> None:
    from deploylint.progress import CHATTER
    from deploylint.rules.policy import load_policy
    from deploylint.settings import Flags, describe, origin_text, resolve
    from deploylint.sources.files import UsageError

    start = Path.cwd()
    if path is not None:
        if not path.exists():
            raise UsageError(_("path does not exist: {path}").format(path=path))
        start = (path if path.is_dir() else path.parent).resolve()
    settings, origins = resolve(Flags(select, ignore, fail_on, policy, config, no_config), start)
    CHATTER.settings_used(settings.file)
    i18n.use_setting(settings.lang)
    load_policy(settings.policy)
    file = (("file", str(settings.file)),) if settings.file is not None else ()
    default = origin_text((("default", ""),))
    rows = describe(settings, origins)
    if path is not None:
        applies = str(settings.file) if settings.file is not None else _("(none: defaults)")
        rows.insert(
            0, ("settings-file", applies, _("nearest at or above {path}").format(path=path))
        )
    rows += [
        (
            "include",
            ", ".join(settings.include) or _("(every file)"),
            origin_text(file) if settings.include else default,
        ),
        (
            "exclude",
            ", ".join(settings.exclude) or _("(none)"),
            origin_text(file) if settings.exclude else default,
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
        warning = _("warning: {problem}").format(problem=problem)
        sys.stderr.write(f"deploylint: {warning}\n")


PolicyOption = Annotated[
    str | None,
    typer.Option(metavar="FILE", help=N_("Policy pack file: its own rules are listed too.")),
]
ConfigOption = Annotated[
    Path | None, typer.Option(metavar="FILE", help=N_("Settings file to use."))
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help=N_("Ignore settings files."))]


def _registry(policy: str | None, config: Path | None, no_config: bool) -> "dict[str, Rule]":
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
        note = _("(the rule was left out)")
        sys.stderr.write(f"deploylint: {problem} {note}\n")
    if problems:
        raise typer.Exit(2)


@app.command(
    "rules",
    help=N_("List every rule: ID, name, default severity, summary, and where it comes from."),
)
@errors_as_lines
@with_groups
def list_rules(
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=N_("text or json."))
    ] = "text",
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    *,
    common: Common,
) -> None:
    from deploylint.docs import rules_json, rules_table

    format = format.lower()
    if format not in ("text", "json"):
        raise _fail(_("unknown format {format}; choose text or json").format(format=repr(format)))
    registry = _registry(policy, config, no_config)
    _warn_plugins()
    sys.stdout.write(rules_json(registry) + "\n" if format == "json" else rules_table(registry))
    _pack_problems(policy, config, no_config)


@app.command(
    "rule",
    help=N_("Show one rule's docs: what it does, why, example, fix, options, references."),
)
@errors_as_lines
@with_groups
def show_rule(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help=N_("A rule ID or name: DL205, open-ingress."))
    ],
    policy: PolicyOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    *,
    common: Common,
) -> None:
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


@app.command(
    "test",
    help=N_("Test a pack's rules: docs examples fire, use_instead and pass fixtures do not."),
)
@errors_as_lines
@with_groups
def test_pack(
    pack: Annotated[
        str | None, typer.Argument(help=N_("Pack file (default: the settings')."))
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option(metavar="RULE", help=N_("Only these rules (ID or prefix)."))
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help=N_("text or junit."))] = "text",
    config: Annotated[Path | None, typer.Option(metavar="FILE", help=N_("Settings file."))] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help=N_("Ignore settings files."))
    ] = False,
    *,
    common: Common,
) -> None:
    from deploylint import testing

    if format.lower() not in ("text", "junit"):
        raise UsageFailure(
            _("unknown format {format}; choose one of text, junit").format(format=repr(format))
        )
    settings = _settings(None, None, None, pack, config, no_config)
    _work_starts()
    outcomes = testing.run(settings, rule or ())
    if format.lower() == "junit":
        sys.stdout.write(testing.junit(outcomes, settings.policy or "guide"))
    else:
        sys.stdout.write("".join(f"{o.line()}\n" for o in outcomes))
        sys.stdout.write(testing.summary(outcomes) + "\n")
    raise typer.Exit(0 if all(o.passed or o.skipped for o in outcomes) else 1)


@app.command(
    "schema",
    help=N_("Print the JSON Schema of a section (or of a whole config file), or write them."),
)
@errors_as_lines
@with_groups
def schema(
    section: Annotated[
        str | None,
        typer.Argument(
            metavar="SECTION",
            help=N_("One of: {sections}; none: a whole config file."),
        ),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help=N_("Write into this folder: SECTION's schema, or every schema.")
        ),
    ] = None,
    *,
    common: Common,
) -> None:
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
            raise _fail(
                _("cannot write {file}: {reason}").format(file=write / name, reason=exc.strerror)
            ) from None


@app.command(
    help=N_("Write a live snapshot (JSON, schemas/snapshot.schema.json) from AWS or saved files.")
)
@errors_as_lines
@with_groups
def export(
    paths: Annotated[
        list[str] | None, typer.Argument(help=N_("Configs (for the env's declared region)."))
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=N_("Write here."))
    ] = None,
    live: Annotated[bool, typer.Option("--live", help=N_("Read AWS now (read-only)."))] = False,
    from_aws_cli: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help=N_("A folder of saved `aws ... describe-*` JSON outputs.")
        ),
    ] = None,
    from_aws_config: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help=N_("An AWS Config snapshot (or aggregator export) file.")
        ),
    ] = None,
    env: Annotated[
        str | None, typer.Option(metavar="ENV", help=N_("The environment the snapshot is for."))
    ] = None,
    account: Annotated[
        str | None, typer.Option(metavar="ACCOUNT", help=N_("Account to take from an export."))
    ] = None,
    region: Annotated[str | None, typer.Option(metavar="REGION", help=N_("AWS region."))] = None,
    endpoint_url: Annotated[
        str | None, typer.Option(metavar="URL", help=N_("AWS endpoint, e.g. a moto server."))
    ] = None,
    profile: Annotated[str | None, typer.Option(metavar="PROFILE", help=N_("AWS profile."))] = None,
    role_arn: Annotated[
        str | None, typer.Option(metavar="ARN", help=N_("Read-only role to assume first."))
    ] = None,
    config: Annotated[
        Path | None, typer.Option(metavar="FILE", help=N_("Settings file to use."))
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help=N_("Ignore settings files."))
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=N_("No progress on stderr."))
    ] = False,
    *,
    common: Common,
) -> None:
    from deploylint.live.imports import from_aws_cli as read_cli
    from deploylint.live.imports import from_aws_config as read_config
    from deploylint.live.run import LiveUsageError, export_snapshot

    if sum((live, from_aws_cli is not None, from_aws_config is not None)) != 1:
        raise UsageFailure(_("choose one of --live, --from-aws-cli DIR or --from-aws-config FILE"))
    _work_starts()
    if from_aws_cli is not None:
        if not region:
            raise LiveUsageError(_("--from-aws-cli needs --region (the outputs do not say)"))
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
        resources = ngettext(
            "wrote {file}: {count} resource", "wrote {file}: {count} resources", len(snap.resources)
        ).format(file=output, count=len(snap.resources))
        unread = len(snap.unreadable)
        parts = (
            ngettext(", {count} part not read", ", {count} parts not read", unread).format(
                count=unread
            )
            if unread
            else ""
        )
        sys.stderr.write(resources + parts + "\n")


def main() -> None:
    """The ``deploylint`` process (tests call ``app``). What is alive when it starts (the
    modules) and when it ends (botocore's models and clients after ``--live``, every
    parsed config) lives until exit: moved to the garbage collector's permanent
    generation, it is not walked again by each full collection nor by the interpreter's
    teardown (0.3 s of the 1.2 s of CPU ``drift --live`` took on the guide's stack).
    The collector is off while the command's modules load and its settings and policy are
    built (all of it lives until exit: a collection would free nothing); it runs again
    when the work on configs starts (:func:`_work_starts`)."""
    global _STARTING
    gc.freeze()
    gc.disable()
    _STARTING = True
    try:
        _app_for(sys.argv[1:], os.environ)()
    finally:
        _work_starts()
        gc.freeze()


_STARTING = False  # main() turned the collector off for the start-up


def _work_starts() -> None:
    """The start-up is over: what it built goes to the permanent generation, and the
    collector runs again (once; a no-op in-process, where main() did not turn it off).
    The start-up's own garbage cycles (about a thousand objects for ``check``) are frozen
    with it rather than collected: a full collection there costs more than they hold.
    The youngest generation is collected every ``YOUNG`` new objects rather than every 700:
    the work makes few cycles (the data of a set is freed by reference counting), and each
    young collection walks the live data of the set at hand, so at 700 the collector took
    3% of a 1,000-file run's CPU time, at 10,000 0.4%, for a few MiB at most."""
    global _STARTING
    if _STARTING:
        _STARTING = False
        gc.freeze()
        gc.set_threshold(YOUNG, *gc.get_threshold()[1:])
        gc.enable()


YOUNG = 10_000  # new objects between two collections of the youngest generation


def _app_for(argv: list[str], environ: Mapping[str, str]) -> typer.Typer:
    """``app`` with only the command ``argv`` names, when it names one: typer builds a
    click command for every registered command at each start (their options' types and
    help), and one run uses one. Anything else (``--help``, options before the command, an
    unknown name, shell completion) gets the whole ``app``; tests/cli/test_cli_startup.py
    pins that both give the same output."""
    name = argv[0] if argv else ""
    chosen = [info for info in app.registered_commands if _command_name(info) == name]
    if len(chosen) != 1 or any(key.endswith("_COMPLETE") for key in environ):
        return app
    one = copy.copy(app)
    one.registered_commands = chosen
    return one


def _command_name(info: Any) -> str:
    # typer's own rule for a command without a name: the function's, with dashes
    return str(info.name or info.callback.__name__.lower().replace("_", "-"))
