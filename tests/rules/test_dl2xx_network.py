"""DL201-DL209: network (guide 3.1)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from deploylint.rules import all_rules
from tests.helpers import EXAMPLES, Lint, Messages, Related, rule_pack, run_json

# The guide's two environments (2.1).
ENVS = """
architecture:
  environments:
    production:
      region: ap-northeast-1
      availability_zones: ['1a', '1c']
    staging:
      region: ap-northeast-1
      availability_zones: ['1a']
  components:
    database: {engine: PostgreSQL}
config:
  application:
    api: {port: 8000}
"""
API_PORT_LINE = 13  # config.application.api in ENVS

# The guide's security groups (3.1); a test replaces single lines.
GROUPS = """
infrastructure:
  network:
    security:
      groups:
        alb:
          inbound:
            - {port: 80, source: 0.0.0.0/0}
            - {port: 443, source: 0.0.0.0/0}
        ecs:
          inbound:
            - {port: 8000, source: alb-sg}
        rds:
          inbound:
            - {port: 5432, source: ecs-sg}
"""
# Columns of `source` and `port` in the flow mappings above.
ALB80, ALB443, ECS, RDS = 7, 8, 11, 14  # lines of the inbound rules
SRC = 36  # column of a source after a four-digit port
PORT_COL = 22


@pytest.fixture
def messages(lint_messages: Messages, tmp_path: Path) -> Messages:
    """(rule, severity, message), with the temporary folder cut from the locations."""

    def run(files: dict[str, str], *args: str) -> list[tuple[str, str, str]]:
        prefix = f"{tmp_path}{os.sep}"
        return [(r, s, m.replace(prefix, "")) for r, s, m in lint_messages(files, *args)]

    return run


def groups(*replace: tuple[str, str]) -> str:
    text = GROUPS
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return text


# --- catalogue, guide, examples -----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [
        ("DL201", "vpc-cidr"),
        ("DL202", "subnet-in-vpc"),
        ("DL203", "subnet-overlap"),
        ("DL204", "subnet-az"),
        ("DL205", "open-ingress"),
        ("DL206", "sg-reference"),
        ("DL207", "sg-chain"),
        ("DL208", "port-consistency"),
        ("DL209", "port-range"),
    ],
)
def test_catalogue_names_and_severities(rule_id: str, name: str) -> None:
    rule = all_rules()[rule_id]
    assert (rule.name, rule.severity.label) == (name, "error")


def test_guide_network_is_clean() -> None:
    _, data = run_json(["check", "--no-config", "--select", "DL2", str(EXAMPLES / "guide")])
    assert data["findings"] == []


@pytest.mark.parametrize("folder", ["multi-env", "failing"])
def test_examples_have_no_network_findings(folder: str) -> None:
    _, data = run_json(["check", "--no-config", "--select", "DL2", str(EXAMPLES / folder)])
    assert data["findings"] == []


def test_partial_network_sections_never_crash(messages: Messages) -> None:
    files = {
        "arch.yaml": ENVS,
        "net.yaml": """
        infrastructure:
          network:
            vpc: {cidr: '::/0', subnets: {public: [], private: [{cidr: x, az: '9z'}]}}
            security:
              groups:
                a: {}
                b: {inbound: []}
                c: {inbound: [{port: '-5-3', source: '-sg', protocol: '300'}]}
                d: {inbound: [{port: 99999999999999999999, source: '0.0.0.0/0', protocol: '-1'}]}
        """,
    }
    found = messages(files, "--select", "DL2")
    assert found
    assert not [m for _, _, m in found if "internal error" in m]


# --- DL201 vpc-cidr --------------------------------------------------------------------

VPC = "infrastructure:\n  network:\n    vpc:\n      cidr: {cidr}\n"


@pytest.mark.parametrize(
    ("cidr", "expected"),
    [
        ("10.0.0.0/16", []),
        ("172.16.0.0/16", []),
        ("192.168.10.0/28", []),
        ("10.0.0.0/8", ["error"]),
        ("10.0.0.0/29", ["error"]),
        ("11.0.0.0/16", ["error"]),
        ("100.64.0.0/16", ["error"]),
        ("10.0.0.0", ["error"]),
        ("fd00::/56", ["error"]),
        ("10.0.0.300/16", ["error"]),
        ("10.0.0.5/16", ["warning"]),
        ("8.0.0.0/8", ["error", "error"]),  # too large and public
    ],
)
def test_dl201_positions_and_severities(
    lint: Lint, messages: Messages, cidr: str, expected: list[str]
) -> None:
    files = {"net.yaml": VPC.format(cidr=cidr)}
    assert lint(files, "--select", "DL201") == [("net.yaml", 4, 13, "DL201")] * len(expected)
    assert [s for _, s, _ in messages(files, "--select", "DL201")] == expected


@pytest.mark.parametrize(
    ("cidr", "words"),
    [
        ("10.0.0.0/8", ["'10.0.0.0/8' is a /8", "/16", "/28", "guide 3.1"]),
        ("11.0.0.0/16", ["'11.0.0.0/16'", "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16"]),
        ("10.0.0.0", ["'10.0.0.0' has no /prefix", "10.0.0.0/16"]),
        ("fd00::/56", ["is IPv6", "IPv4"]),
        ("10.0.0.5/16", ["'10.0.0.5/16' has host bits set", "write 10.0.0.0/16"]),
    ],
)
def test_dl201_messages(messages: Messages, cidr: str, words: list[str]) -> None:
    [(_, _, message)] = messages({"net.yaml": VPC.format(cidr=cidr)}, "--select", "DL201")
    for word in words:
        assert word in message


# --- DL202 subnet-in-vpc ---------------------------------------------------------------

SUBNETS = """
infrastructure:
  network:
    vpc:
      cidr: {vpc}
      subnets:
        public:
          - {{cidr: 10.0.1.0/24, az: ap-northeast-1a}}
          - {{cidr: {public}, az: ap-northeast-1c}}
        private:
          - {{cidr: 10.0.3.0/24, az: ap-northeast-1a}}
          - {{cidr: {private}, az: ap-northeast-1c}}
"""


@pytest.mark.parametrize(
    ("vpc", "public", "private", "expected"),
    [
        ("10.0.0.0/16", "10.0.2.0/24", "10.0.4.0/24", []),
        ("10.0.0.0/16", "10.1.2.0/24", "10.0.4.0/24", [(8, 20)]),  # outside the VPC
        ("10.0.0.0/16", "10.0.2.0/29", "10.0.4.0/24", [(8, 20)]),  # smaller than /28
        ("10.0.0.0/16", "10.0.2.0/24", "10.0.4.0/33", [(11, 20)]),  # not a CIDR
        ("10.0.0.0/16", "10.0.2.0/24", "10.0.0.0/15", [(11, 20)] * 2),  # larger than the VPC
        ("10.0.0.0/16", "10.0.2.5/24", "10.0.4.0/24", [(8, 20)]),  # host bits: warning
        ("bad", "10.1.2.0/24", "10.0.4.0/24", []),  # no valid VPC: containment not judged
    ],
)
def test_dl202_positions(
    lint: Lint, vpc: str, public: str, private: str, expected: list[tuple[int, int]]
) -> None:
    files = {"net.yaml": SUBNETS.format(vpc=vpc, public=public, private=private)}
    assert lint(files, "--select", "DL202") == [("net.yaml", *p, "DL202") for p in expected]


def test_dl202_messages_name_the_vpc(messages: Messages, lint_related: Related) -> None:
    files = {"net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public="10.1.2.0/24", private="x")}
    found = lint_related(files, "--select", "DL202")
    assert [(f.rule, f.severity) for f in found] == [("DL202", "error")] * 2
    outside, invalid = (f.message for f in found)
    assert "public subnet '10.1.2.0/24' is outside the VPC CIDR 10.0.0.0/16; " in outside
    assert found[0].related == (("net.yaml", 4, "the VPC CIDR is set here"),)
    assert "guide 3.1" in outside
    assert "private subnet CIDR 'x' has no /prefix" in invalid
    files = {
        "net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public="10.0.2.5/24", private="10.0.4.0/24")
    }
    [(_, severity, message)] = messages(files, "--select", "DL202")
    assert severity == "warning"
    assert "write 10.0.2.0/24" in message


# --- DL203 subnet-overlap --------------------------------------------------------------


@pytest.mark.parametrize(
    ("public", "private", "expected"),
    [
        ("10.0.2.0/24", "10.0.4.0/24", []),
        ("10.0.2.0/24", "10.0.2.0/24", [(11, 20)]),  # the same block: at the later one
        ("10.0.4.0/23", "10.0.5.0/24", [(11, 20)]),  # the private one lies inside
        ("10.0.2.0/24", "10.0.0.0/22", [(11, 20)]),  # contains three earlier ones: once
        ("10.0.1.0/24", "10.0.4.0/24", [(8, 20)]),  # two public subnets
        ("10.0.1.128/25", "10.0.4.0/24", [(8, 20)]),
    ],
)
def test_dl203_positions(
    lint: Lint, public: str, private: str, expected: list[tuple[int, int]]
) -> None:
    files = {"net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public=public, private=private)}
    assert lint(files, "--select", "DL203") == [("net.yaml", *p, "DL203") for p in expected]


@pytest.mark.parametrize(
    ("public", "private", "words", "other"),
    [
        (
            "10.0.2.0/24",
            "10.0.2.0/24",
            "private subnet 10.0.2.0/24 is the same block as public subnet 10.0.2.0/24; ",
            (8, "public subnet 10.0.2.0/24"),
        ),
        (
            "10.0.4.0/23",
            "10.0.5.0/24",
            "private subnet 10.0.5.0/24 lies inside public subnet 10.0.4.0/23; ",
            (8, "public subnet 10.0.4.0/23"),
        ),
        (
            "10.0.2.0/24",
            "10.0.0.0/22",
            "private subnet 10.0.0.0/22 contains public subnet 10.0.1.0/24; ",
            (7, "public subnet 10.0.1.0/24"),
        ),
    ],
)
def test_dl203_messages(
    lint_related: Related, public: str, private: str, words: str, other: tuple[int, str]
) -> None:
    files = {"net.yaml": SUBNETS.format(vpc="10.0.0.0/16", public=public, private=private)}
    [(_, severity, message, related)] = lint_related(files, "--select", "DL203")
    assert severity == "error"
    assert words in message
    assert "guide 3.1" in message
    line, label = other
    assert related == (("net.yaml", line, f"{label} is declared here"),)


# --- DL204 subnet-az -------------------------------------------------------------------

AZ_SUBNETS = """
infrastructure:
  network:
    vpc:
      cidr: 10.0.0.0/16
      subnets:
        public:
          - {{cidr: 10.0.1.0/24, az: {a}}}
          - {{cidr: 10.0.2.0/24, az: {b}}}
        private:
          - {{cidr: 10.0.3.0/24, az: ap-northeast-1a}}
          - {{cidr: 10.0.4.0/24, az: {c}}}
"""


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1c", []),
        ("1a", "1c", "1c", []),  # suffixes, completed from the region
        # a missing subnet is reported at the list's key (`public:`), where it is added
        ("ap-northeast-1a", "ap-northeast-1d", "ap-northeast-1c", [(8, 37), (6, 9)]),
        ("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1a", [(9, 9)]),  # no private in 1c
        ("ap-northeast-1c", "ap-northeast-1c", "ap-northeast-1c", [(6, 9)]),  # no public in 1a
    ],
)
def test_dl204_positions(
    lint: Lint, a: str, b: str, c: str, expected: list[tuple[int, int]]
) -> None:
    files = {"arch.yaml": ENVS, "net.yaml": AZ_SUBNETS.format(a=a, b=b, c=c)}
    assert lint(files, "--select", "DL204") == sorted(("net.yaml", *p, "DL204") for p in expected)


def test_dl204_messages(lint_related: Related, lint_json: Any) -> None:
    files = {
        "arch.yaml": ENVS,
        "net.yaml": AZ_SUBNETS.format(a="1a", b="ap-northeast-1d", c="ap-northeast-1a"),
    }
    found = lint_related(files, "--select", "DL204")
    assert [(f.rule, f.severity) for f in found] == [("DL204", "error")] * 3
    unused = [f for f in found if "which no environment using it uses" in f.message]
    assert [f.message for f in unused] == [
        "public subnet 10.0.2.0/24 is in ap-northeast-1d, which no environment using it uses "
        "(production: ap-northeast-1a, ap-northeast-1c; staging: ap-northeast-1a); expected "
        "one of those availability zones (guide 2.1, 3.1)"
    ]
    assert unused[0].related == (
        ("arch.yaml", 5, "production's availability zones are set here"),
        ("arch.yaml", 8, "staging's availability zones are set here"),
    )
    messages = " | ".join(f.message for f in found)
    assert "no public subnet in availability zone ap-northeast-1c" in messages
    assert "no private subnet in availability zone ap-northeast-1c" in messages
    # 1c is production's only; the shared subnets are reported once, for production
    _, data = lint_json(files, "--select", "DL204")
    assert sorted(f["environment"] for f in data["findings"]) == [
        "production",
        "production",
        "production,staging",
    ]


def test_dl204_scoped_subnets_use_their_environment(lint: Lint, lint_related: Related) -> None:
    files = {
        "arch.yaml": ENVS,
        "staging/net.yaml": """
        environment: staging
        infrastructure:
          network:
            vpc:
              subnets:
                public:
                  - {cidr: 10.0.1.0/24, az: 1a}
                  - {cidr: 10.0.2.0/24, az: 1c}
                private:
                  - {cidr: 10.0.3.0/24, az: 1a}
        """,
    }
    # 1c is production's AZ, but this file is staging's alone
    assert lint(files, "--select", "DL204") == [("staging/net.yaml", 8, 37, "DL204")]
    [(_, _, message, related)] = lint_related(files, "--select", "DL204")
    assert "is not an availability zone of staging (ap-northeast-1a); expected one" in message
    assert related == (("arch.yaml", 8, "staging's availability zones are set here"),)


def test_dl204_names_zones_set_in_each_environments_own_file(lint_related: Related) -> None:
    files = {
        "production/arch.yaml": """
        environment: production
        architecture:
          environments:
            production: {region: ap-northeast-1, availability_zones: ['1a', '1c']}
        """,
        "staging/arch.yaml": """
        environment: staging
        architecture:
          environments:
            staging: {region: ap-northeast-1, availability_zones: ['1a']}
        """,
        "net.yaml": AZ_SUBNETS.format(a="1a", b="1d", c="1c"),
    }
    found = lint_related(files, "--select", "DL204")
    [unused] = [f for f in found if "which no environment using it uses" in f.message]
    assert unused.related == (
        ("production/arch.yaml", 4, "production's availability zones are set here"),
        ("staging/arch.yaml", 4, "staging's availability zones are set here"),
    )


def test_dl204_without_environments_or_subnets_is_silent(lint: Lint) -> None:
    files = {"net.yaml": AZ_SUBNETS.format(a="1a", b="1z", c="1z")}
    assert lint(files, "--select", "DL204") == []
    assert (
        lint({"arch.yaml": ENVS, "net.yaml": VPC.format(cidr="10.0.0.0/16")}, "--select", "DL204")
        == []
    )


# --- DL205 open-ingress ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, []),
        ("{port: 443, source: 0.0.0.0/0}", "{port: 443, source: '::/0'}", []),
        (
            "{port: 80, source: 0.0.0.0/0}",
            "{port: 8080, source: 0.0.0.0/0}",
            [(ALB80, SRC, "error")],
        ),
        (
            "{port: 80, source: 0.0.0.0/0}",
            "{port: 80-443, source: 0.0.0.0/0}",
            [(ALB80, 38, "error")],
        ),
        (
            "{port: 80, source: 0.0.0.0/0}",
            "{port: 80, source: 0.0.0.0/0, protocol: udp}",
            [(ALB80, 34, "error")],
        ),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: 0.0.0.0/0}", [(ECS, SRC, "error")]),
        (
            "{port: 8000, source: alb-sg}",
            "{port: 8000, source: 0.0.0.0/0, protocol: '-1'}",
            [(ECS, SRC, "critical")],
        ),
        (
            "{port: 8000, source: alb-sg}",
            "{port: 6379, source: '::/0'}",
            [(ECS, SRC, "critical")],
        ),
        (
            "{port: 5432, source: ecs-sg}",
            "{port: 5432, source: 0.0.0.0/0}",
            [(RDS, SRC, "critical")],
        ),
        ("{port: 5432, source: ecs-sg}", "{port: 22, source: 0.0.0.0/0}", [(RDS, 34, "critical")]),
    ],
)
def test_dl205_positions_and_severities(
    lint_json: Any, old: str | None, new: str, expected: list[tuple[int, int, str]]
) -> None:
    text = groups((old, new)) if old else GROUPS
    _, data = lint_json({"net.yaml": text}, "--select", "DL205")
    found = [(f["line"], f["column"], f["severity"]) for f in data["findings"]]
    assert found == expected


def test_dl205_messages(messages: Messages) -> None:
    text = groups(
        ("{port: 5432, source: ecs-sg}", "{port: 5432, source: 0.0.0.0/0}"),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: 0.0.0.0/0}"),
    )
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert found == [
        (
            "DL205",
            "error",
            "ecs admits 0.0.0.0/0 on port 8000; the internet may reach only the load "
            "balancer (alb) on TCP 80, 443 (guide 3.1)",
        ),
        (
            "DL205",
            "critical",
            "rds admits 0.0.0.0/0 on port 5432: rds is the database group, open to "
            "the whole internet; the internet may reach only the load balancer (alb) on TCP "
            "80, 443 (guide 3.1)",
        ),
    ]


def test_dl205_is_mandatory_in_production(messages: Messages) -> None:
    text = groups(
        (
            "{port: 5432, source: ecs-sg}",
            '{port: 5432, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="demo"',
        )
    )
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL009")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical"), ("DL009", "warning")]
    assert (
        "DL205 is mandatory for critical findings in production under policy 'guide'" in found[1][2]
    )


def test_dl205_suppressed_in_staging_stays_reported_for_production(lint_json: Any) -> None:
    text = groups(
        (
            "{port: 5432, source: ecs-sg}",
            '{port: 5432, source: 0.0.0.0/0}  # deploylint: disable=DL205 reason="demo"',
        )
    )
    _, data = lint_json({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL009")
    assert [(f["rule"], f["environment"]) for f in data["findings"]] == [
        ("DL205", "production"),  # the finding held in production and staging
        ("DL009", None),
    ]


def test_dl205_options(lint_json: Any, tmp_path: Path) -> None:
    policy, path = rule_pack(
        tmp_path,
        "DL205",
        "load_balancer: lb\npublic_ports: [443]\ndatabase: db\ncache: redis",
    )
    text = """
    infrastructure:
      network:
        security:
          groups:
            lb:
              inbound:
                - {port: 80, source: 0.0.0.0/0}
                - {port: 443, source: 0.0.0.0/0}
            alb:
              inbound:
                - {port: 443, source: 0.0.0.0/0}
            db:
              inbound:
                - {port: 1234, source: 0.0.0.0/0}
            redis:
              inbound:
                - {port: 1234, source: 0.0.0.0/0}
    """
    _, data = lint_json({**policy, "net.yaml": text}, "--select", "DL205", "--policy", path)
    found = [(f["line"], f["severity"]) for f in data["findings"]]
    assert found == [(7, "error"), (11, "error"), (14, "critical"), (17, "critical")]


# --- DL206 sg-reference ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("alb-sg", []),
        ("ecs-sg", []),  # a group may admit itself
        ("10.0.0.0/16", []),
        ("'2001:db8::/32'", []),
        ("sg-0123456789abcdef0", []),  # an AWS group id: not checkable here
        ("lb-sg", [(ECS, SRC)]),
        ("alb", [(ECS, SRC)]),
        ("10.0.0.5", [(ECS, SRC)]),
        ("10.0.0.0/33", [(ECS, SRC)]),
    ],
)
def test_dl206_positions(lint: Lint, source: str, expected: list[tuple[int, int]]) -> None:
    text = groups(("source: alb-sg}", f"source: {source}}}"))
    assert lint({"net.yaml": text}, "--select", "DL206") == [
        ("net.yaml", *p, "DL206") for p in expected
    ]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            "lb-sg",
            "source 'lb-sg' names security group 'lb', which infrastructure.network."
            "security.groups does not define (defined: alb, ecs, rds); did you mean alb-sg?",
        ),
        (
            "alb",
            "source 'alb' is neither a CIDR (10.0.0.0/16, 0.0.0.0/0, ::/0) nor another "
            "group written <name>-sg; write alb-sg to name group alb",
        ),
        ("10.0.0.5", "source '10.0.0.5' is neither a CIDR"),
        ("10.0.0.5", "; write 10.0.0.5/32 for one address"),
    ],
)
def test_dl206_messages(messages: Messages, source: str, words: str) -> None:
    text = groups(("source: alb-sg}", f"source: {source}}}"))
    [(rule, severity, message)] = messages({"net.yaml": text}, "--select", "DL206")
    assert (rule, severity) == ("DL206", "error")
    assert words in message
    assert "guide 3.1" in message


# --- DL207 sg-chain --------------------------------------------------------------------

# A missing rule or group is reported at the key it is added under (`inbound:`, `groups:`),
# never at a list item's dash or the first group's name.
ALB_INBOUND, GROUPS_LINE = (6, 11), (4, 7)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, []),
        (
            "{port: 5432, source: ecs-sg}",
            "{port: 5432, source: 10.0.0.0/16}",
            [(RDS, SRC)],  # one wrong source, one finding (not also "admits nothing")
        ),
        (
            "{port: 5432, source: ecs-sg}",
            "{port: 5432, source: ecs-sg}\n            - {port: 5432, source: alb-sg}",
            [(RDS + 1, SRC)],
        ),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: rds-sg}", [(ECS, SRC)]),
        # the internet on the app is DL205's finding, not a second one here
        (
            "{port: 8000, source: alb-sg}",
            "{port: 8000, source: alb-sg}\n            - {port: 8000, source: 0.0.0.0/0}",
            [],
        ),
        (
            "            - {port: 80, source: 0.0.0.0/0}\n            - {port: 443, source: 0.0.0.0/0}",
            "            - {port: 443, source: 10.0.0.0/8}",
            [ALB_INBOUND],
        ),
        (
            "        rds:\n          inbound:\n            - {port: 5432, source: ecs-sg}\n",
            "",
            [GROUPS_LINE],
        ),
    ],
)
def test_dl207_positions(
    lint: Lint, old: str | None, new: str, expected: list[tuple[int, int]]
) -> None:
    text = groups((old, new)) if old else GROUPS
    assert lint({"net.yaml": text}, "--select", "DL207") == sorted(
        ("net.yaml", *p, "DL207") for p in expected
    )


def test_dl207_messages(messages: Messages) -> None:
    text = groups(("{port: 5432, source: ecs-sg}", "{port: 5432, source: alb-sg}"))
    found = messages({"net.yaml": text}, "--select", "DL207")
    assert found == [
        (
            "DL207",
            "error",
            "rds admits alb-sg; only ecs-sg may reach rds in the chain internet -> alb -> "
            "ecs -> rds (guide 3.1)",
        ),
    ]
    without = groups(
        ("        rds:\n          inbound:\n            - {port: 5432, source: ecs-sg}\n", "")
    )
    [(_, _, message)] = messages({"net.yaml": without}, "--select", "DL207")
    assert "no security group 'rds'; the guide's chain is internet -> alb -> ecs -> rds" in message


def test_dl207_options(lint: Lint, tmp_path: Path) -> None:
    policy, path = rule_pack(
        tmp_path, "DL207", "load_balancer: alb\napp: api\ndatabase: rds\ncache: redis"
    )
    text = groups(
        ("ecs:", "api:"),
        (
            "source: ecs-sg}",
            "source: api-sg}\n        redis:\n          inbound:\n"
            "            - {port: 6379, source: alb-sg}",
        ),
    )
    # the guide's names: no ecs group, rds admits an unknown api-sg, redis is not a role
    assert lint({"net.yaml": text}, "--select", "DL207") == [
        ("net.yaml", *GROUPS_LINE, "DL207"),
        ("net.yaml", RDS, SRC, "DL207"),
    ]
    # the team's names: only redis <- alb-sg breaks the chain
    assert lint({**policy, "net.yaml": text}, "--select", "DL207", "--policy", path) == [
        ("net.yaml", 17, SRC, "DL207"),
    ]


# --- DL208 port-consistency ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, []),
        ("{port: 8000, source: alb-sg}", "{port: 8080, source: alb-sg}", [(ECS, "error")]),
        ("{port: 8000, source: alb-sg}", "{port: '8000-8010', source: alb-sg}", [(ECS, "warning")]),
        (
            "{port: 8000, source: alb-sg}",
            "{port: 8000, source: alb-sg, protocol: '-1'}",
            [(ECS, "warning")],
        ),
        ("{port: 8000, source: alb-sg}", "{port: 8010-8000, source: alb-sg}", []),  # DL209's
        ("{port: 5432, source: ecs-sg}", "{port: 3306, source: ecs-sg}", [(RDS, "error")]),
    ],
)
def test_dl208_positions_and_severities(
    lint_json: Any, old: str | None, new: str, expected: list[tuple[int, str]]
) -> None:
    text = groups((old, new)) if old else GROUPS
    _, data = lint_json({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    found = [
        (f["file"].rsplit("/", 1)[-1], f["line"], f["column"], f["severity"])
        for f in data["findings"]
    ]
    assert found == [("net.yaml", line, PORT_COL, sev) for line, sev in expected]


def test_dl208_messages_name_both_locations(lint_related: Related) -> None:
    text = groups(
        ("{port: 8000, source: alb-sg}", "{port: 8080, source: alb-sg}"),
        ("{port: 5432, source: ecs-sg}", "{port: 3306, source: ecs-sg}"),
    )
    found = lint_related({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [f.message for f in found] == [
        "ecs ingress port 8080 differs from config.application.api.port 8000: traffic "
        "reaches a closed port; expected 8000 (guide 3.1, 5.1)",
        "rds ingress port 3306 differs from PostgreSQL's port 5432: traffic reaches a closed "
        "port; expected 5432 (guide 2.1, 3.1)",
    ]
    assert [f.related for f in found] == [
        (("arch.yaml", API_PORT_LINE, "config.application.api.port is set here"),),
        (("arch.yaml", 10, "the database engine PostgreSQL is set here"),),
    ]


def test_dl208_without_api_port_or_engine_is_silent(lint: Lint) -> None:
    text = groups(
        ("{port: 8000, source: alb-sg}", "{port: 8080, source: alb-sg}"),
        ("{port: 5432, source: ecs-sg}", "{port: 3306, source: ecs-sg}"),
    )
    assert lint({"net.yaml": text}, "--select", "DL208") == []


def test_dl208_options(lint: Lint, tmp_path: Path) -> None:
    policy, path = rule_pack(tmp_path, "DL208", "app: api\ndatabase: db\ncache: redis")
    envs = ENVS.replace(
        "database: {engine: PostgreSQL}", "database: {engine: MySQL}\n    cache: {engine: Redis}"
    )
    text = """
    infrastructure:
      network:
        security:
          groups:
            api:
              inbound:
                - {port: 8001, source: alb-sg}
            db:
              inbound:
                - {port: 5432, source: api-sg}
            redis:
              inbound:
                - {port: 6380, source: api-sg}
            ecs:
              inbound:
                - {port: 9999, source: alb-sg}
    """
    files = {**policy, "arch.yaml": envs, "net.yaml": text}
    assert lint(files, "--select", "DL208", "--policy", path) == [
        ("net.yaml", 7, PORT_COL, "DL208"),
        ("net.yaml", 10, PORT_COL, "DL208"),
        ("net.yaml", 13, PORT_COL, "DL208"),
    ]
    assert lint(files, "--select", "DL208") == [("net.yaml", 16, PORT_COL, "DL208")]


# --- DL209 port-range ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("{port: 8000, source: alb-sg}", []),
        ("{port: '8000-8010', source: alb-sg}", []),
        ("{port: 0, source: alb-sg, protocol: udp}", []),
        ("{port: 65535, source: alb-sg, protocol: '6'}", []),
        ("{port: '-1', source: alb-sg, protocol: icmp}", []),
        ("{port: '3-4', source: alb-sg, protocol: ICMPv6}", []),
        ("{port: '70000-1', source: alb-sg, protocol: '-1'}", []),  # all ports: range ignored
        ("{port: 8000, source: alb-sg, protocol: '47'}", []),  # GRE
        ("{port: 70000, source: alb-sg}", [(ECS, PORT_COL)]),
        ("{port: '-1', source: alb-sg}", [(ECS, PORT_COL)]),
        ("{port: '8010-8000', source: alb-sg}", [(ECS, PORT_COL)]),
        ("{port: '300', source: alb-sg, protocol: icmp}", [(ECS, PORT_COL)]),
        ("{port: '-1-5', source: alb-sg, protocol: icmp}", [(ECS, PORT_COL)]),
        ("{port: 8000, source: alb-sg, protocol: http}", [(ECS, 54)]),
        ("{port: 8000, source: alb-sg, protocol: '256'}", [(ECS, 54)]),
        # a digit to str.isdigit() but not to int(): found by the property test
        ("{port: 8000, source: alb-sg, protocol: '²'}", [(ECS, 54)]),
    ],
)
def test_dl209_positions(lint: Lint, rule: str, expected: list[tuple[int, int]]) -> None:
    text = groups(("{port: 8000, source: alb-sg}", rule))
    assert lint({"net.yaml": text}, "--select", "DL209") == [
        ("net.yaml", *p, "DL209") for p in expected
    ]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("{port: 70000, source: alb-sg}", "ecs port 70000 is outside 0-65535"),
        (
            "{port: '8010-8000', source: alb-sg}",
            "ecs port range '8010-8000' runs backwards; write 8000-8010",
        ),
        (
            "{port: 8000, source: alb-sg, protocol: http}",
            "ecs protocol 'http' is not an IP "
            "protocol; expected tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255",
        ),
        (
            "{port: '300', source: alb-sg, protocol: icmp}",
            "ecs icmp port '300' is not an ICMP type-code",
        ),
    ],
)
def test_dl209_messages(messages: Messages, rule: str, words: str) -> None:
    text = groups(("{port: 8000, source: alb-sg}", rule))
    [(name, severity, message)] = messages({"net.yaml": text}, "--select", "DL209")
    assert (name, severity) == ("DL209", "error")
    assert words in message
    assert "guide 3.1" in message


# --- one mistake, one finding (issue 8) -------------------------------------------------


def _multi_env(old: str, new: str) -> dict[str, str]:
    """examples/multi-env with one edit (line 1 of each file: the $schema modeline)."""
    base = (EXAMPLES / "multi-env" / "base.yaml").read_text(encoding="utf-8")
    assert old in base, old
    return {
        "base.yaml": base.replace(old, new),
        "production/app.yaml": (EXAMPLES / "multi-env/production/app.yaml").read_text("utf-8"),
        "staging/app.yaml": (EXAMPLES / "multi-env/staging/app.yaml").read_text("utf-8"),
    }


def test_rejected_zone_is_one_dl104_not_a_dl204_cascade(lint: Lint) -> None:
    """`['1a', '1b']`: DL104 on '1b' only; DL204 neither asks for subnets in 1b nor
    calls the 1c subnets (meant for the zone that replaces 1b) misplaced."""
    files = _multi_env("availability_zones: ['1a', '1c']", "availability_zones: ['1a', '1b']")
    assert lint(files) == [("base.yaml", 8, 34, "DL104")]


def test_rejected_region_is_one_dl104(lint: Lint) -> None:
    """A region typo (both environments) is DL104 on each region; the zones it would
    complete, and the subnets in them, are not reported on top."""
    files = _multi_env("region: ap-northeast-1\n", "region: ap-northeast-l\n")
    assert lint(files) == [("base.yaml", 7, 15, "DL104"), ("base.yaml", 11, 15, "DL104")]


def test_valid_zone_without_subnets_is_still_dl204_at_the_lists_key(lint: Lint) -> None:
    """With a valid third zone the missing subnets are reported, at `public:`/`private:`
    (where the subnet is added), never at the first item's dash."""
    files = _multi_env("availability_zones: ['1a', '1c']", "availability_zones: ['1a', '1c', '1d']")
    assert lint(files) == [("base.yaml", 47, 9, "DL204"), ("base.yaml", 50, 9, "DL204")]


# --- DL205/DL207: public address space, database and cache groups (issues 8, 9) ---------

ENVS_CACHE = ENVS.replace(
    "    database: {engine: PostgreSQL}\n",
    "    database: {engine: PostgreSQL}\n    cache: {engine: Redis}\n",
)
REDIS = "\n        redis:\n          inbound:\n            - {{port: 6379, source: {source}}}"


def with_redis(source: str) -> str:
    """The guide's groups plus a cache group the pack does not name."""
    return GROUPS.rstrip("\n") + REDIS.format(source=source) + "\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # halves of the internet are the internet
        (
            "{port: 5432, source: 0.0.0.0/1}\n            - {port: 5432, source: 128.0.0.0/1}",
            [
                "rds admits 0.0.0.0/1 on port 5432: rds is the database group, open to public "
                "addresses; the internet may reach only the load balancer (alb) on TCP 80, 443 "
                "(guide 3.1)",
                "rds admits 128.0.0.0/1 on port 5432: rds is the database group, open to public "
                "addresses; the internet may reach only the load balancer (alb) on TCP 80, 443 "
                "(guide 3.1)",
            ],
        ),
        ("{port: 5432, source: 2600::/16}", ["rds admits 2600::/16 on port 5432"]),
        ("{port: 5432, source: 8.8.8.8/32}", ["rds admits 8.8.8.8/32 on port 5432"]),
        # a block that reaches past the shared address space is public
        ("{port: 5432, source: 100.0.0.0/8}", ["rds admits 100.0.0.0/8 on port 5432"]),
        # private ranges (RFC 1918, ULA) are not the internet (DL207 judges them)
        ("{port: 5432, source: 10.0.0.0/8}", []),
        ("{port: 5432, source: 172.16.0.0/12}", []),
        ("{port: 5432, source: fd00::/8}", []),
    ],
)
def test_dl205_any_public_source_on_the_database(
    messages: Messages, line: str, expected: list[str]
) -> None:
    text = groups(("{port: 5432, source: ecs-sg}", line))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert [s for _, s, _ in found] == ["critical"] * len(expected)
    assert [m[: len(e)] for (_, _, m), e in zip(found, expected, strict=True)] == expected


def test_dl205_public_range_on_an_unnamed_cache_group_is_critical(messages: Messages) -> None:
    """`1.0.0.0/8` on 6379: no finding before (not 0.0.0.0/0); now the cache's group,
    found by the Redis port, is open to public addresses."""
    found = messages(
        {"arch.yaml": ENVS_CACHE, "net.yaml": with_redis("1.0.0.0/8")}, "--select", "DL205"
    )
    assert found == [
        (
            "DL205",
            "critical",
            "redis admits 1.0.0.0/8 on port 6379: redis is the cache group, open to public "
            "addresses; the internet may reach only the load balancer (alb) on TCP 80, 443 "
            "(guide 3.1)",
        )
    ]


def test_dl205_narrow_public_source_on_the_app_is_an_error(messages: Messages) -> None:
    text = groups(("{port: 8000, source: alb-sg}", "{port: 8000, source: 198.41.0.0/24}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205,DL207")
    assert found == [
        (
            "DL205",
            "error",
            "ecs admits 198.41.0.0/24 (public addresses) on port 8000; the internet may reach "
            "only the load balancer (alb) on TCP 80, 443 (guide 3.1)",
        )
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ecs-sg", []),
        ("alb-sg", ["redis admits alb-sg; only ecs-sg may reach redis"]),
        ("10.0.0.0/16", ["redis admits 10.0.0.0/16; only ecs-sg may reach redis"]),
    ],
)
def test_dl207_cache_group_found_by_its_port(
    messages: Messages, source: str, expected: list[str]
) -> None:
    """The pack names no cache group: a group that opens the Redis port is the cache's,
    and only the application's group may reach it (guide 3.1)."""
    found = messages(
        {"arch.yaml": ENVS_CACHE, "net.yaml": with_redis(source)}, "--select", "DL205,DL207"
    )
    assert [(r, m[: len(e)]) for (r, _, m), e in zip(found, expected, strict=True)] == [
        ("DL207", e) for e in expected
    ]
    assert len(found) == len(expected)
    if expected:
        assert found[0][2].endswith("in the chain internet -> alb -> ecs -> rds, redis (guide 3.1)")


def test_dl207_without_a_cache_engine_a_6379_group_is_not_a_store(messages: Messages) -> None:
    found = messages({"arch.yaml": ENVS, "net.yaml": with_redis("alb-sg")}, "--select", "DL207")
    assert found == []


def test_dl207_group_without_rules_is_reported_at_its_inbound_key(lint: Lint) -> None:
    text = groups(
        ("          inbound:\n            - {port: 5432, source: ecs-sg}", "          inbound: []")
    )
    assert lint({"net.yaml": text}, "--select", "DL207") == [("net.yaml", 13, 11, "DL207")]


@pytest.mark.parametrize("source", ["alb-sgg", "albsg", "loadbalancer-sg"])
def test_source_typo_is_one_dl206_not_also_dl207(lint: Lint, source: str) -> None:
    """One mistake, one finding: DL206 rejects the source; DL207 does not judge it too."""
    text = groups(("{port: 8000, source: alb-sg}", f"{{port: 8000, source: {source}}}"))
    assert lint({"net.yaml": text}, "--select", "DL2") == [("net.yaml", ECS, SRC, "DL206")]


# --- issue 17 §4: public by the IANA registry; the load balancer; group ids; §5 DL208 -----


@pytest.mark.parametrize(
    "source",
    [
        "100.64.0.0/10",  # shared address space (RFC 6598), valid as a VPC CIDR
        "100.64.12.0/24",
        "169.254.0.0/16",  # link-local
        "192.0.2.0/24",  # documentation
        "198.18.0.0/15",  # benchmarking
        "'fe80::/10'",
        "'2001:db8::/32'",
    ],
)
def test_non_global_source_on_the_database_is_dl207_not_dl205(
    messages: Messages, source: str
) -> None:
    """Not globally routable (IANA special-purpose registry): not "open to public
    addresses" (critical, mandatory), but a source outside the chain (DL207)."""
    text = groups(("{port: 5432, source: ecs-sg}", f"{{port: 5432, source: {source}}}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL2")
    shown = source.strip("'")
    assert [(r, s) for r, s, _ in found] == [("DL207", "error")]
    assert found[0][2].startswith(f"rds admits {shown}; only ecs-sg may reach rds")


def test_non_global_blocks_agree_with_pythons_is_global() -> None:
    """The table is the IANA registry as Python's ipaddress reads it: no address in a
    listed block is global, the addresses just outside are."""
    import ipaddress

    from deploylint.rules._network import NON_GLOBAL_V4, NON_GLOBAL_V6, covers_public

    # Blocks the registry changed after some Python releases' snapshot (3.11.7 has the
    # 2013 entries for 192.0.0.0/24 and 2001::/23 and lacks RFC 9602/9637's).
    newer = [ipaddress.ip_network(b) for b in ("192.0.0.0/24", "2001::/23", "100::/63")]
    newer += [ipaddress.ip_network(b) for b in ("3fff::/20", "5f00::/16", "64:ff9b:1::/48")]
    for block in (*NON_GLOBAL_V4, *NON_GLOBAL_V6):
        assert not covers_public(str(block)), block
        if any(block.version == n.version and block.subnet_of(n) for n in newer):  # type: ignore[arg-type]
            continue
        for address in (block.network_address, block.broadcast_address):
            assert not ipaddress.ip_address(address).is_global, address
    for text in ("0.0.0.0/0", "::/0", "1.1.1.1/32", "100.128.0.0/9", "192.0.0.9/32", "2600::/16"):
        assert covers_public(text), text


@pytest.mark.parametrize(
    ("rule", "severity"),
    [
        ("{port: 443, source: 0.0.0.0/0, protocol: '-1'}", "error"),
        ("{port: 443, source: 0.0.0.0/0, protocol: '50'}", "error"),
        ("{port: 5432, source: 0.0.0.0/0}", "error"),
    ],
)
def test_dl205_on_the_load_balancer_is_an_error_not_critical(
    messages: Messages, rule: str, severity: str
) -> None:
    """The load balancer answers only on its listener ports: all protocols on 443 there
    do not open the database to the internet."""
    text = groups(("{port: 80, source: 0.0.0.0/0}", rule))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL205")
    assert [(r, s) for r, s, _ in found] == [("DL205", severity)]
    assert "the internet may reach only the load balancer (alb) on TCP 80, 443" in found[0][2]
    if "'-1'" in rule:
        assert (
            "every protocol; the load balancer answers only on its listener ports" in (found[0][2])
        )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{port: 8000, source: alb-sg}", "{port: 443, source: 0.0.0.0/0, protocol: '-1'}"),
        ("{port: 5432, source: ecs-sg}", "{port: 443, source: 0.0.0.0/0, protocol: '-1'}"),
        ("{port: 5432, source: ecs-sg}", "{port: 80, source: '::/0', protocol: '-1'}"),
    ],
)
def test_dl205_all_protocols_elsewhere_stay_critical(
    messages: Messages, old: str, new: str
) -> None:
    found = messages({"arch.yaml": ENVS, "net.yaml": groups((old, new))}, "--select", "DL205")
    assert [(r, s) for r, s, _ in found] == [("DL205", "critical")]


@pytest.mark.parametrize(
    ("old", "new", "group"),
    [
        ("{port: 5432, source: ecs-sg}", "{port: 5432, source: sg-0123456789abcdef0}", "rds"),
        ("{port: 8000, source: alb-sg}", "{port: 8000, source: sg-0abc1234}", "ecs"),
        ("{port: 5432, source: ecs-sg}", "{port: 5432, source: pl-0123abcd}", "rds"),
    ],
)
def test_raw_group_id_source_is_a_warning_that_it_cannot_be_verified(
    messages: Messages, old: str, new: str, group: str
) -> None:
    found = messages({"arch.yaml": ENVS, "net.yaml": groups((old, new))}, "--select", "DL2")
    assert [(r, s) for r, s, _ in found] == [("DL207", "warning")]
    assert found[0][2].startswith(f"{group} admits ")
    assert "cannot be verified" in found[0][2]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("{port: 8000, source: alb-sg, protocol: udp}", [("error", "is UDP")]),
        ("{port: 8000, source: alb-sg, protocol: '17'}", [("error", "is UDP")]),
        ("{port: '8000-8001', source: alb-sg, protocol: udp}", [("error", "is UDP")]),
        (
            "{port: 8000, source: alb-sg}\n            - {port: 8000, source: alb-sg, protocol: udp}",
            [("warning", "is UDP")],
        ),
    ],
)
def test_dl208_udp_on_the_app_port_is_a_finding(
    messages: Messages, new: str, expected: list[tuple[str, str]]
) -> None:
    text = groups(("{port: 8000, source: alb-sg}", new))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [(s, e) for (_, s, m), (_, e) in zip(found, expected, strict=True) if e in m] == [
        (s, e) for s, e in expected
    ]
    assert len(found) == len(expected)


def test_dl208_udp_on_the_database_port(messages: Messages) -> None:
    text = groups(("{port: 5432, source: ecs-sg}", "{port: 5432, source: ecs-sg, protocol: udp}"))
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL208")
    assert [(r, s) for r, s, _ in found] == [("DL208", "error")]
    assert "PostgreSQL's port 5432 is reached over TCP" in found[0][2]


@pytest.mark.parametrize(
    ("new", "rule"),
    [
        ("{port: 22, source: 0.0.0.0/0}", "DL205"),
        ("{port: 22, source: 10.0.0.0/16}", "DL207"),
        ("{port: 22, source: 203.0.113.7/32}", "DL207"),
        ("{port: 3389, source: 1.2.3.4/32}", "DL205"),
    ],
)
def test_ssh_on_the_app_group_is_one_finding(lint: Lint, new: str, rule: str) -> None:
    """One mistake, one finding: not also DL208 "port 22 differs from the api port"."""
    text = groups(
        ("{port: 8000, source: alb-sg}", f"{{port: 8000, source: alb-sg}}\n            - {new}")
    )
    found = lint({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL2")
    assert [r for *_, r in found] == [rule]


def test_all_protocols_on_443_is_one_finding_not_also_443_missing(messages: Messages) -> None:
    text = groups(
        ("{port: 443, source: 0.0.0.0/0}", "{port: 443, source: 0.0.0.0/0, protocol: '-1'}")
    )
    found = messages({"arch.yaml": ENVS, "net.yaml": text}, "--select", "DL2")
    assert [(r, s) for r, s, _ in found] == [("DL205", "error")]


def test_load_balancer_must_serve_443(messages: Messages, tmp_path: Path) -> None:
    policy, path = rule_pack(
        tmp_path,
        "DL205",
        "load_balancer: alb\npublic_ports: [80, 443]\ndatabase: rds\nrequired_public_ports: [443]",
    )
    text = groups(("{port: 443, source: 0.0.0.0/0}", "{port: 80, source: '::/0'}"))
    files = {**policy, "arch.yaml": ENVS, "net.yaml": text}
    found = messages(files, "--select", "DL205", "--policy", path)
    assert [m for _, _, m in found] == [
        "alb does not admit the internet (0.0.0.0/0) on TCP 443; the load balancer serves "
        "HTTPS there (guide 3.1)"
    ]
