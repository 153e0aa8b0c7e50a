"""Declarative rules in a policy pack (issue 11, point 1 and 3), through the real CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLES, cli, run_json, write_files

CUSTOM = EXAMPLES / "custom-rules"
SETTINGS = str(CUSTOM / ".deploylint.yaml")

# The example's five team rules fire exactly here (and nowhere for the guide pack).
EXPECTED = [
    ("base.yaml", 9, 30, "ORG005", "warning", "production",
     "scaling.max is 10 in production; the budget allows <= 8"),
    ("base.yaml", 18, 30, "ORG005", "warning", "staging",
     "scaling.max is 5 in staging; the budget allows <= 4"),
    ("base.yaml", 21, 24, "ORG004", "warning", "staging",
     "log group datasets-staging-app of stream application is not named "
     "/acme/datasets/staging/application"),
    ("base.yaml", 39, 22, "ORG001", "error", "production",
     "cache.t4g.medium is a burstable class: production databases and caches use m or r classes"),
    ("base.yaml", 109, 59, "ORG002", "error", "production,staging",
     "API timeout 60 s must be < 60: the load balancer drops idle connections after 60 s"),
    ("base.yaml", 138, 16, "ORG003", "error", "production",
     "production alerts of level warning notify [slack] only: add pagerduty"),
]  # fmt: skip


def rows(data: dict[str, Any], root: Path) -> list[tuple[Any, ...]]:
    return [
        (
            Path(f["file"]).resolve().relative_to(root.resolve()).as_posix(),
            f["line"],
            f["column"],
            f["rule"],
            f["severity"],
            f["environment"],
            f["message"],
        )
        for f in data["findings"]
    ]


def test_example_pack_findings_are_pinned() -> None:
    code, data = run_json(["check", "--config", SETTINGS, str(CUSTOM)])
    assert rows(data, CUSTOM) == EXPECTED
    assert code == 1


def test_example_is_clean_for_the_guide_pack() -> None:
    code, data = run_json(["check", "--no-config", "--fail-on", "info", str(CUSTOM)])
    assert data["findings"] == []
    assert code == 0


def test_example_settings_are_found_from_the_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CUSTOM)
    code, data = run_json(["check", "."])
    assert [r[3] for r in rows(data, CUSTOM)] == [r[3] for r in EXPECTED]
    assert code == 1


def test_select_ignore_and_severity_overrides_treat_custom_rules_like_builtin(
    tmp_path: Path,
) -> None:
    settings = tmp_path / "s.yaml"
    pack = (CUSTOM / ".policy" / "acme.yaml").resolve()
    settings.write_text(f"policy: {pack}\nseverity: {{ORG004: error}}\nignore: [ORG005]\n")
    _, data = run_json(["check", "--config", str(settings), "--select", "ORG", str(CUSTOM)])
    assert [(r[3], r[4]) for r in rows(data, CUSTOM)] == [
        ("ORG004", "error"),
        ("ORG001", "error"),
        ("ORG002", "error"),
        ("ORG003", "error"),
    ]


def test_rules_lists_custom_rules_with_their_source() -> None:
    result = cli(["rules", "--config", SETTINGS, "--format", "json"])
    assert result.exit_code == 0
    listed = {r["id"]: r for r in json.loads(result.stdout)}
    assert listed["DL205"]["source"] == "built-in"
    assert listed["ORG003"]["name"] == "alert-not-paged"
    assert listed["ORG003"]["source"].startswith("pack acme (")
    assert listed["ORG003"]["source"].endswith("acme.yaml)")
    text = cli(["rules", "--config", SETTINGS]).stdout
    org = [line for line in text.splitlines() if line.startswith("ORG")]
    assert len(org) == 5 and all("[pack acme (" in line for line in org)
    plain = cli(["rules", "--no-config"]).stdout
    assert "ORG001" not in plain


def test_rule_shows_custom_docs() -> None:
    result = cli(["rule", "org003", "--config", SETTINGS])
    assert result.exit_code == 0
    assert result.stdout.startswith("# ORG003 alert-not-paged\n")
    assert "Default severity: **error**. From pack acme (" in result.stdout
    assert "## Why is this bad?\n\nSlack is read during office hours." in result.stdout
    assert "warning: {notification: [slack, pagerduty]}" in result.stdout
    missing = cli(["rule", "ORG003", "--no-config"])
    assert missing.exit_code == 2


def test_sarif_describes_custom_rules() -> None:
    result = cli(["check", "--config", SETTINGS, "--format", "sarif", str(CUSTOM)])
    run = json.loads(result.stdout)["runs"][0]
    descriptors = {d["id"]: d for d in run["tool"]["driver"]["rules"]}
    assert sorted(descriptors) == ["ORG001", "ORG002", "ORG003", "ORG004", "ORG005"]
    assert descriptors["ORG001"]["name"] == "burstable-instance-in-production"
    assert descriptors["ORG001"]["defaultConfiguration"] == {"level": "error"}
    assert "CPU credits" in descriptors["ORG001"]["help"]["text"]
    for result_ in run["results"]:
        assert run["tool"]["driver"]["rules"][result_["ruleIndex"]]["id"] == result_["ruleId"]


# --- the language, on small packs ---------------------------------------------------------

BASE = """
architecture:
  environments:
    production: {region: ap-northeast-1, scaling: {min: 3, max: 10}}
    staging: {region: ap-northeast-1, scaling: {min: 2, max: 5}}
  components:
    database: {type: RDS, engine: PostgreSQL, version: '15.17', instance_type: db.t3.medium}
    cache: {type: ElastiCache, engine: Redis, version: '7.1', instance_type: cache.r5.large}
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 443, source: 0.0.0.0/0}
            - {port: 80, source: 0.0.0.0/0}
config:
  application:
    api: {port: 8000, timeout: '45'}
  database: {pool_timeout: 30}
"""


def check_with(tmp_path: Path, rule: str, *args: str, config: str = BASE) -> tuple[int, Any]:
    """Check ``config`` with a pack holding one rule ORG001 whose body is ``rule``."""
    body = textwrap.indent(textwrap.dedent(rule).strip(), "    ")
    pack = (
        textwrap.dedent(
            """\
        name: t
        extends: guide
        prefix: ORG
        rules:
          ORG001:
            name: a-rule
            severity: warning
            summary: s
            docs: {what: w, why: y, example: e, use_instead: u}
        """
        )
        + body
        + "\n"
    )
    name = f".packs/p-{hashlib.sha256(pack.encode()).hexdigest()[:12]}.yaml"
    write_files(tmp_path, {"app.yaml": config, name: pack})
    return run_json(
        ["check", "--no-config", "--select", "ORG", "--policy", str(tmp_path / name), *args,
         str(tmp_path)]
    )  # fmt: skip


def found(data: Any) -> list[tuple[int, int, str, str]]:
    return [(f["line"], f["column"], f["message"], f["environment"]) for f in data["findings"]]


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        # wildcards over lists keep each item's path: the finding is on the item's line
        (
            """
            check:
              where: infrastructure.network.security.groups.*.inbound[*]
              expect: {path: port, in: [443]}
              message: "{path}: port {@.port} is not {expected}"
            """,
            [
                (
                    15,
                    15,
                    "infrastructure.network.security.groups.alb.inbound[1]: port 80 is not "
                    "one of 443",
                    "production,staging",
                )
            ],
        ),
        # numeric strings are parsed first ('45' is 45); comparison with another path
        (
            """
            check:
              where: config.application.api.timeout
              expect: {lt: {path: $.config.database.pool_timeout}}
              message: "{value} must be {expected}"
            """,
            [(18, 32, "45 must be < 30 (config.database.pool_timeout)", "production,staging")],
        ),
        # when: a precondition; not + matches; environments
        (
            """
            environments: [production]
            check:
              where: architecture.components.*
              when: {path: type, equals: RDS}
              expect: {not: {path: instance_type, matches: '\\.t3\\.'}}
              message: "{key} in {env}: {@.instance_type}, {expected}"
            """,
            [(6, 15, "database in production: db.t3.medium, not matching \\.t3\\.", "production")],
        ),
        # {env} in a pattern, numbers per environment, default
        (
            """
            check:
              where: architecture.environments.{env}.scaling.max
              expect: {max: {production: 8, default: 5}}
              message: "{env} {value} {expected}"
            """,
            [(3, 65, "production 10 <= 8", "production")],
        ),
        # any / required / forbidden; a missing value under equals is unknown (no finding)
        (
            """
            check:
              where: architecture.components.*
              expect:
                any:
                  - {path: engine, equals: Redis}
                  - {path: nonexistent, forbidden: true, required: true}
              message: "{key}: {expected}"
            """,
            [(6, 15, "database: Redis or present", "production,staging")],
        ),
        (
            """
            check:
              where: architecture.components.*
              expect: {path: nonexistent, equals: 1}
              message: never
            """,
            [],
        ),
        # not_in and contains on a list of items
        (
            """
            check:
              where: architecture.components.*.engine
              expect: {not_in: [PostgreSQL]}
              message: "{value} is {expected}"
            """,
            [(6, 35, "PostgreSQL is none of PostgreSQL", "production,staging")],
        ),
    ],
)
def test_language(tmp_path: Path, check: str, expected: list[Any]) -> None:
    _, data = check_with(tmp_path, check)
    assert found(data) == expected


def test_a_suppression_hides_a_custom_finding_and_unknown_ids_are_dl009(tmp_path: Path) -> None:
    config = BASE.replace(
        "instance_type: db.t3.medium}",
        'instance_type: db.t3.medium}  # deploylint: disable=ORG001 reason="trial"',
    ).replace(
        "scaling: {min: 3, max: 10}}",
        'scaling: {min: 3, max: 10}}  # deploylint: disable=ORG777 reason="x"',
    )
    rule = """
        check:
          where: architecture.components.database.instance_type
          expect: {not: {matches: '\\.t3\\.'}}
          message: burstable
        """
    _, data = check_with(tmp_path, rule, "--select", "DL009", config=config)
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("DL009", 3)]
    assert "ORG777" in data["findings"][0]["message"]


def test_regexes_run_in_linear_time(tmp_path: Path) -> None:
    """A typical slug pattern that backtracks for seconds in Python's ``re`` (nested
    bounded repeats), on a long value: RE2 answers at once."""
    rule = """
        check:
          where: config.application.api.host
          expect: {matches: '^([a-z0-9]{1,20}-?){1,10}$'}
          message: "{value}"
        """
    slow = "a" * 41 + "!"
    config = BASE.replace("port: 8000,", f"host: '{slow}', port: 8000,")
    started = time.monotonic()
    _, data = check_with(tmp_path, rule, config=config)
    assert time.monotonic() - started < 5
    assert [m for _, _, m, _ in found(data)] == [slow]
    long = BASE.replace("port: 8000,", f"host: {'b' * 3000}, port: 8000,")
    _, data = check_with(tmp_path, rule, config=long)
    [(_, _, message, _)] = found(data)  # a long value is matched too (the message is cut)
    assert message.startswith("b" * 900)


def test_digits_are_ascii_only(tmp_path: Path) -> None:
    rule = """
        check:
          where: config.application.api.host
          expect: {matches: '^\\d+$'}
          message: "{value}"
        """
    config = BASE.replace("port: 8000,", "host: '١٢٣', port: 8000,")  # Arabic-Indic digits
    _, data = check_with(tmp_path, rule, config=config)
    assert [m for _, _, m, _ in found(data)] == ["١٢٣"]


# --- malformed rules: exit 2, one line naming the pack, the rule and the field -----------

MALFORMED = [
    ("check: {where: a.b, expect: {equals: 1}, message: m, extra: 1}", "check.extra: unknown field"),
    ("check: {where: 'a..b', expect: {equals: 1}, message: m}", "check.where: 'a..b'"),
    ("check: {where: a, expect: {matches: '^(?!x)'}, message: m}", "check.expect.matches: regex '^(?!x)' uses negative lookahead (?!...), which the linear-time regex engine (RE2) does not support"),
    ("check: {where: a, expect: {not: {matches: '(?<=a)b'}}, message: m}", "check.expect.not.matches: regex '(?<=a)b' uses lookbehind (?<=...)"),
    ("check: {where: a, expect: {matches: '(a)\\1'}, message: m}", "check.expect.matches: regex '(a)\\\\1' uses a back-reference"),
    ("check: {where: a, expect: {matches: '(a'}, message: m}", "check.expect.matches: not a regex"),
    ("check: {where: a, expect: {bogus: 1}, message: m}", "check.expect.bogus: unknown condition"),
    ("check: {where: a, expect: {all: [{min: x}]}, message: m}", "check.expect.all[0].min"),
    ("check: {where: a, expect: {equals: 1}, message: '{value} {nope}'}", "check.message"),
    ("check: {where: a, when: {required: false}, expect: {equals: 1}, message: m}", "check.when.required"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "field"), MALFORMED)
def test_malformed_rule_is_a_usage_error_naming_pack_rule_and_field(
    tmp_path: Path, check: str, field: str
) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        "name: bad\nextends: guide\nprefix: ORG\nrules:\n  ORG001:\n    name: a-rule\n"
        "    severity: error\n"
        "    summary: s\n    docs: {what: w, why: y, example: e, use_instead: u}\n"
        f"    {check}\n"
    )
    (tmp_path / "app.yaml").write_text("config: {application: {api: {port: 8000}}}\n")
    result = cli(["check", "--no-config", "--policy", str(pack), str(tmp_path / "app.yaml")])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    assert line.startswith(f"deploylint: {pack}: rule ORG001: {field}"), line


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ("name: bad\nrules:\n  ORG001:", "rule ORG001: id: prefix ORG is not declared"),
        ("name: bad\nprefix: DLX\nrules:\n  DLX001:", "prefix: 'DLX': 2-8 capital letters"),
        ("name: bad\nprefix: ORG\nrules:\n  DL900:", "rule DL900: id: the DL prefix is reserved"),
        ("name: bad\nprefix: ORG\nrules:\n  ORG01:", "rule ORG01: id: an ID is the pack's prefix"),
    ],
)
def test_bad_ids_and_prefixes(tmp_path: Path, head: str, message: str) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        head.replace("name: bad\n", "name: bad\nextends: guide\n") + "\n    name: a-rule\n"
    )
    result = cli(["rules", "--no-config", "--policy", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"deploylint: {pack}: {message}"), result.stderr


def test_a_pack_cannot_redefine_a_builtin_rule(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("name: bad\nrules:\n  DL205:\n    check: {}\n")
    result = cli(["rules", "--no-config", "--policy", str(pack)])
    assert result.exit_code == 2
    assert "rule DL205: id: already defined by a built-in rule" in result.stderr


def test_a_pack_can_make_its_own_rule_mandatory(tmp_path: Path) -> None:
    shutil.copytree(CUSTOM, tmp_path / "set")
    pack = tmp_path / "set" / ".policy" / "acme.yaml"
    pack.write_text(
        pack.read_text() + "mandatory:\n  - rule: ORG001\n    environments: [production]\n"
    )
    base = tmp_path / "set" / "base.yaml"
    base.write_text(
        base.read_text().replace(
            "cache.t4g.medium", 'cache.t4g.medium  # deploylint: disable=ORG001 reason="trial"'
        )
    )
    settings = str(tmp_path / "set" / ".deploylint.yaml")
    _, data = run_json(["check", "--config", settings, "--select", "ORG001,DL009", str(base)])
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("ORG001", 39), ("DL009", 39)]
    assert "ORG001 is mandatory in production under policy 'acme'" in data["findings"][1]["message"]


def test_process_pool_and_github_format_see_custom_rules() -> None:
    paths = [str(CUSTOM), str(EXAMPLES / "multi-env"), str(EXAMPLES / "guide")]
    _, one = run_json(["check", "--config", SETTINGS, "--jobs", "1", *paths])
    _, two = run_json(["check", "--config", SETTINGS, "--jobs", "2", *paths])
    assert one["findings"] == two["findings"]
    assert rows({"findings": [f for f in two["findings"] if str(CUSTOM) in f["file"]]}, CUSTOM) == (
        EXPECTED
    )
    result = cli(["check", "--config", SETTINGS, "--format", "github", str(CUSTOM)])
    assert result.stdout.splitlines()[3].startswith(
        "::error file=base.yaml,line=39,col=22,endLine=39,"
        "title=ORG001 burstable-instance-in-production::cache.t4g.medium is a burstable class"
    )


_PATHS = st.sampled_from(
    ["@", "$", "$.architecture", "engine", "@.instance_type", "$.config.application.api.timeout",
     "$.architecture.environments.{env}.scaling.max", "nope.deeper", "inbound[0]"]
)  # fmt: skip
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 100), st.text(max_size=5), st.floats(-1, 1)
)
_TESTS = st.one_of(
    st.fixed_dictionaries({"required": st.just(True)}),
    st.fixed_dictionaries({"equals": _VALUES}),
    st.fixed_dictionaries({"in": st.lists(_VALUES, max_size=3)}),
    st.fixed_dictionaries({"matches": st.sampled_from(["^a", "t3", "[0-9]+$", "(x|y)"])}),
    st.fixed_dictionaries({"contains": _VALUES}),
    st.builds(
        lambda op, arg: {op: arg},
        st.sampled_from(["min", "max", "lt", "le", "gt", "ge"]),
        st.one_of(
            st.integers(0, 20),
            st.fixed_dictionaries({"path": _PATHS}),
            st.fixed_dictionaries({"production": st.integers(0, 20)}),
        ),
    ),
)
_CONDITIONS = st.recursive(
    st.builds(lambda t, p: {**t, "path": p} if p else t, _TESTS, st.one_of(st.none(), _PATHS)),
    lambda inner: st.one_of(
        st.builds(lambda x: {"all": x}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"any": x}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=6,
)
_WHERE = st.sampled_from(
    ["architecture.components.*", "architecture.components.*.instance_type", "*", "*.*.*",
     "infrastructure.network.security.groups.*.inbound[*]", "architecture.environments.{env}",
     "config.application.api.timeout", "architecture.*[*]"]
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=_WHERE, expect=_CONDITIONS, when=st.one_of(st.none(), _CONDITIONS))
def test_any_rule_of_the_language_runs_without_error(
    tmp_path: Path, where: str, expect: Any, when: Any
) -> None:
    check: dict[str, Any] = {"where": where, "expect": expect, "message": "{value} {expected}"}
    if when is not None:
        check["when"] = when
    code, data = check_with(tmp_path, "check: " + json.dumps(check))
    assert code in (0, 1)
    for f in data["findings"]:
        assert f["rule"] == "ORG001"
        assert "raised" not in f["message"] and "internal error" not in f["message"]


def test_a_malformed_rule_is_left_out_and_the_others_still_run(tmp_path: Path) -> None:
    """One clear line naming the pack, the rule and the field; every other rule (the pack's
    own and the built-in ones) still runs and reports; the run exits 2."""
    shutil.copytree(CUSTOM, tmp_path / "set")
    pack = tmp_path / "set" / ".policy" / "acme.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8")
        + "  ORG099:\n    name: broken-rule\n    severity: error\n    summary: s\n"
        "    docs: {what: w, why: y, example: e, use_instead: u}\n"
        "    check: {where: a, expect: {equals: 1}, message: '{value} {nope}'}\n",
        encoding="utf-8",
    )
    result = cli(
        [
            "check",
            "--config",
            str(tmp_path / "set" / ".deploylint.yaml"),
            "--format",
            "json",
            str(tmp_path / "set"),
        ],
    )
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"deploylint: {pack}: rule ORG099: check.message"), line
    data = json.loads(result.stdout)
    assert [r[3] for r in rows(data, tmp_path / "set")] == [r[3] for r in EXPECTED]
