"""DL201-DL209: network (guide 3.1).

The tests naming no single rule of the section (from test_dl2xx_network.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.rules import all_rules
from tests.helpers import EXAMPLES, Lint, Messages, rule_pack, run_json

from .shared import ECS, ENVS, SRC, groups

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


def test_examples_have_no_network_findings() -> None:
    # (examples/failing/schema-errors lacks its VPC CIDR and groups: marked `# expect:` there)
    _, data = run_json(["check", "--no-config", "--select", "DL2", str(EXAMPLES / "multi-env")])
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


@pytest.mark.parametrize(
    ("source", "also"),
    [("alb-sgg", ["DL205"]), ("albsg", ["DL205"]), ("loadbalancer-sg", [])],
)
def test_source_typo_is_dl206_not_also_dl207(lint: Lint, source: str, also: list[str]) -> None:
    """DL206 rejects the source; DL207 does not judge it too. A `<name>-sg` of an undefined
    group admits no address: DL206 alone. A text DL206 cannot read is read at its worst by
    DL205, as any address (tests/rules/network/test_unreadable_sources.py)."""
    text = groups(("{port: 8000, source: alb-sg}", f"{{port: 8000, source: {source}}}"))
    assert lint({"net.yaml": text}, "--select", "DL2") == [
        ("net.yaml", ECS, SRC, rule) for rule in sorted(["DL206", *also])
    ]


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

    from deploylint.rules._network import NON_GLOBAL_V4, covers_public, non_global_v6

    # Blocks the registry changed after some Python releases' snapshot (3.11.7 has the
    # 2013 entries for 192.0.0.0/24 and 2001::/23 and lacks RFC 9602/9637's).
    newer = [ipaddress.ip_network(b) for b in ("192.0.0.0/24", "2001::/23", "100::/63")]
    newer += [ipaddress.ip_network(b) for b in ("3fff::/20", "5f00::/16", "64:ff9b:1::/48")]
    for block in (*NON_GLOBAL_V4, *non_global_v6()):
        assert not covers_public(str(block)), block
        if any(block.version == n.version and block.subnet_of(n) for n in newer):  # type: ignore[arg-type]
            continue
        for address in (block.network_address, block.broadcast_address):
            assert not ipaddress.ip_address(address).is_global, address
    for text in ("0.0.0.0/0", "::/0", "1.1.1.1/32", "100.128.0.0/9", "192.0.0.9/32", "2600::/16"):
        assert covers_public(text), text


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
