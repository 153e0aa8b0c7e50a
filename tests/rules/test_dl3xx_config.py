"""DL301-DL310: application config (guide 5.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deploylint.cli import app

from ..conftest import EXAMPLES, Lint, Messages, pack, write_files
from .conftest import Related

# Two environments (the guide's), each with its scaling maximum on a known line.
ENVS = """
architecture:
  environments:
    production:
      region: ap-northeast-1
      scaling: {min: 3, max: 10, desired: 5}
    staging:
      region: ap-northeast-1
      scaling: {min: 2, max: 5, desired: 2}
"""
STAGING_ONLY = """
architecture:
  environments:
    staging:
      region: ap-northeast-1
      scaling: {min: 2, max: 5, desired: 2}
"""


# --- DL301 https-urls ----------------------------------------------------------------

FRONTEND = """
config:
  application:
    frontend:
      api_url: {api}
      cdn_url: {cdn}
"""


@pytest.mark.parametrize(
    ("envs", "api", "cdn", "expected"),
    [
        (ENVS, "https://api.datasets.acme.co.jp", "https://cdn.datasets.acme.co.jp", []),
        (ENVS, "https://api.acme.co.jp:8443/v1", "https://d111.cloudfront.net", []),
        # staging is not production: neither http nor placeholders are its concern
        (STAGING_ONLY, "http://localhost:8000", "http://cdn.example.com", []),
        (ENVS, "http://api.datasets.acme.co.jp", "https://cdn.datasets.acme.co.jp", [4]),
        (ENVS, "https://api.datasets.acme.co.jp", "api.datasets.acme.co.jp", [5]),
        (ENVS, "https://api.example.com", "https://cdn.example.org", [4, 5]),
        (ENVS, "https://localhost", "https://127.0.0.1", [4, 5]),
        (ENVS, "https://api.acme.test", "https://cdn.example", [4, 5]),
        # http and localhost: both findings on the one line
        (ENVS, "http://localhost:8000", "https://cdn.datasets.acme.co.jp", [4, 4]),
    ],
)
def test_dl301_positions(lint: Lint, envs: str, api: str, cdn: str, expected: list[int]) -> None:
    files = {"arch.yaml": envs, "config.yaml": FRONTEND.format(api=api, cdn=cdn)}
    assert lint(files, "--select", "DL301") == [("config.yaml", n, 16, "DL301") for n in expected]


def test_dl301_messages_and_severities(lint_messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": FRONTEND.format(api="http://api.acme.co.jp", cdn="https://cdn.example.com"),
    }
    found = lint_messages(files, "--select", "DL301")
    assert [(rule, severity) for rule, severity, _ in found] == [
        ("DL301", "error"),
        ("DL301", "warning"),
    ]
    http, placeholder = (message for _, _, message in found)
    assert "'http://api.acme.co.jp' uses http://" in http
    assert "in production" in http and "https://host" in http and "(guide 5.1)" in http
    assert "'https://cdn.example.com'" in placeholder
    assert "example.com" in placeholder and "real public host" in placeholder
    assert "(guide 5.1)" in placeholder


def test_dl301_production_environments_option(lint: Lint, lint_json: Any, tmp_path: Path) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": FRONTEND.format(api="http://api.acme.co.jp", cdn="https://cdn.acme.co.jp"),
    }
    assert lint(files, "--select", "DL301") == [("config.yaml", 4, 16, "DL301")]
    extra, path = pack(tmp_path, "DL301", "production_environments: [live]")
    assert lint({**files, **extra}, "--select", "DL301", "--policy", path) == []
    extra, path = pack(tmp_path, "DL301", "production_environments: [production, staging]")
    rows = lint({**files, **extra}, "--select", "DL301", "--policy", path)
    assert rows == [("config.yaml", 4, 16, "DL301")]  # once: the same finding in both
    _, data = lint_json({**files, **extra}, "--select", "DL301", "--policy", path)
    assert data["findings"][0]["environment"] == "production,staging"


def test_dl301_finding_names_its_environment(lint_json: Any, tmp_path: Path) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": FRONTEND.format(api="http://api.acme.co.jp", cdn="https://cdn.acme.co.jp"),
    }
    extra, path = pack(tmp_path, "DL301", "production_environments: [staging]")
    _, data = lint_json({**files, **extra}, "--select", "DL301", "--policy", path)
    assert [(f["environment"], f["line"]) for f in data["findings"]] == [("staging", 4)]


# --- DL302 analytics-id --------------------------------------------------------------

ANALYTICS = """
config:
  application:
    frontend:
      analytics_id: {id}
"""


@pytest.mark.parametrize(
    ("envs", "analytics_id", "expected"),
    [
        (ENVS, "G-PSW1MY7HB4", []),
        (ENVS, "G-STG4EXAMPL", []),  # one X is not a placeholder
        (ENVS, "G-AB1XXX9CD2", []),  # nor is XXX inside a real id (issue 9)
        (ENVS, "G-XXXXXXXXX1", []),
        (ENVS, "G-XXXX", [("config.yaml", 4, 21, "DL302")]),  # all X after G-
        (STAGING_ONLY, "G-XXXXXXXXXX", []),  # a placeholder outside production
        (ENVS, "UA-12345678-1", [("config.yaml", 4, 21, "DL302")]),
        (ENVS, "G-XXXXXXXXXX", [("config.yaml", 4, 21, "DL302")]),
        # the guide's id is both a dead UA id and a placeholder
        (ENVS, "UA-XXXXXXXXX-X", [("config.yaml", 4, 21, "DL302")] * 2),
        (STAGING_ONLY, "UA-XXXXXXXXX-X", [("config.yaml", 4, 21, "DL302")]),
    ],
)
def test_dl302_positions(
    lint: Lint, envs: str, analytics_id: str, expected: list[tuple[str, int, int, str]]
) -> None:
    files = {"arch.yaml": envs, "config.yaml": ANALYTICS.format(id=analytics_id)}
    assert lint(files, "--select", "DL302") == expected


def test_dl302_messages_and_severities(lint_messages: Messages) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": ANALYTICS.format(id="UA-XXXXXXXXX-X")}
    found = sorted(lint_messages(files, "--select", "DL302"), key=lambda f: f[1])
    assert [severity for _, severity, _ in found] == ["error", "warning"]
    placeholder, dead = (message for _, _, message in found)
    assert "'UA-XXXXXXXXX-X' is a placeholder in production" in placeholder
    assert "G-" in placeholder and "(guide 5.1)" in placeholder
    assert "Universal Analytics" in dead and "2023-07-01" in dead
    assert "GA4 measurement id (G-...)" in dead and "(guide 5.1)" in dead


def test_dl302_production_environments_option(lint_messages: Messages, tmp_path: Path) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": ANALYTICS.format(id="UA-XXXXXXXXX-X")}
    extra, path = pack(tmp_path, "DL302", "production_environments: []")
    found = lint_messages({**files, **extra}, "--select", "DL302", "--policy", path)
    assert [severity for _, severity, _ in found] == ["warning"]  # the placeholder is allowed


# --- DL303 workers -------------------------------------------------------------------

WORKERS = """
architecture:
  components:
    compute:
      cpu: '{cpu}'
      memory: '{memory}'
config:
  application:
    api:
      workers: {workers}
"""


@pytest.mark.parametrize(
    ("cpu", "memory", "workers", "expected"),
    [
        (2048, 4096, 4, []),  # the guide
        (2048, 4096, 5, []),  # 2 x 2 + 1
        (256, 512, 1, []),
        (2048, 4096, 6, [9]),
        (1024, 2048, 4, [9]),  # 2 x 1 + 1 = 3
        (256, 512, 2, [9]),  # 0.25 vCPU: 1
        (2048, 4096, 0, [9]),
    ],
)
def test_dl303_positions(
    lint: Lint, cpu: int, memory: int, workers: int, expected: list[int]
) -> None:
    files = {"a.yaml": WORKERS.format(cpu=cpu, memory=memory, workers=workers)}
    assert lint(files, "--select", "DL303") == [("a.yaml", n, 16, "DL303") for n in expected]


def test_dl303_workers_without_a_task_size(lint: Lint) -> None:
    files = {"a.yaml": "config:\n  application:\n    api:\n      workers: 64\n"}
    assert lint(files, "--select", "DL303") == []


def test_dl303_message_names_both_places(lint_related: Related) -> None:
    files = {
        "arch.yaml": "architecture:\n  components:\n    compute: {cpu: '2048', memory: '4096'}\n",
        "config.yaml": "config:\n  application:\n    api:\n      workers: 8\n",
    }
    [(rule, severity, message, related)] = lint_related(files, "--select", "DL303")
    assert (rule, severity) == ("DL303", "warning")
    assert "api workers 8 exceed" in message
    assert "2 x 2 vCPU + 1 = 5" in message and "cpu 2048;" in message
    assert "at most 5" in message and "guide 5.1" in message
    assert related == (("arch.yaml", 3, "compute cpu is set here"),)


# --- DL304 db-pool-capacity ----------------------------------------------------------

POOL = """
architecture:
  environments:
    production:
      scaling: {{min: 3, max: 10, desired: 5}}
  components:
    database:
      engine: PostgreSQL
      instance_type: {instance}
config:
  application:
    api:
      workers: {workers}
  database:
    pool_size: {size}
    max_overflow: {overflow}
"""


@pytest.mark.parametrize(
    ("instance", "workers", "size", "overflow", "expected"),
    [
        ("db.r5.large", 4, 20, 10, []),  # the guide: 30 x 4 x 10 = 1200 <= 1802
        # 1800 <= 1802, but the figure is an upper bound: the default keeps 10% headroom
        ("db.r5.large", 4, 30, 15, [(14, 16)]),
        ("db.r5.large", 4, 30, 10, []),  # 1600 <= 1621 (90% of 1802)
        ("db.r5.xlarge", 8, 30, 10, []),  # 3200 <= 3604
        ("db.r5.large", 4, 30, 16, [(14, 16)]),  # 1840 > 1802
        ("db.t3.medium", 4, 20, 10, [(14, 16)]),  # 1200 > 450
        ("db.r5.large", 4, 20, -1, [(15, 19)]),  # unlimited overflow
        ("db.r5.large", 4, 0, 10, [(14, 16)]),  # pool_size 0: unlimited
        ("db.unknown.large", 64, 20, 10, []),  # unknown class: DL107's concern
    ],
)
def test_dl304_positions(
    lint: Lint,
    instance: str,
    workers: int,
    size: int,
    overflow: int,
    expected: list[tuple[int, int]],
) -> None:
    files = {
        "a.yaml": POOL.format(instance=instance, workers=workers, size=size, overflow=overflow)
    }
    rows = lint(files, "--select", "DL304")
    assert rows == [("a.yaml", line, col, "DL304") for line, col in expected]


def test_dl304_message_says_by_how_much_and_where(lint_related: Related) -> None:
    files = {
        "arch.yaml": ENVS
        + "  components:\n    database: {engine: PostgreSQL, instance_type: db.t3.medium}\n",
        "config.yaml": (
            "config:\n  application:\n    api: {workers: 4}\n"
            "  database:\n    pool_size: 20\n    max_overflow: 10\n"
        ),
    }
    found = lint_related(files, "--select", "DL304")
    # one finding per environment: the two have different scaling maxima
    assert [(f.rule, f.severity) for f in found] == [("DL304", "error")] * 2
    production = next(f for f in found if "10 tasks" in f.message)
    staging = next(f for f in found if "5 tasks" in f.message)
    assert "(20 + 10) x 4 workers x 10 tasks = 1200 connections, " in production.message
    assert (
        "795 more than the budget 405 (90% of db.t3.medium's default max_connections of "
        "about 450); 750 more than max_connections itself;" in production.message
    )
    assert "guide 5.1" in production.message
    assert production.related == (
        ("arch.yaml", 5, "production scaling.max is set here"),
        ("arch.yaml", 10, "the database instance_type is set here"),
    )
    assert "= 600 connections" in staging.message and "150 more than" in staging.message
    assert staging.related[0] == ("arch.yaml", 8, "staging scaling.max is set here")


def test_dl304_unknown_r_class_is_estimated_from_its_name(lint_messages: Messages) -> None:
    """db.r8g.large is not in the memory table: r = memory optimised, large = 2 vCPU, so
    16 GiB and max_connections 1802; 200 x 4 x 10 = 8000 no longer passes silently."""
    text = POOL.format(instance="db.r8g.large", workers=4, size=150, overflow=50)
    assert lint_messages({"a.yaml": text}, "--select", "DL304") == [
        (
            "DL304",
            "error",
            "database pools can open (150 + 50) x 4 workers x 10 tasks = 8000 connections, "
            "6379 more than the budget 1621 (90% of db.r8g.large's default max_connections "
            "of about 1802 (an estimate: db.r8g.large is not in deploylint's table; its name "
            "gives 16 GiB)); 6198 more than max_connections itself; lower "
            "pool_size/max_overflow, workers or scaling.max, or use a larger instance class "
            "(guide 5.1, 2.1)",
        )
    ]
    # m = general purpose: 8 GiB, 901 connections; the guide's 1200 do not fit
    text = POOL.format(instance="db.m8g.large", workers=4, size=20, overflow=10)
    [(_, severity, message)] = lint_messages({"a.yaml": text}, "--select", "DL304")
    assert severity == "error"
    assert (
        "1200 connections, 390 more than the budget 810 (90% of db.m8g.large's default "
        "max_connections of about 901 (an estimate: db.m8g.large is not in deploylint's "
        "table; its name gives 8 GiB))" in message
    )


def test_dl304_class_the_name_does_not_explain_is_not_checked(lint_messages: Messages) -> None:
    text = POOL.format(instance="db.z9q.large", workers=4, size=150, overflow=50)
    assert lint_messages({"a.yaml": text}, "--select", "DL304") == [
        (
            "DL304",
            "info",
            "not checked: unknown class 'db.z9q.large'; deploylint cannot tell its default "
            "max_connections (facts as of 2026-08-07), so the pools' connections are not "
            "compared with it (guide 5.1)",
        )
    ]


def test_dl304_uses_sqlalchemy_defaults_when_unset(lint_messages: Messages) -> None:
    text = POOL.format(instance="db.t3.micro", workers=2, size=5, overflow=10)
    text = text.replace("    pool_size: 5\n    max_overflow: 10\n", "    pool_timeout: 30\n")
    [(_, _, message)] = lint_messages({"a.yaml": text}, "--select", "DL304")
    # db.t3.micro: 1 GiB -> 112; (5 + 10) x 2 x 10 = 300
    assert "(5 + 10) x 2 workers x 10 tasks" in message and "188 more than" in message


def test_dl304_max_usage_ratio_option(lint_messages: Messages, tmp_path: Path) -> None:
    files = {"a.yaml": POOL.format(instance="db.r5.large", workers=4, size=20, overflow=10)}
    assert lint_messages(files, "--select", "DL304") == []
    extra, path = pack(tmp_path, "DL304", "max_usage_ratio: 0.5")
    [(_, _, message)] = lint_messages({**files, **extra}, "--select", "DL304", "--policy", path)
    # budget: floor(1802 x 0.5) = 901; 1200 - 901 = 299; 1802 - 1200 = 602 left
    assert "= 1200 connections" in message and "299 more than the budget 901 (50% of" in message
    assert "it fits max_connections with only 602 to spare" in message
    extra, path = pack(tmp_path, "DL304", "max_usage_ratio: 0.7")
    assert lint_messages({**files, **extra}, "--select", "DL304", "--policy", path) == []


# --- DL305 cache-capacity ------------------------------------------------------------

CACHE = """
architecture:
  environments:
    production:
      scaling: {{min: 3, max: {tasks}, desired: 3}}
config:
  application:
    api:
      workers: {workers}
  cache:
    max_connections: {per_worker}
"""


@pytest.mark.parametrize(
    ("tasks", "workers", "per_worker", "expected"),
    [
        (10, 4, 100, []),  # the guide: 4000
        (10, 5, 1300, []),  # 65000 exactly
        (10, 5, 1301, [10]),
        (10, 4, 2000, [10]),
    ],
)
def test_dl305_positions(
    lint: Lint, tasks: int, workers: int, per_worker: int, expected: list[int]
) -> None:
    files = {"a.yaml": CACHE.format(tasks=tasks, workers=workers, per_worker=per_worker)}
    assert lint(files, "--select", "DL305") == [("a.yaml", n, 22, "DL305") for n in expected]


def test_dl305_message(lint_related: Related) -> None:
    files = {"a.yaml": CACHE.format(tasks=10, workers=4, per_worker=2000)}
    [(rule, severity, message, related)] = lint_related(files, "--select", "DL305")
    assert (rule, severity) == ("DL305", "warning")
    assert "2000 x 4 workers x 10 tasks = 80000 connections" in message
    assert related == (("a.yaml", 4, "production scaling.max is set here"),)
    assert "15000 more than ElastiCache Redis maxclients 65000" in message
    assert "guide 5.1" in message


# --- DL306 search-replicas -----------------------------------------------------------

SEARCH = """
config:
  search:
    number_of_shards: {shards}
    number_of_replicas: {replicas}
    refresh_interval: {interval}
"""
NODES = "  components:\n    search: {{instance_count: {nodes}}}\n"


@pytest.mark.parametrize(
    ("envs", "shards", "replicas", "interval", "expected"),
    [
        (ENVS, 3, 1, "1s", []),  # the guide, no node count declared
        (ENVS, 3, 1, "500ms", []),
        # without instance_count, placement is not judged; the rejected -1 (a number, not
        # an interval: DL002, not selected) is "not checked"
        (ENVS, 3, 2, "-1", [(5, 23)]),
        (ENVS + NODES.format(nodes=2), 3, 1, "30s", []),
        (STAGING_ONLY, 3, 0, "1s", []),  # 0 replicas outside production
        (ENVS, 3, 0, "1s", [(4, 25)]),
        (ENVS + NODES.format(nodes=2), 3, 2, "1s", [(4, 25)]),
        (ENVS + NODES.format(nodes=1), 1, 1, "1s", [(4, 25)]),
        (ENVS, 3, 1, "1 second", [(5, 23)]),
        (ENVS, 3, 1, "1.5s", [(5, 23)]),
        (ENVS, 0, -1, "1S", [(3, 23), (4, 25), (5, 23)]),
    ],
)
def test_dl306_positions(
    lint: Lint,
    envs: str,
    shards: int,
    replicas: int,
    interval: str,
    expected: list[tuple[int, int]],
) -> None:
    files = {
        "arch.yaml": envs,
        "config.yaml": SEARCH.format(shards=shards, replicas=replicas, interval=interval),
    }
    rows = lint(files, "--select", "DL306")
    assert rows == [("config.yaml", line, col, "DL306") for line, col in expected]


def test_dl306_messages(lint_related: Related) -> None:
    files = {
        "arch.yaml": ENVS + NODES.format(nodes=2),
        "config.yaml": SEARCH.format(shards=3, replicas=2, interval="1 second"),
    }
    found = lint_related(files, "--select", "DL306")
    assert [(f.rule, f.severity) for f in found] == [("DL306", "error")] * 2
    placement, interval = (f.message for f in found)
    assert "number_of_replicas 2 needs 3 data nodes" in placement
    assert "instance_count is 2: " in placement
    assert found[0].related == (("arch.yaml", 10, "search instance_count is set here"),)
    assert "3 of 9 shard copies stay unassigned" in placement and "guide 5.1" in placement
    assert "refresh_interval '1 second'" in interval and "'1s'" in interval
    assert "'-1'" in interval and "guide 5.1" in interval


def test_dl306_production_environments_option(lint: Lint, tmp_path: Path) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": SEARCH.format(shards=3, replicas=0, interval="1s")}
    assert lint(files, "--select", "DL306") == [("config.yaml", 4, 25, "DL306")]
    extra, path = pack(tmp_path, "DL306", "production_environments: []")
    assert lint({**files, **extra}, "--select", "DL306", "--policy", path) == []


# --- DL307 cors ----------------------------------------------------------------------

CORS = """
config:
  security:
    cors:
      allowed_origins:
        - {origin}
      allowed_headers: [{header}]
"""


@pytest.mark.parametrize(
    ("envs", "origin", "header", "expected"),
    [
        (ENVS, "https://datasets.acme.co.jp", "Content-Type", []),
        (ENVS, "https://admin.acme.co.jp:8443", "Authorization", []),
        (ENVS, "https://example.com", "Content-Type", []),  # DL301's concern, not CORS's
        (STAGING_ONLY, "http://localhost:3000", "Content-Type", []),
        (ENVS, "'*'", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp/", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp/app", "Content-Type", [(5, 11)]),
        (ENVS, "http://datasets.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "https://Datasets.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp:443", "Content-Type", [(5, 11)]),
        (ENVS, "https://*.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "datasets.acme.co.jp", "Content-Type", [(5, 11)]),
        (ENVS, "http://localhost:3000", "Content-Type", [(5, 11)]),
        (ENVS, "https://datasets.acme.co.jp", "'*'", [(6, 25)]),
        (STAGING_ONLY, "https://datasets.acme.co.jp", "'*'", [(6, 25)]),
    ],
)
def test_dl307_positions(
    lint: Lint, envs: str, origin: str, header: str, expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": envs, "config.yaml": CORS.format(origin=origin, header=header)}
    rows = lint(files, "--select", "DL307")
    assert rows == [("config.yaml", line, col, "DL307") for line, col in expected]


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("https://datasets.acme.co.jp/", "has a trailing slash"),
        ("https://datasets.acme.co.jp/app", "has a path"),
        ("https://Datasets.acme.co.jp", "is not lower-case"),
        ("https://datasets.acme.co.jp:443", "names the default port 443"),
        ("http://datasets.acme.co.jp", "uses http://; expected https://host[:port]"),
        ("http://localhost:3000", "is a localhost origin in production"),
        ("https://*.acme.co.jp", "uses a wildcard host, which never matches"),
    ],
)
def test_dl307_origin_messages(lint_messages: Messages, origin: str, expected: str) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": CORS.format(origin=origin, header="Accept")}
    [(rule, severity, message)] = lint_messages(files, "--select", "DL307")
    assert (rule, severity) == ("DL307", "error")
    assert f"allowed origin {origin!r} {expected}" in message and "(guide 5.1)" in message
    if "https://datasets" in origin.lower():
        assert "the browser sends exactly 'https://datasets.acme.co.jp'" in message


def test_dl307_wildcards(lint_related: Related) -> None:
    files = {
        "config.yaml": (
            "config:\n  security:\n    cors:\n      allowed_origins: ['*']\n"
            "      allowed_headers: ['*']\n      allow_credentials: true\n"
        )
    }
    found = lint_related(files, "--select", "DL307")
    assert [(f.rule, f.severity) for f in found] == [("DL307", "error"), ("DL307", "warning")]
    origin, headers = (f.message for f in found)
    assert "allowed_origins '*' with allow_credentials true: " in origin
    assert "credentialed" in origin and "guide 5.1" in origin
    assert found[0].related == (("config.yaml", 6, "allow_credentials is set here"),)
    assert found[1].related == ()
    assert "never covers Authorization" in headers and "credentialed" in headers
    assert "[Content-Type, Authorization]" in headers and "guide 5.1" in headers


@pytest.mark.parametrize(
    ("credentials", "expected"),
    # without credentials '*' lets every method through: the guide's set is the pack's
    # allowed_methods (issue 17 §6)
    [("true", [("warning", 5, 25)]), ("false", [("error", 5, 25)]), (None, [("error", 5, 25)])],
)
def test_dl307_wildcard_methods_with_credentials(
    lint: Lint,
    lint_related: Related,
    credentials: str | None,
    expected: list[tuple[str, int, int]],
) -> None:
    text = (
        "config:\n  security:\n    cors:\n      allowed_origins: [https://datasets.acme.co.jp]\n"
        "      allowed_methods: ['*']\n      allowed_headers: [Content-Type, Authorization]\n"
    )
    if credentials is not None:
        text += f"      allow_credentials: {credentials}\n"
    found = lint_related({"config.yaml": text}, "--select", "DL307")
    assert [f.severity for f in found] == [severity for severity, _, _ in expected]
    rows = lint({"config.yaml": text}, "--select", "DL307")
    assert rows == [("config.yaml", line, col, "DL307") for _, line, col in expected]
    if credentials == "true":
        assert found[0].message.startswith(
            "allowed_methods '*' with allow_credentials true is no wildcard (Fetch standard)"
        )
        assert found[0].related == (("config.yaml", 7, "allow_credentials is set here"),)
    else:
        assert found[0].message == (
            "allowed_methods lets every method through; the policy allows GET, POST, PUT, "
            "DELETE (guide 5.1)"
        )


def test_dl307_production_environments_option(lint: Lint, tmp_path: Path) -> None:
    files = {
        "arch.yaml": ENVS,
        "config.yaml": CORS.format(origin="http://localhost:3000", header="Accept"),
    }
    assert lint(files, "--select", "DL307") == [("config.yaml", 5, 11, "DL307")]
    extra, path = pack(tmp_path, "DL307", "production_environments: []")
    assert lint({**files, **extra}, "--select", "DL307", "--policy", path) == []


# --- DL308 rate-limit ----------------------------------------------------------------

RATE = """
config:
  security:
    cors:
      allowed_methods: [GET]
{rate}"""


@pytest.mark.parametrize(
    ("envs", "rate", "expected"),
    [
        (ENVS, "    rate_limit: {requests: 1000, period: 3600}\n", []),
        (ENVS, "    rate_limit: {requests: 10, period: 1m}\n", []),
        (STAGING_ONLY, "", []),  # staging needs none
        (ENVS, "", [(2, 3)]),  # points at security:, where rate_limit belongs
        (ENVS, "    rate_limit: {requests: 0, period: 3600}\n", [(5, 28)]),
        (ENVS, "    rate_limit: {requests: 1000, period: 0}\n", [(5, 42)]),
        (ENVS, "    rate_limit: {requests: 1000}\n", [(5, 5)]),
    ],
)
def test_dl308_positions(lint: Lint, envs: str, rate: str, expected: list[tuple[int, int]]) -> None:
    files = {"arch.yaml": envs, "config.yaml": RATE.format(rate=rate)}
    rows = lint(files, "--select", "DL308")
    assert rows == [("config.yaml", line, col, "DL308") for line, col in expected]


def test_dl308_without_a_security_block(lint: Lint) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": "config:\n  application:\n    api: {port: 8000}\n"}
    assert lint(files, "--select", "DL308") == []


def test_dl308_messages(lint_messages: Messages) -> None:
    files = {"arch.yaml": ENVS, "config.yaml": RATE.format(rate="")}
    [(rule, severity, message)] = lint_messages(files, "--select", "DL308")
    assert (rule, severity) == ("DL308", "error")
    assert "production has no config.security.rate_limit" in message
    assert "1000 requests per 3600 seconds" in message and "(guide 5.1)" in message
    rate = "    rate_limit: {requests: -5, period: 3600}\n"
    files = {"arch.yaml": ENVS, "config.yaml": RATE.format(rate=rate)}
    [(_, _, message)] = lint_messages(files, "--select", "DL308")
    assert "rate_limit requests is -5 in production; expected a value above 0" in message


def test_dl308_production_environments_option(lint: Lint, tmp_path: Path) -> None:
    files = {"arch.yaml": STAGING_ONLY, "config.yaml": RATE.format(rate="")}
    assert lint(files, "--select", "DL308") == []
    extra, path = pack(tmp_path, "DL308", "production_environments: [staging]")
    rows = lint({**files, **extra}, "--select", "DL308", "--policy", path)
    assert rows == [("config.yaml", 2, 3, "DL308")]


# --- DL309 timeouts ------------------------------------------------------------------

TIMEOUTS = """
config:
  application:
    api:
      timeout: {api}
  database:
    pool_timeout: {pool}
    pool_recycle: {recycle}
  cache:
    timeout: {cache}
"""


@pytest.mark.parametrize(
    ("api", "pool", "recycle", "cache", "expected"),
    [
        (60, 30, 1800, 5, []),  # the guide
        ("2m", 30, "30m", 5, []),
        (0, 300, 1800, 300, []),  # api timeout 0: disabled, nothing outlives it
        (60, 60, 1800, 5, [(6, 19)]),
        (60, 30, 1800, 60, [(9, 14)]),
        (30, 45, -1, 30, [(6, 19), (7, 19), (9, 14)]),
        (60, 30, 0, 5, [(7, 19)]),
    ],
)
def test_dl309_positions(
    lint: Lint, api: Any, pool: Any, recycle: Any, cache: Any, expected: list[tuple[int, int]]
) -> None:
    text = TIMEOUTS.format(api=api, pool=pool, recycle=recycle, cache=cache)
    rows = lint({"a.yaml": text}, "--select", "DL309")
    assert rows == [("a.yaml", line, col, "DL309") for line, col in expected]


def test_dl309_messages(lint_related: Related) -> None:
    text = TIMEOUTS.format(api=30, pool=45, recycle=-1, cache=5)
    found = lint_related({"a.yaml": text}, "--select", "DL309")
    assert [(f.rule, f.severity) for f in found] == [("DL309", "warning")] * 2
    pool, recycle = (f.message for f in found)
    assert "database pool_timeout 45 s is not below the api timeout 30 s: " in pool
    assert found[0].related == (("a.yaml", 4, "the api timeout is set here"),)
    assert "guide 5.1" in pool
    assert "pool_recycle -1 never replaces a connection" in recycle
    assert "above 0, e.g. 1800 (guide 5.1)" in recycle


# --- DL310 plaintext-secret ----------------------------------------------------------

AWS_KEY = "AKIA" + "Q7RZ2M4KXWJH5TNB"  # a made-up key id of the real shape, split for scanners
PEM = "-----BEGIN " + "RSA PRIVATE KEY-----"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("config:\n  database:\n    pool_size: 20\n", []),
        ("config:\n  database:\n    password: ${DB_PASSWORD}\n", []),
        ("config:\n  database:\n    password: $DB_PASSWORD\n", []),
        (
            "config:\n  database:\n"
            "    password: arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf\n",
            [],
        ),
        ("config:\n  database:\n    password: ssm:/prod/db/password\n", []),
        ("config:\n  database:\n    password: '{{resolve:ssm-secure:/prod/db:1}}'\n", []),
        ("config:\n  database:\n    password: ''\n", []),
        ("config:\n  database:\n    password: '********'\n", []),
        ("config:\n  database:\n    secret_name: prod/db\n", []),  # names a secret
        ("config:\n  auth:\n    token_url: https://auth.acme.co.jp/token\n", []),
        ("config:\n  auth:\n    token_ttl: 3600\n", []),
        ("config:\n  database:\n    password: hunter2-prod-db\n", [(3, 15)]),
        ("config:\n  database:\n    DB_PASSWORD: 123456\n", [(3, 18)]),
        ("config:\n  auth:\n    clientSecret: s3cr3t-v4lue\n", [(3, 19)]),
        ("config:\n  payments:\n    api_key: sk_live_abcdefgh\n", [(3, 14)]),
        ("config:\n  auth:\n    api_tokens: [tok-aaaa, tok-bbbb]\n", [(3, 18), (3, 28)]),
        (f"config:\n  aws:\n    access_key_id: {AWS_KEY}\n", [(3, 20)]),  # by its value
        (f"monitoring:\n  alerts:\n    channels:\n      email: {AWS_KEY}\n", [(4, 14)]),
        (f"config:\n  tls:\n    cert: |\n      {PEM}\n      MIIE\n", [(3, 11)]),
    ],
)
def test_dl310_positions(lint: Lint, text: str, expected: list[tuple[int, int]]) -> None:
    rows = lint({"a.yaml": text}, "--select", "DL310")
    assert rows == [("a.yaml", line, col, "DL310") for line, col in expected]


SLACK_HOOK = "https://hooks.slack.com/services/" + "T04Q7RZ2M/B05KXWJH5TN/q8Vd3LmZr2WcYp7XbN4hKfTs"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # secrets in values, whatever the key (issue 9)
        (f"monitoring:\n  alerts:\n    channels:\n      slack: {SLACK_HOOK}\n", "a chat webhook"),
        (
            "config:\n  database:\n    url: postgresql://app:S3cret@db.internal/app\n",
            "a password in a URL",
        ),
        ("config:\n  cache:\n    url: redis://:hunter2@cache.internal:6379/0\n", "a password"),
        (f"config:\n  notes: {AWS_KEY}\n", "an AWS access key id"),
        (f"config:\n  tls: |\n    {PEM}\n    MIIE\n", "a PEM private key"),
        # not secrets: a reference, a mask, no password, a user only, a channel name
        ("config:\n  database:\n    url: postgresql://app:${DB_PASSWORD}@db/app\n", None),
        ("config:\n  database:\n    url: postgresql://app:****@db/app\n", None),
        ("config:\n  database:\n    url: postgresql://app@db.internal/app\n", None),
        ("config:\n  docs: https://user@example.org/path\n", None),
        ("monitoring:\n  alerts:\n    channels:\n      slack: '#alerts-prod'\n", None),
    ],
)
def test_dl310_secrets_in_values_whatever_the_key(
    lint_messages: Messages, text: str, kind: str | None
) -> None:
    found = lint_messages({"a.yaml": text}, "--select", "DL310")
    if kind is None:
        assert found == []
        return
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL310", "error")
    assert f"holds {kind}" in message
    assert "S3cret" not in message and "hunter2" not in message and "q8Vd3L" not in message


def test_dl310_message_never_shows_the_secret(lint_messages: Messages) -> None:
    text = f"config:\n  database:\n    password: hunter2-prod-db\n  aws:\n    id: x{AWS_KEY}\n"
    found = lint_messages({"a.yaml": text}, "--select", "DL310")
    assert [(r, s) for r, s, _ in found] == [("DL310", "error")] * 2
    password, key = (m for _, _, m in found)
    assert "config.database.password holds a secret in plain text" in password
    assert "starts 'hun', 15 characters" in password  # 15 // 4 = 3 characters shown
    assert "hunter2" not in password and "prod-db" not in password
    assert "${VAR}" in password and "arn:aws:secretsmanager:" in password
    assert "guide 5.1" in password
    assert "config.aws.id holds an AWS access key id in plain text" in key
    assert AWS_KEY not in key and "Q7RZ" not in key and "21 characters" in key


def test_dl310_short_secret_shows_less(lint_messages: Messages) -> None:
    text = "config:\n  database:\n    password: abcdefg\n"
    [(_, _, message)] = lint_messages({"a.yaml": text}, "--select", "DL310")
    assert "(starts 'a', 7 characters)" in message and "abcd" not in message


def test_dl310_allowed_references_option(lint: Lint, tmp_path: Path) -> None:
    files = {"a.yaml": "config:\n  database:\n    password: vault:secret/data/db#password\n"}
    assert lint(files, "--select", "DL310") == [("a.yaml", 3, 15, "DL310")]
    extra, path = pack(tmp_path, "DL310", "allowed_references: ['vault:.+']")
    assert lint({**files, **extra}, "--select", "DL310", "--policy", path) == []
    # the list replaces the defaults: ${VAR} is no longer a known reference
    files = {"a.yaml": "config:\n  database:\n    password: ${DB_PASSWORD}\n"}
    rows = lint({**files, **extra}, "--select", "DL310", "--policy", path)
    assert rows == [("a.yaml", 3, 15, "DL310")]


def test_dl310_bad_reference_pattern_is_a_policy_error(tmp_path: Path) -> None:
    extra, path = pack(tmp_path, "DL310", "allowed_references: ['(unclosed']")
    write_files(tmp_path, {"a.yaml": "config: {}\n", **extra})
    result = CliRunner().invoke(app, ["check", "--no-config", "--policy", path, str(tmp_path)])
    assert result.exit_code == 2
    assert "DL310" in result.stderr and "not a regular expression" in result.stderr


# --- the guide ------------------------------------------------------------------------


def test_guide_config_findings(lint_messages: Messages) -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in (EXAMPLES / "guide").glob("*.yaml")}
    found = lint_messages(files, "--select", "DL3")
    assert sorted((r, s) for r, s, _ in found) == [
        ("DL301", "warning"),
        ("DL301", "warning"),
        ("DL302", "error"),
        ("DL302", "warning"),
        ("DL307", "warning"),
    ]
