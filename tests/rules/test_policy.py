"""Policy packs: the built-in guide pack, team packs that extend it, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.rules import all_rules
from deploylint.rules.policy import load_policy
from tests.helpers import cli, write_pack


def test_builtin_pack_configures_every_rule() -> None:
    policy = load_policy()
    assert policy.name == "guide"
    assert set(policy.options) == set(all_rules())
    assert policy.enabled == set(all_rules())


def _run(tmp_path: Path, pack: str, *args: str) -> tuple[int, str, str]:
    (tmp_path / "a.yaml").write_text("config:\n  cache:\n    timeoutt: 5\n", encoding="utf-8")
    result = cli(
        ["check", "--no-config", "--policy", pack, "--format", "json", *args, str(tmp_path)]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: t\nrules:\n  DL999: {severity: error}\n", "unknown rule 'DL999'"),
        ("name: t\nmandatory:\n  - rule: DL998\n", "unknown rule 'DL998' in mandatory"),
        ("name: t\nrules:\n  DL004: {severity: loud}\n", "DL004: unknown severity 'loud'"),
        (
            "name: t\nrules:\n  DL004: {options: {depth: 3}}\n",
            "rule DL004 (unknown-key) options: depth: unknown option",
        ),
        ("name: t\nrulez: {}\n", "rulez"),
        ("rules: {}\n", "name"),
        ("name: t\nextends: missing.yaml\n", "cannot read policy pack"),
        ("- a list\n", "a policy pack is a mapping"),
    ],
)
def test_bad_packs_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    code, _, err = _run(tmp_path, write_pack(tmp_path, text))
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_team_pack_overrides_single_values(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "name: team\nextends: guide\nrules:\n  DL004: {severity: error}\n")
    code, out, _ = _run(tmp_path, pack, "--select", "DL0")
    assert code == 1
    assert '"severity": "error"' in out
    policy = load_policy(pack)
    builtin = load_policy()
    assert policy.vocabulary == builtin.vocabulary  # everything else inherited
    assert policy.options == builtin.options


def test_team_pack_can_disable_a_rule(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "name: team\nextends: guide\nrules:\n  DL004: {enabled: false}\n")
    code, out, _ = _run(tmp_path, pack, "--select", "DL0")
    assert (code, '"rule"' in out) == (0, False)


def test_the_readme_pack_example_works(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Policy packs", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    pack = write_pack(tmp_path, example)
    (tmp_path / "arch.yaml").write_text(
        "architecture:\n  environments:\n    production:\n      scaling: {min: 3, max: 10}\n",
        encoding="utf-8",
    )
    result = cli(["check", "--no-config", "--policy", pack, "--format", "json", str(tmp_path)])
    assert result.exit_code == 1, result.stderr
    assert '"rule": "DL102"' in result.stdout  # min_tasks production 4 > 3
    assert "4" in result.stdout


@pytest.mark.parametrize("command", ["check", "rules", "settings"])
def test_extends_cycles_through_relative_paths_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "p.yaml").write_text("name: p\nextends: ../b/q.yaml\n", encoding="utf-8")
    (tmp_path / "b" / "q.yaml").write_text("name: q\nextends: ../a/p.yaml\n", encoding="utf-8")
    (tmp_path / "app.yaml").write_text("config: {application: {api: {port: 8000}}}\n")
    monkeypatch.chdir(tmp_path)  # named from another folder than the packs'
    args = [command, "--no-config", "--policy", "a/p.yaml"]
    result = cli([*args, "app.yaml"] if command == "check" else args)
    assert result.exit_code == 2, result.output
    assert "forms a cycle" in result.stderr
    assert "RecursionError" not in result.stderr


def test_the_policy_rules_see_is_read_only() -> None:
    """A plugin gets the policy as ``ctx.policy``: it cannot change another rule's options
    or severity (the pack is cached for the whole process)."""
    from deploylint.rules.rule import ReadOnlyError

    policy = load_policy(None)
    with pytest.raises(ReadOnlyError):
        policy.options["DL205"] = policy.options["DL102"]
    with pytest.raises(ReadOnlyError):
        policy.options["DL102"].min_tasks["production"] = 1  # type: ignore[attr-defined]
    with pytest.raises(ReadOnlyError):
        policy.severities.clear()
