"""Start-up cost of the command line (issue 14 §3, issue 16 §5): what a run imports and
builds. These tests look at ``sys.modules`` and at what typer built, never at timings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer._click import core as click_core
from typer._click import exceptions as click_errors
from typer.core import _TyperParameter
from typer.main import get_command

from deploylint import cli
from tests.helpers import EXAMPLES, invoke

# a process that runs the CLI and prints the modules it imported (after the run's exit)
_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["deploylint", *sys.argv[1:]]
{body}
"""


def _modules(body: str, *args: str, cwd: Path | None = None) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_rule_model_or_settings() -> None:
    # `deploylint --help`, `--version` and a usage error need none of these
    loaded = _modules("import deploylint.cli")
    heavy = {
        "pydantic",
        "deploylint.rules",
        "deploylint.rules.policy",
        "deploylint.settings",
        "deploylint.model.sections",
        "deploylint.findings.baseline",
        "deploylint.pipeline",
        "deploylint.report",
        "importlib.metadata",
    }
    assert not heavy & loaded, heavy & loaded


def test_help_builds_no_rule_or_model() -> None:
    loaded = _modules("from deploylint.cli import main; main()", "--help")
    assert not {"pydantic", "deploylint.rules", "deploylint.settings"} & loaded


def test_check_without_custom_rules_does_not_load_them() -> None:
    config = EXAMPLES / "guide"
    loaded = _modules(
        "from deploylint.cli import main; main()",
        "check",
        "--no-config",
        "--format",
        "json",
        str(config),
    )
    assert "deploylint.rules.policy" in loaded  # the probe saw a real check run
    assert not {m for m in loaded if m.startswith("deploylint.rules.custom")}


def test_a_plain_check_loads_no_fix_or_pack_test_code() -> None:
    # a run whose findings propose no fix (the pre-commit hook on a clean file) and whose
    # files hold no `deploylint:` comment: the fix machinery, the suppressions and
    # `deploylint test`'s runner are not imported
    loaded = _modules(
        "from deploylint.cli import main; main()",
        "check",
        "--no-config",
        "--format",
        "json",
        str(EXAMPLES / "multi-env"),
    )
    assert "deploylint.findings.engine" in loaded  # the probe saw a real check run
    unneeded = {
        "deploylint.findings.fixes",
        "deploylint.sources.edits",
        "deploylint.testing",
        "deploylint.findings.suppressions",
        "deploylint.sources.json_events",
    }
    assert not unneeded & loaded, unneeded & loaded


def test_a_check_without_a_pyproject_does_not_load_tomllib(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "multi-env", tmp_path / "configs")
    args = ("check", "--format", "json", "configs")
    loaded = _modules("from deploylint.cli import main; main()", *args, cwd=tmp_path)
    assert "deploylint.findings.engine" in loaded and "tomllib" not in loaded
    # a pyproject.toml on the way up is still read for its [tool.deploylint] table
    (tmp_path / "pyproject.toml").write_text('[tool.deploylint]\nselect = ["DL2"]\n')
    loaded = _modules("from deploylint.cli import main; main()", *args, cwd=tmp_path)
    assert "tomllib" in loaded
    result = subprocess.run(
        [sys.executable, "-m", "deploylint", "settings"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert "DL2" in result.stdout and "pyproject.toml" in result.stdout, result.stdout


def test_a_plain_check_compiles_no_pattern_of_a_rare_path() -> None:
    # help texts, plugin messages, role ARNs, the position of a rare YAML error, placeholder
    # secrets: compiled by re on first use, which a clean run never makes
    probe = (
        "import atexit, re, sys\n"
        "from deploylint import cli\n"
        "from deploylint.live import options\n"
        "from deploylint.rules import _secrets, plugins\n"
        "from deploylint.sources import loader\n"
        "texts = [cli._TOKENS, cli._EXTRAS, plugins._BREAKS, options._ROLE_ARN,\n"
        "         loader._LINE_BREAK, _secrets._PLACEHOLDERS, _secrets._DOCUMENTATION]\n"
        "compiled = lambda t: not isinstance(t, str) or any(k[1] == t for k in re._cache)\n"
        "atexit.register(lambda: print([t for t in texts if compiled(t)], file=sys.stderr))\n"
        f"sys.argv = ['deploylint', 'check', '--no-config', {str(EXAMPLES / 'multi-env')!r}]\n"
        "cli.main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
    # each still does its job when its path is taken
    assert cli.wrap("a b", 1) == ["a", "b"]
    assert cli._extras("x  [default: 1]").endswith("[default: 1]")


def test_a_finding_with_a_fix_still_gets_it() -> None:
    result = invoke("check", "--no-config", "--format", "json", str(EXAMPLES / "guide"))
    assert any(f.get("fix") for f in json.loads(result.stdout)["findings"])


def test_a_pack_with_custom_rules_still_loads_them(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(
        """\
name: acme
extends: guide
prefix: ORG
rules:
  ORG001:
    name: burstable-instance-in-production
    severity: error
    summary: Production runs no burstable database or cache classes
    docs:
      what: Flags a burstable instance type.
      why: Burstable classes run on CPU credits.
      example: "architecture: {components: {cache: {instance_type: cache.t4g.medium}}}"
      use_instead: "architecture: {components: {cache: {instance_type: cache.r6g.large}}}"
    check:
      where: architecture.components.*.instance_type
      expect:
        not: {matches: '^(db|cache)\\.t(3|4g)\\.'}
      message: "{value} is a burstable class"
""",
        encoding="utf-8",
    )
    result = invoke("rules", "--policy", str(tmp_path / "pack.yaml"), "--no-config")
    assert result.exit_code == 0, result.output
    assert "ORG001" in result.stdout


def test_the_commands_annotations_are_not_texts_to_evaluate() -> None:
    # typer reads every command's annotations at each start (all of them for --help): as
    # texts (from __future__ import annotations) each is compiled and evaluated first
    for info in cli.app.registered_commands:
        fn = info.callback
        while hasattr(fn, "__wrapped__"):
            fn = fn.__wrapped__
        texts = {k: v for k, v in fn.__annotations__.items() if isinstance(v, str)}
        assert not texts, (fn.__name__, texts)
    for group in cli.GROUPS:
        assert not [v for v in group.__annotations__.values() if isinstance(v, str)]


# --- typer's options: an option not given builds no pydantic adapter ---------------------


def _params() -> list[tuple[click_core.Command, _TyperParameter]]:
    group = get_command(cli.app)
    out = []
    commands: list[Any] = [group, *getattr(group, "commands", {}).values()]
    for command in commands:
        for param in command.params:
            if isinstance(param, _TyperParameter):
                out.append((command, param))
    return out


def test_every_option_of_every_command_is_seen() -> None:
    names = {(command.name, param.name) for command, param in _params()}
    assert ("check", "jobs") in names and ("drift", "format") in names


@pytest.mark.parametrize("index", range(len(_params())))
def test_an_option_not_given_is_processed_as_typer_does(index: int) -> None:
    command, param = _params()[index]
    fast, fast_error = _process(cli._process_value, command, param)
    assert param._runtime_param is None  # nothing built for an absent value
    plain, plain_error = _process(cli._typer_process_value, command, param)
    assert param._runtime_param is not None  # typer's own path builds its adapter
    assert fast == plain and type(fast) is type(plain)
    assert fast_error == plain_error  # a required argument: the same error


def _process(how: Any, command: click_core.Command, param: _TyperParameter) -> tuple[Any, Any]:
    try:
        return how(param, click_core.Context(command), None), None
    except click_errors.ClickException as exc:
        return None, (type(exc), exc.format_message())


def test_a_given_value_still_goes_through_typers_checks() -> None:
    result = invoke("check", "--no-config", "--jobs", "0", str(EXAMPLES / "guide"))
    assert result.exit_code == 2
    assert "--jobs" in result.stderr
    result = invoke("check", "--no-config", "--jobs", "many", str(EXAMPLES / "guide"))
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_a_given_option_after_an_absent_one_is_converted() -> None:
    # the same command object twice in one process: a value after None is still typed
    result = invoke("check", "--no-config", "--format", "json", str(EXAMPLES / "guide"))
    assert result.exit_code in (0, 1)
    again = invoke(
        "check", "--no-config", "--format", "json", "--jobs", "1", str(EXAMPLES / "guide")
    )
    assert json.loads(again.stdout) == json.loads(result.stdout)


# --- main(): only the command named is built -------------------------------------------


def _names() -> list[str]:
    return [cli._command_name(info) for info in cli.app.registered_commands]


def test_every_command_name_picks_exactly_that_command() -> None:
    names = _names()
    assert {"check", "drift", "rules", "schema"} <= set(names)
    for name in names:
        chosen = cli._app_for([name, "--help"], {})
        assert [cli._command_name(i) for i in chosen.registered_commands] == [name]
    assert cli.app.registered_commands  # the shared app is left whole
    assert len(cli.app.registered_commands) == len(names)


@pytest.mark.parametrize(
    "argv",
    [[], ["--help"], ["--lang", "ja", "check"], ["chek"], ["-v", "rules"]],
)
def test_anything_but_a_command_name_first_gets_the_whole_app(argv: list[str]) -> None:
    assert cli._app_for(argv, {}) is cli.app


def test_shell_completion_gets_the_whole_app() -> None:
    assert cli._app_for(["check"], {"_DEPLOYLINT_COMPLETE": "complete_bash"}) is cli.app


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--bogus"],
        ["--format", "yaml", "."],
        ["--no-config", "--format", "json", str(EXAMPLES / "guide")],
        ["--lang", "ja", "--help"],
    ],
)
@pytest.mark.parametrize("name", _names())
def test_one_command_app_gives_what_the_whole_app_gives(name: str, args: list[str]) -> None:
    from typer.testing import CliRunner

    argv = [name, *args]
    one = cli._app_for(argv, {})
    assert one is not cli.app
    whole = CliRunner().invoke(cli.app, argv, catch_exceptions=False)
    alone = CliRunner().invoke(one, argv, catch_exceptions=False)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def test_the_collector_runs_again_when_the_work_starts() -> None:
    import gc

    assert gc.isenabled()
    cli._work_starts()  # in-process (no main()): nothing changes
    assert gc.isenabled()
    gc.disable()
    cli._STARTING = True
    try:
        cli._work_starts()
        assert gc.isenabled() and not cli._STARTING
    finally:
        gc.enable()
        gc.unfreeze()
