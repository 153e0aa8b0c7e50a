"""DL001-DL010 through the real CLI: exact (file, line, column, rule) rows for each case.

``--select DL0`` keeps the guide's rules (DL1xx-DL5xx) out of the rows, so each case shows
only the input and schema findings it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from deploylint.sources.configset import load_set, resolve_extends
from deploylint.sources.files import discover
from deploylint.sources.loader import Limits
from deploylint.sources.merge import build
from tests.helpers import Lint, Messages, cli

LintJson = Callable[..., tuple[int, dict[str, Any]]]

DL0 = ("--select", "DL0")

ENVS = """
architecture:
  environments:
    production: {region: ap-northeast-1}
    staging: {region: ap-northeast-1}
"""


# --- DL001 yaml-syntax ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        ("a: b: c\n", (1, 5), "mapping values are not allowed in this context"),
        ("config:\n\tcache: {}\n", (2, 1), "found character that cannot start any token"),
        (
            "config:\n  cache:\n    timeout: 5\n   retry_on_timeout: true\n",
            (4, 4),
            "did not find expected key",
        ),
        ("config:\n  cache: [1, 2\n", (2, 15), "did not find expected ',' or ']'"),
        ('config: "open\n', (1, 14), "found unexpected end of stream"),
        ("config: *nowhere\n", (1, 9), "alias *nowhere names no anchor"),
    ],
)
def test_dl001_syntax_error_at_the_parsers_position_with_its_reason(
    lint: Lint, lint_messages: Messages, text: str, row: tuple[int, int], reason: str
) -> None:
    assert lint({"app.yaml": text}, *DL0) == [("app.yaml", *row, "DL001")]
    [(rule, severity, message)] = lint_messages({}, *DL0)
    assert (rule, severity) == ("DL001", "error")
    assert reason in message


def test_dl001_invalid_utf8_points_at_the_byte(tmp_path: Path, lint: Lint) -> None:
    (tmp_path / "app.yaml").write_bytes("config:\n  名前: caf".encode() + b"\xe9\n")
    assert lint({}, *DL0) == [("app.yaml", 2, 10, "DL001")]


def test_dl001_one_broken_file_does_not_stop_the_others(lint: Lint) -> None:
    rows = lint(
        {
            "a.yaml": "config: [\n",
            "b.yaml": "config:\n  cache: {timeout: soon}\n",
            "c/d.yaml": "config:\n  cache: {timeout: 1, timeout: 2}\n",
        },
        *DL0,
    )
    assert rows == [
        ("a.yaml", 1, 10, "DL001"),
        ("b.yaml", 2, 20, "DL002"),
        ("c/d.yaml", 2, 23, "DL003"),
    ]


# --- DL002 schema ---------------------------------------------------------------------


def test_dl002_each_violation_at_its_value(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "app.yaml": """
            architecture:
              components:
                compute:
                  cpu: two-vcpu
                database:
                  version: 15.4
            infrastructure:
              network:
                vpc:
                  subnets:
                    private:
                      - cidr: 10.0.3.0/24
            config:
              cache:
                retry_on_timeout: yes
              search: {number_of_shards: [3]}
            """
    }
    assert lint(files, *DL0) == [
        ("app.yaml", 4, 12, "DL002"),
        ("app.yaml", 6, 16, "DL002"),
        ("app.yaml", 12, 13, "DL002"),  # a list item without its required az
        ("app.yaml", 15, 23, "DL002"),  # yes is a string in YAML 1.2
        ("app.yaml", 16, 30, "DL002"),
    ]
    messages = [m for _, _, m in lint_messages(files, *DL0)]
    assert any("required key 'az' is missing" in m for m in messages)
    assert any("quote versions" in m for m in messages)
    assert any("found 'yes'" in m for m in messages)


@pytest.mark.parametrize(
    ("text", "found", "kind"),
    [
        ("42\n", "found 42", "a scalar"),
        ("- config\n- monitoring\n", "found a list", "a list"),
        ("hello\n", "hello", "a scalar"),
    ],
)
def test_dl002_a_scalar_or_a_list_at_the_top(
    lint: Lint, lint_json: LintJson, text: str, found: str, kind: str
) -> None:
    # a file holding only a scalar or a list is not a config: skipped, and said so
    code, data = lint_json({"app.yaml": text, "ok.yaml": "config: {}\n"}, *DL0)
    assert (code, data["findings"]) == (0, [])
    [skipped] = data["summary"]["skipped"]
    assert skipped["file"].endswith("app.yaml")
    assert skipped["reason"] == f"not a deploylint config: {kind}, not a mapping of sections"
    # in a config (a document beside a mapping of sections) it is DL002 at its line
    files = {"app.yaml": "config: {}\n---\n" + text}
    assert lint(files, *DL0) == [("app.yaml", 3, 1, "DL002")]
    _, data = lint_json({}, *DL0)
    message = data["findings"][0]["message"]
    assert message.startswith("expected a mapping of sections")
    assert found in message


def test_dl002_in_json_at_the_value(lint: Lint) -> None:
    files = {
        "app.json": '{\n  "config": {\n    "cache": {"timeout": "soon", "timeout2": 1}\n  }\n}\n'
    }
    assert lint(files, *DL0) == [("app.json", 3, 26, "DL002"), ("app.json", 3, 34, "DL004")]


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "---\n...\n"])
def test_empty_and_comment_only_files_have_no_finding(
    lint_json: LintJson, tmp_path: Path, text: str
) -> None:
    # not configs: skipped and counted, never a finding; beside a config the run is clean
    code, data = lint_json({"app.yaml": text, "other.yml": "# nothing\n", "c.yaml": "config: {}"})
    assert data["findings"] == []
    assert data["summary"]["files"] == 1
    assert (
        sorted(s["reason"] for s in data["summary"]["skipped"])
        == ["not a deploylint config: empty"] * 2
    )
    assert code == 0
    # alone, they leave nothing to check: "no config files", never a clean pass
    (tmp_path / "c.yaml").unlink()
    result = cli(["check", "--no-config", str(tmp_path)])
    assert result.exit_code == 2
    assert "no config files: 2 files skipped" in result.stderr


# --- DL003 duplicate-key --------------------------------------------------------------


def test_dl003_each_duplicate_at_its_second_key(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "app.yaml": """
            config:
              cache:
                timeout: 5
                timeout: 10
              database: {pool_size: 5, pool_size: 6}
            config:
              search: {}
            """,
        "app.json": '{"config": {"cache": {"timeout": 5}}, "config": {}}\n',  # no conflict
    }
    assert lint(files, *DL0) == [
        ("app.json", 1, 39, "DL003"),
        ("app.yaml", 4, 5, "DL003"),
        ("app.yaml", 5, 28, "DL003"),
        ("app.yaml", 6, 1, "DL003"),
    ]
    messages = [m for r, _, m in lint_messages(files, *DL0)]
    assert "key 'timeout' appears again; first defined at line 3, column 5" in messages[1]


def test_dl003_the_duplicate_is_not_merged_in(lint: Lint) -> None:
    # the second `cache` would add an unknown key; it is dropped, not merged
    files = {"app.yaml": "config:\n  cache: {timeout: 5}\n  cache: {bogus: 1}\n"}
    assert lint(files, *DL0) == [("app.yaml", 3, 3, "DL003")]


# --- DL004 unknown-key ----------------------------------------------------------------


def test_dl004_at_the_key_with_a_suggestion(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "app.yaml": """
            infrastructure:
              monitoring:
                cloudwatch:
                  alarms:
                    high_cpu:
                      threshold: 80
                      evaluation_period: 2
            configs: {}
            """
    }
    assert lint(files, *DL0) == [("app.yaml", 7, 11, "DL004"), ("app.yaml", 8, 1, "DL004")]
    messages = sorted(m for _, _, m in lint_messages(files, *DL0))
    assert messages == [
        "unknown key 'configs' in the top level; did you mean 'config'?",
        "unknown key 'evaluation_period' in "
        "infrastructure.monitoring.cloudwatch.alarms.high_cpu; did you mean 'evaluation_periods'?",
    ]


# --- DL005 unsafe-yaml ----------------------------------------------------------------


def test_dl005_every_non_core_tag_and_nothing_built(tmp_path: Path, lint: Lint) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-pwned"
    files = {
        "app.yaml": f"""
            config:
              application:
                api:
                  host: !!python/object/apply:os.system ["touch {marker}"]
                  port: !custom 8000
                  workers: !!python/name:os.system
              cache: !foo {{timeout: 5}}
              search: {{refresh_interval: !!str 1s}}
            """
    }
    assert lint(files, *DL0) == [
        ("app.yaml", 4, 13, "DL005"),
        ("app.yaml", 5, 13, "DL005"),
        ("app.yaml", 6, 16, "DL005"),
        ("app.yaml", 7, 10, "DL005"),
    ]
    assert not marker.exists()


# --- DL006 resource-limit (small cases; the big ones are in test_hostile.py) ----------


def test_dl006_nesting_too_deep(lint: Lint) -> None:
    files = {"app.yaml": "config:\n  cache: " + "[" * 70 + "]" * 70 + "\n"}
    assert lint(files, *DL0) == [("app.yaml", 2, 72, "DL006")]


def test_dl006_number_too_long_the_rest_still_checked(lint: Lint) -> None:
    files = {
        "app.yaml": "config:\n  cache:\n    max_connections: " + "1" * 70 + "\n    timeout: x\n"
    }
    assert lint(files, *DL0) == [("app.yaml", 3, 22, "DL006"), ("app.yaml", 4, 14, "DL002")]


# --- merge keys, anchors, documents ---------------------------------------------------


def test_merged_values_are_located_at_the_anchor(lint: Lint) -> None:
    files = {
        "app.yaml": """
            monitoring:
              metrics:
                system:
                  cpu: &m
                    threshold: high
                    period: 300
                    evaluation_period: 2
                  memory:
                    <<: *m
                    period: 60
            """
    }
    assert lint(files, *DL0) == [
        ("app.yaml", 5, 20, "DL002"),  # cpu.threshold
        ("app.yaml", 5, 20, "DL002"),  # memory.threshold, merged from the anchor
        ("app.yaml", 7, 9, "DL004"),
        ("app.yaml", 7, 9, "DL004"),
    ]


def test_a_merge_of_several_anchors(lint: Lint) -> None:
    files = {
        "app.yaml": """
            x-a: &a {threshold: 80}
            x-b: &b {period: soon}
            monitoring:
              metrics:
                system:
                  disk:
                    <<: [*a, *b]
            """
    }
    assert lint(files, *DL0) == [
        ("app.yaml", 1, 1, "DL004"),
        ("app.yaml", 2, 1, "DL004"),
        ("app.yaml", 2, 18, "DL002"),  # disk.period, from *b
    ]


def test_each_document_is_checked_at_its_own_lines(lint: Lint) -> None:
    files = {
        "app.yaml": """
            config:
              cache: {timeout: 5}
            ---
            config:
              cache:
                timeout: soon
            ---
            environment: production
            """
    }
    assert lint(files, *DL0) == [("app.yaml", 6, 14, "DL002"), ("app.yaml", 8, 14, "DL008")]


# --- DL007 config-conflict ------------------------------------------------------------


def test_dl007_two_unscoped_files(
    lint: Lint, lint_messages: Messages, lint_json: Callable[..., tuple[int, dict[str, Any]]]
) -> None:
    files = {
        "base.yaml": ENVS + "config:\n  application:\n    api: {port: 8000, workers: 4}\n",
        "more.yaml": "config:\n  application:\n    api:\n      workers: 6\n      port: 8000\n",
    }
    assert lint(files, *DL0) == [("more.yaml", 4, 16, "DL007")]
    [(_, severity, message)] = lint_messages(files, *DL0)
    assert severity == "error"
    assert message.startswith("config.application.api.workers is 6 here but 4 in ")
    assert "base.yaml, and neither file extends the other" in message
    _, data = lint_json(files, *DL0)
    [related] = data["findings"][0]["related"]
    assert (Path(related["file"]).name, related["line"], related["column"]) == ("base.yaml", 7, 32)


def test_dl007_scoped_over_unscoped_suggests_extends(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "base.yaml": ENVS + "config:\n  application:\n    api: {port: 8000, workers: 4}\n",
        "production/app.yaml": """
            environment: production
            config:
              application:
                api: {workers: 8}
            """,
    }
    assert lint(files, *DL0) == [("production/app.yaml", 4, 20, "DL007")]
    [(_, _, message)] = lint_messages(files, *DL0)
    assert "to override it for production, add `extends: ../base.yaml` to " in message


def test_dl007_between_documents_of_one_file(lint: Lint) -> None:
    files = {"app.yaml": "config: {cache: {timeout: 5}}\n---\nconfig: {cache: {timeout: 6}}\n"}
    assert lint(files, *DL0) == [("app.yaml", 3, 27, "DL007")]


def test_equal_values_in_two_files_are_no_conflict(lint: Lint) -> None:
    files = {
        "a.yaml": "config: {cache: {timeout: 5}}\n",
        "b.yaml": "config: {cache: {timeout: 5, max_connections: 10}}\n",
    }
    assert lint(files, *DL0) == []


# --- DL008 environment-mismatch -------------------------------------------------------


def test_dl008_undefined_environment_and_folder_mismatch(
    lint: Lint, lint_messages: Messages
) -> None:
    files = {
        "base.yaml": ENVS,
        "qa.yaml": "environment: qa\n",
        "staging/app.yaml": "# scoped to the wrong one\nenvironment: production\n",
        "staging/prod.yaml": "environment: prod\n",
    }
    assert lint(files, *DL0) == [
        ("qa.yaml", 1, 14, "DL008"),
        ("staging/app.yaml", 2, 14, "DL008"),
        ("staging/prod.yaml", 1, 14, "DL008"),  # undefined
        ("staging/prod.yaml", 1, 14, "DL008"),  # and in the staging folder
    ]
    messages = [m for _, _, m in lint_messages(files, *DL0)]
    assert (
        "environment 'qa' is not defined in architecture.environments "
        "(defined: production, staging)" in messages
    )
    assert any(
        m.endswith(
            "staging/app.yaml is named after environment 'staging' but scopes itself "
            "to 'production'"
        )
        for m in messages
    )


def test_dl008_file_named_after_an_environment(lint: Lint) -> None:
    files = {"base.yaml": ENVS, "staging.yaml": "environment: production\n"}
    assert lint(files, *DL0) == [("staging.yaml", 1, 14, "DL008")]


def test_other_file_names_mean_nothing(lint: Lint) -> None:
    files = {"base.yaml": ENVS, "common/app.yaml": "environment: staging\n"}
    assert lint(files, *DL0) == []


# --- DL010 invalid-extends ------------------------------------------------------------


def test_dl010_absolute_outside_missing(tmp_path: Path, lint: Lint, lint_json: LintJson) -> None:
    files = {
        "a.yaml": "extends: /proc/self/environ\n",
        "b.yaml": "extends: ../../etc/passwd\n",
        "c.yaml": "# a list\nextends: [a.yaml, missing.yaml]\n",
        "d.yaml": "extends: ~/.aws/credentials\n",
    }
    assert lint(files, *DL0) == [
        ("a.yaml", 1, 10, "DL010"),
        ("b.yaml", 1, 10, "DL010"),
        ("c.yaml", 2, 19, "DL010"),
        ("d.yaml", 1, 10, "DL010"),
    ]
    _, data = lint_json({}, *DL0)
    messages = {Path(f["file"]).name: f["message"] for f in data["findings"]}
    assert messages == {
        "a.yaml": "extends '/proc/self/environ' is an absolute path; extends takes a path "
        "relative to this file, inside the config root",
        "b.yaml": f"extends '../../etc/passwd' points outside the config root {tmp_path}; "
        "it was not read",
        "c.yaml": "extends 'missing.yaml': no such file",
        "d.yaml": "extends '~/.aws/credentials' is an absolute path; extends takes a path "
        "relative to this file, inside the config root",
    }


def test_dl010_cycle(lint: Lint, lint_messages: Messages) -> None:
    files = {
        "a.yaml": "extends: b.yaml\n",
        "b.yaml": "extends: sub/c.yaml\n",
        "sub/c.yaml": "# back\nextends: ../a.yaml\n",
    }
    assert lint(files, *DL0) == [("a.yaml", 1, 10, "DL010")]  # the cycle is cut there
    [(_, _, message)] = lint_messages(files, *DL0)
    assert message.startswith("extends forms a cycle: ")
    assert message.count("->") == 3


def test_extending_a_broken_file_reports_it_once(lint: Lint) -> None:
    files = {
        "base.yaml": "config: [\n",
        "production/app.yaml": "environment: production\nextends: ../base.yaml\n",
    }
    assert lint(files, *DL0) == [
        ("base.yaml", 1, 10, "DL001"),  # once, under its own name
        ("production/app.yaml", 1, 14, "DL008"),
    ]


def test_null_sections_are_no_crash(lint: Lint) -> None:
    files = {"app.yaml": "architecture: null\nconfig:\ninfrastructure: ~\nmonitoring: {}\n"}
    assert lint(files, *DL0) == []


def test_dl010_a_self_extend(lint: Lint) -> None:
    assert lint({"a.yaml": "extends: a.yaml\n"}, *DL0) == [("a.yaml", 1, 10, "DL010")]


# --- environments, extends and deep merge ---------------------------------------------

MERGE = {
    "base.yaml": ENVS
    + """
config:
  application:
    api: {port: 8000, workers: 4}
  security:
    cors:
      allowed_origins: ['https://a.example.jp', 'https://b.example.jp']
      allowed_methods: [GET]
""",
    "production/app.yaml": """
        environment: production
        extends: ../base.yaml
        config:
          application:
            api: {workers: 8}
          security:
            cors:
              allowed_origins: ['https://c.example.jp']
        """,
}


def test_a_child_extending_its_base_overrides_without_conflict(lint: Lint) -> None:
    assert lint(MERGE, *DL0) == []


def test_deep_merge_replaces_lists_and_keeps_provenance(tmp_path: Path, lint: Lint) -> None:
    lint(MERGE, *DL0)  # writes the files
    [config_set] = discover([str(tmp_path)])
    loaded = load_set(config_set, Limits())
    resolve_extends(loaded, Limits())
    envs = build(loaded).primary
    assert list(envs) == ["production", "staging"]
    prod, staging = envs["production"].data["config"], envs["staging"].data["config"]
    assert prod["application"]["api"] == {"port": 8000, "workers": 8}
    assert prod["security"]["cors"] == {
        "allowed_origins": ["https://c.example.jp"],  # replaced, not concatenated
        "allowed_methods": ["GET"],
    }
    assert staging["application"]["api"] == {"port": 8000, "workers": 4}
    assert staging["security"]["cors"]["allowed_origins"] == [
        "https://a.example.jp",
        "https://b.example.jp",
    ]
    where = envs["production"].origin(("config", "application", "api", "workers"))
    assert (Path(where.file).relative_to(tmp_path).as_posix(), where.line) == (
        "production/app.yaml",
        5,
    )
    where = envs["production"].origin(("config", "application", "api", "port"))
    assert (Path(where.file).name, where.line, where.column) == ("base.yaml", 8, 17)
    origin = envs["production"].origin(("config", "security", "cors", "allowed_origins", 0))
    assert (origin.line, origin.column) == (8, 25)


def test_a_sibling_that_does_not_extend_still_conflicts(lint: Lint) -> None:
    files = {
        **MERGE,
        "production/extra.yaml": "environment: production\nconfig:\n  application:\n    api: {workers: 9}\n",
    }
    assert lint(files, *DL0) == [("production/extra.yaml", 4, 20, "DL007")]
