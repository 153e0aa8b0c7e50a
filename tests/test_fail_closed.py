"""Issue 14 §2: no input switches a check off quietly (through the real CLI)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, Lint, Messages, cli, run_json, write_files

LintJson = Callable[..., tuple[int, dict[str, Any]]]

OPEN_DB = """
architecture:
  environments:
    production: {region: ap-northeast-1}
  components:
    database: {engine: PostgreSQL}
infrastructure:
  network:
    security:
      groups:
        rds:
          inbound:
            - {port: 5432, source: 0.0.0.0/0, protocol: tcp}
"""


# --- a misspelt section fails the run ---------------------------------------------------


def test_misspelt_top_level_section_is_an_error_with_did_you_mean(
    lint_json: LintJson,
) -> None:
    text = OPEN_DB.replace("infrastructure:", "infrastucture:")
    code, data = lint_json({"app.yaml": text})
    [dl004] = [f for f in data["findings"] if f["rule"] == "DL004"]
    assert (dl004["line"], dl004["column"], dl004["severity"]) == (6, 1, "error")
    assert "did you mean 'infrastructure'" in dl004["message"]
    assert code == 1


def test_unknown_nested_key_close_to_no_known_key_stays_a_warning(
    lint_messages: Messages,
) -> None:
    """A misspelt nested key (`timeuot`) is an error: tests/model/test_misspelt_nested_keys.py."""
    rows = lint_messages({"app.yaml": "config:\n  cache: {owner: db-team}\n"}, "--select", "DL004")
    assert rows and all(severity == "warning" for _, severity, _ in rows)


def test_misspelt_section_can_be_suppressed_with_a_reason(lint: Lint) -> None:
    text = '# deploylint: disable=DL004 reason="vendor extension block"\nvendor_block:\n  a: 1\n'
    text += "config:\n  cache: {timeout: 5}\n"
    assert lint({"app.yaml": text}, "--select", "DL0") == []


# --- null removes an inherited entry at any depth ----------------------------------------

NULL_BASE = """
architecture:
  environments:
    production: {region: ap-northeast-1}
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 443, source: 0.0.0.0/0}
        debug:
          inbound:
            - {port: 22, source: 0.0.0.0/0}
  monitoring:
    cloudwatch:
      alarms:
        high_cpu: {threshold: 80, period: 300, evaluation_periods: 2}
        high_memory: {threshold: 80, period: 7, evaluation_periods: 2}
"""


def test_null_removes_an_inherited_mapping_entry(lint_json: LintJson) -> None:
    child = """
    extends: base.yaml
    infrastructure:
      network:
        security:
          groups: {debug: null}
      monitoring:
        cloudwatch:
          alarms: {high_memory: null}
    """
    _, before = lint_json({"base.yaml": NULL_BASE})
    assert {"DL205", "DL401"} <= {f["rule"] for f in before["findings"]}
    _, data = lint_json({"base.yaml": NULL_BASE, "production.yaml": child})
    rules = {f["rule"] for f in data["findings"]}
    assert not rules & {"DL002", "DL205", "DL401"}, data["findings"]


@pytest.mark.parametrize(("value_file", "null_file"), [("a.yaml", "b.yaml"), ("b.yaml", "a.yaml")])
def test_a_null_in_an_unrelated_file_removes_nothing_in_either_name_order(
    lint_json: LintJson, value_file: str, null_file: str
) -> None:
    null = "infrastructure:\n  network:\n    security:\n      groups: {debug: null}\n"
    _, data = lint_json({value_file: NULL_BASE, null_file: null})
    found = {(f["rule"], f["file"].rsplit("/", 1)[-1]) for f in data["findings"]}
    assert ("DL205", value_file) in found
    assert not {rule for rule, _ in found} & {"DL002", "DL007"}


# --- a rejected value never weakens another rule -----------------------------------------

GROUPS = """
architecture:
  environments:
    production: {region: ap-northeast-1}
  components:
    database: {engine: PostgreSQL}
infrastructure:
  network:
    security:
      groups:
        ecs:
          inbound:
            - RULE
            - {port: 8000, source: alb-sg}
            - {port: 22, source: 0.0.0.0/0}
"""


def _rows(data: dict[str, Any], rule: str) -> list[tuple[int, str, str]]:
    return [(f["line"], f["severity"], f["path"]) for f in data["findings"] if f["rule"] == rule]


def test_protocol_minus_one_unquoted_is_all_traffic(lint_json: LintJson) -> None:
    text = GROUPS.replace("RULE", "{port: 8000, source: 0.0.0.0/0, protocol: -1}")
    _, data = lint_json({"app.yaml": text})
    assert not _rows(data, "DL002")
    rows = _rows(data, "DL205")
    assert (12, "critical", "infrastructure.network.security.groups.ecs.inbound[0].source") in rows


@pytest.mark.parametrize(
    "rule",
    [
        "{port: 8000, source: 0.0.0.0/0, protocol: [tcp]}",  # an unknown protocol: every one
        "{port: 8000, source: 0.0.0.0/0, protocol: tcpp}",  # not an IP protocol: every one
        "{port: [5432], source: 0.0.0.0/0}",  # an unknown port range: every port
        "{port: 5432.5, source: 0.0.0.0/0}",
        "{port: 70000, source: 0.0.0.0/0}",
        "{port: 5432, source: [0.0.0.0/0]}",  # an unknown source: the whole internet
        "{port: 5432}",  # a missing source
        "{source: 0.0.0.0/0}",  # a missing port
        "'5432 from anywhere'",  # not a rule at all
    ],
)
def test_a_rejected_field_is_unknown_and_read_at_its_worst(lint_json: LintJson, rule: str) -> None:
    _, data = lint_json({"app.yaml": GROUPS.replace("RULE", rule)})
    dl205 = _rows(data, "DL205")
    assert (12, "critical") in [(line, sev) for line, sev, _ in dl205], data["findings"]
    # the item keeps its place: the later items' findings stay at their own lines
    assert (14, "infrastructure.network.security.groups.ecs.inbound[2].source") in [
        (line, path) for line, _, path in dl205
    ]
    code, ignored = lint_json({"app.yaml": GROUPS.replace("RULE", rule)}, "--ignore", "DL002")
    assert "critical" in {f["severity"] for f in ignored["findings"]}
    assert code == 1


# property: a rejected value never lowers the verdict ------------------------------------

GUIDE = REPO / "examples" / "guide"
INVALID = st.sampled_from([[], {"x": 1}, 1.5, True, "not / a valid value", [["nested"]]])
SEVERITY = {"info": 1, "warning": 2, "error": 3, "critical": 4}


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [(*path, i) for i, _ in enumerate(node)] + [
            p
            for i, v in enumerate(node)
            if isinstance(v, (dict, list))
            for p in _leaves(v, (*path, i))
        ]
    return [path]


def _run(files: dict[str, Any], *args: str) -> tuple[int, int]:
    """(highest severity of all findings, highest of the guide's rules' findings)."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_text(yaml.safe_dump(data, allow_unicode=True))
        _, report = run_json(["check", "--no-config", *args, tmp])
    found = report["findings"]
    rules = [f for f in found if not f["rule"].startswith("DL0")]
    top = max((SEVERITY[f["severity"]] for f in found), default=0)
    return top, max((SEVERITY[f["severity"]] for f in rules), default=0)


def _guide_files() -> dict[str, Any]:
    files = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in GUIDE.glob("*.yaml")}
    # one database rule open to the internet: the critical case the property guards
    groups = files["infrastructure.yaml"]["infrastructure"]["network"]["security"]["groups"]
    groups["rds"]["inbound"].append({"port": 5432, "source": "0.0.0.0/0"})
    return files


@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_property_a_rejected_value_never_lowers_the_highest_severity(data: st.DataObject) -> None:
    files = _guide_files()
    before = _run(files)
    name = data.draw(st.sampled_from(sorted(files)))
    leaves = [p for p in _leaves(files[name]) if p[0] not in ("environment", "extends")]
    path = data.draw(st.sampled_from(leaves))
    node = files[name]
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = data.draw(INVALID)
    after = _run(files)
    assert after[0] >= before[0], (name, path)
    # suppressing DL002 (and the other input findings) hides no other rule's verdict
    assert _run(files, "--ignore", "DL0")[1] >= min(before[1], SEVERITY["critical"]), (name, path)


# --- conflicting values never depend on file names ---------------------------------------

NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True).filter(
    lambda n: n not in ("production", "staging")
)


def _scaling(**values: int) -> dict[str, Any]:
    env = {"region": "ap-northeast-1", "scaling": values}
    return {"architecture": {"environments": {"production": env}}}


def _dl101(files: dict[str, Any]) -> set[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_text(yaml.safe_dump(data))
        _, report = run_json(["check", "--no-config", "--select", "DL101", tmp])
    return {(f["path"], f["message"].split(";")[0]) for f in report["findings"]}


@settings(max_examples=8, deadline=None, derandomize=True)
@given(names=st.lists(NAMES, min_size=2, max_size=2, unique=True))
def test_property_two_conflicts_every_combination_under_any_names(names: list[str]) -> None:
    # each file alone is in order; min from one with max from the other is not
    one, two = _scaling(min=2, max=4), _scaling(min=5, max=10)
    found = _dl101({f"{names[0]}.yaml": one, f"{names[1]}.yaml": two})
    assert any("is greater than scaling.max 4" in message for _, message in found), found
    assert found == _dl101({f"{names[1]}.yaml": one, f"{names[0]}.yaml": two})


@settings(max_examples=8, deadline=None, derandomize=True)
@given(names=st.lists(NAMES, min_size=2, max_size=2, unique=True))
def test_property_three_conflicts_every_combination_under_any_names(names: list[str]) -> None:
    one, two = _scaling(min=2, desired=3, max=4), _scaling(min=5, desired=8, max=10)
    found = _dl101({f"{names[0]}.yaml": one, f"{names[1]}.yaml": two})
    messages = {message for _, message in found}
    assert any("scaling.min 5 is greater than scaling.max 4" in m for m in messages), found
    assert any("scaling.desired 3 is below scaling.min 5" in m for m in messages), found
    assert any("scaling.desired 8 is above scaling.max 4" in m for m in messages), found
    assert found == _dl101({f"{names[1]}.yaml": one, f"{names[0]}.yaml": two})


# --- equal values are equal -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "one", "two"),
    [
        ("config.database.pool_size", "'10'", "10"),
        ("config.database.pool_timeout", "1m", "60"),
        ("config.database.pool_timeout", "500ms", "0.5"),  # a fractional duration
        ("config.cache.timeout", "'1.5'", "1.5"),
    ],
)
def test_equal_values_written_differently_are_no_conflict(
    lint: Lint, key: str, one: str, two: str
) -> None:
    section, group, name = key.split(".")
    a = f"{section}:\n  {group}:\n    {name}: {one}\n"
    b = f"{section}:\n  {group}:\n    {name}: {two}\n"
    assert lint({"a.yaml": a, "b.yaml": b}, "--select", "DL007") == []
    c = f"{section}:\n  {group}:\n    {name}: 7\n"
    assert [r[-1] for r in lint({"a.yaml": a, "b.yaml": c}, "--select", "DL007")] == ["DL007"]


def test_cpu_as_text_and_number_is_one_value(lint: Lint) -> None:
    a = "architecture:\n  components:\n    compute: {cpu: '2048'}\n"
    b = "architecture:\n  components:\n    compute: {cpu: 2048}\n"
    assert lint({"a.yaml": a, "b.yaml": b}, "--select", "DL007") == []


# --- suppressions come only from comments ------------------------------------------------

OPEN_SSH = "infrastructure:\n  network:\n    security:\n      groups:\n        alb:\n"
OPEN_SSH += "          inbound:\n            - {port: 22, source: 0.0.0.0/0}\n"
OPEN_SSH += "            - {port: 443, source: 0.0.0.0/0}\n"  # DL205 required_public_ports


@pytest.mark.parametrize(
    "carrier",
    [
        "config:\n  application:\n    frontend:\n      api_url: |\n"
        '        # deploylint: disable-file=DL205 reason="inside a block scalar"\n',
        "config:\n  application:\n    frontend:\n"
        '      api_url: "say \\"x # deploylint: disable-file=DL205 reason=\'in a string\'"\n',
        "config:\n  application:\n    frontend:\n      api_url: 'x\n"
        '        # deploylint: disable-file=DL205 reason="in a folded quoted string"\'\n',
    ],
)
def test_a_suppression_inside_a_scalar_is_no_comment(lint: Lint, carrier: str) -> None:
    rows = lint({"app.yaml": OPEN_SSH + carrier}, "--select", "DL205,DL009")
    assert ("app.yaml", 7, 34, "DL205") in rows


def test_json_files_have_no_suppressions(lint: Lint) -> None:
    text = (
        '{"infrastructure": {"network": {"security": {"groups": {"alb": {"inbound": '
        '[{"port": 22, "source": "0.0.0.0/0"}, {"port": 443, "source": "0.0.0.0/0"}]}}}}},\n'
        ' "config": {"application": {"frontend": {"api_url": '
        '"a \\" # deploylint: disable-file=DL205 reason=in-json"}}}}\n'
    )
    rows = lint({"app.json": text}, "--select", "DL205,DL009")
    assert [r[-1] for r in rows] == ["DL205"]


def test_a_real_comment_still_suppresses(lint: Lint) -> None:
    text = OPEN_SSH + '# deploylint: disable-file=DL205 reason="a real comment"\n'
    assert lint({"app.yaml": text}, "--select", "DL205,DL009") == []


# --- paths: as given, normalized; GitHub like SARIF and GitLab ---------------------------


def test_paths_print_as_given_but_normalized(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "x" / "app.yaml").write_text(OPEN_SSH)
    monkeypatch.chdir(tmp_path)
    for typed in ("./x", "a/../x", "x/", "./x/app.yaml", "a/../x/app.yaml"):
        _, data = run_json(["check", "--no-config", "--select", "DL205", typed])
        assert [f["file"] for f in data["findings"]] == ["x/app.yaml"], typed


def test_github_annotations_use_repository_relative_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "app.yaml").write_text(OPEN_SSH)
    monkeypatch.chdir(tmp_path / "configs")
    result = cli(["check", "--no-config", "--format", "github", "--select", "DL205", "."])
    assert "file=configs/app.yaml" in result.stdout, result.stdout
    result = cli(
        ["check", "--no-config", "--format", "github", "--select", "DL205", str(tmp_path)],
    )
    assert "file=configs/app.yaml" in result.stdout, result.stdout


# --- per-path-ignores by prefix ---------------------------------------------------------


def test_per_path_ignores_takes_a_rule_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".deploylint.yaml").write_text("per-path-ignores:\n  'legacy/*': [DL2]\n")
    cors = "config:\n  security:\n    cors: {allowed_origins: ['*']}\n"
    for folder in ("legacy", "current"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "app.yaml").write_text(OPEN_SSH + cors)
    _, data = run_json(["check", "--select", "DL205,DL307", str(tmp_path)])
    found = sorted((f["file"].split("/")[-2], f["rule"]) for f in data["findings"])
    assert found == [("current", "DL205"), ("current", "DL307"), ("legacy", "DL307")]


# --- the nearest settings file at or above each checked path applies ----------------------


def test_the_nearest_settings_file_applies_wherever_the_run_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".deploylint.yaml").write_text("select: [DL205, DL307]\n")
    team = tmp_path / "team"
    team.mkdir()
    (team / ".deploylint.yaml").write_text(
        "select: [DL205, DL307]\nignore: [DL205]\nseverity: {DL307: warning}\n"
        "exclude: ['scratch/*']\n"
    )
    cors = "config:\n  security:\n    cors: {allowed_origins: ['*']}\n"
    (team / "app.yaml").write_text(OPEN_SSH + cors)
    (team / "scratch").mkdir()
    (team / "scratch" / "x.yaml").write_text(OPEN_SSH)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "app.yaml").write_text(OPEN_SSH)

    def rows(cwd: Path, *paths: str) -> list[tuple[str, str, str]]:
        monkeypatch.chdir(cwd)
        _, data = run_json(["check", *paths])
        return sorted(
            (os.path.relpath(os.path.abspath(f["file"]), tmp_path), f["rule"], f["severity"])
            for f in data["findings"]
        )

    expected = [
        ("other/app.yaml", "DL205", "error"),
        ("team/app.yaml", "DL307", "warning"),
    ]
    assert rows(tmp_path, "team", "other") == expected
    assert rows(team, ".", "../other") == expected
    result = cli(["settings", str(team / "app.yaml")])
    assert str(team / ".deploylint.yaml") in result.stdout, result.stdout
    monkeypatch.chdir(tmp_path)
    result = cli(["settings", "other"])
    assert str(tmp_path / ".deploylint.yaml") in result.stdout


# --- config sets by content -------------------------------------------------------------

BASE = """
architecture:
  environments:
    production: {region: ap-northeast-1}
    staging: {region: ap-northeast-1}
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 22, source: 0.0.0.0/0}
"""


def _layout(root: Path, base_at: str) -> None:
    (root / ".git").mkdir()
    files = {base_at: BASE}
    for env in ("production", "staging"):
        rel = os.path.relpath(root / base_at, root / "configs" / env)
        size = "1024" if env == "production" else "256"
        files[f"configs/{env}/app.yaml"] = (
            f"extends: {rel}\nenvironment: {env}\n"
            f"architecture:\n  components:\n    compute: {{cpu: {size}, memory: 2048}}\n"
        )
    write_files(root, files)


@pytest.mark.parametrize("base_at", ["configs/base.yaml", "configs/base/base.yaml", "base.yaml"])
def test_a_base_anywhere_gives_the_same_verdict_when_one_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_at: str
) -> None:
    _layout(tmp_path, base_at)
    monkeypatch.chdir(tmp_path)
    _, whole = run_json(["check", "--no-config", "configs"])
    _, one = run_json(["check", "--no-config", "configs/production/app.yaml"])
    rules = {f["rule"] for f in one["findings"]}
    assert not rules & {"DL008", "DL204"}, one["findings"]
    assert {f["rule"] for f in whole["findings"]} & {"DL008"} == set()
    shown = [(f["rule"], f["file"], f["line"], f["message"]) for f in whole["findings"]]
    assert len(shown) == len(set(shown)), shown  # nothing twice
    assert all(".." not in f["file"] for f in whole["findings"])
    production = sorted(
        (f["rule"], f["line"])
        for f in whole["findings"]
        if f["file"].endswith("production/app.yaml")
    )
    assert sorted((f["rule"], f["line"]) for f in one["findings"]) == production


def test_a_folder_and_its_subfolder_are_checked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _layout(tmp_path, "configs/base/base.yaml")
    monkeypatch.chdir(tmp_path)
    _, once = run_json(["check", "--no-config", "configs"])
    _, twice = run_json(["check", "--no-config", "configs", "configs/production", "configs/base"])
    assert once["findings"] == twice["findings"]
    assert once["findings"]


@pytest.mark.parametrize("ref", ["../../shared/envs.yaml", "&base ../../shared/envs.yaml"])
def test_files_reached_only_through_extends_count_for_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ref: str
) -> None:
    (tmp_path / ".git").mkdir()
    child = f"extends: {ref}\nenvironment: staging\n"
    write_files(tmp_path, {"shared/envs.yaml": BASE, "app/configs/x.yaml": child})
    monkeypatch.chdir(tmp_path)
    _, data = run_json(["check", "--no-config", "--select", "DL008,DL010", "app/configs/x.yaml"])
    assert [f["rule"] for f in data["findings"]] == []


# --- visible skips ----------------------------------------------------------------------


def test_skips_are_visible_on_stderr_and_in_the_json_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(OPEN_SSH)
    write_files(repo, {"configs/app.yaml": OPEN_SSH, "configs/scratch.yaml": OPEN_SSH})
    (repo / ".deploylint.yaml").write_text("exclude: ['configs/scratch.yaml']\n")
    (repo / "configs" / "linked.yaml").symlink_to(outside / "secret.yaml")
    monkeypatch.chdir(repo)
    result = cli(["check", "--format", "json", "configs", "configs/scratch.yaml"])
    summary = json.loads(result.stdout)["summary"]
    skipped = {entry["file"]: entry["reason"] for entry in summary["skipped"]}
    assert set(skipped) == {"configs/linked.yaml", "configs/scratch.yaml"}, skipped
    assert "outside the config root" in skipped["configs/linked.yaml"]
    assert "exclude" in skipped["configs/scratch.yaml"]
    lines = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(lines) == 2, result.stderr
    assert "secret" not in result.stdout + result.stderr  # nothing outside the root is echoed
