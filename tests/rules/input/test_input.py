"""DL001-DL010 through the real CLI: exact (file, line, column, rule) rows for each case.

``--select DL0`` keeps the guide's rules (DL1xx-DL5xx) out of the rows, so each case shows
only the input and schema findings it is about.

The tests naming no single rule of the section (from test_dl0xx.py).
"""

from __future__ import annotations

from pathlib import Path

from deploylint.sources.configset import load_set, resolve_extends
from deploylint.sources.files import discover
from deploylint.sources.loader import Limits
from deploylint.sources.merge import build
from tests.helpers import Lint

from .shared import DL0, ENVS

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
